// Run by test/e2e/ecs.test.ts under Node.js: gets credentials from the ECS server the way an app
// in a container does (the AWS SDK for JavaScript reading AWS_CONTAINER_CREDENTIALS_FULL_URI and
// AWS_CONTAINER_AUTHORIZATION_TOKEN[_FILE]), then asks STS (AWS_ENDPOINT_URL_STS) who it is.
// Prints {"provider","accessKeyId","expiration","arn"} as JSON, or the error message and exit 1.
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts"
import { fromContainerMetadata, fromHttp } from "@aws-sdk/credential-providers"

const provider = process.argv[2] === "container"
  ? fromContainerMetadata({ maxRetries: 0, timeout: 2000 })
  : fromHttp({})

try {
  const credentials = await provider()
  const sts = new STSClient({ region: "us-east-1", credentials })
  const identity = await sts.send(new GetCallerIdentityCommand({}))
  process.stdout.write(JSON.stringify({
    provider: process.argv[2] ?? "http",
    accessKeyId: credentials.accessKeyId,
    expiration: credentials.expiration?.toISOString(),
    arn: identity.Arn
  }))
} catch (error) {
  process.stderr.write(`${error?.name ?? "Error"}: ${error?.message ?? String(error)}\n`)
  process.exit(1)
}

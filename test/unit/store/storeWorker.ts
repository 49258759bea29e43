/**
 * Child process for the store concurrency tests: opens the store described by the JSON options in
 * argv[2] (password from AWS_SSO_FILE_PASSWORD) and saves role credentials under the ARN in argv[3].
 */
import { Effect, Redacted } from "effect"
import { makeSecureStore } from "../../../src/store/layer"
import { RoleCredentials } from "../../../src/store/records"

const options = JSON.parse(process.argv[2] ?? "{}")
const arn = process.argv[3] ?? ""

const program = Effect.gen(function*() {
  const store = yield* makeSecureStore({
    ...options,
    password: Effect.succeed(Redacted.make(process.env.AWS_SSO_FILE_PASSWORD ?? ""))
  })
  yield* store.putRoleCredentials(
    arn,
    new RoleCredentials({
      roleName: arn.split("/").pop() ?? "",
      accountId: "012345678901",
      accessKeyId: "ASIA",
      secretAccessKey: Redacted.make("k"),
      sessionToken: Redacted.make("t"),
      expiration: 1
    })
  )
})

Effect.runPromise(program).then(
  () => process.exit(0),
  (error) => {
    console.error(String(error))
    process.exit(2)
  }
)

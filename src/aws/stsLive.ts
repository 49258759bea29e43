/**
 * The STS adapter over `@aws-sdk/client-sts`. The SDK is imported on the first call; its exceptions
 * never leave this file. Every call signs with different role credentials, so each one gets a
 * short-lived SDK client (creating one is cheap once the module is loaded). The SDK's standard
 * retryer (`MaxRetry` attempts) handles throttling and 5xx.
 */
import type * as Sts from "@aws-sdk/client-sts"
import { Effect, Redacted, Schema, type Scope } from "effect"
import { StsError } from "../credentials/errors"
import { type AwsClientConfig, sdkClientOptions, warnAboutEndpointFlags } from "./sdkConfig"
import { describeSdkFailure, failureDetail, responseProblem } from "./sdkFailure"
import type { AssumedCredentials, CallerIdentity, SigningCredentials, StsClientShape } from "./StsClient"

const AssumeRoleOutput = Schema.Struct({
  Credentials: Schema.Struct({
    AccessKeyId: Schema.NonEmptyString,
    SecretAccessKey: Schema.NonEmptyString,
    SessionToken: Schema.NonEmptyString,
    Expiration: Schema.DateFromSelf
  })
})

const CallerIdentityOutput = Schema.Struct({
  Account: Schema.String,
  Arn: Schema.String,
  UserId: Schema.String
})

type Operation = StsError["operation"]

export const makeStsClient = (cfg: AwsClientConfig): Effect.Effect<StsClientShape, never, Scope.Scope> =>
  Effect.gen(function*() {
    yield* warnAboutEndpointFlags(cfg.env)
    const options = sdkClientOptions("sts", cfg, cfg.maxAttempts)
    const loadModule = yield* Effect.cached(Effect.promise(() => import("@aws-sdk/client-sts")))

    const call = <A, I>(
      operation: Operation,
      roleArn: string | undefined,
      credentials: SigningCredentials,
      send: (module: typeof Sts, client: Sts.STSClient, signal: AbortSignal) => Promise<unknown>,
      output: Schema.Schema<A, I>
    ): Effect.Effect<A, StsError> => {
      const secretAccessKey = Redacted.value(credentials.secretAccessKey)
      const sessionToken = Redacted.value(credentials.sessionToken)
      const secrets = [secretAccessKey, sessionToken]
      return loadModule.pipe(
        Effect.flatMap((module) =>
          Effect.acquireUseRelease(
            Effect.sync(() =>
              new module.STSClient({
                ...options,
                credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey, sessionToken }
              })
            ),
            (client) =>
              Effect.tryPromise({
                try: (signal) => send(module, client, signal),
                catch: (error) => {
                  const failure = describeSdkFailure(error)
                  return new StsError({
                    operation,
                    roleArn,
                    status: failure.status,
                    code: failure.network ? "network error" : failure.name,
                    detail: failureDetail(failure, secrets)
                  })
                }
              }),
            (client) => Effect.sync(() => client.destroy())
          )
        ),
        Effect.flatMap((response) =>
          Schema.decodeUnknown(output, { errors: "all" })(response).pipe(
            Effect.mapError((error) =>
              new StsError({ operation, roleArn, code: "InvalidResponse", detail: responseProblem(error) })
            )
          )
        ),
        Effect.withLogSpan(`sts.${operation}`)
      )
    }

    return {
      assumeRole: (input) =>
        call(
          "AssumeRole",
          input.roleArn,
          input.credentials,
          (module, client, abortSignal) =>
            client.send(
              new module.AssumeRoleCommand({
                RoleArn: input.roleArn,
                RoleSessionName: input.roleSessionName,
                ...(input.externalId ? { ExternalId: input.externalId } : {}),
                ...(input.sourceIdentity ? { SourceIdentity: input.sourceIdentity } : {})
              }),
              { abortSignal }
            ),
          AssumeRoleOutput
        ).pipe(
          Effect.map(({ Credentials: c }): AssumedCredentials => ({
            accessKeyId: c.AccessKeyId,
            secretAccessKey: Redacted.make(c.SecretAccessKey),
            sessionToken: Redacted.make(c.SessionToken),
            expiration: c.Expiration.getTime()
          }))
        ),

      getCallerIdentity: (credentials) =>
        call(
          "GetCallerIdentity",
          undefined,
          credentials,
          (module, client, abortSignal) => client.send(new module.GetCallerIdentityCommand({}), { abortSignal }),
          CallerIdentityOutput
        ).pipe(
          Effect.map((o): CallerIdentity => ({ account: o.Account, arn: o.Arn, userId: o.UserId }))
        )
    } satisfies StsClientShape
  })

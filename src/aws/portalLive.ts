/**
 * The SSO portal adapter over `@aws-sdk/client-sso`. The SDK is imported on the first call and its
 * exceptions never leave this file: they become the tagged errors of `errors.ts`.
 *
 * Retries: the SDK client runs with `maxAttempts: 1`, whatever the config says. The portal is
 * where throttling happens (one ListAccountRoles per account, `Threads` at a time), and the
 * caller retries with its own rate-aware `Schedule` on `PortalThrottled` / `PortalServerError` /
 * `PortalNetworkError`; an SDK retryer underneath would multiply the attempts.
 */
import type * as Sso from "@aws-sdk/client-sso"
import { Effect, Redacted, Schema, type Scope } from "effect"
import {
  PortalError,
  type PortalFailure,
  PortalForbidden,
  PortalNetworkError,
  type PortalOperation,
  PortalServerError,
  type PortalTarget,
  PortalThrottled,
  PortalUnauthorized
} from "./errors"
import { AccountsPage, type AccountInfo, RoleCredentialsOutput, type RoleInfo, RolesPage } from "./model"
import type { PortalClientShape } from "./PortalClient"
import { type AwsClientConfig, lazySdkClient, sdkClientOptions, warnAboutEndpointFlags } from "./sdkConfig"
import { describeSdkFailure, failureDetail, failureSummary, responseProblem } from "./sdkFailure"

/** The portal's largest page (`max_result` 1..100). */
const pageSize = 100

const fromSdkFailure = (
  operation: PortalOperation,
  target: PortalTarget,
  error: unknown,
  secrets: ReadonlyArray<string>
): PortalFailure => {
  const failure = describeSdkFailure(error)
  const where = { operation, accountId: target.accountId, roleName: target.roleName }
  if (failure.network) return new PortalNetworkError({ ...where, reason: failureDetail(failure, secrets) })
  // By name first; the status covers proxies and gateways that answer without an AWS error type.
  if (failure.name === "UnauthorizedException" || failure.status === 401) {
    return new PortalUnauthorized({ ...where, reason: failureDetail(failure, secrets) })
  }
  if (failure.name === "ForbiddenException" || failure.status === 403) {
    return new PortalForbidden({ ...where, reason: failureDetail(failure, secrets) })
  }
  if (failure.name === "TooManyRequestsException" || failure.status === 429) return new PortalThrottled(where)
  if (failure.status !== undefined && failure.status >= 500) {
    return new PortalServerError({ ...where, status: failure.status })
  }
  return new PortalError({ ...where, reason: failureSummary(failure, secrets) })
}

interface LoadedSdk {
  readonly module: typeof Sso
  readonly client: Sso.SSOClient
}

/** The live `PortalClient` service; the SDK client lives in the surrounding scope. */
export const makePortalClient = (cfg: AwsClientConfig): Effect.Effect<PortalClientShape, never, Scope.Scope> =>
  Effect.gen(function*() {
    yield* warnAboutEndpointFlags(cfg.env)
    const options = sdkClientOptions("portal", cfg, 1)
    const sdk = yield* lazySdkClient(async () => {
      const module = await import("@aws-sdk/client-sso")
      const client = new module.SSOClient(options)
      return { module, client, destroy: () => client.destroy() }
    })

    const call = <A, I>(
      operation: PortalOperation,
      target: PortalTarget,
      token: Redacted.Redacted<string>,
      send: (loaded: LoadedSdk, accessToken: string, signal: AbortSignal) => Promise<unknown>,
      output: Schema.Schema<A, I>
    ): Effect.Effect<A, PortalFailure> => {
      const accessToken = Redacted.value(token)
      return sdk.pipe(
        Effect.flatMap((loaded) =>
          Effect.tryPromise({
            try: (signal) => send(loaded, accessToken, signal),
            catch: (error) => fromSdkFailure(operation, target, error, [accessToken])
          })
        ),
        Effect.flatMap((response) =>
          Schema.decodeUnknown(output, { errors: "all" })(response).pipe(
            Effect.mapError((error) =>
              new PortalError({
                operation,
                accountId: target.accountId,
                roleName: target.roleName,
                reason: responseProblem(error)
              })
            )
          )
        ),
        Effect.withLogSpan(`portal.${operation}`)
      )
    }

    const listAccountsPage = (token: Redacted.Redacted<string>, nextToken?: string) =>
      call(
        "ListAccounts",
        {},
        token,
        ({ client, module }, accessToken, abortSignal) =>
          client.send(
            new module.ListAccountsCommand({
              accessToken,
              maxResults: pageSize,
              ...(nextToken === undefined ? {} : { nextToken })
            }),
            { abortSignal }
          ),
        AccountsPage
      ).pipe(Effect.map((page) => ({ accounts: page.accountList, nextToken: page.nextToken || undefined })))

    const listRolesPage = (token: Redacted.Redacted<string>, accountId: string, nextToken: string | undefined) =>
      call(
        "ListAccountRoles",
        { accountId },
        token,
        ({ client, module }, accessToken, abortSignal) =>
          client.send(
            new module.ListAccountRolesCommand({
              accessToken,
              accountId,
              maxResults: pageSize,
              ...(nextToken === undefined ? {} : { nextToken })
            }),
            { abortSignal }
          ),
        RolesPage
      ).pipe(Effect.map((page) => ({ items: page.roleList, nextToken: page.nextToken || undefined })))

    return {
      listAccountsPage,

      listAccounts: (token) =>
        allPages<AccountInfo>("ListAccounts", {}, (nextToken) =>
          listAccountsPage(token, nextToken).pipe(
            Effect.map((page) => ({ items: page.accounts, nextToken: page.nextToken }))
          )),

      listAccountRoles: (token, accountId) =>
        allPages<RoleInfo>("ListAccountRoles", { accountId }, (nextToken) =>
          listRolesPage(token, accountId, nextToken)),

      getRoleCredentials: (token, accountId, roleName) =>
        call(
          "GetRoleCredentials",
          { accountId, roleName },
          token,
          ({ client, module }, accessToken, abortSignal) =>
            client.send(new module.GetRoleCredentialsCommand({ accessToken, accountId, roleName }), { abortSignal }),
          RoleCredentialsOutput
        ).pipe(Effect.map((output) => output.roleCredentials)),

      logout: (token) =>
        call(
          "Logout",
          {},
          token,
          ({ client, module }, accessToken, abortSignal) =>
            client.send(new module.LogoutCommand({ accessToken }), { abortSignal }),
          Schema.Unknown
        ).pipe(Effect.asVoid)
    } satisfies PortalClientShape
  })

interface Page<A> {
  readonly items: ReadonlyArray<A>
  readonly nextToken: string | undefined
}

/**
 * Follows `nextToken` until a page has none. A token the server already sent would loop forever,
 * so it fails instead (botocore does the same).
 */
const allPages = <A>(
  operation: PortalOperation,
  target: PortalTarget,
  page: (nextToken: string | undefined) => Effect.Effect<Page<A>, PortalFailure>
): Effect.Effect<ReadonlyArray<A>, PortalFailure> =>
  Effect.gen(function*() {
    const items: Array<A> = []
    const seen = new Set<string>()
    let nextToken: string | undefined = undefined
    do {
      const result: Page<A> = yield* page(nextToken)
      items.push(...result.items)
      nextToken = result.nextToken
      if (nextToken !== undefined) {
        if (seen.has(nextToken)) {
          return yield* new PortalError({ operation, ...target, reason: "AWS SSO repeated a pagination token" })
        }
        seen.add(nextToken)
      }
    } while (nextToken !== undefined)
    return items
  })

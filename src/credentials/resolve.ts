/**
 * Getting a role's STS credentials (spec 1.5): the stored copy while it has more than 15 minutes
 * left, else a fetch (GetRoleCredentials, or a `Via` chain of AssumeRole calls), once per role
 * across processes; then the store, the cache's `Expires` and History are updated.
 *
 * The pure rules (`freshEnoughMillis` in ./freshness, `roleLockFile`, `roleChain` in ./via) are
 * separate from the Effect services, so the lean `process` fast path (src/fastpath) shares them.
 */
import { Clock, Effect, Layer, Option, Redacted } from "effect"
import { type Authenticator, withTokenRetry } from "../auth/Authenticator"
import type { TokenFailure } from "../auth/errors"
import type { EndpointEnv } from "../aws/endpoints"
import type { PortalFailure } from "../aws/errors"
import { PortalClient } from "../aws/PortalClient"
import { type AssumedCredentials, StsClient } from "../aws/StsClient"
import { CacheStore } from "../cache/CacheFile"
import { type FlatRole, instanceOf } from "../cache/model"
import { Settings } from "../config/load"
import { Paths } from "../config/paths"
import type { LockError, LockTimeout } from "../os/errors"
import type { SecureStoreError } from "../store/errors"
import { RoleCredentials } from "../store/records"
import { SecureStore } from "../store/SecureStore"
import type { CredentialValues } from "./environment"
import type { RoleChainLoop, StsError, ViaInvalid } from "./errors"
import { freshEnoughMillis } from "./freshness"
import { roleLockFile, singleFlight } from "./singleFlight"
import { chainSessionName, type ChainLink, roleChain, roleFactsLookup } from "./via"

export { freshEnoughMillis, reuseWindowMillis } from "./freshness"
export { roleLockFile } from "./singleFlight"

/** The plain values of stored credentials, for the output formats. */
export const credentialValues = (credentials: RoleCredentials): CredentialValues => ({
  accessKeyId: credentials.accessKeyId,
  secretAccessKey: Redacted.value(credentials.secretAccessKey),
  sessionToken: Redacted.value(credentials.sessionToken),
  expiration: credentials.expiration
})

export interface GetCredentialsOptions {
  /** `--sts-refresh`: fetch new credentials even when the stored ones are fresh enough. */
  readonly forceRefresh?: boolean | undefined
  /** Put the role at the top of History (default true: every credential command records its use). */
  readonly recordHistory?: boolean | undefined
}

export type GetCredentialsFailure =
  | TokenFailure
  | PortalFailure
  | StsError
  | RoleChainLoop
  | ViaInvalid
  | SecureStoreError
  | LockTimeout
  | LockError

export type GetCredentialsServices =
  | Authenticator
  | SecureStore
  | CacheStore
  | PortalClient
  | StsClient
  | Settings
  | Paths

/** The store's copy of a role's credentials, if it is fresh enough to hand out. */
export const freshStoredCredentials = (
  arn: string
): Effect.Effect<Option.Option<RoleCredentials>, SecureStoreError, SecureStore> =>
  Effect.gen(function*() {
    const stored = yield* (yield* SecureStore).getRoleCredentials(arn)
    const now = yield* Clock.currentTimeMillis
    return Option.filter(stored, (c) => freshEnoughMillis(c.expiration, now))
  })

const toRecord = (target: ChainLink, c: AssumedCredentials, chained: boolean): RoleCredentials =>
  new RoleCredentials({
    roleName: target.roleName,
    accountId: target.accountId,
    accessKeyId: c.accessKeyId,
    secretAccessKey: c.secretAccessKey,
    sessionToken: c.sessionToken,
    expiration: Math.floor(c.expiration),
    roleChaining: chained
  })

/**
 * New credentials for a role from AWS: GetRoleCredentials for the first hop of its chain (with one
 * token renewal on a 401), then AssumeRole for each `Via` hop. Intermediate credentials are not
 * stored, as upstream.
 */
export const fetchRoleCredentials = (
  role: FlatRole
): Effect.Effect<RoleCredentials, GetCredentialsFailure, Exclude<GetCredentialsServices, SecureStore>> =>
  Effect.gen(function*() {
    const settings = yield* Settings
    const doc = yield* (yield* CacheStore).load
    const lookup = roleFactsLookup(instanceOf(doc, settings.ssoName).Roles, settings.sso)
    const withTargetVia = (arn: string) => {
      const facts = lookup(arn)
      return arn === role.Arn && facts.via === "" ? { ...facts, via: role.Via } : facts
    }
    const chain = yield* roleChain(role.Arn, withTargetVia, settings.sso.Partition)
    const [first, ...hops] = chain
    const portal = yield* PortalClient
    let credentials: AssumedCredentials = yield* withTokenRetry((token) =>
      portal.getRoleCredentials(token, first!.accountId, first!.roleName)
    )
    let previous = first!
    if (hops.length > 0) {
      const sts = yield* StsClient
      for (const hop of hops) {
        yield* Effect.logDebug(`assuming ${hop.arn} via ${previous.arn}`)
        credentials = yield* sts.assumeRole({
          credentials,
          roleArn: hop.arn,
          roleSessionName: chainSessionName(previous),
          externalId: hop.externalId,
          sourceIdentity: hop.sourceIdentity
        })
        previous = hop
      }
    }
    return toRecord(previous, credentials, hops.length > 0)
  })

/** Store, cache `Expires`: failures here only warn (spec 1.5 step 3), the credentials are good. */
const keep = (arn: string, credentials: RoleCredentials) =>
  Effect.gen(function*() {
    yield* (yield* SecureStore).putRoleCredentials(arn, credentials).pipe(
      Effect.catchAll((error) => Effect.logWarning(`Unable to cache the STS credentials of ${arn}: ${error.message}`))
    )
    yield* (yield* CacheStore).setExpires(arn, Math.floor(credentials.expiration / 1000)).pipe(
      Effect.catchAll((error) =>
        Effect.logWarning(`Unable to record the credentials' expiry in the cache: ${error.message}`)
      )
    )
  })

/**
 * A role's credentials for a credential command: the stored ones while fresh enough (unless
 * `forceRefresh`), else fetched once across processes (per-role lock, store re-checked under it),
 * stored under the ARN and recorded in the cache.
 */
export const getRoleCredentials = (
  role: FlatRole,
  options: GetCredentialsOptions = {}
): Effect.Effect<RoleCredentials, GetCredentialsFailure, GetCredentialsServices> =>
  Effect.gen(function*() {
    const paths = yield* Paths
    const credentials = yield* singleFlight(
      roleLockFile(paths.configDir, role.Arn),
      freshStoredCredentials(role.Arn),
      fetchRoleCredentials(role).pipe(Effect.tap((fetched) => keep(role.Arn, fetched))),
      { force: options.forceRefresh }
    )
    if (options.recordHistory !== false) {
      yield* (yield* CacheStore).recordUse(role.Arn).pipe(
        Effect.catchAll((error) => Effect.logWarning(`Unable to record ${role.Arn} in History: ${error.message}`))
      )
    }
    return credentials
  }).pipe(Effect.withLogSpan("credentials"))

/** The STS client of the selected instance (SSO region, MaxRetry attempts); the SDK loads on first use. */
export const stsClientLayer = (env: EndpointEnv): Layer.Layer<StsClient, never, Settings> =>
  Layer.unwrapEffect(
    Effect.map(Settings, (settings) =>
      StsClient.layer({ region: settings.sso.SSORegion, env, maxAttempts: settings.config.MaxRetry })
    )
  )

/** What `getRoleCredentials` needs beyond `withStore`: the role cache and STS. */
export const credentialServicesLayer = (
  env: EndpointEnv
): Layer.Layer<CacheStore | StsClient, never, Settings | Paths> => Layer.merge(CacheStore.layer, stsClientLayer(env))

/**
 * Getting and keeping an SSO access token for the selected instance: the stored token while it has
 * more than 60 s left, else a silent refresh, else an interactive login (PKCE or device code), and
 * `logout`. Logins and refreshes of one config directory are serialised across processes by
 * `login.lock`, so parallel commands open the browser once and never spend a rotated refresh token
 * twice.
 *
 * Lock order: `login.lock` may be held while the store takes `storage.lock` for a write, never the
 * other way round, so the two cannot deadlock.
 */
import { Clock, Context, Duration, Effect, Either, Layer, Option, Redacted } from "effect"
import * as path from "node:path"
import type { OidcError } from "../aws/errors"
import { OidcClient } from "../aws/OidcClient"
import { PortalClient } from "../aws/PortalClient"
import { makeTokenMirror } from "../awsconfig/tokenMirror"
import { Settings } from "../config/load"
import { Paths } from "../config/paths"
import { type LockError, LockTimeout } from "../os/errors"
import { withFileLock } from "../os/lock"
import { type UrlActionName, UrlOpener, validateUrlAction } from "../os/urlAction"
import type { SecureStoreError } from "../store/errors"
import { isTokenExpired, type TokenRecord } from "../store/records"
import { SecureStore } from "../store/SecureStore"
import { deviceCodeLogin } from "./deviceCode"
import {
  type LoginFailure,
  type LogoutFailure,
  NoStoredToken,
  NotLoggedIn,
  type TokenFailure
} from "./errors"
import { pkceLogin } from "./pkce"
import { ensureRegistration, registerClient, type RegistrationTarget } from "./registration"
import type { LoginSession } from "./session"
import { refreshAccessToken, tokenRecordFrom } from "./token"

/** How long the PKCE listener waits for the browser by default (upstream: 5 minutes). */
export const defaultCallbackTimeout: Duration.Duration = Duration.minutes(5)

/**
 * How long a process waits for another one's login: longer than a device code lives (10 min at
 * AWS), so a waiting process gives up only when the other login is stuck.
 */
export const defaultLoginLockTimeout: Duration.Duration = Duration.minutes(11)

/** The Firefox container a login URL opens in (upstream: instance name, blue, fingerprint). */
export const loginContainer = (ssoName: string) => ({ name: ssoName, color: "blue", icon: "fingerprint" })

export interface AuthenticatorConfig {
  /** The command being run, for the "Must run `aws-sso login`" hint. */
  readonly command?: string | undefined
  /**
   * False for commands that must never start a login (`process`, run by SDKs as credential_process):
   * `AutoLogin` is then ignored and a missing token fails with the login hint.
   */
  readonly interactive?: boolean | undefined
  readonly callbackTimeout?: Duration.DurationInput | undefined
  readonly loginLockTimeout?: Duration.DurationInput | undefined
  /** Where the device code is shown; process stderr by default. */
  readonly stderr?: ((text: string) => void) | undefined
}

export interface LoginOptions {
  /** `--url-action`; else the instance's AuthUrlAction, else UrlAction. */
  readonly urlAction?: UrlActionName | undefined
  /** End the current session (SSO Logout) and log in anew even with a valid token. */
  readonly force?: boolean | undefined
}

export type LoginOutcome =
  | { readonly _tag: "AlreadyLoggedIn"; readonly token: TokenRecord }
  | { readonly _tag: "LoggedIn"; readonly token: TokenRecord }

type CheckFailure = SecureStoreError | OidcError | LockTimeout | LockError

export interface AuthenticatorShape {
  /** The SSO instance this authenticator serves. */
  readonly ssoName: string
  /** The stored token if it has more than 60 s left, else a silent refresh; `None` means "not logged in". */
  readonly validToken: Effect.Effect<Option.Option<TokenRecord>, CheckFailure>
  /**
   * An access token for a command that needs one: `validToken`, else an inline login when
   * `AutoLogin` is on, else `NotLoggedIn` with the login hint.
   */
  readonly requireToken: Effect.Effect<Redacted.Redacted<string>, TokenFailure>
  /** `aws-sso login`: a no-op with a valid token unless `force`. */
  readonly login: (options?: LoginOptions) => Effect.Effect<LoginOutcome, LoginFailure>
  /**
   * After AWS rejected `rejected` (HTTP 401): another process's newer token, else a refresh that
   * ignores the local expiry, else (AutoLogin) a login, else `NotLoggedIn`.
   */
  readonly renewToken: (rejected: Redacted.Redacted<string>) => Effect.Effect<Redacted.Redacted<string>, TokenFailure>
  /** Deletes the stored token and ends the session at AWS (a failure there is only a warning). */
  readonly logout: Effect.Effect<void, LogoutFailure>
}

const makeAuthenticator = (config: AuthenticatorConfig) =>
  Effect.gen(function*() {
    const settings = yield* Settings
    const paths = yield* Paths
    const oidc = yield* OidcClient
    const portal = yield* PortalClient
    const store = yield* SecureStore
    const opener = yield* UrlOpener

    const ssoName = settings.ssoName
    const loginLockFile = path.resolve(path.dirname(paths.lockFile), "login.lock")
    const lockTimeout = config.loginLockTimeout ?? defaultLoginLockTimeout
    const writeStderr = config.stderr ?? ((text: string) => void process.stderr.write(text))

    // A short first try, so a process that has to wait says why before it goes quiet.
    const withLoginLock = <A, E>(effect: Effect.Effect<A, E>): Effect.Effect<A, E | LockTimeout | LockError> =>
      withFileLock(loginLockFile, effect, { timeout: Duration.seconds(1) }).pipe(
        Effect.catchIf(
          (error) => error instanceof LockTimeout && error.file === loginLockFile,
          () =>
            Effect.logInfo("Waiting for another aws-sso login to finish...").pipe(
              Effect.zipRight(withFileLock(loginLockFile, effect, { timeout: lockTimeout }))
            )
        )
      )

    // With `ConfigProfilesFormat: sso-session` the AWS CLI token cache follows every token we store,
    // and a newer token an AWS SDK refreshed there is adopted (see awsconfig/tokenMirror.ts).
    const mirror = makeTokenMirror({
      enabled: settings.config.ConfigProfilesFormat === "sso-session",
      home: paths.home,
      ssoName,
      startUrl: settings.sso.StartUrl,
      ssoRegion: settings.sso.SSORegion,
      store
    })
    const saveToken = (token: TokenRecord) => Effect.zipRight(store.putToken(ssoName, token), mirror.saved(token))

    const storedToken = Effect.flatMap(store.getToken(ssoName), mirror.newest)

    // Must run under the login lock: the refresh token is single-use, so two processes refreshing
    // at once would leave one of them "not logged in".
    const validTokenLocked = Effect.gen(function*() {
      const stored = yield* storedToken
      if (Option.isNone(stored)) return Option.none<TokenRecord>()
      if (!isTokenExpired(stored.value, yield* Clock.currentTimeMillis)) return stored
      yield* Effect.logDebug("The cached SSO token has expired; refreshing it")
      const refreshed = yield* refreshAccessToken(oidc, yield* store.getRegistration(ssoName), stored.value)
      if (Option.isSome(refreshed)) yield* saveToken(refreshed.value)
      return refreshed
    })

    const validToken = Effect.gen(function*() {
      const stored = yield* storedToken
      if (Option.isNone(stored)) return Option.none<TokenRecord>()
      if (!isTokenExpired(stored.value, yield* Clock.currentTimeMillis)) return stored
      return yield* withLoginLock(validTokenLocked)
    })

    const chooseUrlAction = (requested: UrlActionName | undefined) => {
      const action = requested ?? settings.sso.AuthUrlAction ?? settings.config.UrlAction
      return Either.match(validateUrlAction(action, settings.config.UrlExecCommand), {
        onLeft: Effect.fail,
        onRight: Effect.succeed
      })
    }

    // The browser part; callers hold the login lock.
    const interactiveLogin = (requested: UrlActionName | undefined) =>
      Effect.gen(function*() {
        const action = yield* chooseUrlAction(requested)
        const flow = settings.config.AuthWorkflow
        const target: RegistrationTarget = { ssoName, startUrl: settings.sso.StartUrl, flow }
        const registration = yield* ensureRegistration(oidc, store, target)
        const session: LoginSession = {
          oidc,
          startUrl: settings.sso.StartUrl,
          openUrl: (url) => opener.open(url, action, loginContainer(ssoName)),
          stderr: (text) => Effect.sync(() => writeStderr(text)),
          callbackTimeout: config.callbackTimeout ?? defaultCallbackTimeout
        }
        const response = flow === "pkce"
          ? yield* pkceLogin(session, registration)
          : yield* deviceCodeLogin(session, registration, registerClient(oidc, store, target))
        const token = tokenRecordFrom(response, yield* Clock.currentTimeMillis)
        yield* saveToken(token)
        yield* Effect.logDebug("Stored the new SSO token")
        return token
      }).pipe(Effect.withLogSpan("login"))

    const endSession = (token: TokenRecord) =>
      portal.logout(token.accessToken).pipe(
        Effect.catchAll((error) => Effect.logWarning(`Unable to end the AWS SSO session: ${error.message}`))
      )

    const login = (options: LoginOptions = {}): Effect.Effect<LoginOutcome, LoginFailure> =>
      withLoginLock(Effect.gen(function*() {
        // Re-checked under the lock: a login that waited for another one finds its token here.
        const current = yield* validTokenLocked
        if (Option.isSome(current)) {
          if (!options.force) return { _tag: "AlreadyLoggedIn", token: current.value } as const
          // Ending the session restarts its lifetime; the new token would otherwise inherit its expiry.
          yield* endSession(current.value)
          yield* store.deleteToken(ssoName)
        }
        return { _tag: "LoggedIn", token: yield* interactiveLogin(options.urlAction) } as const
      }))

    const notLoggedIn = new NotLoggedIn({ command: config.command })
    const autoLogin = settings.config.AutoLogin && config.interactive !== false

    const requireToken = Effect.gen(function*() {
      const current = yield* validToken
      if (Option.isSome(current)) return current.value.accessToken
      if (!autoLogin) return yield* notLoggedIn
      const outcome = yield* login()
      return outcome.token.accessToken
    })

    const renewToken = (rejected: Redacted.Redacted<string>) =>
      withLoginLock(Effect.gen(function*() {
        const stored = yield* storedToken
        if (Option.isSome(stored)) {
          const token = stored.value
          const newer = Redacted.value(token.accessToken) !== Redacted.value(rejected)
          if (newer && !isTokenExpired(token, yield* Clock.currentTimeMillis)) return token.accessToken
          const refreshed = yield* refreshAccessToken(oidc, yield* store.getRegistration(ssoName), token)
          if (Option.isSome(refreshed)) {
            yield* saveToken(refreshed.value)
            return refreshed.value.accessToken
          }
          // AWS refused the token and its refresh token: drop it, so the next command says "log in".
          yield* store.deleteToken(ssoName)
        }
        if (!autoLogin) return yield* notLoggedIn
        return (yield* interactiveLogin(undefined)).accessToken
      }))

    const logout = withLoginLock(Effect.gen(function*() {
      const stored = yield* storedToken
      if (Option.isNone(stored)) return yield* new NoStoredToken({ sso: ssoName })
      let token = stored.value
      // An expired access token cannot end the session; a refreshed one can (best effort).
      if (isTokenExpired(token, yield* Clock.currentTimeMillis)) {
        const registration = yield* store.getRegistration(ssoName)
        const refreshed = yield* refreshAccessToken(oidc, registration, token).pipe(
          Effect.catchAll(() => Effect.succeed(Option.none<TokenRecord>()))
        )
        token = Option.getOrElse(refreshed, () => token)
      }
      // Deleted before calling AWS, so a failed call still leaves the user logged out here.
      yield* store.deleteToken(ssoName)
      yield* mirror.removed
      yield* endSession(token)
    }))

    return {
      ssoName,
      validToken,
      requireToken,
      login,
      renewToken,
      logout
    } satisfies AuthenticatorShape
  })

/** SSO token handling for the selected instance. */
export class Authenticator extends Context.Tag("aws-sso/Authenticator")<Authenticator, AuthenticatorShape>() {
  static readonly layer = (
    config: AuthenticatorConfig = {}
  ): Layer.Layer<Authenticator, never, Settings | Paths | OidcClient | PortalClient | SecureStore | UrlOpener> =>
    Layer.effect(this, makeAuthenticator(config))
}

const isUnauthorized = (error: unknown): boolean =>
  typeof error === "object" && error !== null && "_tag" in error && error._tag === "PortalUnauthorized"

/**
 * Runs a portal call with a valid token; when AWS answers 401 (`PortalUnauthorized`) it renews the
 * token once (see `renewToken`) and retries once. A second 401 is returned as it is.
 */
export const withTokenRetry = <A, E, R>(
  call: (token: Redacted.Redacted<string>) => Effect.Effect<A, E, R>
): Effect.Effect<A, E | TokenFailure, R | Authenticator> =>
  Effect.gen(function*() {
    const auth = yield* Authenticator
    const token = yield* auth.requireToken
    return yield* call(token).pipe(
      Effect.catchIf(isUnauthorized, () =>
        Effect.logDebug("AWS SSO rejected the token; renewing it once").pipe(
          Effect.zipRight(auth.renewToken(token)),
          Effect.flatMap(call)
        ))
    )
  })

/**
 * The authorization-code flow with PKCE (upstream 7.3): a loopback listener on 127.0.0.1, the
 * browser sent to `/authorize`, and the code that comes back traded for a token.
 */
import { Deferred, Duration, Effect, Exit, type Scope } from "effect"
import { createHash, randomBytes, timingSafeEqual } from "node:crypto"
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import { authorizeRequestUrl, authorizeUrlFromRegistration } from "../aws/endpoints"
import type { OidcClientShape, TokenResponse } from "../aws/OidcClient"
import type { ClientRegistration } from "../store/records"
import { LoginCallbackInvalid, LoginDenied, LoginListenerFailed, type LoginFailure, LoginTimedOut } from "./errors"
import type { LoginSession } from "./session"

/** A PKCE verifier, its S256 challenge and the anti-forgery state of one login. */
export interface PkceSecrets {
  /** base64url of 48 random bytes: 64 characters. */
  readonly verifier: string
  /** base64url(SHA-256(verifier)), 43 characters. */
  readonly challenge: string
  /** base64url of 24 random bytes: 32 characters. */
  readonly state: string
}

export const challengeOf = (verifier: string): string => createHash("sha256").update(verifier).digest("base64url")

export const newPkceSecrets = (): PkceSecrets => {
  const verifier = randomBytes(48).toString("base64url")
  return { verifier, challenge: challengeOf(verifier), state: randomBytes(24).toString("base64url") }
}

// Hashing first gives equal-length buffers, so the comparison time says nothing about the expected state.
const sameSecret = (expected: string, actual: string): boolean =>
  timingSafeEqual(createHash("sha256").update(expected).digest(), createHash("sha256").update(actual).digest())

/** What one redirect to the listener means. */
export type CallbackVerdict =
  | { readonly _tag: "Code"; readonly code: string }
  | { readonly _tag: "Denied"; readonly reason: string }
  | { readonly _tag: "Invalid"; readonly problem: string }

/**
 * Judges the query of the redirect. The state is checked first, so a forged request cannot pass
 * for the provider's answer; then an `error=` from the provider; then the code.
 */
export const judgeCallback = (query: URLSearchParams, expectedState: string): CallbackVerdict => {
  const state = query.get("state") ?? ""
  if (expectedState === "") return { _tag: "Invalid", problem: "expected state is empty" }
  if (state === "") return { _tag: "Invalid", problem: "returned state is empty" }
  if (!sameSecret(expectedState, state)) return { _tag: "Invalid", problem: "state mismatch" }
  const error = query.get("error")
  if (error !== null) {
    // OAuth error codes are short tokens; anything else is not echoed into a message.
    const code = /^[\w.-]{1,64}$/.test(error) ? error : "unrecognised error"
    return code === "access_denied" ? { _tag: "Denied", reason: code } : { _tag: "Invalid", problem: code }
  }
  const code = query.get("code") ?? ""
  if (code === "") return { _tag: "Invalid", problem: "missing authorization code" }
  return { _tag: "Code", code }
}

export const successPage = "<html><body><h1>Authentication complete</h1>" +
  "<p>You can close this window and return to aws-sso.</p></body></html>"

const failurePage = (text: string): string =>
  `<html><body><h1>Authentication failed</h1><p>${text}</p><p>Return to aws-sso and try again.</p></body></html>`

/** A listener waiting for the one redirect of a login. */
export interface CallbackListener {
  readonly port: number
  /** `http://127.0.0.1:<port>`, the redirect URI of this login (no path, as registered). */
  readonly redirectUri: string
  /** The code, once the browser came back with one; fails on the first bad callback. */
  readonly code: Effect.Effect<string, LoginCallbackInvalid | LoginDenied>
}

const closeServer = (server: Server): Effect.Effect<void> =>
  Effect.async<void>((resume) => {
    server.close(() => resume(Effect.void))
    // Browsers keep connections alive; without this close() would wait for them to time out.
    server.closeAllConnections()
  })

const listen = (server: Server): Effect.Effect<number, LoginListenerFailed> =>
  Effect.async<number, LoginListenerFailed>((resume) => {
    const onError = (error: Error) => resume(Effect.fail(new LoginListenerFailed({ reason: error.message })))
    server.once("error", onError)
    server.listen(0, "127.0.0.1", () => {
      server.off("error", onError)
      const address = server.address()
      resume(
        typeof address === "object" && address !== null
          ? Effect.succeed(address.port)
          : Effect.fail(new LoginListenerFailed({ reason: "the listener has no TCP port" }))
      )
    })
  })

/**
 * Binds 127.0.0.1 on a free port (before any browser is opened, so the redirect cannot race the
 * bind), answers the first request on any path and closes with the scope.
 */
export const listenForCallback = (
  expectedState: string
): Effect.Effect<CallbackListener, LoginListenerFailed, Scope.Scope> =>
  Effect.gen(function*() {
    const outcome = yield* Deferred.make<string, LoginCallbackInvalid | LoginDenied>()
    let answered = false
    const respond = (res: ServerResponse, status: number, body: string, then: () => void) => {
      res.once("close", then)
      res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" })
      res.end(body)
    }
    const handle = (req: IncomingMessage, res: ServerResponse) => {
      if (answered) {
        res.writeHead(410, { "Content-Type": "text/plain; charset=utf-8" })
        res.end("This login has already finished.")
        return
      }
      answered = true
      const query = new URL(req.url ?? "/", "http://127.0.0.1").searchParams
      const verdict = judgeCallback(query, expectedState)
      // The outcome is settled once the answer is on its way, so closing the listener cannot cut it off.
      switch (verdict._tag) {
        case "Code":
          return respond(res, 200, successPage, () => Deferred.unsafeDone(outcome, Exit.succeed(verdict.code)))
        case "Denied":
          return respond(
            res,
            400,
            failurePage(`The login was denied (${verdict.reason}).`),
            () => Deferred.unsafeDone(outcome, Exit.fail(new LoginDenied({ reason: verdict.reason })))
          )
        case "Invalid":
          return respond(
            res,
            400,
            failurePage(`Invalid login answer: ${verdict.problem}.`),
            () => Deferred.unsafeDone(outcome, Exit.fail(new LoginCallbackInvalid({ problem: verdict.problem })))
          )
      }
    }
    const server = createServer(handle)
    // Slow or silent clients must not hold the login open (upstream: 5 s to send the headers).
    server.headersTimeout = 5_000
    server.requestTimeout = 10_000
    const port = yield* Effect.acquireRelease(listen(server), () => closeServer(server))
    return { port, redirectUri: `http://127.0.0.1:${port}`, code: Deferred.await(outcome) }
  })

/** The browser URL of a login: the registration's endpoint when AWS gave one, else the resolved OIDC one. */
export const authorizeBaseUrl = (oidc: OidcClientShape, registration: ClientRegistration): string =>
  registration.authorizationEndpoint
    ? authorizeUrlFromRegistration(registration.authorizationEndpoint)
    : oidc.authorizeUrl

/** One complete PKCE login with an already usable registration. */
export const pkceLogin = (
  session: LoginSession,
  registration: ClientRegistration
): Effect.Effect<TokenResponse, LoginFailure> =>
  Effect.gen(function*() {
    const secrets = newPkceSecrets()
    const { code, redirectUri } = yield* Effect.scoped(
      Effect.gen(function*() {
        const listener = yield* listenForCallback(secrets.state)
        const url = authorizeRequestUrl(authorizeBaseUrl(session.oidc, registration), {
          clientId: registration.clientId,
          redirectUri: listener.redirectUri,
          state: secrets.state,
          codeChallenge: secrets.challenge
        })
        yield* session.openUrl(url)
        yield* Effect.logInfo("Waiting for SSO authentication in the browser...")
        const code = yield* listener.code.pipe(
          Effect.timeoutFail({
            duration: session.callbackTimeout,
            onTimeout: () => new LoginTimedOut({ flow: "pkce", waited: Duration.decode(session.callbackTimeout) })
          })
        )
        return { code, redirectUri: listener.redirectUri }
      })
    )
    return yield* session.oidc.createToken({
      clientId: registration.clientId,
      clientSecret: registration.clientSecret,
      grantType: "authorization_code",
      code,
      codeVerifier: secrets.verifier,
      redirectUri
    })
  })

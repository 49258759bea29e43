/**
 * The device-code flow (upstream 7.2): show a code, open the verification page, poll for the token.
 * Unlike upstream, polling stops when the device code expires instead of running until Ctrl-C.
 */
import { Duration, Effect, Schedule, ScheduleDecision, ScheduleInterval } from "effect"
import type { DeviceAuthorization, OidcClientShape, TokenResponse } from "../aws/OidcClient"
import type { OidcFailure } from "../aws/errors"
import type { SecureStoreError } from "../store/errors"
import { deviceCodeGrant, type ClientRegistration } from "../store/records"
import { LoginDenied, type LoginFailure, LoginTimedOut } from "./errors"
import type { LoginSession } from "./session"

/** What AWS adds to the poll interval on each SlowDown (RFC 8628 §3.5). */
export const slowDownStepSeconds = 5

const keepsPolling = (error: OidcFailure): boolean =>
  error._tag === "AuthorizationPending" || error._tag === "SlowDown"

/**
 * When to poll again: first attempt at once (by `Effect.retry`), then every `interval` seconds,
 * 5 s longer after each SlowDown (the wait that follows a SlowDown already includes it); any
 * other answer ends the polling. Outputs the current interval in seconds.
 */
export const pollSchedule = (intervalSeconds: number): Schedule.Schedule<number, OidcFailure> =>
  Schedule.makeWithState(intervalSeconds, (now, error: OidcFailure, seconds) => {
    if (!keepsPolling(error)) return Effect.succeed([seconds, seconds, ScheduleDecision.done] as const)
    const next = error._tag === "SlowDown" ? seconds + slowDownStepSeconds : seconds
    const wakeUp = ScheduleInterval.after(now + Duration.toMillis(Duration.seconds(next)))
    return Effect.succeed([next, next, ScheduleDecision.continueWith(wakeUp)] as const)
  })

/** How polling can end without a token. */
export type PollFailure = Exclude<OidcFailure, { readonly _tag: "AccessDenied" }> | LoginDenied | LoginTimedOut

/** Polls CreateToken until the user approved, refused, or the device code expired. */
export const pollForToken = (
  oidc: OidcClientShape,
  registration: ClientRegistration,
  device: DeviceAuthorization
): Effect.Effect<TokenResponse, PollFailure> =>
  oidc.createToken({
    clientId: registration.clientId,
    clientSecret: registration.clientSecret,
    grantType: deviceCodeGrant,
    deviceCode: device.deviceCode
  }).pipe(
    Effect.retry(pollSchedule(device.interval)),
    Effect.catchTag("AccessDenied", (error) => Effect.fail(new LoginDenied({ reason: error.reason }))),
    Effect.timeoutFail({
      duration: Duration.seconds(device.expiresIn),
      onTimeout: () => new LoginTimedOut({ flow: "device_code", waited: Duration.seconds(device.expiresIn) })
    })
  )

/** The text upstream prints, to stderr, before opening the verification page. */
export const verifyCodeText = (userCode: string): string => `\n\tVerify this code in your browser: ${userCode}\n`

/**
 * One complete device-code login. If starting the authorization fails with the stored
 * registration, the client is registered again (once) and the start retried, as upstream does.
 */
export const deviceCodeLogin = <E>(
  session: LoginSession,
  registration: ClientRegistration,
  reRegister: Effect.Effect<ClientRegistration, E | SecureStoreError>
): Effect.Effect<TokenResponse, LoginFailure | E> =>
  Effect.gen(function*() {
    const start = (client: ClientRegistration) =>
      session.oidc.startDeviceAuthorization({
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        startUrl: session.startUrl
      }).pipe(Effect.map((device) => ({ client, device })))
    const { client, device } = yield* start(registration).pipe(
      Effect.catchAll((error) =>
        Effect.logDebug(`StartDeviceAuthorization failed (${error.message}); registering again`).pipe(
          Effect.zipRight(reRegister),
          Effect.flatMap(start)
        )
      )
    )
    yield* session.stderr(verifyCodeText(device.userCode))
    yield* session.openUrl(device.verificationUriComplete)
    yield* Effect.logInfo("Waiting for SSO authentication...")
    return yield* pollForToken(session.oidc, client, device)
  })

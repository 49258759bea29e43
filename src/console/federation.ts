/**
 * Console sign-in through the federation endpoint (aws-wire §6): trade role credentials for a
 * SigninToken, then build the login URL the browser opens. Everything but the token request is pure.
 */
import { Duration, Effect, Either, Redacted, Schema } from "effect"
import { federationUrl, partitionOf, type EndpointEnv } from "../aws/endpoints"
import { ConsoleDurationInvalid, SigninTokenRefused, SigninTokenUnavailable } from "./errors"

/** The role credentials a console session is made from. */
export interface ConsoleCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: Redacted.Redacted<string>
  readonly sessionToken: Redacted.Redacted<string>
}

export const minConsoleMinutes = 15
export const maxConsoleMinutes = 720

/**
 * The console session length in minutes: `--duration` when given and non-zero (0 means "use the
 * config", as upstream), else ConsoleDuration; either must lie in 15..720.
 */
export const consoleMinutes = (
  flag: number | undefined,
  configured: number
): Either.Either<number, ConsoleDurationInvalid> => {
  const minutes = flag === undefined || flag === 0 ? configured : flag
  return Number.isInteger(minutes) && minutes >= minConsoleMinutes && minutes <= maxConsoleMinutes
    ? Either.right(minutes)
    : Either.left(new ConsoleDurationInvalid({ minutes }))
}

// The console of each partition has its own host; the sign-in host follows from `federationUrl`.
const consoleHosts = {
  "aws": "console.aws.amazon.com",
  "aws-cn": "console.amazonaws.cn",
  "aws-us-gov": "console.amazonaws-us-gov.com",
  "aws-eusc": "console.amazonaws-eusc.eu"
} as const

/** The console home page of `region`, in that region's partition: the login URL's Destination. */
export const consoleHomeUrl = (region: string): string =>
  `https://${consoleHosts[partitionOf(region)]}/console/home?region=${encodeURIComponent(region)}`

/** The federation endpoint for credentials of the SSO instance in `ssoRegion` (`AWS_ENDPOINT_URL_SIGNIN` wins). */
export const federationEndpoint = (ssoRegion: string, env: EndpointEnv): string => federationUrl(ssoRegion, env)

/**
 * The getSigninToken request. `sessionSeconds` is left out for role-chained credentials, which AWS
 * refuses to extend (aws-wire §6). The URL carries the secret key: never log it.
 */
export const signinTokenRequestUrl = (
  endpoint: string,
  credentials: ConsoleCredentials,
  sessionSeconds: number | undefined
): Redacted.Redacted<string> => {
  const session = JSON.stringify({
    sessionId: credentials.accessKeyId,
    sessionKey: Redacted.value(credentials.secretAccessKey),
    sessionToken: Redacted.value(credentials.sessionToken)
  })
  const params = new URLSearchParams({ Action: "getSigninToken" })
  if (sessionSeconds !== undefined) params.set("SessionDuration", String(sessionSeconds))
  params.set("Session", session)
  return Redacted.make(`${endpoint}?${params.toString()}`)
}

/**
 * The URL that signs the browser in. Issuer and Destination are percent-encoded like every other
 * parameter (upstream pasted them raw, Appendix A.11, so a `&` or `?` in them broke the URL).
 */
export const consoleLoginUrl = (
  endpoint: string,
  login: { readonly issuer: string; readonly destination: string; readonly signinToken: Redacted.Redacted<string> }
): string =>
  `${endpoint}?Action=login&Issuer=${encodeURIComponent(login.issuer)}` +
  `&Destination=${encodeURIComponent(login.destination)}` +
  `&SigninToken=${encodeURIComponent(Redacted.value(login.signinToken))}`

const SigninTokenReply = Schema.parseJson(Schema.Struct({ SigninToken: Schema.String.pipe(Schema.minLength(1)) }))
const decodeReply = Schema.decodeUnknownEither(SigninTokenReply)

const requestTimeout = Duration.seconds(30)

/** Calls getSigninToken and returns the SigninToken. */
export const fetchSigninToken = (
  endpoint: string,
  credentials: ConsoleCredentials,
  sessionSeconds: number | undefined
): Effect.Effect<Redacted.Redacted<string>, SigninTokenRefused | SigninTokenUnavailable> =>
  Effect.gen(function*() {
    const url = signinTokenRequestUrl(endpoint, credentials, sessionSeconds)
    const unavailable = (reason: string) => new SigninTokenUnavailable({ endpoint, reason })
    const response = yield* Effect.tryPromise({
      try: (signal) => fetch(Redacted.value(url), { signal, headers: { accept: "application/json" } }),
      catch: (error) => unavailable(`request failed: ${error instanceof Error ? error.message : String(error)}`)
    }).pipe(
      Effect.timeoutFail({ duration: requestTimeout, onTimeout: () => unavailable("no answer within 30 seconds") })
    )
    if (response.status !== 200) {
      yield* Effect.promise(() => response.body?.cancel() ?? Promise.resolve())
      return yield* new SigninTokenRefused({ endpoint, status: response.status })
    }
    const text = yield* Effect.tryPromise({
      try: () => response.text(),
      catch: () => unavailable("the reply could not be read")
    })
    const reply = decodeReply(text)
    if (Either.isLeft(reply)) return yield* unavailable("the reply holds no SigninToken")
    return Redacted.make(reply.right.SigninToken)
  })

/**
 * Console federation (`/federation`, the sign-in endpoint, not an SDK service): `getSigninToken` trades
 * credentials we issued for a SigninToken; `login` accepts that token once within 15 minutes and renders a
 * stand-in for the console, so tests can follow the URL a client opened.
 */
import {
  type Reply,
  type RequestContext,
  escapeHtml,
  headerValue,
  htmlReply,
  isRecord,
  jsonReply,
  textReply
} from "./http"

const signinTokenTtlMs = 15 * 60 * 1000

/** GET query parameters, plus form fields for clients that POST them instead. */
export const federationParams = (ctx: RequestContext): URLSearchParams => {
  const params = new URLSearchParams(ctx.url.searchParams)
  const contentType = headerValue(ctx.headers, "content-type") ?? ""
  if (ctx.method === "POST" && contentType.startsWith("application/x-www-form-urlencoded")) {
    for (const [key, value] of new URLSearchParams(ctx.body)) params.set(key, value)
  }
  return params
}

interface SessionJson {
  sessionId: string
  sessionKey: string
  sessionToken: string
}

const parseSession = (text: string | null): SessionJson | undefined => {
  if (text === null) return undefined
  try {
    const value: unknown = JSON.parse(text)
    if (!isRecord(value)) return undefined
    const { sessionId, sessionKey, sessionToken } = value
    return typeof sessionId === "string" && typeof sessionKey === "string" && typeof sessionToken === "string"
      ? { sessionId, sessionKey, sessionToken }
      : undefined
  } catch {
    return undefined
  }
}

// Every tool surveyed treats any non-200 as failure without reading the body, so errors are plain text.
const refuse = (message: string): Reply => textReply(400, message)

export const getSigninToken = (ctx: RequestContext, params: URLSearchParams): Reply => {
  const session = parseSession(params.get("Session"))
  if (session === undefined) return refuse("Session must be JSON with sessionId, sessionKey and sessionToken")
  const creds = ctx.state.credentials.get(session.sessionId)
  const matches = creds?.secretAccessKey === session.sessionKey && creds.sessionToken === session.sessionToken
  if (creds === undefined || !matches) return refuse("The credentials in Session are not valid")
  if (creds.expiresAtMs <= ctx.nowMs) return refuse("The credentials in Session have expired")
  const durationText = params.get("SessionDuration")
  let sessionDurationSeconds: number | undefined
  if (durationText !== null) {
    sessionDurationSeconds = Number(durationText)
    const seconds = sessionDurationSeconds
    if (!Number.isInteger(seconds) || seconds < 900 || seconds > 43200) {
      return refuse("SessionDuration must be between 900 and 43200")
    }
    // AWS refuses SessionDuration for role-chained credentials; clients must leave it out for them.
    if (creds.chained) return refuse("SessionDuration is not allowed for credentials from role chaining")
  }
  const signin = ctx.state.issueSigninToken({
    accessKeyId: creds.accessKeyId,
    accountId: creds.accountId,
    roleArn: creds.roleArn,
    sessionDurationSeconds,
    issuedAtMs: ctx.nowMs,
    expiresAtMs: ctx.nowMs + signinTokenTtlMs
  })
  return jsonReply(200, { SigninToken: signin.token })
}

export const consoleLogin = (ctx: RequestContext, params: URLSearchParams): Reply => {
  const signin = ctx.state.signinTokens.get(params.get("SigninToken") ?? "")
  if (signin === undefined) return htmlReply(400, "Sign-in failed", "<p>The sign-in token is not valid.</p>")
  if (signin.used) return htmlReply(400, "Sign-in failed", "<p>The sign-in token was already used.</p>")
  if (signin.expiresAtMs <= ctx.nowMs) return htmlReply(400, "Sign-in failed", "<p>The sign-in token has expired.</p>")
  signin.used = true
  const destination = params.get("Destination") ?? ""
  const issuer = params.get("Issuer") ?? ""
  return htmlReply(
    200,
    "AWS console (emulated)",
    `<p>Signed in to account <span id="account">${escapeHtml(signin.accountId)}</span> ` +
      `as <span id="role">${escapeHtml(signin.roleArn)}</span>.</p>` +
      `<p>Destination: <span id="destination">${escapeHtml(destination)}</span></p>` +
      `<p>Issuer: <span id="issuer">${escapeHtml(issuer)}</span></p>`
  )
}

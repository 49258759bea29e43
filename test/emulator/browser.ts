/**
 * The pages a user's browser visits: `/authorize` (authorization code + PKCE) and `/device` (device-code
 * verification). With autoApprove they approve at once; otherwise they show approve/deny links that come
 * back to the same URL with `action=approve|deny`, so a test "browser" can click either by fetching it.
 */
import { type Reply, type RequestContext, escapeHtml, htmlReply, redirectReply } from "./http"
import { allowsGrant, redirectUriMatches } from "./oidc"

/** Authorization codes are exchanged within seconds by real clients; five minutes is generous. */
const authorizationCodeTtlMs = 5 * 60 * 1000

const decisionLinks = (url: URL): string => {
  const withAction = (action: string): string => {
    const target = new URL(url.pathname + url.search, "http://placeholder")
    target.searchParams.set("action", action)
    return escapeHtml(target.pathname + target.search)
  }
  return (
    `<p><a id="approve" href="${withAction("approve")}">Approve</a></p>` +
    `<p><a id="deny" href="${withAction("deny")}">Deny</a></p>`
  )
}

const redirectWith = (redirectUri: string, params: Record<string, string | null>): Reply => {
  const target = new URL(redirectUri)
  for (const [key, value] of Object.entries(params)) {
    if (value !== null) target.searchParams.set(key, value)
  }
  return redirectReply(target.toString())
}

export const authorize = (ctx: RequestContext): Reply => {
  const params = ctx.url.searchParams
  const clientId = params.get("client_id") ?? ""
  const redirectUri = params.get("redirect_uri") ?? ""
  const state = params.get("state")
  const client = ctx.state.clients.get(clientId)
  // Until the client and its redirect URI check out, errors are shown here rather than sent to an unknown URI.
  if (client === undefined || client.expiresAtMs <= ctx.nowMs) {
    return htmlReply(400, "Invalid request", "<p>Unknown or expired client_id.</p>")
  }
  if (!client.redirectUris.some((registered) => redirectUriMatches(registered, redirectUri))) {
    return htmlReply(400, "Invalid request", "<p>redirect_uri does not match a registered redirect URI.</p>")
  }
  const fail = (error: string, description: string): Reply =>
    redirectWith(redirectUri, { error, error_description: description, state })
  if (params.get("response_type") !== "code") return fail("unsupported_response_type", "response_type must be code")
  if (!allowsGrant(client, "authorization_code")) {
    return fail("unauthorized_client", "The client did not register the authorization_code grant")
  }
  if (params.get("code_challenge_method") !== "S256") {
    return fail("invalid_request", "code_challenge_method must be S256")
  }
  const codeChallenge = params.get("code_challenge") ?? ""
  if (!/^[A-Za-z0-9_-]{43}$/.test(codeChallenge)) {
    return fail("invalid_request", "code_challenge must be a base64url SHA-256 digest")
  }
  const action = params.get("action")
  if (action === "deny") return fail("access_denied", "The user denied the authorization request")
  if (action !== "approve" && !ctx.knobs.autoApprove) {
    return htmlReply(
      200,
      "Authorize application",
      `<p>Allow <strong>${escapeHtml(client.clientName)}</strong> to access your AWS accounts?</p>` +
        decisionLinks(ctx.url)
    )
  }
  const scopes = (params.get("scopes") ?? params.get("scope") ?? "").split(" ").filter((scope) => scope !== "")
  const code = ctx.state.issueAuthorizationCode({
    clientId: client.clientId,
    redirectUri,
    codeChallenge,
    scopes,
    expiresAtMs: ctx.nowMs + authorizationCodeTtlMs
  })
  return redirectWith(redirectUri, { code: code.code, state })
}

const userCodeForm =
  `<form method="get" action="/device"><label>Code <input name="user_code" autocomplete="off"></label>` +
  `<button type="submit">Next</button></form>`

export const verifyDevice = (ctx: RequestContext): Reply => {
  const userCode = ctx.url.searchParams.get("user_code")
  if (userCode === null || userCode === "") return htmlReply(200, "Enter your code", userCodeForm)
  const device = ctx.state.findDeviceByUserCode(userCode)
  if (device === undefined) return htmlReply(404, "Unknown code", `<p>No request has this code.</p>${userCodeForm}`)
  if (device.expiresAtMs <= ctx.nowMs) return htmlReply(400, "Code expired", "<p>This code has expired.</p>")
  const action = ctx.url.searchParams.get("action")
  if (device.status === "pending") {
    if (action === "deny") device.status = "denied"
    else if (action === "approve" || ctx.knobs.autoApprove) device.status = "approved"
  }
  switch (device.status) {
    case "pending":
      return htmlReply(
        200,
        "Authorize request",
        `<p>Code <code>${escapeHtml(device.userCode)}</code></p>` + decisionLinks(ctx.url)
      )
    case "denied":
      return htmlReply(200, "Request denied", "<p>You can close this window.</p>")
    case "approved":
    case "consumed":
      return htmlReply(200, "Request approved", "<p>You can close this window and return to your terminal.</p>")
  }
}

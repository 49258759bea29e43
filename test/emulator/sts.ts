/**
 * STS (AWS Query protocol: form-encoded `Action=…&Version=2011-06-15` in, XML out): AssumeRole and
 * GetCallerIdentity, accepting only credentials this emulator issued and that have not expired.
 */
import { type Reply, type RequestContext, headerValue, isReply, reply } from "./http"
import { requestId, roleId } from "./ids"
import { sigV4Identity } from "./sigv4"
import type { IssuedCredentials } from "./state"

const namespace = "https://sts.amazonaws.com/doc/2011-06-15/"

const xmlEntities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&apos;" }

export const escapeXml = (text: string): string => text.replace(/[&<>"']/g, (c) => xmlEntities[c] ?? c)

const xmlReply = (status: number, xml: string): Reply => reply(status, { "Content-Type": "text/xml" }, xml)

export const stsError = (code: string, message: string, status: number): Reply =>
  xmlReply(
    status,
    `<ErrorResponse xmlns="${namespace}">\n` +
      `  <Error><Type>${status >= 500 ? "Receiver" : "Sender"}</Type><Code>${escapeXml(code)}</Code>` +
      `<Message>${escapeXml(message)}</Message></Error>\n` +
      `  <RequestId>${requestId()}</RequestId>\n</ErrorResponse>\n`
  )

export const stsFault = (status: number): Reply => {
  const code =
    status === 429
      ? "Throttling"
      : status === 401
        ? "InvalidClientTokenId"
        : status === 403
          ? "AccessDenied"
          : status === 503
            ? "ServiceUnavailable"
            : status >= 500
              ? "InternalFailure"
              : "ValidationError"
  return stsError(code, `Injected fault (HTTP ${status})`, status)
}

export const stsThrottled = (): Reply => stsError("Throttling", "Rate exceeded", 400)

/** Query parameters from the form body and the query string (presigned or GET callers use the latter). */
export const stsParams = (ctx: RequestContext): URLSearchParams => {
  const params = new URLSearchParams(ctx.url.searchParams)
  const contentType = headerValue(ctx.headers, "content-type") ?? ""
  if (ctx.method === "POST" && (contentType === "" || contentType.startsWith("application/x-www-form-urlencoded"))) {
    for (const [key, value] of new URLSearchParams(ctx.body)) params.set(key, value)
  }
  return params
}

const success = (action: string, result: string): Reply =>
  xmlReply(
    200,
    `<${action}Response xmlns="${namespace}">\n  <${action}Result>\n${result}  </${action}Result>\n` +
      `  <ResponseMetadata><RequestId>${requestId()}</RequestId></ResponseMetadata>\n</${action}Response>\n`
  )

const element = (name: string, value: string): string => `<${name}>${escapeXml(value)}</${name}>`

/** RFC 3339 UTC without fractions, the form STS itself returns. */
export const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z")

const assumedRoleArn = (creds: IssuedCredentials): string =>
  `arn:aws:sts::${creds.accountId}:assumed-role/${creds.roleName}/${creds.sessionName}`

const userId = (creds: IssuedCredentials): string => `${roleId(creds.roleArn)}:${creds.sessionName}`

/** The calling credentials, or the error STS gives for unknown, mismatched or expired ones. */
export const callerOf = (ctx: RequestContext, params: URLSearchParams): IssuedCredentials | Reply => {
  const identity = sigV4Identity(ctx.headers, params)
  if (identity === undefined) {
    return stsError("MissingAuthenticationToken", "Request is missing Authentication Token", 403)
  }
  const creds = ctx.state.credentials.get(identity.accessKeyId)
  if (creds === undefined || creds.sessionToken !== identity.sessionToken) {
    return stsError("InvalidClientTokenId", "The security token included in the request is invalid.", 403)
  }
  if (creds.expiresAtMs <= ctx.nowMs) {
    return stsError("ExpiredToken", "The security token included in the request is expired", 400)
  }
  return creds
}

/** `arn:<partition>:iam::<account>:role/[<path>/]<name>`; groups: partition, account, name. */
const roleArnPattern = /^arn:(aws|aws-cn|aws-us-gov|aws-eusc):iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/

/** The account a call is about, for account-scoped fault rules (no validation: that comes later). */
export const stsAccountOf = (ctx: RequestContext, params: URLSearchParams): string | undefined => {
  if (params.get("Action") === "AssumeRole") return roleArnPattern.exec(params.get("RoleArn") ?? "")?.[2]
  const identity = sigV4Identity(ctx.headers, params)
  return identity === undefined ? undefined : ctx.state.credentials.get(identity.accessKeyId)?.accountId
}

const validationError = (message: string): Reply => stsError("ValidationError", message, 400)

const optionalLength = (value: string | null, name: string, min: number, max: number): Reply | undefined =>
  value !== null && (value.length < min || value.length > max)
    ? validationError(`${name} must be between ${min} and ${max} characters long`)
    : undefined

export const assumeRole = (ctx: RequestContext, params: URLSearchParams): Reply => {
  const caller = callerOf(ctx, params)
  if (isReply(caller)) return caller
  const roleArn = params.get("RoleArn") ?? ""
  const arn = roleArnPattern.exec(roleArn)
  const accountId = arn?.[2]
  const roleName = arn?.[3]
  if (accountId === undefined || roleName === undefined) {
    return validationError(`Value '${roleArn}' at 'roleArn' failed to satisfy constraint: Invalid ARN`)
  }
  const sessionName = params.get("RoleSessionName") ?? ""
  if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
    return validationError(
      `Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: ` +
        "Member must match [\\w+=,.@-]{2,64}"
    )
  }
  const durationText = params.get("DurationSeconds")
  const duration = durationText === null ? undefined : Number(durationText)
  if (duration !== undefined && (!Number.isInteger(duration) || duration < 900 || duration > 43200)) {
    return validationError("DurationSeconds must be between 900 and 43200")
  }
  // Every caller here holds role credentials, so this is always role chaining and AWS caps it at one hour.
  if (duration !== undefined && duration > 3600) {
    return validationError(
      "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."
    )
  }
  const externalId = params.get("ExternalId")
  const sourceIdentity = params.get("SourceIdentity")
  const invalid =
    optionalLength(externalId, "ExternalId", 2, 1224) ?? optionalLength(sourceIdentity, "SourceIdentity", 2, 64)
  if (invalid !== undefined) return invalid
  if (!ctx.directory.hasRole(accountId, roleName)) {
    return stsError(
      "AccessDenied",
      `User: ${assumedRoleArn(caller)} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      403
    )
  }
  const issued = ctx.state.issueCredentials({
    accountId,
    roleName,
    roleArn,
    sessionName,
    issuedBy: "AssumeRole",
    chained: true,
    sourceAccessKeyId: caller.accessKeyId,
    externalId: externalId ?? undefined,
    // A source identity, once set, sticks to every role assumed from that session.
    sourceIdentity: sourceIdentity ?? caller.sourceIdentity,
    issuedAtMs: ctx.nowMs,
    expiresAtMs: ctx.nowMs + (duration ?? ctx.knobs.credentialTtlSeconds) * 1000
  })
  return success(
    "AssumeRole",
    "    <Credentials>" +
      element("AccessKeyId", issued.accessKeyId) +
      element("SecretAccessKey", issued.secretAccessKey) +
      element("SessionToken", issued.sessionToken) +
      element("Expiration", isoSeconds(issued.expiresAtMs)) +
      "</Credentials>\n" +
      "    <AssumedRoleUser>" +
      element("AssumedRoleId", userId(issued)) +
      element("Arn", assumedRoleArn(issued)) +
      "</AssumedRoleUser>\n" +
      (issued.sourceIdentity === undefined ? "" : `    ${element("SourceIdentity", issued.sourceIdentity)}\n`)
  )
}

export const getCallerIdentity = (ctx: RequestContext, params: URLSearchParams): Reply => {
  const caller = callerOf(ctx, params)
  if (isReply(caller)) return caller
  return success(
    "GetCallerIdentity",
    `    ${element("UserId", userId(caller))}\n    ${element("Account", caller.accountId)}\n` +
      `    ${element("Arn", assumedRoleArn(caller))}\n`
  )
}

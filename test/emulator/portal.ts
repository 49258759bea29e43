/**
 * The SSO portal (restJson1, GET with snake_case query names, bearer token in `x-amz-sso_bearer_token`):
 * ListAccounts, ListAccountRoles, GetRoleCredentials and Logout.
 */
import { type Reply, type RequestContext, emptyReply, headerValue, isReply, jsonReply } from "./http"
import type { BearerToken } from "./state"

const portalErrors = {
  UnauthorizedException: 401,
  InvalidRequestException: 400,
  ResourceNotFoundException: 404,
  ForbiddenException: 403,
  TooManyRequestsException: 429,
  InternalServerException: 500
} as const

export type PortalErrorName = keyof typeof portalErrors

export const portalError = (name: PortalErrorName, message: string, status?: number): Reply =>
  jsonReply(
    status ?? portalErrors[name],
    { message, __type: `com.amazonaws.switchboard.portal#${name}` },
    { "x-amzn-ErrorType": name }
  )

export const portalFault = (status: number): Reply => {
  const name: PortalErrorName =
    status === 429
      ? "TooManyRequestsException"
      : status === 401
        ? "UnauthorizedException"
        : status === 403
          ? "ForbiddenException"
          : status === 404
            ? "ResourceNotFoundException"
            : status >= 500
              ? "InternalServerException"
              : "InvalidRequestException"
  return portalError(name, `Injected fault (HTTP ${status})`, status)
}

export const portalThrottled = (): Reply => portalError("TooManyRequestsException", "Too many requests")

/** The SSO user the emulator pretends is logged in; it names the sessions of the role credentials. */
export const ssoUserName = "emulator-user"

const authenticate = (ctx: RequestContext): BearerToken | Reply => {
  const token = headerValue(ctx.headers, "x-amz-sso_bearer_token")
  if (token === undefined || token === "") {
    return portalError("UnauthorizedException", "Session token not found or invalid")
  }
  const found = ctx.state.accessTokenStatus(token, ctx.nowMs)
  if (found.status === "valid") return found.token
  return portalError(
    "UnauthorizedException",
    found.status === "expired" ? "Session token has expired" : "Session token not found or invalid"
  )
}

interface Page {
  offset: number
  limit: number
}

/** next_token is opaque to clients; it pins the listing (and account) it belongs to so it cannot be mixed up. */
const encodeNextToken = (scope: string, offset: number): string =>
  Buffer.from(`${scope}:${offset}`, "utf8").toString("base64url")

const pageOf = (ctx: RequestContext, scope: string): Page | Reply => {
  const params = ctx.url.searchParams
  const maxResult = params.get("max_result")
  let limit = Math.min(100, ctx.knobs.pageSize)
  if (maxResult !== null) {
    limit = Number(maxResult)
    if (!/^\d+$/.test(maxResult) || limit < 1 || limit > 100) {
      return portalError("InvalidRequestException", "max_result must be between 1 and 100")
    }
  }
  const nextToken = params.get("next_token")
  if (nextToken === null) return { offset: 0, limit }
  const decoded = Buffer.from(nextToken, "base64url").toString("utf8")
  const prefix = `${scope}:`
  const offsetText = decoded.slice(prefix.length)
  if (!decoded.startsWith(prefix) || !/^\d+$/.test(offsetText)) {
    return portalError("InvalidRequestException", "Invalid next_token")
  }
  return { offset: Number(offsetText), limit }
}

const nextTokenMember = (scope: string, page: Page, total: number): { nextToken?: string } =>
  // The last page has no nextToken at all: botocore stops only then, and fails on a repeated token.
  page.offset + page.limit < total ? { nextToken: encodeNextToken(scope, page.offset + page.limit) } : {}

export const listAccounts = (ctx: RequestContext): Reply => {
  const token = authenticate(ctx)
  if (isReply(token)) return token
  const page = pageOf(ctx, "accounts")
  if (isReply(page)) return page
  return jsonReply(200, {
    accountList: ctx.directory.accounts(page.offset, page.limit),
    ...nextTokenMember("accounts", page, ctx.directory.accountCount)
  })
}

const requiredParam = (ctx: RequestContext, name: string): string | Reply => {
  const value = ctx.url.searchParams.get(name)
  return value === null || value === "" ? portalError("InvalidRequestException", `${name} is required`) : value
}

export const listAccountRoles = (ctx: RequestContext): Reply => {
  const token = authenticate(ctx)
  if (isReply(token)) return token
  const accountId = requiredParam(ctx, "account_id")
  if (isReply(accountId)) return accountId
  if (!ctx.directory.hasAccount(accountId)) return portalError("ForbiddenException", "No access")
  const scope = `roles/${accountId}`
  const page = pageOf(ctx, scope)
  if (isReply(page)) return page
  return jsonReply(200, {
    roleList: ctx.directory.roleNames(page.offset, page.limit).map((roleName) => ({ roleName, accountId })),
    ...nextTokenMember(scope, page, ctx.directory.rolesPerAccount)
  })
}

export const getRoleCredentials = (ctx: RequestContext): Reply => {
  const token = authenticate(ctx)
  if (isReply(token)) return token
  const roleName = requiredParam(ctx, "role_name")
  if (isReply(roleName)) return roleName
  const accountId = requiredParam(ctx, "account_id")
  if (isReply(accountId)) return accountId
  if (!ctx.directory.hasRole(accountId, roleName)) return portalError("ForbiddenException", "No access")
  const issued = ctx.state.issueCredentials({
    accountId,
    roleName,
    roleArn: `arn:aws:iam::${accountId}:role/${roleName}`,
    sessionName: ssoUserName,
    issuedBy: "GetRoleCredentials",
    chained: false,
    sourceAccessKeyId: undefined,
    externalId: undefined,
    sourceIdentity: undefined,
    issuedAtMs: ctx.nowMs,
    expiresAtMs: ctx.nowMs + ctx.knobs.credentialTtlSeconds * 1000
  })
  // Epoch milliseconds here, unlike every other timestamp in these APIs.
  return jsonReply(200, {
    roleCredentials: {
      accessKeyId: issued.accessKeyId,
      secretAccessKey: issued.secretAccessKey,
      sessionToken: issued.sessionToken,
      expiration: issued.expiresAtMs
    }
  })
}

export const logout = (ctx: RequestContext): Reply => {
  const token = authenticate(ctx)
  if (isReply(token)) return token
  ctx.state.revokeSession(token.sessionId)
  return emptyReply(200)
}

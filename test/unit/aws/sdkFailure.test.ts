import { describe, expect, test } from "bun:test"
import { Either, Redacted, Schema } from "effect"
import { DeviceAuthorization, RoleCredentialsOutput, TokenResponse } from "../../../src/aws/model"
import { describeSdkFailure, failureSummary, responseProblem, scrub } from "../../../src/aws/sdkFailure"

/** Shaped like the SDK's service exceptions, without loading the SDK. */
const serviceException = (name: string, status: number, fields: Record<string, unknown> = {}) =>
  Object.assign(new Error(String(fields.message ?? "UnknownError")), {
    name,
    $fault: status >= 500 ? "server" : "client",
    $metadata: { httpStatusCode: status, attempts: 1 },
    ...fields
  })

const systemError = (name: string, code: string, message: string) =>
  Object.assign(new Error(message), { name, code, $metadata: { attempts: 1 } })

describe("describeSdkFailure", () => {
  test("a service exception: name, status, server message", () => {
    expect(describeSdkFailure(serviceException("UnauthorizedException", 401, {
      message: "Session token not found or invalid"
    }))).toEqual({
      name: "UnauthorizedException",
      status: 401,
      network: false,
      detail: "Session token not found or invalid"
    })
  })

  test("OIDC errors: error_description beats the SDK's UnknownError", () => {
    const failure = describeSdkFailure(serviceException("AuthorizationPendingException", 400, {
      error: "authorization_pending",
      error_description: "Authorization is still pending"
    }))
    expect(failure.detail).toBe("Authorization is still pending")
    expect(describeSdkFailure(serviceException("InvalidScopeException", 400)).detail).toBe("InvalidScopeException")
  })

  test.each([
    ["Error", "ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:9"],
    ["TimeoutError", "ECONNRESET", "socket hang up"],
    ["DNSException", "ENOTFOUND", "getaddrinfo ENOTFOUND nowhere.invalid"],
    ["TimeoutError", "", "Connection timed out after 1000 ms"]
  ])("no response (%s %s) is a network failure", (name, code, message) => {
    const failure = describeSdkFailure(systemError(name, code, message))
    expect(failure.network).toBe(true)
    expect(failure.status).toBeUndefined()
  })

  test("a local configuration error is neither a network nor a service failure", () => {
    const message = "Invalid Configuration: FIPS and custom endpoint are not supported"
    const failure = describeSdkFailure(Object.assign(new Error(message), { name: "EndpointError" }))
    expect(failure.network).toBe(false)
    expect(failureSummary(failure, [])).toBe(
      "EndpointError: Invalid Configuration: FIPS and custom endpoint are not supported"
    )
  })

  test("non-Error values are described, not thrown", () => {
    expect(describeSdkFailure("boom")).toEqual({ name: "Error", status: undefined, network: false, detail: "boom" })
  })
})

describe("scrub", () => {
  const token = "aoaAAAAAGk-secret-access-token-value"
  test("removes the call's secrets wherever a server puts them", () => {
    const failure = describeSdkFailure(serviceException("InvalidRequestException", 400, {
      message: `bad header x-amz-sso_bearer_token: ${token} (${token})`
    }))
    const summary = failureSummary(failure, [token, undefined])
    expect(summary).toBe("InvalidRequestException (HTTP 400): bad header x-amz-sso_bearer_token: *** (***)")
    expect(summary).not.toContain(token)
  })

  test("makes one short line", () => {
    const line = scrub(`first\nsecond\t${"x".repeat(500)}`, [])
    expect(line).not.toContain("\n")
    expect(line.startsWith("first second x")).toBe(true)
    expect(line.length).toBe(200)
  })

  test("leaves short values alone so ordinary words survive", () => {
    expect(scrub("access denied", ["de"])).toBe("access denied")
  })
})

describe("response decoding", () => {
  test("an unusable response names the fields, never their values", () => {
    const secret = "AKIAsecret-session-token-value"
    const result = Schema.decodeUnknownEither(RoleCredentialsOutput, { errors: "all" })({
      roleCredentials: { accessKeyId: "ASIA1", secretAccessKey: 42, sessionToken: secret, expiration: secret }
    })
    if (Either.isRight(result)) throw new Error("expected a decoding failure")
    const problem = responseProblem(result.left)
    expect(problem).toBe(
      "unexpected response from AWS: missing or invalid roleCredentials.secretAccessKey, roleCredentials.expiration"
    )
    expect(problem).not.toContain(secret)
  })

  test("tokens become Redacted; absent optional members and nulls are tolerated", () => {
    const token = Schema.decodeUnknownSync(TokenResponse)({ accessToken: "aoa", expiresIn: 3600, refreshToken: null })
    expect(Redacted.value(token.accessToken)).toBe("aoa")
    expect(token.tokenType).toBe("Bearer")
    expect(token.refreshToken).toBeUndefined()
  })

  test.each([[undefined, 5], [null, 5], [0, 5], [3, 3]])("device interval %p -> %p s", (interval, expected) => {
    const device = Schema.decodeUnknownSync(DeviceAuthorization)({
      deviceCode: "d",
      userCode: "U",
      verificationUri: "https://v",
      verificationUriComplete: "https://v?c",
      expiresIn: 600,
      interval
    })
    expect(device.interval).toBe(expected)
  })
})

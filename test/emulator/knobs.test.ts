import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test"
import { GetRoleCredentialsCommand, ListAccountRolesCommand, ListAccountsCommand } from "@aws-sdk/client-sso"
import { CreateTokenCommand, StartDeviceAuthorizationCommand } from "@aws-sdk/client-sso-oidc"
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts"
import { type Emulator, startEmulator } from "./server"
import {
  deviceGrant,
  deviceLogin,
  oidcClient,
  registerDeviceClient,
  rejection,
  roleCredentials,
  ssoClient,
  startUrl,
  stsClient,
  type Tokens
} from "./testkit"

let emu: Emulator
let tokens: Tokens

beforeAll(async () => {
  emu = await startEmulator()
  tokens = await deviceLogin(emu)
})

afterEach(() => {
  emu.setKnobs({ rateLimit: null, faults: [], latencyMs: 0, autoApprove: true })
  emu.resetCounters()
})

afterAll(async () => {
  await emu.stop()
})

const control = (path: string, init?: RequestInit) => fetch(`${emu.url}/_emulator/${path}`, init)

describe("rate limit", () => {
  test("calls beyond the bucket are 429 TooManyRequestsException and counted as throttled", async () => {
    emu.setKnobs({ rateLimit: { ratePerSecond: 1, burst: 2 } })
    const sso = ssoClient(emu, { maxAttempts: 1 })
    const list = () => sso.send(new ListAccountsCommand({ accessToken: tokens.accessToken }))
    await list()
    await list()
    const error = await rejection(list())
    expect(error.name).toBe("TooManyRequestsException")
    expect(error.$metadata?.httpStatusCode).toBe(429)
    expect(emu.counters().throttled).toBe(1)
    expect(emu.counters().calls.ListAccounts).toBe(3)
  })

  test("the bucket is shared with STS, which answers Throttling", async () => {
    const creds = await roleCredentials(emu, "100000000001", "ReadOnly", tokens.accessToken)
    emu.setKnobs({ rateLimit: { ratePerSecond: 0.5, burst: 1 } })
    await ssoClient(emu).send(new ListAccountsCommand({ accessToken: tokens.accessToken }))
    const error = await rejection(stsClient(emu, creds, { maxAttempts: 1 }).send(new GetCallerIdentityCommand({})))
    expect(error.name).toBe("Throttling")
  })

  test("the bucket refills over time", async () => {
    emu.setKnobs({ rateLimit: { ratePerSecond: 20, burst: 1 } })
    const sso = ssoClient(emu, { maxAttempts: 1 })
    await sso.send(new ListAccountsCommand({ accessToken: tokens.accessToken }))
    await Bun.sleep(80)
    await sso.send(new ListAccountsCommand({ accessToken: tokens.accessToken }))
    expect(emu.counters().throttled).toBe(0)
  })
})

describe("fault rules", () => {
  test("a 500 on ListAccountRoles is retried by the SDK and then succeeds", async () => {
    emu.setKnobs({ faults: [{ operation: "ListAccountRoles", status: 500 }] })
    const out = await ssoClient(emu).send(
      new ListAccountRolesCommand({ accessToken: tokens.accessToken, accountId: "100000000001" })
    )
    expect(out.roleList?.length).toBe(2)
    expect(emu.counters().faults).toBe(1)
    expect(emu.counters().calls.ListAccountRoles).toBe(2)
  })

  test("with maxAttempts 1 the fault reaches the caller with its status", async () => {
    emu.setKnobs({ faults: [{ operation: "*", status: 503, count: 2 }] })
    const sso = ssoClient(emu, { maxAttempts: 1 })
    const first = await rejection(sso.send(new ListAccountsCommand({ accessToken: tokens.accessToken })))
    expect(first.$metadata?.httpStatusCode).toBe(503)
    const second = await rejection(
      oidcClient(emu, { maxAttempts: 1 }).send(
        new StartDeviceAuthorizationCommand({ clientId: "x", clientSecret: "y", startUrl })
      )
    )
    expect(second.$metadata?.httpStatusCode).toBe(503)
    await sso.send(new ListAccountsCommand({ accessToken: tokens.accessToken }))
    expect(emu.counters().faults).toBe(2)
  })

  test("an account-scoped rule fails only calls for that account", async () => {
    emu.setKnobs({ faults: [{ operation: "GetRoleCredentials", status: 403, accountId: "100000000002" }] })
    const sso = ssoClient(emu, { maxAttempts: 1 })
    const get = (accountId: string) =>
      sso.send(new GetRoleCredentialsCommand({ accessToken: tokens.accessToken, accountId, roleName: "ReadOnly" }))
    await get("100000000001")
    const error = await rejection(get("100000000002"))
    expect(error.name).toBe("ForbiddenException")
    await get("100000000002")
  })
})

describe("latency", () => {
  test("every AWS API response is delayed, the control API is not", async () => {
    emu.setKnobs({ latencyMs: 150 })
    const started = performance.now()
    await ssoClient(emu).send(new ListAccountsCommand({ accessToken: tokens.accessToken }))
    expect(performance.now() - started).toBeGreaterThanOrEqual(145)
    const controlStarted = performance.now()
    await control("counters")
    expect(performance.now() - controlStarted).toBeLessThan(100)
  })
})

describe("control API over HTTP", () => {
  test("knobs, counters and reset", async () => {
    const set = await control("knobs", {
      method: "POST",
      body: JSON.stringify({ faults: [{ operation: "ListAccounts", status: 500 }] })
    })
    expect(set.status).toBe(200)
    await ssoClient(emu).send(new ListAccountsCommand({ accessToken: tokens.accessToken }))
    const counters = (await (await control("counters")).json()) as { calls: Record<string, number>; faults: number }
    expect(counters.calls["ListAccounts"]).toBe(2)
    expect(counters.faults).toBe(1)
    expect((await control("reset-counters", { method: "POST" })).status).toBe(200)
    expect(emu.counters().calls.ListAccounts).toBe(0)
  })

  test("invalid knobs are refused with 400 and change nothing", async () => {
    const bad = await control("knobs", { method: "POST", body: JSON.stringify({ faults: [{ operation: "X" }] }) })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { message: string }).message).toContain("status")
    const knobs = (await (await control("knobs")).json()) as { faults: Array<unknown> }
    expect(knobs.faults).toEqual([])
  })

  test("approve and deny by user code", async () => {
    emu.setKnobs({ autoApprove: false })
    const oidc = oidcClient(emu)
    const registration = await registerDeviceClient(oidc)
    const device = await oidc.send(new StartDeviceAuthorizationCommand({ ...registration, startUrl }))
    const devices = (await (await control("devices")).json()) as Array<{ userCode: string; status: string }>
    expect(devices.find((d) => d.userCode === device.userCode)?.status).toBe("pending")
    expect((await control(`approve?user_code=${device.userCode}`, { method: "POST" })).status).toBe(200)
    const token = await oidc.send(
      new CreateTokenCommand({ ...registration, grantType: deviceGrant, deviceCode: device.deviceCode })
    )
    expect(token.accessToken).toBeString()
    expect((await control(`deny?user_code=${device.userCode}`, { method: "POST" })).status).toBe(404)
    expect((await control("approve?user_code=ZZZZ-ZZZZ", { method: "POST" })).status).toBe(404)
    expect(emu.counters().grants[deviceGrant]).toBe(1)
  })

  test("revoke ends every session", async () => {
    const own = await deviceLogin(emu)
    expect((await control("revoke", { method: "POST" })).status).toBe(200)
    const error = await rejection(ssoClient(emu).send(new ListAccountsCommand({ accessToken: own.accessToken })))
    expect(error.name).toBe("UnauthorizedException")
    tokens = await deviceLogin(emu)
  })

  test("credentials lists issued key ids with role ARN and expiry, never secrets", async () => {
    const creds = await roleCredentials(emu, "100000000003", "AdministratorAccess", tokens.accessToken)
    const response = await control("credentials")
    const text = await response.text()
    expect(text).not.toContain(creds.secretAccessKey)
    expect(text).not.toContain(creds.sessionToken)
    const listed = JSON.parse(text) as Array<Record<string, unknown>>
    const entry = listed.find((item) => item["accessKeyId"] === creds.accessKeyId)
    expect(entry?.["roleArn"]).toBe("arn:aws:iam::100000000003:role/AdministratorAccess")
    expect(entry?.["issuedBy"]).toBe("GetRoleCredentials")
    expect(entry?.["expiresAtMs"]).toBe(creds.expiration)
  })
})

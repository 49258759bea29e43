import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts"
import { type Emulator, startEmulator } from "./server"
import { deviceLogin, rejection, roleCredentials, type StaticCredentials, stsClient, type Tokens } from "./testkit"

let emu: Emulator
let tokens: Tokens

beforeAll(async () => {
  emu = await startEmulator()
  tokens = await deviceLogin(emu)
})

afterAll(async () => {
  await emu.stop()
})

const ssoCreds = (accountId = "100000000001", roleName = "AdministratorAccess") =>
  roleCredentials(emu, accountId, roleName, tokens.accessToken)

const assume = async (from: StaticCredentials, roleArn: string, extra: { DurationSeconds?: number } = {}) => {
  const out = await stsClient(emu, from).send(
    new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "chain-test", ...extra })
  )
  const creds = out.Credentials
  return {
    out,
    creds: {
      accessKeyId: creds?.AccessKeyId ?? "",
      secretAccessKey: creds?.SecretAccessKey ?? "",
      sessionToken: creds?.SessionToken ?? ""
    }
  }
}

describe("GetCallerIdentity", () => {
  test("reports the SSO role session for credentials from GetRoleCredentials", async () => {
    const creds = await ssoCreds("100000000002", "ReadOnly")
    const out = await stsClient(emu, creds).send(new GetCallerIdentityCommand({}))
    expect(out.Account).toBe("100000000002")
    expect(out.Arn).toBe("arn:aws:sts::100000000002:assumed-role/ReadOnly/emulator-user")
    expect(out.UserId).toMatch(/^AROA[A-Z2-7]{17}:emulator-user$/)
  })

  test("made-up credentials are InvalidClientTokenId (403)", async () => {
    const error = await rejection(
      stsClient(emu, {
        accessKeyId: "ASIAAAAAAAAAAAAAAAAA",
        secretAccessKey: "x".repeat(40),
        sessionToken: "made-up"
      }).send(new GetCallerIdentityCommand({}))
    )
    expect(error.name).toBe("InvalidClientTokenId")
    expect(error.$metadata?.httpStatusCode).toBe(403)
  })

  test("a real key id with a wrong session token is refused too", async () => {
    const creds = await ssoCreds()
    const error = await rejection(
      stsClient(emu, { ...creds, sessionToken: "tampered" }).send(new GetCallerIdentityCommand({}))
    )
    expect(error.name).toBe("InvalidClientTokenId")
  })

  test("expired credentials are ExpiredToken (400)", async () => {
    emu.setKnobs({ credentialTtlSeconds: 0.2 })
    try {
      const creds = await ssoCreds()
      await Bun.sleep(300)
      const error = await rejection(stsClient(emu, creds).send(new GetCallerIdentityCommand({})))
      expect(error.name).toBe("ExpiredToken")
      expect(error.$metadata?.httpStatusCode).toBe(400)
    } finally {
      emu.setKnobs({ credentialTtlSeconds: 3600 })
    }
  })
})

describe("AssumeRole", () => {
  test("issues credentials for a known role and GetCallerIdentity sees the new session", async () => {
    const { out, creds } = await assume(await ssoCreds(), "arn:aws:iam::100000000003:role/ReadOnly")
    expect(out.AssumedRoleUser?.Arn).toBe("arn:aws:sts::100000000003:assumed-role/ReadOnly/chain-test")
    expect(creds.accessKeyId).toMatch(/^ASIA/)
    const expiration = out.Credentials?.Expiration?.getTime() ?? 0
    expect(Math.abs(expiration - (Date.now() + 3600 * 1000))).toBeLessThan(5000)
    const identity = await stsClient(emu, creds).send(new GetCallerIdentityCommand({}))
    expect(identity.Account).toBe("100000000003")
    expect(identity.Arn).toBe("arn:aws:sts::100000000003:assumed-role/ReadOnly/chain-test")
  })

  test("chains: credentials from AssumeRole can assume another role", async () => {
    const first = await assume(await ssoCreds(), "arn:aws:iam::100000000002:role/AdministratorAccess")
    const second = await assume(first.creds, "arn:aws:iam::100000000003:role/ReadOnly", { DurationSeconds: 900 })
    const identity = await stsClient(emu, second.creds).send(new GetCallerIdentityCommand({}))
    expect(identity.Arn).toBe("arn:aws:sts::100000000003:assumed-role/ReadOnly/chain-test")
    const issued = (await (await fetch(`${emu.url}/_emulator/credentials`)).json()) as Array<Record<string, unknown>>
    const record = issued.find((entry) => entry["accessKeyId"] === second.creds.accessKeyId)
    expect(record?.["sourceAccessKeyId"]).toBe(first.creds.accessKeyId)
    expect(record?.["chained"]).toBe(true)
  })

  test("an unknown role is AccessDenied (403)", async () => {
    const error = await rejection(assume(await ssoCreds(), "arn:aws:iam::100000000002:role/NoSuchRole"))
    expect(error.name).toBe("AccessDenied")
    expect(error.$metadata?.httpStatusCode).toBe(403)
    const otherAccount = await rejection(assume(await ssoCreds(), "arn:aws:iam::222222222222:role/ReadOnly"))
    expect(otherAccount.name).toBe("AccessDenied")
  })

  test("role chaining longer than an hour is a ValidationError", async () => {
    const error = await rejection(
      assume(await ssoCreds(), "arn:aws:iam::100000000002:role/ReadOnly", { DurationSeconds: 7200 })
    )
    expect(error.name).toBe("ValidationError")
    expect(error.message).toContain("1 hour session limit")
  })

  test("made-up caller credentials cannot assume roles", async () => {
    const fake = { accessKeyId: "ASIAZZZZZZZZZZZZZZZZ", secretAccessKey: "y".repeat(40), sessionToken: "nope" }
    const error = await rejection(assume(fake, "arn:aws:iam::100000000001:role/ReadOnly"))
    expect(error.name).toBe("InvalidClientTokenId")
  })
})

describe("console federation", () => {
  const signinUrl = (creds: StaticCredentials, duration?: number): string => {
    const url = new URL("/federation", emu.url)
    url.searchParams.set("Action", "getSigninToken")
    if (duration !== undefined) url.searchParams.set("SessionDuration", String(duration))
    url.searchParams.set(
      "Session",
      JSON.stringify({
        sessionId: creds.accessKeyId,
        sessionKey: creds.secretAccessKey,
        sessionToken: creds.sessionToken
      })
    )
    return url.toString()
  }

  // Issuer and Destination unescaped, as upstream aws-sso builds it.
  const loginUrl = (signinToken: string): string =>
    `${emu.url}/federation?Action=login&Issuer=https://d-0000000000.awsapps.com/start` +
    "&Destination=https://console.aws.amazon.com/console/home?region=us-east-1" +
    `&SigninToken=${encodeURIComponent(signinToken)}`

  test("issued credentials get a SigninToken whose login URL works once", async () => {
    const creds = await ssoCreds("100000000002", "ReadOnly")
    const response = await fetch(signinUrl(creds, 3600))
    expect(response.status).toBe(200)
    const { SigninToken } = (await response.json()) as { SigninToken: string }
    expect(SigninToken).toBeString()

    const listed = (await (await fetch(`${emu.url}/_emulator/signin-tokens`)).json()) as Array<Record<string, unknown>>
    const entry = listed.find((item) => item["signinToken"] === SigninToken)
    expect(entry?.["accessKeyId"]).toBe(creds.accessKeyId)
    expect(entry?.["roleArn"]).toBe("arn:aws:iam::100000000002:role/ReadOnly")
    expect(entry?.["sessionDuration"]).toBe(3600)

    const login = await fetch(loginUrl(SigninToken))
    expect(login.status).toBe(200)
    const page = await login.text()
    expect(page).toContain("arn:aws:iam::100000000002:role/ReadOnly")
    expect(page).toContain("https://console.aws.amazon.com/console/home?region=us-east-1")
    expect((await fetch(loginUrl(SigninToken))).status).toBe(400)
  })

  test("made-up credentials get no SigninToken", async () => {
    const fake = { accessKeyId: "ASIAQQQQQQQQQQQQQQQQ", secretAccessKey: "z".repeat(40), sessionToken: "nope" }
    expect((await fetch(signinUrl(fake))).status).toBe(400)
  })

  test("chained credentials are refused with SessionDuration and accepted without", async () => {
    const { creds } = await assume(await ssoCreds(), "arn:aws:iam::100000000002:role/ReadOnly")
    expect((await fetch(signinUrl(creds, 3600))).status).toBe(400)
    expect((await fetch(signinUrl(creds))).status).toBe(200)
  })
})

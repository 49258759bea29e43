import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import {
  GetRoleCredentialsCommand,
  ListAccountRolesCommand,
  ListAccountsCommand,
  LogoutCommand,
  paginateListAccounts
} from "@aws-sdk/client-sso"
import { CreateTokenCommand } from "@aws-sdk/client-sso-oidc"
import { type Emulator, startEmulator } from "./server"
import { deviceLogin, oidcClient, rejection, ssoClient, type Tokens } from "./testkit"

let emu: Emulator
let tokens: Tokens

beforeAll(async () => {
  emu = await startEmulator({ accounts: 250, rolesPerAccount: 4 })
  tokens = await deviceLogin(emu)
})

afterAll(async () => {
  await emu.stop()
})

const allAccounts = async (pageSize?: number) => {
  const ids: Array<string> = []
  let pages = 0
  const paginator = paginateListAccounts(
    { client: ssoClient(emu), ...(pageSize === undefined ? {} : { pageSize }) },
    { accessToken: tokens.accessToken }
  )
  for await (const page of paginator) {
    pages += 1
    for (const account of page.accountList ?? []) ids.push(account.accountId ?? "")
  }
  return { ids, pages }
}

describe("ListAccounts", () => {
  test("the SDK paginator walks all 250 accounts in pages of at most 100", async () => {
    const { ids, pages } = await allAccounts(100)
    expect(pages).toBe(3)
    expect(ids.length).toBe(250)
    expect(new Set(ids).size).toBe(250)
    expect(ids[0]).toBe("100000000001")
    expect(ids[249]).toBe("100000000250")
  })

  test("without max_result pages hold 20 accounts; the last page has no nextToken", async () => {
    emu.resetCounters()
    const { ids, pages } = await allAccounts()
    expect(ids.length).toBe(250)
    expect(pages).toBe(13)
    expect(emu.counters().calls.ListAccounts).toBe(13)
  })

  test("account names and emails follow the account number", async () => {
    const out = await ssoClient(emu).send(new ListAccountsCommand({ accessToken: tokens.accessToken, maxResults: 2 }))
    expect(out.accountList).toEqual([
      { accountId: "100000000001", accountName: "Account 1", emailAddress: "acct1@example.com" },
      { accountId: "100000000002", accountName: "Account 2", emailAddress: "acct2@example.com" }
    ])
    expect(out.nextToken).toBeString()
  })

  test("max_result above 100 is InvalidRequestException", async () => {
    const error = await rejection(
      ssoClient(emu).send(new ListAccountsCommand({ accessToken: tokens.accessToken, maxResults: 101 }))
    )
    expect(error.name).toBe("InvalidRequestException")
  })

  test("thousands of accounts page quickly", async () => {
    const big = await startEmulator({ accounts: 5000 })
    try {
      const login = await deviceLogin(big)
      const started = performance.now()
      let count = 0
      for await (const page of paginateListAccounts(
        { client: ssoClient(big), pageSize: 100 },
        { accessToken: login.accessToken }
      )) {
        count += page.accountList?.length ?? 0
      }
      expect(count).toBe(5000)
      expect(performance.now() - started).toBeLessThan(5000)
    } finally {
      await big.stop()
    }
  })
})

describe("ListAccountRoles and GetRoleCredentials", () => {
  test("roles are AdministratorAccess, ReadOnly, Role3, Role4", async () => {
    const out = await ssoClient(emu).send(
      new ListAccountRolesCommand({ accessToken: tokens.accessToken, accountId: "100000000007" })
    )
    expect(out.roleList).toEqual([
      { roleName: "AdministratorAccess", accountId: "100000000007" },
      { roleName: "ReadOnly", accountId: "100000000007" },
      { roleName: "Role3", accountId: "100000000007" },
      { roleName: "Role4", accountId: "100000000007" }
    ])
    expect(out.nextToken).toBeUndefined()
  })

  test("an unknown account is ForbiddenException (403)", async () => {
    const error = await rejection(
      ssoClient(emu).send(new ListAccountRolesCommand({ accessToken: tokens.accessToken, accountId: "999999999999" }))
    )
    expect(error.name).toBe("ForbiddenException")
    expect(error.$metadata?.httpStatusCode).toBe(403)
  })

  test("credentials expire credentialTtl from now, in epoch milliseconds, and are new on every call", async () => {
    const sso = ssoClient(emu)
    const get = () =>
      sso.send(
        new GetRoleCredentialsCommand({
          accessToken: tokens.accessToken,
          accountId: "100000000002",
          roleName: "ReadOnly"
        })
      )
    const before = Date.now()
    const first = (await get()).roleCredentials
    const second = (await get()).roleCredentials
    expect(first?.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/)
    expect(first?.secretAccessKey).toHaveLength(40)
    expect(first?.sessionToken).toBeString()
    expect(first?.expiration).toBeGreaterThanOrEqual(before + 3600 * 1000)
    expect(first?.expiration).toBeLessThan(Date.now() + 3600 * 1000 + 1)
    expect(second?.accessKeyId).not.toBe(first?.accessKeyId)
  })

  test("an unassigned role is ForbiddenException", async () => {
    const error = await rejection(
      ssoClient(emu).send(
        new GetRoleCredentialsCommand({ accessToken: tokens.accessToken, accountId: "100000000002", roleName: "Role5" })
      )
    )
    expect(error.name).toBe("ForbiddenException")
  })
})

describe("authentication", () => {
  test("a made-up token is UnauthorizedException (401)", async () => {
    const error = await rejection(ssoClient(emu).send(new ListAccountsCommand({ accessToken: "aoa-made-up" })))
    expect(error.name).toBe("UnauthorizedException")
    expect(error.$metadata?.httpStatusCode).toBe(401)
  })

  test("after Logout the access token and its refresh token are refused", async () => {
    const own = await deviceLogin(emu)
    const sso = ssoClient(emu)
    await sso.send(new ListAccountsCommand({ accessToken: own.accessToken }))
    await sso.send(new LogoutCommand({ accessToken: own.accessToken }))
    const error = await rejection(sso.send(new ListAccountsCommand({ accessToken: own.accessToken })))
    expect(error.name).toBe("UnauthorizedException")
    const refresh = await rejection(
      oidcClient(emu).send(
        new CreateTokenCommand({
          clientId: own.clientId,
          clientSecret: own.clientSecret,
          grantType: "refresh_token",
          refreshToken: own.refreshToken
        })
      )
    )
    expect(refresh.name).toBe("InvalidGrantException")
    // Other sessions are untouched.
    await sso.send(new ListAccountsCommand({ accessToken: tokens.accessToken, maxResults: 1 }))
  })

  test("an expired access token is UnauthorizedException", async () => {
    emu.setKnobs({ accessTokenTtlSeconds: 0.2 })
    try {
      const own = await deviceLogin(emu)
      await Bun.sleep(300)
      const error = await rejection(ssoClient(emu).send(new ListAccountsCommand({ accessToken: own.accessToken })))
      expect(error.name).toBe("UnauthorizedException")
      expect(error.message).toBe("Session token has expired")
    } finally {
      emu.setKnobs({ accessTokenTtlSeconds: 28800 })
    }
  })
})

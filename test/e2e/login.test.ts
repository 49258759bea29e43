/**
 * `login` and `logout` through the built binary against the emulator, with a fake browser
 * (test/support/browser.ts) as `UrlAction: exec` and the clear-text json store, so the test can
 * read what was stored.
 */
import { afterEach, describe, expect, test } from "bun:test"
import * as fs from "node:fs"
import * as path from "node:path"
import { cleanupWorlds, expectNoSecretsPrinted, loginConfig, mode, secretsOf, storeJson, world } from "./loginWorld"

afterEach(cleanupWorlds)

/** For tests that run several binaries or wait on purpose. */
const slow = 30_000


describe("login (PKCE, the default workflow)", () => {
  test("opens the browser once, stores the token and registration, prints no secret", async () => {
    const w = await world()
    const r = await w.run(["login", "--level", "trace"])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe("")
    const visits = w.visits("browser")
    expect(visits).toHaveLength(1)
    expect(visits[0]!.startsWith(`${w.emu.url}/authorize?`)).toBe(true)
    expect(new URL(visits[0]!).searchParams.get("redirect_uri")).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(w.emu.counters().grants).toEqual({ authorization_code: 1 })

    const store = storeJson(w)
    expect(store.CreateTokenResponse.Default.accessToken).toBeString()
    expect(store.RegisterClient.Default.grantTypes).toEqual(["authorization_code", "refresh_token"])
    expect(mode(path.join(w.sandbox.configDir, "store.json"))).toBe(0o600)
    expect(mode(w.sandbox.configDir)).toBe(0o700)
    expectNoSecretsPrinted(w, secretsOf(store))
  })

  test("a second login with a valid token says so and never starts the browser", async () => {
    const w = await world()
    expect((await w.run(["login"])).code).toBe(0)
    w.emu.resetCounters()
    const r = await w.run(["login", "--threads", "3"], { BROWSER_LOG: w.log("second") })
    expect(r.code).toBe(0)
    expect(r.stderr).toContain("You are already logged in. :)")
    expect(w.visits("second")).toEqual([])
    expect(w.emu.counters().calls.CreateToken).toBe(0)
    expectNoSecretsPrinted(w, secretsOf(storeJson(w)))
  })

  test("login --force ends the session at AWS and logs in anew", async () => {
    const w = await world()
    expect((await w.run(["login"])).code).toBe(0)
    const before = storeJson(w)
    const r = await w.run(["login", "-f"])
    expect(r.code).toBe(0)
    expect(w.emu.counters().calls.Logout).toBe(1)
    expect(w.visits("browser")).toHaveLength(2)
    const after = storeJson(w)
    expect(after.CreateTokenResponse.Default.accessToken).not.toBe(before.CreateTokenResponse.Default.accessToken)
    expect(after.RegisterClient.Default.clientId).toBe(before.RegisterClient.Default.clientId)
    expectNoSecretsPrinted(w, [...secretsOf(before), ...secretsOf(after)])
  })

  test("an expired access token is refreshed silently: 'already logged in' via the refresh grant", async () => {
    const w = await world({ emulator: { accessTokenTtlSeconds: 2 } })
    expect((await w.run(["login"])).code).toBe(0)
    const before = storeJson(w)
    await Bun.sleep(2_100)
    w.emu.resetCounters()
    const r = await w.run(["login"], { BROWSER_LOG: w.log("second") })
    expect(r.code).toBe(0)
    expect(r.stderr).toContain("You are already logged in. :)")
    expect(w.emu.counters().grants).toEqual({ refresh_token: 1 })
    expect(w.visits("second")).toEqual([])
    const after = storeJson(w)
    expect(after.CreateTokenResponse.Default.RefreshToken).not.toBe(before.CreateTokenResponse.Default.RefreshToken)
    expectNoSecretsPrinted(w, [...secretsOf(before), ...secretsOf(after)])
  }, slow)

  test("ten parallel logins open the browser exactly once and all succeed", async () => {
    const w = await world()
    const results = await Promise.all(Array.from({ length: 10 }, () => w.run(["login"])))
    expect(results.map((r) => r.code)).toEqual(Array(10).fill(0))
    expect(w.visits("browser")).toHaveLength(1)
    expect(results.filter((r) => r.stderr.includes("You are already logged in. :)"))).toHaveLength(9)
    expect(w.emu.counters().calls.RegisterClient).toBe(1)
    expectNoSecretsPrinted(w, secretsOf(storeJson(w)))
  }, slow)

  test("an unknown --url-action is a one-line error naming the flag", async () => {
    const w = await world()
    const r = await w.run(["login", "--url-action", "bogus"])
    expect(r.code).toBe(1)
    expect(r.stderr.trimEnd()).toBe(
      'aws-sso: invalid --url-action "bogus": expected one of open, print, printurl, clip, ansi-osc52, exec, ' +
        "granted-containers, open-url-in-container"
    )
    expect(w.visits("browser")).toEqual([])
  })

  test("--url-action print shows the URL instead of running the browser", async () => {
    const w = await world({ emulator: { autoApprove: false } })
    // Nobody approves a printed URL; the run is cut short once the URL is out.
    const r = await w.sandbox.run(["login", "-u", "print"], { timeoutMs: 1_500 })
    expect(r.stderr).toContain("Please open the following URL in your browser:")
    expect(r.stderr).toContain(`${w.emu.url}/authorize?`)
    expect(w.visits("browser")).toEqual([])
  })
})

describe("login (device code)", () => {
  test("shows the code, opens the verification page and stores the token", async () => {
    const w = await world({ config: loginConfig("json", "AuthWorkflow: device_code\n") })
    const r = await w.run(["login"])
    expect(r.code).toBe(0)
    const code = /\n\tVerify this code in your browser: ([A-Z]{4}-[A-Z]{4})\n/.exec(r.stderr)?.[1]
    expect(code).toBeDefined()
    expect(w.visits("browser")).toEqual([`${w.emu.url}/device?user_code=${code}`])
    const store = storeJson(w)
    expect(store.RegisterClient.Default.grantTypes).toEqual([
      "urn:ietf:params:oauth:grant-type:device_code",
      "refresh_token"
    ])
    expect(w.emu.counters().grants["urn:ietf:params:oauth:grant-type:device_code"]).toBeGreaterThanOrEqual(1)
    expectNoSecretsPrinted(w, secretsOf(store))
  }, slow)
})

describe("logout", () => {
  test("deletes role credentials and the token, ends the session, keeps the registration", async () => {
    const w = await world()
    expect((await w.run(["login"])).code).toBe(0)
    const loggedIn = storeJson(w)
    // A cached role credential, as `exec` will store one.
    const file = path.join(w.sandbox.configDir, "store.json")
    fs.writeFileSync(
      file,
      JSON.stringify({
        ...loggedIn,
        RoleCredentials: {
          "arn:aws:iam::000000000001:role/Admin": {
            roleName: "Admin",
            accountId: 1,
            accessKeyId: "ASIAEXAMPLE",
            secretAccessKey: "cached-secret-access-key",
            sessionToken: "cached-session-token",
            expiration: Date.now() + 3_600_000,
            roleChaining: false
          }
        }
      }),
      { mode: 0o600 }
    )

    const r = await w.run(["logout"])
    expect(r.code).toBe(0)
    expect(r.stderr).toContain("Deleted cached AWS STS credentials")
    expect(w.emu.counters().calls.Logout).toBe(1)
    const after = storeJson(w)
    expect(after.CreateTokenResponse).toBeUndefined()
    expect(after.RoleCredentials).toBeUndefined()
    expect(after.RegisterClient.Default.clientId).toBe(loggedIn.RegisterClient.Default.clientId)

    const again = await w.run(["logout"])
    expect(again.code).toBe(1)
    expect(again.stderr.trimEnd().split("\n").at(-1)).toBe(
      'aws-sso: not logged in: no AWS SSO token is stored for the SSO instance "Default"'
    )
    expect(w.emu.counters().calls.Logout).toBe(1)
    expectNoSecretsPrinted(w, [...secretsOf(loggedIn), "cached-secret-access-key", "cached-session-token"])
  }, slow)

  test("a failing Logout call is a warning and the local logout stands", async () => {
    const w = await world()
    expect((await w.run(["login"])).code).toBe(0)
    w.emu.setKnobs({ faults: [{ operation: "Logout", status: 500, count: 20 }] })
    const r = await w.run(["logout"])
    expect(r.code).toBe(0)
    expect(r.stderr).toContain("WARN Unable to end the AWS SSO session")
    expect(storeJson(w).CreateTokenResponse).toBeUndefined()
  })
})

/**
 * The Secret Service backend against a real gnome-keyring. These tests need the private session that
 * scripts/with-keyring.sh sets up (run: scripts/with-keyring.sh node_modules/.bin/bun test test/unit/store);
 * elsewhere they are skipped, with the reason in their names, so that a plain `bun test` neither fails
 * nor writes into the developer's own keyring. The "no D-Bus" tests run everywhere.
 */
import { describe, expect, test } from "bun:test"
import { Effect, Exit, Logger, Option, Redacted } from "effect"
import * as path from "node:path"
import { makeSecureStore, type SecureStoreOptions } from "../../../src/store/layer"
import { RoleCredentials } from "../../../src/store/records"
import { runTest } from "../../support/effect"
import { roundTripEveryRecord, sampleRoleCredentials, sampleToken, storeOptions, tempDir } from "./support"

// Set by scripts/with-keyring.sh: the D-Bus path of the collection labelled "awsssocli".
const collectionPath = process.env.WITH_KEYRING_COLLECTION_PATH
const skipReason = !process.env.DBUS_SESSION_BUS_ADDRESS
  ? "DBUS_SESSION_BUS_ADDRESS is unset; run under scripts/with-keyring.sh"
  : !collectionPath
  ? "not under scripts/with-keyring.sh, which keeps these writes out of your own keyring"
  : undefined
if (skipReason) console.warn(`secretService.test.ts: real Secret Service tests skipped: ${skipReason}`)

const withBus = test.skipIf(skipReason !== undefined)
const named = (name: string) => (skipReason ? `${name} [skipped: ${skipReason}]` : name)

const quiet = Logger.remove(Logger.defaultLogger)
const build = (options: SecureStoreOptions) => runTest(makeSecureStore(options).pipe(Effect.provide(quiet)))
const secretServiceOptions = (overrides: Partial<SecureStoreOptions> = {}) =>
  storeOptions(tempDir(), { backend: "secret-service", ...overrides })

// What another Secret Service client (libsecret's secret-tool) finds under our item's attributes.
const lookupWithSecretTool = (): string =>
  new TextDecoder().decode(
    Bun.spawnSync(["secret-tool", "lookup", "service", "aws-sso-cli", "username", "aws-sso-cli-records"]).stdout
  )

// The items of one collection that carry our record's attributes, asked over D-Bus directly.
const itemsInCollection = (path: string): string =>
  new TextDecoder().decode(
    Bun.spawnSync([
      "dbus-send",
      "--session",
      "--print-reply",
      "--dest=org.freedesktop.secrets",
      path,
      "org.freedesktop.Secret.Collection.SearchItems",
      "dict:string:string:service,aws-sso-cli,username,aws-sso-cli-records"
    ]).stdout
  )

// Builds the store in a child process whose environment we control (libdbus reads it once per process).
const buildInChild = async (options: SecureStoreOptions, env: Record<string, string | undefined>) => {
  const { password: _password, loadAddon: _loadAddon, ...serialisable } = options
  const script = path.join(import.meta.dir, "storeProbe.ts")
  const child = Bun.spawn([process.execPath, script, JSON.stringify(serialisable)], {
    env: { ...process.env, ...env },
    stdout: "pipe",
    stderr: "pipe"
  })
  const [output] = await Promise.all([new Response(child.stdout).text(), child.exited])
  return JSON.parse(output) as { backend?: string; error?: string; message?: string }
}

describe("Secret Service (real gnome-keyring)", () => {
  withBus(named("round trip of every record type in the configured collection"), async () => {
    const options = secretServiceOptions()
    const store = await build(options)
    expect(store.backend).toBe("secret-service")
    await runTest(roundTripEveryRecord(store, "RoundTrip"))

    await runTest(store.putToken("RoundTrip", sampleToken))
    const seenByLibsecret = JSON.parse(lookupWithSecretTool())
    expect(seenByLibsecret.CreateTokenResponse["token-response:RoundTrip"].accessToken).toBe("access-token-value-1")
    expect(itemsInCollection(collectionPath ?? "")).toContain(`object path "${collectionPath}/`)
    expect(itemsInCollection("/org/freedesktop/secrets/collection/session")).not.toContain("object path")
    await runTest(store.deleteToken("RoundTrip"))
    expect(Option.isNone(await runTest(store.getToken("RoundTrip")))).toBe(true)
  })

  withBus(named("multi-kilobyte records (60 role credentials) round-trip"), async () => {
    const store = await build(secretServiceOptions())
    const arns = Array.from({ length: 60 }, (_, i) => `arn:aws:iam::${String(100000000000 + i)}:role/Role-${i}`)
    await runTest(
      Effect.forEach(arns, (arn, i) =>
        store.putRoleCredentials(
          arn,
          new RoleCredentials({ ...sampleRoleCredentials, sessionToken: Redacted.make(`session-${i}-`.repeat(40)) })
        ))
    )
    expect(lookupWithSecretTool().length).toBeGreaterThan(30_000)
    expect(await runTest(store.listRoleCredentialArns())).toEqual([...arns].sort())
    const last = Option.getOrThrow(await runTest(store.getRoleCredentials(arns[59] ?? "")))
    expect(Redacted.value(last.sessionToken)).toBe("session-59-".repeat(40))
    await runTest(Effect.forEach(arns, (arn) => store.deleteRoleCredentials(arn)))
    expect(await runTest(store.listRoleCredentialArns())).toEqual([])
  }, 60_000)

  withBus(named("with SecureStore unset the Secret Service is chosen"), async () => {
    const store = await build(secretServiceOptions({ backend: undefined }))
    expect(store.backend).toBe("secret-service")
  })

  withBus(named("a missing collection that cannot be created without a prompt is StoreUnavailable"), async () => {
    const options = secretServiceOptions({ secretServiceCollection: "no-such-collection" })
    const exit = await Effect.runPromiseExit(makeSecureStore(options).pipe(Effect.provide(quiet)))
    expect(Exit.isFailure(exit)).toBe(true)
    const message = Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error.message : ""
    expect(message).toStartWith("secret-service store unavailable: collection \"no-such-collection\": ")
    expect(message).toEndWith(`; set SecureStore: file (or json) in ${options.configFile}`)
  }, 30_000)
})

describe("Secret Service absent", () => {
  const noBus = { DBUS_SESSION_BUS_ADDRESS: "unix:path=/nonexistent/aws-sso-test-bus" }

  test("a configured secret-service store without D-Bus is StoreUnavailable saying how to choose another", async () => {
    const options = secretServiceOptions()
    const result = await buildInChild(options, noBus)
    expect(result.error).toBe("StoreUnavailable")
    expect(result.message).toStartWith("secret-service store unavailable: collection \"awsssocli\": ")
    expect(result.message).toEndWith(`; set SecureStore: file (or json) in ${options.configFile}`)
  }, 30_000)

  test("with SecureStore unset and no D-Bus the encrypted file store is used", async () => {
    expect(await buildInChild(secretServiceOptions({ backend: undefined }), noBus)).toEqual({ backend: "file" })
  }, 30_000)
})

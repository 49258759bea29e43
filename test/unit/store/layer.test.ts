import { describe, expect, test } from "bun:test"
import { Effect, Exit, Layer, Logger, Option, Redacted } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import type { KeyringAddon } from "../../../src/store/keyringAddon"
import { makeSecureStore, makeSecureStoreLayer, type SecureStoreOptions } from "../../../src/store/layer"
import { SecureStore } from "../../../src/store/SecureStore"
import { runTest } from "../../support/effect"
import {
  roundTripEveryRecord,
  sampleRoleArn,
  sampleRoleCredentials,
  sampleToken,
  storeOptions,
  tempDir
} from "./support"

interface FakeBehaviour {
  /** Thrown by the entry constructor, as the addon does when no Secret Service answers. */
  readonly constructError?: string
  /** The message setSecret throws for this account and data, if any. */
  readonly setError?: (username: string, data: string) => string | undefined
  /** setSecret succeeds but keeps nothing. */
  readonly dropWrites?: boolean
}

// A stand-in for @napi-rs/keyring: entries live in a Map keyed by target, service and account.
const fakeAddon = (behaviour: FakeBehaviour = {}) => {
  const items = new Map<string, Uint8Array>()
  const created: Array<{ target: string | undefined; service: string; username: string; options: unknown }> = []
  class AsyncEntry {
    readonly id: string
    constructor(
      readonly service: string,
      readonly username: string,
      readonly options?: unknown,
      readonly target?: string
    ) {
      if (behaviour.constructError) throw new Error(behaviour.constructError)
      created.push({ target, service, username, options })
      this.id = `${target ?? "-"}|${service}|${username}`
    }
    static withTarget(target: string, service: string, username: string, options?: unknown) {
      return new AsyncEntry(service, username, options, target)
    }
    async setSecret(data: Uint8Array) {
      const error = behaviour.setError?.(this.username, new TextDecoder().decode(data))
      if (error) throw new Error(error)
      if (!behaviour.dropWrites) items.set(this.id, Uint8Array.from(data))
    }
    async getSecret() {
      const value = items.get(this.id)
      return value ? Array.from(value) : null
    }
    async deleteCredential() {
      return items.delete(this.id)
    }
  }
  return { addon: { AsyncEntry } as unknown as KeyringAddon, items, created }
}

const quiet = Logger.remove(Logger.defaultLogger)

const onKeyring = (
  backend: string | undefined,
  platform: NodeJS.Platform,
  addon: KeyringAddon,
  extra: Partial<SecureStoreOptions> = {}
) => storeOptions(tempDir(), { backend, platform, loadAddon: () => addon, ...extra })

const build = (options: SecureStoreOptions) => runTest(makeSecureStore(options).pipe(Effect.provide(quiet)))

const failureMessage = async (options: SecureStoreOptions): Promise<string> => {
  const exit = await Effect.runPromiseExit(makeSecureStore(options).pipe(Effect.provide(quiet)))
  if (Exit.isFailure(exit) && exit.cause._tag === "Fail") return exit.cause.error.message
  throw new Error("expected the store to be unavailable")
}

describe("backend selection", () => {
  test("unset on Linux: the Secret Service when it answers, pinned to it, in the configured collection", async () => {
    const fake = fakeAddon()
    const options = onKeyring(undefined, "linux", fake.addon, { secretServiceCollection: "team-vault" })
    const store = await build(options)
    expect(store.backend).toBe("secret-service")
    await runTest(store.putToken("Default", sampleToken))
    expect([...fake.items.keys()]).toEqual(["team-vault|aws-sso-cli|aws-sso-cli-records"])
    for (const entry of fake.created) {
      expect(entry.target).toBe("team-vault")
      expect(entry.options).toEqual({ linux: { store: "secret-service" } })
    }
    expect(fake.created.map((entry) => entry.username)).toContain("aws-sso-cli-probe")
    expect(fs.existsSync(options.secureDir)).toBe(false)
  })

  test("unset on Linux without a Secret Service: the encrypted file store", async () => {
    const fake = fakeAddon({ constructError: "Platform secure storage failure: no D-Bus session" })
    const store = await build(onKeyring(undefined, "linux", fake.addon))
    expect(store.backend).toBe("file")
  })

  test("unset and the addon missing: the encrypted file store", async () => {
    const store = await build(
      storeOptions(tempDir(), {
        backend: undefined,
        platform: "darwin",
        loadAddon: () => {
          throw new Error("Cannot find module '@napi-rs/keyring-darwin-arm64'")
        }
      })
    )
    expect(store.backend).toBe("file")
  })

  test("a configured Secret Service that does not answer is StoreUnavailable with the way out", async () => {
    const fake = fakeAddon({ constructError: "Platform secure storage failure: no D-Bus session\nmore detail" })
    const options = onKeyring("secret-service", "linux", fake.addon)
    expect(await failureMessage(options)).toBe(
      "secret-service store unavailable: collection \"awsssocli\": " +
        "Platform secure storage failure: no D-Bus session; " +
        `set SecureStore: file (or json) in ${options.configFile}`
    )
  })

  test("a configured keyring whose addon does not load is StoreUnavailable, not a fallback", async () => {
    const options = storeOptions(tempDir(), {
      backend: "secret-service",
      platform: "linux",
      loadAddon: () => {
        throw new Error("Cannot find module '@napi-rs/keyring-linux-x64-gnu'")
      }
    })
    const message = await failureMessage(options)
    expect(message).toStartWith("secret-service store unavailable: the keyring addon did not load (Cannot find module")
    expect(message).toEndWith(`set SecureStore: file (or json) in ${options.configFile}`)
  })

  test("keyrings of other operating systems are StoreUnavailable", async () => {
    const dir = tempDir()
    expect(await failureMessage(storeOptions(dir, { backend: "keychain", platform: "linux" }))).toStartWith(
      "keychain store unavailable: it exists only on macOS; set SecureStore: file (or json) in "
    )
    expect(await failureMessage(storeOptions(dir, { backend: "wincred", platform: "darwin" }))).toStartWith(
      "wincred store unavailable: it exists only on Windows;"
    )
  })

  test("kwallet, pass and 1password are not supported by this build; unknown names are refused", async () => {
    const dir = tempDir()
    const configFile = storeOptions(dir).configFile
    expect(await failureMessage(storeOptions(dir, { backend: "1password" }))).toBe(
      `1password store unavailable: not supported by this build; set SecureStore: file (or json) in ${configFile}`
    )
    expect(await failureMessage(storeOptions(dir, { backend: "pass" }))).toStartWith(
      "pass store unavailable: not supported by this build;"
    )
    expect(await failureMessage(storeOptions(dir, { backend: "kwallet" }))).toContain("try SecureStore: secret-service")
    expect(await failureMessage(storeOptions(dir, { backend: "vault" }))).toStartWith(
      "vault store unavailable: unknown SecureStore value (known: file, json, keychain, wincred, secret-service)"
    )
  })

  test("backend names are matched without regard to case or spaces", async () => {
    expect((await build(storeOptions(tempDir(), { backend: " JSON " }))).backend).toBe("json")
  })
})

describe("keyring backends (fake addon)", () => {
  test("secret-service: round trip of every record type, one keyring item for the whole store", async () => {
    const fake = fakeAddon()
    const store = await build(onKeyring("secret-service", "linux", fake.addon))
    await runTest(roundTripEveryRecord(store))
    expect([...fake.items.keys()]).toEqual(["awsssocli|aws-sso-cli|aws-sso-cli-records"])
  })

  test("keychain: service aws-sso-cli, account aws-sso-cli-records, the record JSON as the secret", async () => {
    const fake = fakeAddon()
    const store = await build(onKeyring("keychain", "darwin", fake.addon))
    await runTest(store.putToken("Default", sampleToken))
    const stored = fake.items.get("-|aws-sso-cli|aws-sso-cli-records")
    const record = JSON.parse(new TextDecoder().decode(stored))
    expect(record.CreateTokenResponse["token-response:Default"].accessToken).toBe("access-token-value-1")
  })

  test("wincred: upstream's target names and 2000-byte chunks", async () => {
    const fake = fakeAddon()
    const store = await build(onKeyring("wincred", "win32", fake.addon))
    const arns = Array.from({ length: 12 }, (_, i) => `arn:aws:iam::012345678901:role/Role${i}`)
    await runTest(Effect.forEach(arns, (arn) => store.putRoleCredentials(arn, sampleRoleCredentials)))
    const keys = [...fake.items.keys()].sort()
    expect(keys.length).toBeGreaterThanOrEqual(2)
    keys.forEach((key, i) => {
      expect(key).toBe(`aws-sso-cli:aws-sso-cli-records_${i}|aws-sso-cli|aws-sso-cli-records_${i}`)
    })
    expect(fake.items.get(keys[0] ?? "")?.length).toBe(2008)
    expect(await runTest(store.listRoleCredentialArns())).toEqual([...arns].sort())
  })

  test("a keyring failure while saving is a StoreError without the secrets the addon echoed", async () => {
    const fake = fakeAddon({
      setError: (username, data) => (username === "aws-sso-cli-records" ? `could not store ${data}` : undefined)
    })
    const store = await build(
      onKeyring("secret-service", "linux", fake.addon)
    )
    const exit = await Effect.runPromiseExit(store.putToken("Default", sampleToken))
    const message = Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error.message : ""
    expect(message).toBe("secret-service store: cannot save aws-sso-cli-records: could not store <redacted>")
  })

  test("an existing record is proof enough: no throw-away entry is written at start-up", async () => {
    const fake = fakeAddon()
    const options = onKeyring("secret-service", "linux", fake.addon)
    await runTest((await build(options)).putToken("Default", sampleToken))
    fake.created.length = 0
    await build(options)
    expect(fake.created.map((entry) => entry.username)).toEqual(["aws-sso-cli-records"])
  })

  test("a keyring that does not give back what it was given is StoreUnavailable", async () => {
    const forgetful = fakeAddon({ dropWrites: true })
    const options = onKeyring("keychain", "darwin", forgetful.addon)
    expect(await failureMessage(options)).toStartWith(
      "keychain store unavailable: it did not return what was just saved; set SecureStore: file (or json) in "
    )
  })

  test("the record is read afresh, so a write by another process is seen", async () => {
    const fake = fakeAddon()
    const options = onKeyring("secret-service", "linux", fake.addon)
    const a = await build(options)
    const b = await build(options)
    await runTest(a.putRoleCredentials(sampleRoleArn, sampleRoleCredentials))
    expect(Option.isSome(await runTest(b.getRoleCredentials(sampleRoleArn)))).toBe(true)
  })
})

describe("SecureStore layers", () => {
  test("layerMemory: a working, empty store per build", async () => {
    const program = Effect.gen(function*() {
      const store = yield* SecureStore
      expect(store.backend).toBe("memory")
      yield* roundTripEveryRecord(store)
      yield* store.putEcsBearerToken(Redacted.make("t"))
    })
    await runTest(program.pipe(Effect.provide(SecureStore.layerMemory)))
    await runTest(
      Effect.gen(function*() {
        const store = yield* SecureStore
        expect(Option.isNone(yield* store.getEcsBearerToken())).toBe(true)
      }).pipe(Effect.provide(SecureStore.layerMemory))
    )
  })

  test("makeSecureStoreLayer provides the chosen backend", async () => {
    const dir = tempDir()
    const layer = makeSecureStoreLayer(storeOptions(dir, { backend: "json" })).pipe(Layer.provide(quiet))
    const backend = await runTest(Effect.map(SecureStore, (store) => store.backend).pipe(Effect.provide(layer)))
    expect(backend).toBe("json")
    expect(fs.existsSync(path.join(dir, "aws-sso"))).toBe(false)
  })
})

import { describe, expect, test } from "bun:test"
import { Effect, Exit, Logger, Option, Redacted } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { makeSecureStore } from "../../../src/store/layer"
import { runTest } from "../../support/effect"
import { roundTripEveryRecord, sampleRegistration, sampleRoleArn, sampleToken, storeOptions, tempDir } from "./support"

const modeOf = (p: string) => fs.statSync(p).mode & 0o777

const jsonStore = (dir: string) =>
  runTest(
    makeSecureStore(storeOptions(dir, { backend: "json" })).pipe(Effect.provide(Logger.remove(Logger.defaultLogger)))
  )

describe("json store", () => {
  test("round trip of every record type", async () => {
    const store = await jsonStore(tempDir())
    expect(store.backend).toBe("json")
    await runTest(roundTripEveryRecord(store))
  })

  test("writes upstream's store.json layout, 0600 in a 0700 folder", async () => {
    const dir = tempDir()
    const store = await jsonStore(dir)
    await runTest(store.putRegistration("Default", sampleRegistration))
    await runTest(store.putToken("Default", sampleToken))
    const file = storeOptions(dir).jsonStoreFile
    expect(modeOf(file)).toBe(0o600)
    expect(modeOf(path.dirname(file))).toBe(0o700)
    const json = JSON.parse(fs.readFileSync(file, "utf8"))
    expect(Object.keys(json)).toEqual(["RegisterClient", "CreateTokenResponse"])
    expect(json.RegisterClient.Default.clientSecret).toBe("client-secret-value-1")
    expect(json.CreateTokenResponse.Default.RefreshToken).toBe("refresh-token-value-1")
    await runTest(store.deleteToken("Default"))
    expect(Object.keys(JSON.parse(fs.readFileSync(file, "utf8")))).toEqual(["RegisterClient"])
  })

  test("reads a store.json written by the Go tool and keeps what it does not use", async () => {
    const dir = tempDir()
    const file = storeOptions(dir).jsonStoreFile
    fs.mkdirSync(path.dirname(file), { recursive: true })
    const goStore = {
      RegisterClient: {
        Default: { clientId: "go-cid", clientIdIssuedAt: 1, clientSecret: "go-secret", clientSecretExpiresAt: 2 }
      },
      StaticCredentials: { "arn:aws:iam::123456789012:user/foo": { userName: "foo", accountId: 123456789012 } },
      EcsBearerToken: "go-ecs"
    }
    fs.writeFileSync(file, JSON.stringify(goStore, null, 2))
    const store = await jsonStore(dir)
    const registration = Option.getOrThrow(await runTest(store.getRegistration("Default")))
    expect(Redacted.value(registration.clientSecret)).toBe("go-secret")
    expect(Redacted.value(Option.getOrThrow(await runTest(store.getEcsBearerToken())))).toBe("go-ecs")
    await runTest(store.putToken("Default", sampleToken))
    const rewritten = JSON.parse(fs.readFileSync(file, "utf8"))
    expect(rewritten.StaticCredentials).toEqual(goStore.StaticCredentials)
    expect(rewritten.RegisterClient.Default.clientSecret).toBe("go-secret")
  })

  test("a store.json of the wrong shape is an error and is not overwritten", async () => {
    const dir = tempDir()
    const file = storeOptions(dir).jsonStoreFile
    fs.mkdirSync(path.dirname(file), { recursive: true })
    const bad = JSON.stringify({ RoleCredentials: { [sampleRoleArn]: { roleName: 42 } } })
    fs.writeFileSync(file, bad)
    const store = await jsonStore(dir)
    const exit = await Effect.runPromiseExit(store.putToken("Default", sampleToken))
    expect(Exit.isFailure(exit)).toBe(true)
    const message = Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error.message : ""
    expect(message).toStartWith(`the secure store at ${file} is not readable:`)
    expect(message).toContain("roleName: wrong type")
    expect(fs.readFileSync(file, "utf8")).toBe(bad)
  })

  test("a missing or blank file is an empty store", async () => {
    const dir = tempDir()
    const store = await jsonStore(dir)
    expect(await runTest(store.listRoleCredentialArns())).toEqual([])
    const file = storeOptions(dir).jsonStoreFile
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, "\n")
    expect(Option.isNone(await runTest(store.getToken("Default")))).toBe(true)
  })

  test("opening it warns that the JSON store is not encrypted", async () => {
    const messages: Array<unknown> = []
    const capture = Logger.replace(Logger.defaultLogger, Logger.make(({ message }) => messages.push(message)))
    await runTest(makeSecureStore(storeOptions(tempDir(), { backend: "json" })).pipe(Effect.provide(capture)))
    expect(messages.flat()).toContain("Using insecure json file for SecureStore")
  })
})

import { describe, expect, test } from "bun:test"
import { Effect, Exit, Option, Redacted } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { type PasswordRequest, makeSecureStore } from "../../../src/store/layer"
import { runTest } from "../../support/effect"
import { handDecrypt, handEncrypt } from "./handJwe"
import {
  roundTripEveryRecord,
  sampleRoleArn,
  sampleRoleCredentials,
  sampleSecrets,
  sampleToken,
  storeOptions,
  tempDir
} from "./support"

const modeOf = (p: string) => fs.statSync(p).mode & 0o777

// The keyring item the Go library encrypts: its Data is the base64 of the record JSON.
const goItemJson = (record: unknown, key = "aws-sso-cli-records") =>
  JSON.stringify({
    Key: key,
    Data: Buffer.from(JSON.stringify(record)).toString("base64"),
    Label: "aws-sso-cli",
    Description: "aws-sso secure storage",
    KeychainNotTrustApplication: false,
    KeychainNotSynchronizable: false
  })

const goRecord = {
  RegisterClientData: {},
  CreateTokenResponse: {
    "token-response:Work": {
      accessToken: "go-access-token",
      expiresIn: 28800,
      expiresAt: 1700028800,
      IdToken: "",
      RefreshToken: "",
      tokenType: "Bearer"
    }
  },
  RoleCredentials: {},
  StaticCredentials: {},
  EcsBearerToken: "",
  EcsPrivateKey: "",
  EcsCertChain: ""
}

const failureOf = <A, E>(exit: Exit.Exit<A, E>): E => {
  if (Exit.isFailure(exit) && exit.cause._tag === "Fail") return exit.cause.error
  throw new Error(`expected a failure, got ${String(exit)}`)
}

describe("file store", () => {
  test("round trip of every record type", async () => {
    const store = await runTest(makeSecureStore(storeOptions(tempDir())))
    expect(store.backend).toBe("file")
    await runTest(roundTripEveryRecord(store))
  })

  test("writes one JWE file, 0600 in a 0700 folder, that an independent decoder opens", async () => {
    const dir = tempDir()
    const options = storeOptions(dir)
    const store = await runTest(makeSecureStore(options))
    await runTest(store.putToken("Default", sampleToken))
    const file = path.join(options.secureDir, "aws-sso-cli-records")
    expect(fs.readdirSync(options.secureDir)).toEqual(["aws-sso-cli-records"])
    expect(modeOf(file)).toBe(0o600)
    expect(modeOf(options.secureDir)).toBe(0o700)
    const jwe = fs.readFileSync(file, "utf8")
    for (const secret of sampleSecrets) expect(jwe).not.toContain(secret)

    const { header, payload } = handDecrypt(jwe, "correct horse")
    expect(header.alg).toBe("PBES2-HS256+A128KW")
    expect(header.enc).toBe("A256GCM")
    expect(header.p2c).toBe(8192)
    expect(Buffer.from(String(header.p2s), "base64url").length).toBeGreaterThanOrEqual(8)
    expect(typeof header.created).toBe("string")
    const item = JSON.parse(payload)
    expect(item).toMatchObject({
      Key: "aws-sso-cli-records",
      Label: "aws-sso-cli",
      Description: "aws-sso secure storage",
      KeychainNotTrustApplication: false,
      KeychainNotSynchronizable: false
    })
    const record = JSON.parse(Buffer.from(item.Data, "base64").toString("utf8"))
    expect(record.CreateTokenResponse["token-response:Default"].accessToken).toBe("access-token-value-1")
    expect(Object.keys(record)).toEqual([
      "RegisterClientData",
      "CreateTokenResponse",
      "RoleCredentials",
      "StaticCredentials",
      "EcsBearerToken",
      "EcsPrivateKey",
      "EcsCertChain"
    ])
  })

  test("opens a record file built by an independent encoder, as the Go tool writes it", async () => {
    const dir = tempDir()
    const options = storeOptions(dir, { password: Effect.succeed(Redacted.make("happy1")) })
    fs.mkdirSync(options.secureDir, { recursive: true, mode: 0o700 })
    const jwe = handEncrypt(goItemJson(goRecord), "happy1", {
      p2s: Buffer.from("0123456789ab"),
      extraHeader: { created: "2026-08-22 10:00:00.123456789 +0200 CEST m=+0.012345678" }
    })
    fs.writeFileSync(path.join(options.secureDir, "aws-sso-cli-records"), jwe, { mode: 0o600 })
    const store = await runTest(makeSecureStore(options))
    const token = Option.getOrThrow(await runTest(store.getToken("Work")))
    expect(Redacted.value(token.accessToken)).toBe("go-access-token")
    expect(token.refreshToken).toBeUndefined()
    // And our rewrite keeps it readable by the independent decoder.
    await runTest(store.putRoleCredentials(sampleRoleArn, sampleRoleCredentials))
    const rewritten = fs.readFileSync(path.join(options.secureDir, "aws-sso-cli-records"), "utf8")
    const item = JSON.parse(handDecrypt(rewritten, "happy1").payload)
    const record = JSON.parse(Buffer.from(item.Data, "base64").toString("utf8"))
    expect(record.CreateTokenResponse["token-response:Work"].accessToken).toBe("go-access-token")
    expect(record.RoleCredentials[sampleRoleArn].accountId).toBe(12345678901)
  })

  test("a wrong password is StorePasswordWrong and never overwrites the record (upstream A.25 fixed)", async () => {
    const dir = tempDir()
    const good = await runTest(makeSecureStore(storeOptions(dir)))
    await runTest(good.putToken("Default", sampleToken))
    const file = path.join(storeOptions(dir).secureDir, "aws-sso-cli-records")
    const before = fs.readFileSync(file)

    const wrong = await runTest(
      makeSecureStore(storeOptions(dir, { password: Effect.succeed(Redacted.make("wrong password")) }))
    )
    const readError = failureOf(await Effect.runPromiseExit(wrong.getToken("Default")))
    expect(readError._tag).toBe("StorePasswordWrong")
    expect(readError.message).toStartWith("the file store password is wrong")
    expect(readError.message).toContain(file)
    expect(readError.message).not.toContain("wrong password")
    for (const write of [
      wrong.putToken("Other", sampleToken),
      wrong.putRoleCredentials(sampleRoleArn, sampleRoleCredentials),
      wrong.deleteToken("Default"),
      wrong.deleteEcsBearerToken()
    ]) {
      expect(failureOf(await Effect.runPromiseExit(write))._tag).toBe("StorePasswordWrong")
    }
    expect(fs.readFileSync(file).equals(before)).toBe(true)
    const token = Option.getOrThrow(await runTest(good.getToken("Default")))
    expect(Redacted.value(token.accessToken)).toBe("access-token-value-1")
  })

  test("asks for the password once per process, only when needed, and says whether the store is new", async () => {
    const dir = tempDir()
    const requests: Array<PasswordRequest> = []
    const password = (request: PasswordRequest) =>
      Effect.sync(() => {
        requests.push(request)
        return Redacted.make("typed password")
      })
    const first = await runTest(makeSecureStore(storeOptions(dir, { password })))
    expect(Option.isNone(await runTest(first.getToken("Default")))).toBe(true)
    expect(requests.length).toBe(0)
    await runTest(first.putToken("Default", sampleToken))
    await runTest(first.putRoleCredentials(sampleRoleArn, sampleRoleCredentials))
    await runTest(first.getToken("Default"))
    expect(requests).toEqual([{ secureDir: storeOptions(dir).secureDir, isNewStore: true }])

    const second = await runTest(makeSecureStore(storeOptions(dir, { password })))
    await runTest(second.getToken("Default"))
    await runTest(second.getRoleCredentials(sampleRoleArn))
    expect(requests.length).toBe(2)
    expect(requests[1]?.isNewStore).toBe(false)
  })

  test("an empty password is refused before anything is written", async () => {
    const dir = tempDir()
    const store = await runTest(
      makeSecureStore(storeOptions(dir, { password: Effect.succeed(Redacted.make("")) }))
    )
    const error = failureOf(await Effect.runPromiseExit(store.putToken("Default", sampleToken)))
    expect(error.message).toBe("file store: cannot unlock the store: the password is empty")
    expect(fs.existsSync(storeOptions(dir).secureDir)).toBe(false)
  })

  test("on Windows the record is split into upstream's 2000-byte chunk files", async () => {
    const dir = tempDir()
    const options = storeOptions(dir, { platform: "win32" })
    const store = await runTest(makeSecureStore(options))
    const arns = Array.from({ length: 20 }, (_, i) => `arn:aws:iam::012345678901:role/Role${i}`)
    await runTest(Effect.forEach(arns, (arn) => store.putRoleCredentials(arn, sampleRoleCredentials)))
    const files = fs.readdirSync(options.secureDir).sort()
    expect(files.length).toBeGreaterThanOrEqual(3)
    expect(files[0]).toBe("aws-sso-cli-records_0")
    const chunks = files.map((_, i) => {
      const item = JSON.parse(
        handDecrypt(fs.readFileSync(path.join(options.secureDir, `aws-sso-cli-records_${i}`), "utf8"), "correct horse")
          .payload
      )
      expect(item.Key).toBe(`aws-sso-cli-records_${i}`)
      return Buffer.from(item.Data, "base64")
    })
    const total = Number(chunks[0]?.readBigUInt64BE(0))
    const payload = Buffer.concat([chunks[0]?.subarray(8) ?? Buffer.alloc(0), ...chunks.slice(1)])
    expect(payload.length).toBe(total)
    expect(chunks.slice(0, -1).every((chunk, i) => chunk.length === (i === 0 ? 2008 : 2000))).toBe(true)
    expect(Object.keys(JSON.parse(payload.toString("utf8")).RoleCredentials).sort()).toEqual([...arns].sort())

    // Shrinking the record removes the chunk files it no longer needs.
    await runTest(Effect.forEach(arns.slice(1), (arn) => store.deleteRoleCredentials(arn)))
    expect(fs.readdirSync(options.secureDir)).toEqual(["aws-sso-cli-records_0"])
    expect(await runTest(store.listRoleCredentialArns())).toEqual(arns.slice(0, 1))
  })

  test("two stores of one process writing at once lose no update", async () => {
    const dir = tempDir()
    const a = await runTest(makeSecureStore(storeOptions(dir)))
    const b = await runTest(makeSecureStore(storeOptions(dir)))
    const arns = Array.from({ length: 6 }, (_, i) => `arn:aws:iam::012345678901:role/R${i}`)
    await runTest(
      Effect.all(arns.map((arn, i) => (i % 2 === 0 ? a : b).putRoleCredentials(arn, sampleRoleCredentials)), {
        concurrency: "unbounded"
      })
    )
    expect(await runTest(a.listRoleCredentialArns())).toEqual(arns)
  })
})

describe("stores shared by several processes", () => {
  for (const backend of ["file", "json"] as const) {
    test(`${backend}: 8 processes saving different role credentials at once all land`, async () => {
      const dir = tempDir()
      const { password: _password, ...options } = storeOptions(dir, { backend })
      const worker = path.join(import.meta.dir, "storeWorker.ts")
      const arns = Array.from({ length: 8 }, (_, i) => `arn:aws:iam::012345678901:role/P${i}`)
      const children = arns.map((arn) =>
        Bun.spawn([process.execPath, worker, JSON.stringify(options), arn], {
          env: { ...process.env, AWS_SSO_FILE_PASSWORD: "correct horse" },
          stderr: "pipe"
        })
      )
      const codes = await Promise.all(children.map((child) => child.exited))
      const errors = await Promise.all(children.map((child) => new Response(child.stderr).text()))
      expect(errors.join("")).not.toContain("Error")
      expect(codes).toEqual(arns.map(() => 0))
      const store = await runTest(makeSecureStore(storeOptions(dir, { backend })))
      expect(await runTest(store.listRoleCredentialArns())).toEqual(arns)
      expect(fs.existsSync(options.lockFile)).toBe(false)
    }, 60_000)
  }
})

import { afterEach, beforeEach, describe, expect, test } from "bun:test"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { tryProcessFastPath } from "../../../src/fastpath/process"
import { parseProcessArgs, type ProcessRequest, requestKey } from "../../../src/fastpath/request"
import { withAnswer } from "../../../src/fastpath/save"
import {
  cacheStamp,
  type FastPathSnapshot,
  maxAnswers,
  type SnapshotAnswer,
  sha256Hex,
  snapshotFile,
  snapshotVersion
} from "../../../src/fastpath/snapshot"

const arn = "arn:aws:iam::000123456789:role/Admin"
const now = Date.UTC(2026, 10, 22, 12, 0, 0)
const config = "SSOConfig:\n  Default:\n    SSORegion: us-east-1\n    StartUrl: https://d-0000000000.awsapps.com/start\n"

let home = ""
let configDir = ""
const write = (file: string, text: string) => fs.writeFileSync(path.join(configDir, file), text, { mode: 0o600 })
const storeWith = (expiration: number) =>
  write("store.json", JSON.stringify({
    RoleCredentials: {
      [arn]: { roleName: "Admin", accountId: 123456789, accessKeyId: "ASIAFAST", secretAccessKey: "s", sessionToken: "t",
        expiration }
    }
  }))
/** A snapshot as the full path writes it after answering these requests. */
const snapshot = (answers: ReadonlyArray<[ProcessRequest, SnapshotAnswer]>, overrides: Partial<FastPathSnapshot> = {}) =>
  write("fast-start.json", JSON.stringify({
    version: snapshotVersion,
    configFile: path.join(configDir, "config.yaml"),
    configSha256: sha256Hex(new TextEncoder().encode(config)),
    store: { backend: "json", file: path.join(configDir, "store.json") },
    answers: Object.fromEntries(answers.map(([request, answer]) => [requestKey(request), answer])),
    ...overrides
  }))

const run = async (args: Array<string>, env: Record<string, string> = {}) => {
  let out = ""
  const code = await tryProcessFastPath(args, { HOME: home, ...env }, now, (t) => (out += t))
  return { code, out }
}

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), "aws-sso-fast-"))
  configDir = path.join(home, ".aws-sso")
  fs.mkdirSync(configDir, { mode: 0o700 })
  write("config.yaml", config)
  write("cache.json", "{}")
  storeWith(now + 60 * 60_000)
  snapshot([[{ arn }, { arn }]])
})
afterEach(() => fs.rmSync(home, { recursive: true, force: true }))

describe("argument shapes", () => {
  test("every selection form, with global flags before or after, as --flag value or --flag=value", () => {
    expect(parseProcessArgs(["process", "--arn", arn], {})).toEqual({
      request: { arn, account: undefined, role: undefined, profile: undefined, sso: undefined },
      config: undefined
    })
    expect(parseProcessArgs(["-S", "Default", "process", "-a", arn], {})?.request).toMatchObject({ arn, sso: "Default" })
    expect(parseProcessArgs(["process", `--arn=${arn}`, "--config", "x.yaml"], {})?.config).toBe("x.yaml")
    expect(parseProcessArgs(["process", "-A", "123", "-R", "Admin", "--lines"], {})?.request)
      .toMatchObject({ account: "123", role: "Admin" })
    expect(parseProcessArgs(["process", "--profile=p", "--level", "warn"], {})?.request).toMatchObject({ profile: "p" })
    expect(parseProcessArgs(["process", "-p", "p"], { AWS_SSO: "Other" })?.request.sso).toBe("Other")
    expect(parseProcessArgs(["process", "-p", "p", "--sso", "Mine"], { AWS_SSO: "Other" })?.request.sso).toBe("Mine")
  })

  test("anything else goes to the full command", () => {
    const none = (args: Array<string>) => expect(parseProcessArgs(args, {})).toBeUndefined()
    none(["process", "--arn", arn, "--sts-refresh"])
    none(["process", "--arn", arn, "--help"])
    none(["process", "--arn", arn, "--arn", arn])
    none(["process", "--arn"])
    none(["--arn", arn, "process"])
    none(["process", "--arn", arn, "--level", "debug"])
    none(["process", "--arn", arn, "--level", "nonsense"])
    none(["process", "--arn", arn, "extra"])
    none(["eval", "--arn", arn])
  })

  test("the request key ignores empty selection values, as parseSelection does, but not an empty --sso", () => {
    expect(requestKey({ arn, profile: "" })).toBe(requestKey({ arn }))
    expect(requestKey({ arn, sso: "" })).not.toBe(requestKey({ arn }))
  })
})

describe("answers from the store only when everything matches", () => {
  test("prints the credential_process JSON for fresh stored credentials", async () => {
    const r = await run(["process", "--arn", arn])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.out)).toEqual({
      Version: 1,
      AccessKeyId: "ASIAFAST",
      SecretAccessKey: "s",
      SessionToken: "t",
      Expiration: new Date(now + 60 * 60_000).toISOString().replace(".000Z", "Z")
    })
  })

  test("only requests a full run answered: -A/-R, --profile and $AWS_SSO each need their own answer", async () => {
    expect((await run(["process", "-A", "123456789", "-R", "Admin"])).code).toBeUndefined()
    expect((await run(["process", "--arn", arn], { AWS_SSO: "Default" })).code).toBeUndefined()
    const stamp = cacheStamp(path.join(configDir, "cache.json"))
    snapshot([
      [{ account: "123456789", role: "Admin" }, { arn, cache: stamp }],
      [{ profile: "admin", sso: "Default" }, { arn, cache: stamp }]
    ])
    expect((await run(["process", "-A", "123456789", "-R", "Admin"])).code).toBe(0)
    expect((await run(["process", "-p", "admin"], { AWS_SSO: "Default" })).code).toBe(0)
    expect((await run(["process", "-p", "admin", "-S", "Default"])).code).toBe(0)
    expect((await run(["process", "-p", "admin"])).code).toBeUndefined()
  })

  test("an answer taken from the role cache lapses when cache.json is replaced", async () => {
    snapshot([[{ profile: "admin" }, { arn, cache: cacheStamp(path.join(configDir, "cache.json")) }]])
    expect((await run(["process", "-p", "admin"])).code).toBe(0)
    fs.writeFileSync(path.join(configDir, "cache.json.tmp"), "{ }")
    fs.renameSync(path.join(configDir, "cache.json.tmp"), path.join(configDir, "cache.json"))
    expect((await run(["process", "-p", "admin"])).code).toBeUndefined()
  })

  test("a relative --config is taken from the working directory", async () => {
    const cwd = process.cwd()
    process.chdir(home)
    try {
      expect((await run(["--config", ".aws-sso/config.yaml", "process", "--arn", arn])).code).toBe(0)
      expect((await run(["--config", "elsewhere.yaml", "process", "--arn", arn])).code).toBeUndefined()
    } finally {
      process.chdir(cwd)
    }
  })

  test("credentials with 15 minutes or less left go to the full path", async () => {
    storeWith(now + 15 * 60_000)
    expect((await run(["process", "--arn", arn])).code).toBeUndefined()
  })

  test("an edited config goes to the full path, which validates it", async () => {
    write("config.yaml", config + "AuthWorkflow: nonsense\n")
    expect((await run(["process", "--arn", arn])).code).toBeUndefined()
  })

  test("a record the store's schema would reject, a missing snapshot or store go to the full path", async () => {
    write("store.json", JSON.stringify({ RoleCredentials: { [arn]: { accessKeyId: "A", expiration: now + 3_600_000 } } }))
    expect((await run(["process", "--arn", arn])).code).toBeUndefined()
    fs.rmSync(path.join(configDir, "store.json"))
    expect((await run(["process", "--arn", arn])).code).toBeUndefined()
    storeWith(now + 60 * 60_000)
    fs.rmSync(snapshotFile(configDir))
    expect((await run(["process", "--arn", arn])).code).toBeUndefined()
  })

  test("a snapshot for another config file is ignored", async () => {
    snapshot([[{ arn }, { arn }]], { configFile: "/elsewhere/config.yaml" })
    expect((await run(["process", "--arn", arn])).code).toBeUndefined()
  })
})

describe("saving answers", () => {
  const base = {
    version: snapshotVersion,
    configFile: "/c.yaml",
    configSha256: "h",
    store: { backend: "json" as const, file: "/s.json" }
  }
  test("keeps the answers of the same config and store, newest last, at most maxAnswers", () => {
    let s = withAnswer(undefined, base, "a", { arn: "A" })
    s = withAnswer(s, base, "b", { arn: "B" })
    s = withAnswer(s, base, "a", { arn: "A2" })
    expect(Object.entries(s.answers)).toEqual([["b", { arn: "B" }], ["a", { arn: "A2" }]])
    for (let i = 0; i < maxAnswers + 5; i++) s = withAnswer(s, base, `k${i}`, { arn: `${i}` })
    expect(Object.keys(s.answers).length).toBe(maxAnswers)
    expect(Object.keys(s.answers).at(-1)).toBe(`k${maxAnswers + 4}`)
  })
  test("starts over for another config or store", () => {
    const s = withAnswer(undefined, base, "a", { arn: "A" })
    expect(withAnswer(s, { ...base, configSha256: "other" }, "b", { arn: "B" }).answers).toEqual({ b: { arn: "B" } })
    expect(withAnswer(s, { ...base, store: { backend: "keychain" } }, "b", { arn: "B" }).answers)
      .toEqual({ b: { arn: "B" } })
  })
})

import { afterEach, beforeEach, describe, expect, test } from "bun:test"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { parseProcessArgs, tryProcessFastPath } from "../../../src/fastpath/process"
import { type FastPathSnapshot, sha256Hex, snapshotFile } from "../../../src/fastpath/snapshot"

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
const snapshot = (overrides: Partial<FastPathSnapshot> = {}) =>
  write("fast-start.json", JSON.stringify({
    version: 1,
    configFile: path.join(configDir, "config.yaml"),
    configSha256: sha256Hex(new TextEncoder().encode(config)),
    instances: { Default: { partition: "aws" } },
    defaultSso: "Default",
    store: { backend: "json", file: path.join(configDir, "store.json") },
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
  storeWith(now + 60 * 60_000)
  snapshot()
})
afterEach(() => fs.rmSync(home, { recursive: true, force: true }))

describe("argument shapes", () => {
  test("takes only `process --arn ARN` with global flags around it", () => {
    expect(parseProcessArgs(["process", "--arn", arn])).toEqual({ arn, sso: undefined, config: undefined })
    expect(parseProcessArgs(["-S", "Default", "process", "-a", arn])?.sso).toBe("Default")
    expect(parseProcessArgs(["process", `--arn=${arn}`, "--config", "/x.yaml"])?.config).toBe("/x.yaml")
    expect(parseProcessArgs(["process", "--arn", arn, "--sts-refresh"])).toBeUndefined()
    expect(parseProcessArgs(["process", "--profile", "p"])).toBeUndefined()
    expect(parseProcessArgs(["process"])).toBeUndefined()
    expect(parseProcessArgs(["eval", "--arn", arn])).toBeUndefined()
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

  test("credentials with 15 minutes or less left go to the full path", async () => {
    storeWith(now + 15 * 60_000)
    expect((await run(["process", "--arn", arn])).code).toBeUndefined()
  })

  test("an edited config goes to the full path, which validates it", async () => {
    write("config.yaml", config + "AuthWorkflow: nonsense\n")
    expect((await run(["process", "--arn", arn])).code).toBeUndefined()
  })

  test("an unknown instance, another ARN, a missing snapshot or store go to the full path", async () => {
    expect((await run(["-S", "Other", "process", "--arn", arn])).code).toBeUndefined()
    expect((await run(["process", "--arn", arn], { AWS_SSO: "Other" })).code).toBeUndefined()
    expect((await run(["process", "--arn", "arn:aws:iam::000123456789:role/Other"])).code).toBeUndefined()
    fs.rmSync(path.join(configDir, "store.json"))
    expect((await run(["process", "--arn", arn])).code).toBeUndefined()
    storeWith(now + 60 * 60_000)
    fs.rmSync(snapshotFile(configDir))
    expect((await run(["process", "--arn", arn])).code).toBeUndefined()
  })

  test("a snapshot for another config file is ignored", async () => {
    snapshot({ configFile: "/elsewhere/config.yaml" })
    expect((await run(["process", "--arn", arn])).code).toBeUndefined()
  })
})

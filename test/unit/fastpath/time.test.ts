import { afterEach, beforeEach, describe, expect, test } from "bun:test"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { sha256Hex } from "../../../src/domain/sha256"
import {
  configCheckFile,
  configCheckVersion,
  loadKey,
  maxCleanLoads,
  withCleanLoad
} from "../../../src/fastpath/configCheck"
import { tryTimeFastPath } from "../../../src/fastpath/time"

const now = Date.UTC(2026, 10, 22, 12, 0, 0)
const config = "SSOConfig:\n  Default:\n    SSORegion: us-east-1\n    StartUrl: https://d-0000000000.awsapps.com/start\n"
const inTwoHours = "2026-11-22T14:05:30Z"

let home = ""
let configDir = ""
const checked = (clean: ReadonlyArray<string>, configFile = path.join(configDir, "config.yaml")) =>
  fs.writeFileSync(configCheckFile(configDir), JSON.stringify({
    version: configCheckVersion,
    configFile,
    configSha256: sha256Hex(config),
    clean
  }))
const plain = loadKey({ sso: undefined, browser: undefined, env: {} })

const run = (args: Array<string>, env: Record<string, string> = {}) => {
  let out = ""
  const code = tryTimeFastPath(args, { HOME: home, AWS_SSO_SESSION_EXPIRATION: inTwoHours, ...env }, now, (t) => (out += t))
  return { code, out }
}

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), "aws-sso-time-"))
  configDir = path.join(home, ".aws-sso")
  fs.mkdirSync(configDir, { mode: 0o700 })
  fs.writeFileSync(path.join(configDir, "config.yaml"), config)
  checked([plain])
})
afterEach(() => fs.rmSync(home, { recursive: true, force: true }))

describe("time without loading the config", () => {
  test("prints the remaining time, or nothing when no credentials are exported", () => {
    expect(run(["time"])).toEqual({ code: 0, out: "2h5m" })
    expect(run(["time"], { AWS_SSO_SESSION_EXPIRATION: "" })).toEqual({ code: 0, out: "" })
    expect(run(["--lines", "time", "--level", "warn"])).toEqual({ code: 0, out: "2h5m" })
  })

  test("only for a load a full run found clean, with the same overrides", () => {
    expect(run(["time", "-S", "Default"]).code).toBeUndefined()
    expect(run(["time"], { AWS_SSO: "Default" }).code).toBeUndefined()
    expect(run(["time"], { AWS_SSO_BROWSER: "firefox" }).code).toBeUndefined()
    expect(run(["time"], { SSH_TTY: "/dev/pts/1" }).code).toBeUndefined()
    checked([plain, loadKey({ sso: "Default", browser: undefined, env: {} })])
    expect(run(["time", "-S", "Default"]).code).toBe(0)
    expect(run(["time"], { AWS_SSO: "Default" }).code).toBe(0)
  })

  test("an edited, never checked or other config, a malformed time or another flag go to the full command", () => {
    expect(run(["time"], { AWS_SSO_SESSION_EXPIRATION: "soon" }).code).toBeUndefined()
    expect(run(["time", "--help"]).code).toBeUndefined()
    expect(run(["time", "--level", "debug"]).code).toBeUndefined()
    expect(run(["time", "extra"]).code).toBeUndefined()
    expect(run(["--config", "/elsewhere.yaml", "time"]).code).toBeUndefined()
    fs.appendFileSync(path.join(configDir, "config.yaml"), "Colour: blue\n")
    expect(run(["time"]).code).toBeUndefined()
    fs.writeFileSync(path.join(configDir, "config.yaml"), config)
    checked([plain], "/elsewhere/config.yaml")
    expect(run(["time"]).code).toBeUndefined()
    fs.rmSync(configCheckFile(configDir))
    expect(run(["time"]).code).toBeUndefined()
  })

  test("keeps the clean loads of the same file and bytes, at most maxCleanLoads", () => {
    const base = { version: configCheckVersion, configFile: "/c.yaml", configSha256: "h" }
    let c = withCleanLoad(undefined, base, "a")
    for (let i = 0; i < maxCleanLoads + 3; i++) c = withCleanLoad(c, base, `k${i}`)
    expect(c.clean.length).toBe(maxCleanLoads)
    expect(withCleanLoad(c, { ...base, configSha256: "other" }, "b").clean).toEqual(["b"])
  })
})

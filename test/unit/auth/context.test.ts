/**
 * The CLI wiring of the REQUIRED level (`withToken` in src/cli/context.ts): the store chosen from
 * config.yaml, the token handed to the command, and the login hint. No command needs a token yet,
 * so a throw-away one is mounted under the real root command.
 */
import * as CliConfig from "@effect/cli/CliConfig"
import * as Command from "@effect/cli/Command"
import * as BunFileSystem from "@effect/platform-bun/BunFileSystem"
import * as BunPath from "@effect/platform-bun/BunPath"
import * as BunTerminal from "@effect/platform-bun/BunTerminal"
import { afterEach, beforeEach, describe, expect, test } from "bun:test"
import { Effect, Exit, Layer, Logger, Redacted } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { withToken } from "../../../src/cli/context"
import { rootCommand } from "../../../src/cli/globals"

let home = ""
const variables = ["HOME", "XDG_CONFIG_HOME", "AWS_SSO_CONFIG", "AWS_SSO"] as const
let saved: Record<string, string | undefined> = {}

// The CLI reads paths and flags from the process environment, so for each test it points at a
// temporary HOME and nothing else.
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), "aws-sso-context-"))
  fs.mkdirSync(path.join(home, ".aws-sso"), { mode: 0o700 })
  saved = Object.fromEntries(variables.map((name) => [name, process.env[name]]))
  for (const name of variables) delete process.env[name]
  process.env.HOME = home
})
afterEach(() => {
  for (const name of variables) {
    if (saved[name] === undefined) delete process.env[name]
    else process.env[name] = saved[name]
  }
  fs.rmSync(home, { recursive: true, force: true })
})

const writeConfig = (extra = "") =>
  fs.writeFileSync(
    path.join(home, ".aws-sso", "config.yaml"),
    `SSOConfig:\n  Default:\n    SSORegion: us-east-1\n    StartUrl: https://d-0000000000.awsapps.com/start\n` +
      `SecureStore: json\nLogLevel: error\n${extra}`
  )

const run = (onToken: (token: string) => void) => {
  const needsToken = Command.make("needs-token", {}, () =>
    withToken("needs-token", (token) => Effect.sync(() => onToken(Redacted.value(token)))))
  const cli = Command.run(rootCommand.pipe(Command.withSubcommands([needsToken])), { name: "aws-sso", version: "0" })
  const platform = Layer.mergeAll(
    BunFileSystem.layer,
    BunPath.layer,
    BunTerminal.layer,
    CliConfig.layer({ showBuiltIns: false }),
    Logger.remove(Logger.defaultLogger)
  )
  return Effect.runPromiseExit(cli(["aws-sso", "aws-sso", "needs-token"]).pipe(Effect.provide(platform)))
}

describe("withToken", () => {
  test("without a stored token the command fails with upstream's login hint", async () => {
    writeConfig()
    let called = false
    const exit = await run(() => (called = true))
    expect(Exit.isFailure(exit)).toBe(true)
    if (Exit.isFailure(exit) && exit.cause._tag === "Fail") {
      expect((exit.cause.error as Error).message).toBe(
        "Must run `aws-sso login` before running `aws-sso needs-token`"
      )
    } else throw new Error("expected a typed failure")
    expect(called).toBe(false)
  })

  test("a valid stored token (json store from config.yaml) is handed to the command", async () => {
    writeConfig()
    const store = {
      CreateTokenResponse: {
        Default: {
          accessToken: "stored-access-token",
          expiresIn: 3600,
          expiresAt: Math.floor(Date.now() / 1000) + 3600,
          IdToken: "",
          RefreshToken: "",
          tokenType: "Bearer"
        }
      }
    }
    fs.writeFileSync(path.join(home, ".aws-sso", "store.json"), JSON.stringify(store), { mode: 0o600 })
    let seen: string | undefined
    const exit = await run((token) => (seen = token))
    expect(Exit.isSuccess(exit)).toBe(true)
    expect(seen).toBe("stored-access-token")
  })
})

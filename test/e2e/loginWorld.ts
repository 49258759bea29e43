/**
 * Shared set-up of the login and store end-to-end tests: the emulator, a sandbox whose config
 * uses the fake browser (test/support/browser.ts) as `UrlAction: exec`, and checks that no
 * secret from the store was ever printed.
 */
import { expect } from "bun:test"
import * as fs from "node:fs"
import * as path from "node:path"
import { type Emulator, type EmulatorOptions, startEmulator } from "../emulator/server"
import { makeSandbox, type RunResult, type Sandbox } from "../support/cli"

const browserScript = path.resolve(import.meta.dir, "..", "support", "browser.ts")

export const loginConfig = (store: string, extra = "") =>
  `SSOConfig:
  Default:
    SSORegion: us-east-1
    StartUrl: https://d-0000000000.awsapps.com/start
UrlAction: exec
UrlExecCommand: ${JSON.stringify([process.execPath, browserScript, "%s"])}
SecureStore: ${store}
${extra}`

export interface World {
  readonly emu: Emulator
  readonly sandbox: Sandbox
  /** Every stdout and stderr of this world's runs, for the secrets check. */
  readonly outputs: Array<string>
  readonly run: (args: ReadonlyArray<string>, env?: Record<string, string>) => Promise<RunResult>
  /** Lines of a browser log (one URL per visit); [] when the browser never ran. */
  readonly visits: (log: string) => ReadonlyArray<string>
  readonly log: (name: string) => string
}

const cleanups: Array<() => Promise<void> | void> = []

/** Stops the emulators and removes the sandboxes of the test that just ran (use in afterEach). */
export const cleanupWorlds = async () => {
  while (cleanups.length) await cleanups.pop()!()
}

/** An emulator plus a sandbox whose config logs in through the fake browser. */
export const world = async (options: { emulator?: EmulatorOptions; config?: string } = {}): Promise<World> => {
  const emu = await startEmulator(options.emulator)
  cleanups.push(() => emu.stop())
  const sandbox = makeSandbox(emu.env)
  cleanups.push(() => sandbox.cleanup())
  sandbox.writeConfig(options.config ?? loginConfig("json"))
  const outputs: Array<string> = []
  const logPath = (name: string) => path.join(sandbox.home, `${name}.log`)
  return {
    emu,
    sandbox,
    outputs,
    log: logPath,
    run: async (args, env = {}) => {
      const result = await sandbox.run(args, { env: { BROWSER_LOG: logPath("browser"), ...env } })
      outputs.push(result.stdout, result.stderr)
      return result
    },
    visits: (name) => {
      const file = logPath(name)
      return fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").filter((l) => l !== "") : []
    }
  }
}

export const storeJson = (w: World): Record<string, any> =>
  JSON.parse(fs.readFileSync(path.join(w.sandbox.configDir, "store.json"), "utf8"))

/** Every secret ever written to the store must be absent from everything the binary printed. */
export const secretsOf = (store: Record<string, any>): Array<string> => {
  const secrets: Array<string> = []
  for (const token of Object.values(store.CreateTokenResponse ?? {}) as Array<any>) {
    secrets.push(token.accessToken, token.RefreshToken)
  }
  for (const registration of Object.values(store.RegisterClient ?? {}) as Array<any>) {
    secrets.push(registration.clientSecret)
  }
  return secrets.filter((s): s is string => typeof s === "string" && s.length > 0)
}

export const expectNoSecretsPrinted = (w: World, secrets: ReadonlyArray<string>) => {
  expect(secrets.length).toBeGreaterThan(0)
  for (const output of w.outputs) for (const secret of secrets) expect(output.includes(secret)).toBe(false)
}

export const mode = (file: string) => fs.statSync(file).mode & 0o777

/**
 * The Authenticator wired to the emulator with the real OIDC / portal clients, an in-memory store
 * and a URL opener that plays the user's browser.
 */
import { Effect, Either, Layer, Logger, Ref } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { Authenticator, type AuthenticatorConfig } from "../../../src/auth/Authenticator"
import { type LoadedSettings, parseSettingsText, Settings } from "../../../src/config/load"
import { Paths, resolvePaths } from "../../../src/config/paths"
import { type OpenedUrl, UrlOpener } from "../../../src/os/urlAction"
import { SecureStore } from "../../../src/store/SecureStore"
import { type Emulator, type EmulatorOptions, startEmulator } from "../../emulator/server"
import { clientLayers } from "../aws/harness"

export const startUrl = "https://d-0000000000.awsapps.com/start"

export const configYaml = (extra = "") =>
  `SSOConfig:
  Default:
    SSORegion: us-east-1
    StartUrl: ${startUrl}
UrlAction: print
${extra}`

export const settingsFrom = (yaml: string): LoadedSettings => {
  const parsed = Effect.runSync(Effect.either(parseSettingsText(yaml, "/tmp/aws-sso-test/config.yaml", {}, {})))
  if (Either.isLeft(parsed)) throw new Error(parsed.left.message)
  return parsed.right
}

/** A running emulator for the test's scope. */
export const emulator = (options: EmulatorOptions = {}) =>
  Effect.acquireRelease(
    Effect.promise(() => startEmulator(options)),
    (emu) => Effect.promise(() => emu.stop().catch(() => undefined))
  )

/** A temporary config directory (for the login lock), removed with the scope. */
export const tempHome = Effect.acquireRelease(
  Effect.sync(() => fs.mkdtempSync(path.join(os.tmpdir(), "aws-sso-auth-"))),
  (dir) => Effect.sync(() => fs.rmSync(dir, { recursive: true, force: true }))
)

/** What the fake browser does with a URL it is given. */
export type BrowserBehaviour = (url: string) => Promise<void>

/** Visits the URL and follows redirects, as browser.ts does: approves devices, completes PKCE. */
export const follow: BrowserBehaviour = async (url) => {
  await (await fetch(url, { redirect: "follow" })).text()
}

/** Never visits the URL (the user walked away). */
export const ignore: BrowserBehaviour = async () => undefined

export interface Harness {
  readonly emu: Emulator
  readonly opened: Ref.Ref<ReadonlyArray<OpenedUrl>>
  readonly stderr: Array<string>
  /** Every log line, as "LEVEL message". */
  readonly logs: Array<string>
  readonly layer: Layer.Layer<Authenticator | SecureStore>
  /** The same store, with an authenticator for other settings (a second process, say). */
  readonly authenticatorFor: (settings: LoadedSettings, config?: AuthenticatorConfig) => Layer.Layer<Authenticator>
}

export interface HarnessOptions {
  readonly emulator?: EmulatorOptions
  readonly config?: string
  readonly browser?: BrowserBehaviour
  readonly auth?: AuthenticatorConfig
}

/**
 * Builds the harness; the store persists across the layers it hands out (one memory store per
 * harness), like the store file does across processes.
 */
export const makeHarness = (options: HarnessOptions = {}) =>
  Effect.gen(function*() {
    const emu = yield* emulator(options.emulator)
    const home = yield* tempHome
    const opened = yield* Ref.make<ReadonlyArray<OpenedUrl>>([])
    const stderr: Array<string> = []
    const logs: Array<string> = []
    const logger = Logger.replace(
      Logger.defaultLogger,
      Logger.make(({ logLevel, message }) => {
        logs.push(`${logLevel.label} ${Array.isArray(message) ? message.join(" ") : String(message)}`)
      })
    )
    const browser = options.browser ?? follow
    const opener = Layer.succeed(UrlOpener, {
      open: (url, action, container) =>
        Ref.update(opened, (all) => [...all, { url, action, container }]).pipe(
          Effect.zipRight(Effect.promise(() => browser(url)))
        )
    })
    const store = yield* Layer.build(SecureStore.layerMemory).pipe(Effect.map((ctx) => Layer.succeedContext(ctx)))
    const paths = Layer.succeed(Paths, resolvePaths({ HOME: home }, undefined, () => false))
    const base = Layer.mergeAll(clientLayers(emu.env), store, opener, paths)
    const authenticatorFor = (settings: LoadedSettings, config: AuthenticatorConfig = {}) =>
      Authenticator.layer({ stderr: (text) => stderr.push(text), ...options.auth, ...config }).pipe(
        Layer.provide(Layer.merge(base, Settings.layerTest(settings))),
        Layer.merge(logger)
      )
    const settings = settingsFrom(configYaml(options.config))
    const layer = Layer.merge(authenticatorFor(settings), store)
    return { emu, opened, stderr, logs, layer, authenticatorFor } satisfies Harness
  })

/** The query of an opened URL. */
export const queryOf = (url: string): URLSearchParams => new URL(url).searchParams

/**
 * `setup wizard` from start to end: read the current config (if any), ask, check that our own
 * loader accepts the result, keep a backup if wanted, and write config.yaml atomically (0600).
 * Loaded lazily (see `index.ts`): no command pays for it unless the wizard runs.
 */
import { Clock, Effect, Either } from "effect"
import * as fs from "node:fs"
import type { NotATerminal } from "../cli/select/errors"
import { span } from "../cli/select/ansi"
import { confirmPrompt } from "../cli/select/prompts"
import { openTerminal, type TerminalSession } from "../cli/select/terminal"
import { runWidget } from "../cli/select/widget"
import { type ConfigInvalid, ConfigNotFound } from "../config/errors"
import { type LoadedSettings, loadSettings, parseSettingsText, type SettingsEnv } from "../config/load"
import { atomicWrite } from "../os/atomicWrite"
import type { FileWriteError } from "../os/errors"
import { isRemoteHost } from "../os/urlAction"
import { answerEdits, firstRunSettings, firstRunSkeleton, settingsOf, type WizardCurrent } from "./answers"
import { readKnownSsoSessions } from "./awsConfig"
import { backupName, copyBackup } from "./backup"
import {
  applyEdit,
  detectIndent,
  newConfigDocument,
  parseConfigDocument,
  renameInstance,
  renderConfigDocument
} from "./document"
import { WizardAborted, WizardResultInvalid } from "./errors"
import { type Ask, askQuestions } from "./questions"

export interface WizardRequest {
  readonly configFile: string
  readonly awsConfigFile: string
  readonly home: string
  /** Default of `JsonStore`, for reading the current config the way commands do. */
  readonly jsonStoreFile: string
  /** `--sso` / `$AWS_SSO`: the instance to edit (a new one when the config has no such instance). */
  readonly ssoOverride: string | undefined
  readonly advanced: boolean
  readonly env: Readonly<Record<string, string | undefined>>
  /** Why the wizard runs: asked for, or a command found no config file. */
  readonly reason: "asked" | "missing"
}

export interface WizardOutcome {
  readonly file: string
  /** False when the answers left the file as it was. */
  readonly written: boolean
  readonly backup: string | undefined
}

export type WizardError = WizardAborted | NotATerminal | ConfigInvalid | FileWriteError | WizardResultInvalid

const settingsEnv = (env: WizardRequest["env"]): SettingsEnv => ({
  SSH_TTY: env.SSH_TTY,
  WSL_DISTRO_NAME: env.WSL_DISTRO_NAME
})

/** The config as it is, or none; a `--sso` name the config lacks means a new instance. */
const loadCurrent = (request: WizardRequest): Effect.Effect<LoadedSettings | undefined, ConfigInvalid> => {
  const locations = { jsonStoreFile: request.jsonStoreFile, home: request.home }
  const load = (sso: string | undefined) =>
    loadSettings(request.configFile, { sso }, settingsEnv(request.env), locations)
  return load(request.ssoOverride).pipe(
    Effect.catchIf(
      (e): e is ConfigInvalid => e._tag === "ConfigInvalid" && request.ssoOverride !== undefined,
      () => load(undefined)
    ),
    Effect.catchIf((e): e is ConfigNotFound => e instanceof ConfigNotFound, () => Effect.succeed(undefined))
  )
}

const currentOf = (request: WizardRequest, loaded: LoadedSettings | undefined): WizardCurrent => {
  const remote = isRemoteHost(request.env)
  if (loaded === undefined) {
    return {
      file: request.configFile,
      exists: false,
      ssoName: request.ssoOverride ?? "Default",
      sso: undefined,
      settings: firstRunSettings(remote)
    }
  }
  const ssoName = request.ssoOverride ?? loaded.ssoName
  const sso = Object.hasOwn(loaded.config.SSOConfig, ssoName) ? loaded.config.SSOConfig[ssoName] : undefined
  return {
    file: loaded.file,
    exists: true,
    ssoName,
    sso: sso === undefined
      ? undefined
      : { StartUrl: sso.StartUrl, SSORegion: sso.SSORegion, DefaultRegion: sso.DefaultRegion },
    settings: settingsOf(loaded.config)
  }
}

const readAwsConfig = (file: string): string => {
  try {
    return fs.readFileSync(file, "utf8")
  } catch {
    // No ~/.aws/config (or unreadable): nothing to offer.
    return ""
  }
}

const note = (session: TerminalSession, text: string) => session.commit([[span(text, { dim: true })]])

export const runWizard = (request: WizardRequest): Effect.Effect<WizardOutcome, WizardError> =>
  Effect.scoped(Effect.gen(function*() {
    const loaded = yield* loadCurrent(request)
    const current = currentOf(request, loaded)
    const file = current.file
    const session = yield* openTerminal({
      purpose: "run the setup wizard",
      instead: `write ${file} by hand (see https://synfinatic.github.io/aws-sso-cli/config/)`
    })
    const ask: Ask = (widget) =>
      runWidget(session, widget).pipe(Effect.mapError((e) => new WizardAborted({ key: e.key, file })))

    if (request.reason === "missing") yield* note(session, `No config file at ${file} yet: a few questions create it.`)
    else yield* note(session, `aws-sso setup wizard: answers go to ${file}.`)
    yield* note(session, "Enter keeps the value shown; Esc or Ctrl-C leaves without changing anything.")

    const wantsBackup = current.exists
      ? yield* ask(confirmPrompt({ message: `Back up ${file} first?`, initial: true }))
      : false
    const answers = yield* askQuestions({
      current,
      advanced: request.advanced,
      remote: isRemoteHost(request.env),
      platform: process.platform,
      executables: { home: request.home, pathVariable: request.env.PATH, platform: process.platform },
      knownSessions: current.sso === undefined ? readKnownSsoSessions(readAwsConfig(request.awsConfigFile)) : []
    }, ask)

    const before = current.exists ? fs.readFileSync(file, "utf8") : ""
    const doc = current.exists
      ? parseConfigDocument(before)
      : newConfigDocument(firstRunSkeleton(answers.ssoName, current.settings))
    const renamed = current.sso !== undefined && answers.ssoName !== current.ssoName
    if (renamed) renameInstance(doc, current.ssoName, answers.ssoName)
    for (const edit of answerEdits(answers, current.settings)) applyEdit(doc, edit)
    const text = renderConfigDocument(doc, current.exists ? detectIndent(before) : 4)

    if (current.exists && text === before) {
      yield* note(session, `No changes: ${file} is up to date.`)
      return { file, written: false, backup: undefined }
    }
    const check = yield* Effect.either(
      parseSettingsText(text, file, { sso: answers.ssoName }, settingsEnv(request.env), {
        jsonStoreFile: request.jsonStoreFile,
        home: request.home
      })
    )
    if (Either.isLeft(check)) return yield* new WizardResultInvalid({ file, reason: check.left.message })

    let backup: string | undefined
    if (wantsBackup) {
      backup = backupName(file, yield* Clock.currentTimeMillis)
      yield* copyBackup(file, backup)
    }
    yield* atomicWrite(file, text, { mode: 0o600 })
    yield* session.commit([[span("Wrote ", { fg: "Green" }), span(file, { bold: true })]])
    if (backup !== undefined) yield* note(session, `The previous version is in ${backup}.`)
    const changedInstance = current.sso === undefined || renamed || current.sso.StartUrl !== answers.startUrl
    if (changedInstance) yield* note(session, "Next: `aws-sso login` signs you in to AWS SSO.")
    return { file, written: true, backup }
  }))

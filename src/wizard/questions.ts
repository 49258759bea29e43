/**
 * The questions of `setup wizard`, in upstream's order: (advanced: instance name), partition,
 * start URL, SSO region, default region, profile names, URL handling, then with `--advanced` the
 * rest. Every prompt starts on the current value, so a re-run is a series of Enters.
 */
import { Effect, Either } from "effect"
import type { Partition } from "../aws/endpoints"
import { choicePrompt, type Choice, confirmPrompt, textPrompt } from "../cli/select/prompts"
import type { Widget } from "../cli/select/widget"
import {
  type AuthWorkflow,
  type ConfigProfilesUrlAction,
  containerUrlActions,
  DEFAULT_PROFILE_FORMAT,
  FALLBACK_PROFILE_FORMAT,
  type LogLevelName,
  LogLevelValues,
  type UrlAction
} from "../config/Settings"
import type { AdvancedAnswers, WizardAnswers, WizardCurrent } from "./answers"
import type { KnownSsoSession } from "./awsConfig"
import type { WizardAborted } from "./errors"
import { partitionInfo, partitionOfRegion, partitions, regionFitsPartition, regionInStartUrl } from "./partitions"
import {
  type ExecutableCheck,
  exampleProfileName,
  joinCommand,
  validateInstanceName,
  validateInteger,
  validateProfileFormat,
  validateProgram,
  validateStartUrl,
  validateUrlExecCommand
} from "./validate"

export interface QuestionContext {
  readonly current: WizardCurrent
  readonly advanced: boolean
  /** On SSH or WSL: no local browser, so the URL choices change. */
  readonly remote: boolean
  readonly platform: NodeJS.Platform
  readonly executables: ExecutableCheck
  /** Instances found in ~/.aws/config, offered when the instance is new. */
  readonly knownSessions: ReadonlyArray<KnownSsoSession>
}

/** Shows one prompt and waits for its answer. */
export type Ask = <S, A>(widget: Widget<S, A>) => Effect.Effect<A, WizardAborted>

const indexOr = <A>(choices: ReadonlyArray<Choice<A>>, found: (c: Choice<A>) => boolean, fallback = 0): number => {
  const i = choices.findIndex(found)
  return i < 0 ? fallback : i
}

const regionChoices = (partition: Partition, extra: ReadonlyArray<string>): Array<Choice<string>> => {
  const listed = partitionInfo(partition).regions.map((r) => ({ label: r.id, value: r.id, description: r.name }))
  const unlisted = extra.filter((id) => id !== "" && !listed.some((c) => c.value === id))
  return [...unlisted.map((id) => ({ label: id, value: id, description: "(current)" })), ...listed]
}

const customRegion = (partition: Partition) => (typed: string): Choice<string> | undefined =>
  regionFitsPartition(typed, partition) ? { label: typed, value: typed, description: "not in the list" } : undefined

/** The Firefox binary where the OS installs it by default. */
const defaultFirefox = (platform: NodeJS.Platform): string =>
  platform === "darwin"
    ? "/Applications/Firefox.app/Contents/MacOS/firefox"
    : platform === "win32"
    ? "C:\\Program Files\\Mozilla Firefox\\firefox.exe"
    : "/usr/bin/firefox"

const urlActionChoices = (remote: boolean): ReadonlyArray<Choice<UrlAction>> => {
  const anywhere: ReadonlyArray<Choice<UrlAction>> = [
    { label: "print", value: "print", description: "print the URL with instructions, to open it yourself" },
    { label: "printurl", value: "printurl", description: "print only the URL" },
    { label: "ansi-osc52", value: "ansi-osc52", description: "copy it through the terminal (OSC 52; works over SSH)" },
    { label: "exec", value: "exec", description: "run a command of your choice with the URL" }
  ]
  if (remote) return anywhere
  return [
    { label: "open", value: "open", description: "open it in the default browser" },
    ...anywhere.slice(0, 2),
    { label: "clip", value: "clip", description: "copy it to the clipboard" },
    ...anywhere.slice(2),
    {
      label: "granted-containers",
      value: "granted-containers",
      description: "Firefox container per role (Granted Containers extension)"
    },
    {
      label: "open-url-in-container",
      value: "open-url-in-container",
      description: "Firefox container per role (Open external links in a container)"
    }
  ]
}

const profileFormatQuestion = (ask: Ask, current: string) =>
  Effect.gen(function*() {
    const example = (format: string) => Either.getOrElse(exampleProfileName(format), () => "")
    const choices: ReadonlyArray<Choice<string | undefined>> = [
      { label: "Default", value: FALLBACK_PROFILE_FORMAT, description: `e.g. ${example(FALLBACK_PROFILE_FORMAT)}` },
      { label: "Friendly", value: DEFAULT_PROFILE_FORMAT, description: `e.g. ${example(DEFAULT_PROFILE_FORMAT)}` },
      { label: "Custom", value: undefined, description: "your own template (Go text/template with sprig)" }
    ]
    // Upstream always starts on the first item (Appendix A.26); we start on what is configured.
    const initial = current === FALLBACK_PROFILE_FORMAT || current === ""
      ? 0
      : current === DEFAULT_PROFILE_FORMAT
      ? 1
      : 2
    const chosen = yield* ask(choicePrompt({ message: "Profile names", choices, initial }))
    if (chosen !== undefined) return chosen
    return yield* ask(textPrompt({
      message: "Profile name template",
      hint: "e.g. {{ .AccountAlias }}-{{ .RoleName | lower }}",
      initial: initial === 2 ? current : DEFAULT_PROFILE_FORMAT,
      validate: validateProfileFormat,
      show: (format) => `${format}  (e.g. ${example(format)})`
    }))
  })

const urlCommandQuestions = (ask: Ask, ctx: QuestionContext, action: UrlAction) =>
  Effect.gen(function*() {
    const { settings } = ctx.current
    if (action === "exec") {
      const keep = settings.UrlAction === "exec" && settings.UrlExecCommand.length > 0
      return yield* ask(textPrompt({
        message: "Command that opens a URL",
        hint: "program and arguments; %s is replaced by the URL",
        initial: keep ? joinCommand(settings.UrlExecCommand) : "",
        validate: (text) => validateUrlExecCommand(text, ctx.executables),
        show: (words) => joinCommand(words)
      }))
    }
    if ((containerUrlActions as ReadonlyArray<string>).includes(action)) {
      const keep = (containerUrlActions as ReadonlyArray<string>).includes(settings.UrlAction) &&
        settings.UrlExecCommand[0] !== undefined
      const firefox = yield* ask(textPrompt({
        message: "Path to Firefox",
        initial: keep ? settings.UrlExecCommand[0] : defaultFirefox(ctx.platform),
        validate: (text) => validateProgram(text, ctx.executables, false)
      }))
      return [firefox, "%s"]
    }
    return undefined
  })

const advancedQuestions = (ask: Ask, ctx: QuestionContext, urlAction: UrlAction) =>
  Effect.gen(function*() {
    const s = ctx.current.settings
    const workflows: ReadonlyArray<Choice<AuthWorkflow>> = [
      { label: "pkce", value: "pkce", description: "log in with the browser on this computer" },
      { label: "device_code", value: "device_code", description: "enter a code in any browser (SSH, containers)" }
    ]
    const authWorkflow = yield* ask(choicePrompt({
      message: "Login flow (AuthWorkflow)",
      choices: workflows,
      initial: indexOr(workflows, (c) => c.value === s.AuthWorkflow)
    }))
    // Upstream refuses a Firefox container action next to `exec`: they would share UrlExecCommand.
    const profileActions: Array<Choice<ConfigProfilesUrlAction>> = [
      { label: "open", value: "open", description: "open it in the default browser" },
      { label: "clip", value: "clip", description: "copy it to the clipboard" },
      { label: "ansi-osc52", value: "ansi-osc52", description: "copy it through the terminal" }
    ]
    if (urlAction === "exec" || (containerUrlActions as ReadonlyArray<string>).includes(urlAction)) {
      const shared = urlAction as ConfigProfilesUrlAction
      profileActions.push({ label: shared, value: shared, description: "as UrlAction" })
    }
    const configProfilesUrlAction = yield* ask(choicePrompt({
      message: "URL action for ~/.aws/config profiles (ConfigProfilesUrlAction)",
      choices: profileActions,
      initial: indexOr(profileActions, (c) => c.value === s.ConfigProfilesUrlAction)
    }))
    const browser = urlAction === "open" || configProfilesUrlAction === "open"
      ? yield* ask(textPrompt({
        message: "Browser",
        hint: "path or name of the program; empty for the system default",
        initial: s.Browser ?? "",
        validate: (text) => validateProgram(text, ctx.executables, true),
        show: (value) => value === "" ? "(system default)" : value
      }))
      : s.Browser ?? ""
    const number = (message: string, initial: number, min: number, max: number, unit: string, hint?: string) =>
      ask(textPrompt({
        message,
        hint: hint ?? `${min}..${max} ${unit}`.trim(),
        initial: String(initial),
        validate: (text) => validateInteger(text, min, max, unit)
      }))
    const cacheRefresh = yield* number(
      "Hours between role cache refreshes (CacheRefresh)",
      s.CacheRefresh,
      0,
      100_000,
      "hours",
      "0 turns automatic refreshes off"
    )
    const autoConfigCheck = cacheRefresh > 0
      ? yield* ask(confirmPrompt({
        message: "Update ~/.aws/config when the roles change (AutoConfigCheck)?",
        initial: s.AutoConfigCheck
      }))
      : s.AutoConfigCheck
    const fullTextSearch = yield* ask(confirmPrompt({
      message: "Match anywhere in names when selecting roles (FullTextSearch)?",
      initial: s.FullTextSearch
    }))
    const consoleDuration = yield* number(
      "Console session minutes (ConsoleDuration)",
      s.ConsoleDuration,
      15,
      720,
      "minutes"
    )
    const historyLimit = yield* number("Recently used roles to remember (HistoryLimit)", s.HistoryLimit, 0, 1000, "")
    const historyMinutes = yield* number(
      "Minutes a role stays in the history (HistoryMinutes)",
      s.HistoryMinutes,
      -1,
      10_000_000,
      "minutes",
      "0 or less keeps roles without a time limit"
    )
    const levels: ReadonlyArray<Choice<LogLevelName>> = LogLevelValues.map((level) => ({ label: level, value: level }))
    const logLevel = yield* ask(choicePrompt({
      message: "Log level (LogLevel)",
      choices: levels,
      initial: indexOr(levels, (c) => c.value === s.LogLevel)
    }))
    const answers: AdvancedAnswers = {
      authWorkflow,
      configProfilesUrlAction,
      browser,
      cacheRefresh,
      autoConfigCheck,
      fullTextSearch,
      consoleDuration,
      historyLimit,
      historyMinutes,
      logLevel
    }
    return answers
  })

/** Asks every question; nothing is written here. */
export const askQuestions = (ctx: QuestionContext, ask: Ask): Effect.Effect<WizardAnswers, WizardAborted> =>
  Effect.gen(function*() {
    const { current } = ctx
    let imported: KnownSsoSession | undefined
    if (current.sso === undefined && ctx.knownSessions.length > 0) {
      const choices: ReadonlyArray<Choice<KnownSsoSession | undefined>> = [
        ...ctx.knownSessions.map((s) => ({
          label: s.source === "sso-session" ? `sso-session ${s.name}` : `profile ${s.name}`,
          value: s,
          description: `${s.startUrl} in ${s.region}`
        })),
        { label: "No, I will enter the details", value: undefined }
      ]
      imported = yield* ask(choicePrompt({ message: "Start from an SSO session in ~/.aws/config?", choices }))
    }

    const ssoName = ctx.advanced
      ? yield* ask(textPrompt({
        message: "SSO instance name",
        hint: "the name -S/--sso and $AWS_SSO use",
        initial: current.ssoName,
        validate: validateInstanceName
      }))
      : current.ssoName

    const knownRegion = current.sso?.SSORegion ?? imported?.region
    const partitionChoices = partitions.map((p) => ({ label: p.label, value: p.id, description: p.regions[0]?.id }))
    const partition = yield* ask(choicePrompt({
      message: "AWS partition",
      choices: partitionChoices,
      initial: knownRegion === undefined
        ? 0
        : indexOr(partitionChoices, (c) => c.value === partitionOfRegion(knownRegion).id)
    }))

    const startUrl = yield* ask(textPrompt({
      message: "SSO start URL",
      hint: `your AWS access portal URL, e.g. ${partitionInfo(partition).startUrlExample}`,
      initial: current.sso?.StartUrl ?? imported?.startUrl ?? "",
      validate: (text) => validateStartUrl(text, partition)
    }))

    const ssoRegions = regionChoices(partition, [current.sso?.SSORegion ?? ""])
    const wantedRegion = [current.sso?.SSORegion, imported?.region, regionInStartUrl(startUrl)]
      .find((r) => r !== undefined && regionFitsPartition(r, partition))
    const ssoRegion = yield* ask(choicePrompt({
      message: "SSO region",
      hint: "where IAM Identity Center runs; type to filter",
      choices: ssoRegions,
      initial: indexOr(ssoRegions, (c) => c.value === wantedRegion),
      filterable: true,
      custom: customRegion(partition)
    }))

    const noRegion: Choice<string | undefined> = {
      label: "None",
      value: undefined,
      description: "use the top-level DefaultRegion (us-east-1 unless set)"
    }
    const defaultRegions: ReadonlyArray<Choice<string | undefined>> = [
      noRegion,
      ...regionChoices(partition, [current.sso?.DefaultRegion ?? ""])
    ]
    const wantedDefault = current.sso === undefined ? ssoRegion : current.sso.DefaultRegion
    const defaultRegion = yield* ask(choicePrompt({
      message: "Default region for your AWS commands",
      hint: "type to filter",
      choices: defaultRegions,
      initial: indexOr(defaultRegions, (c) => c.value === wantedDefault),
      filterable: true,
      custom: customRegion(partition)
    }))

    const profileFormat = yield* profileFormatQuestion(ask, current.settings.ProfileFormat)

    const actions = urlActionChoices(ctx.remote)
    const urlAction = yield* ask(choicePrompt({
      message: "How should aws-sso hand you login and console URLs?",
      hint: ctx.remote ? "SSH/WSL session: no local browser" : undefined,
      choices: actions,
      initial: indexOr(
        actions,
        (c) => c.value === current.settings.UrlAction,
        indexOr(actions, (c) => c.value === "print")
      )
    }))
    const urlExecCommand = yield* urlCommandQuestions(ask, ctx, urlAction)

    const advanced = ctx.advanced ? yield* advancedQuestions(ask, ctx, urlAction) : undefined
    return { ssoName, startUrl, ssoRegion, defaultRegion, profileFormat, urlAction, urlExecCommand, advanced }
  })

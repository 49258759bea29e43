/**
 * The wizard's answers, the values it starts from, and how answers become changes to config.yaml.
 * A re-run changes only the keys it asked about (plus the two deprecated keys it migrates), so
 * comments, accounts, other instances and keys it does not know survive.
 */
import {
  type AuthWorkflow,
  type ConfigData,
  type ConfigProfilesUrlAction,
  DEFAULT_PROFILE_FORMAT,
  type LogLevelName,
  type UrlAction
} from "../config/Settings"

/** The top-level settings the wizard asks about, as they are now (or will be on a first run). */
export interface WizardSettings {
  readonly ProfileFormat: string
  readonly UrlAction: UrlAction
  readonly UrlExecCommand: ReadonlyArray<string>
  readonly ConfigProfilesUrlAction: ConfigProfilesUrlAction
  readonly Browser: string | undefined
  readonly AuthWorkflow: AuthWorkflow
  readonly CacheRefresh: number
  readonly AutoConfigCheck: boolean
  readonly FullTextSearch: boolean
  readonly ConsoleDuration: number
  readonly HistoryLimit: number
  readonly HistoryMinutes: number
  readonly LogLevel: LogLevelName
}

/** The instance the wizard edits, as config.yaml has it. */
export interface CurrentInstance {
  readonly StartUrl: string
  readonly SSORegion: string
  readonly DefaultRegion: string | undefined
}

export interface WizardCurrent {
  readonly file: string
  readonly exists: boolean
  /** The instance to edit: the selected one, the `--sso` name for a new one, else `Default`. */
  readonly ssoName: string
  /** Undefined when the instance does not exist yet. */
  readonly sso: CurrentInstance | undefined
  readonly settings: WizardSettings
}

/** Upstream's first-run values (except `LogLevel`, kept at `info` so login hints stay visible). */
export const firstRunSettings = (remote: boolean): WizardSettings => ({
  ProfileFormat: DEFAULT_PROFILE_FORMAT,
  UrlAction: remote ? "print" : "open",
  UrlExecCommand: [],
  ConfigProfilesUrlAction: "open",
  Browser: undefined,
  AuthWorkflow: remote ? "device_code" : "pkce",
  CacheRefresh: 168,
  AutoConfigCheck: false,
  FullTextSearch: true,
  ConsoleDuration: 720,
  HistoryLimit: 10,
  HistoryMinutes: 1440,
  LogLevel: "info"
})

export const settingsOf = (config: ConfigData): WizardSettings => ({
  ProfileFormat: config.ProfileFormat,
  UrlAction: config.UrlAction,
  UrlExecCommand: config.UrlExecCommand,
  ConfigProfilesUrlAction: config.ConfigProfilesUrlAction,
  Browser: config.Browser,
  AuthWorkflow: config.AuthWorkflow,
  CacheRefresh: config.CacheRefresh,
  AutoConfigCheck: config.AutoConfigCheck,
  FullTextSearch: config.FullTextSearch,
  ConsoleDuration: config.ConsoleDuration,
  HistoryLimit: config.HistoryLimit,
  HistoryMinutes: config.HistoryMinutes,
  LogLevel: config.LogLevel
})

/** The answers of `--advanced` only. */
export interface AdvancedAnswers {
  readonly authWorkflow: AuthWorkflow
  readonly configProfilesUrlAction: ConfigProfilesUrlAction
  /** "" = no `Browser` (the system default). */
  readonly browser: string
  readonly cacheRefresh: number
  readonly autoConfigCheck: boolean
  readonly fullTextSearch: boolean
  readonly consoleDuration: number
  readonly historyLimit: number
  readonly historyMinutes: number
  readonly logLevel: LogLevelName
}

export interface WizardAnswers {
  readonly ssoName: string
  readonly startUrl: string
  readonly ssoRegion: string
  /** Undefined = "None": the instance has no DefaultRegion. */
  readonly defaultRegion: string | undefined
  readonly profileFormat: string
  readonly urlAction: UrlAction
  /** Set when the URL action runs a command (exec and the Firefox container actions). */
  readonly urlExecCommand: ReadonlyArray<string> | undefined
  readonly advanced: AdvancedAnswers | undefined
}

/** One key of config.yaml; `exact` for data keys (instance names), else matched case-insensitively. */
export interface Segment {
  readonly key: string
  readonly exact: boolean
}

/** Set a value, or delete the key when `value` is undefined. */
export interface Edit {
  readonly path: ReadonlyArray<Segment>
  readonly value: unknown
  /**
   * The value the setting has now, defaults included: an absent key that would only be set to it
   * stays absent, so a re-run that changes nothing leaves the file alone.
   */
  readonly now?: unknown
}

const field = (key: string): Segment => ({ key, exact: false })
const dataKey = (key: string): Segment => ({ key, exact: true })
const top = (key: string, value: unknown, now?: unknown): Edit => ({ path: [field(key)], value, now })

/** The changes the answers make to a config whose settings are `now`, in the order new keys should appear. */
export const answerEdits = (answers: WizardAnswers, now: WizardSettings): ReadonlyArray<Edit> => {
  const sso = (key: string, value: unknown): Edit => ({
    path: [field("SSOConfig"), dataKey(answers.ssoName), field(key)],
    value
  })
  const edits: Array<Edit> = [
    sso("SSORegion", answers.ssoRegion),
    sso("StartUrl", answers.startUrl),
    sso("DefaultRegion", answers.defaultRegion),
    top("UrlAction", answers.urlAction, now.UrlAction),
    // Deprecated spellings of the URL actions; their meaning is in the answers now.
    top("FirefoxOpenUrlInContainer", undefined),
    top("ConfigUrlAction", undefined),
    top("ProfileFormat", answers.profileFormat, now.ProfileFormat)
  ]
  if (answers.urlExecCommand !== undefined) {
    edits.push(top("UrlExecCommand", [...answers.urlExecCommand], [...now.UrlExecCommand]))
  }
  const a = answers.advanced
  if (a !== undefined) {
    edits.push(
      top("AuthWorkflow", a.authWorkflow, now.AuthWorkflow),
      top("ConfigProfilesUrlAction", a.configProfilesUrlAction, now.ConfigProfilesUrlAction),
      top("Browser", a.browser === "" ? undefined : a.browser),
      top("CacheRefresh", a.cacheRefresh, now.CacheRefresh),
      top("AutoConfigCheck", a.autoConfigCheck, now.AutoConfigCheck),
      top("FullTextSearch", a.fullTextSearch, now.FullTextSearch),
      top("ConsoleDuration", a.consoleDuration, now.ConsoleDuration),
      top("HistoryLimit", a.historyLimit, now.HistoryLimit),
      top("HistoryMinutes", a.historyMinutes, now.HistoryMinutes),
      top("LogLevel", a.logLevel, now.LogLevel)
    )
  }
  return edits
}

/** The skeleton of a new config.yaml, in upstream's key order; the answers are applied on top. */
export const firstRunSkeleton = (ssoName: string, settings: WizardSettings): Record<string, unknown> => ({
  SSOConfig: { [ssoName]: {} },
  DefaultSSO: ssoName,
  UrlAction: settings.UrlAction,
  ConsoleDuration: settings.ConsoleDuration,
  CacheRefresh: settings.CacheRefresh,
  AutoConfigCheck: settings.AutoConfigCheck,
  FullTextSearch: settings.FullTextSearch,
  HistoryLimit: settings.HistoryLimit,
  HistoryMinutes: settings.HistoryMinutes,
  LogLevel: settings.LogLevel,
  ProfileFormat: settings.ProfileFormat
})

/**
 * What upstream does after decoding config.yaml (settings load, steps 3-10): deprecations,
 * the environment-dependent AuthWorkflow default, command-line overrides, instance selection and
 * the checks that span several keys. Pure: every problem comes back as a located ConfigInvalid.
 */
import { Either } from "effect"
import * as path from "node:path"
import { type ConfigLocation, ConfigInvalid } from "./errors"
import { pathKey } from "./normalize"
import { expandHome } from "./paths"
import { selectInstance } from "./select"
import {
  type AuthWorkflow,
  type ConfigData,
  type ConfigFile,
  ConfigProfilesUrlActionValues,
  containerUrlActions,
  DEFAULT_ACCOUNT_PRIMARY_TAG,
  execUrlActions,
  type LogLevelName,
  type SsoInstance,
  toSsoInstance,
  type UrlAction
} from "./Settings"
import type { Located } from "./yamlSource"

/** Command-line values that take precedence over the file. */
export interface SettingsOverrides {
  /** `--sso` / `$AWS_SSO`. */
  readonly sso?: string | undefined
  readonly level?: LogLevelName | undefined
  readonly lines?: boolean | undefined
  readonly browser?: string | undefined
  /** `--threads` of `cache` and `login`; upstream ignores the value 5, the default. */
  readonly threads?: number | undefined
}

/** The environment variables that change how the file is read. */
export interface SettingsEnv {
  readonly SSH_TTY?: string | undefined
  readonly WSL_DISTRO_NAME?: string | undefined
}

/** Locations used for defaults that depend on the config directory. */
export interface SettingsLocations {
  /** Default of `JsonStore`; without it, `store.json` next to the config file. */
  readonly jsonStoreFile?: string | undefined
  /** Expands a leading `~` in `JsonStore`. */
  readonly home?: string | undefined
}

export interface ResolveInput {
  readonly file: string
  readonly decoded: ConfigFile
  readonly positions: ReadonlyMap<string, Located>
  readonly overrides: SettingsOverrides
  readonly env: SettingsEnv
  readonly locations: SettingsLocations
}

/** A warning about a key, to be rendered with `formatLocated`. */
export interface LocatedWarning {
  readonly at: ConfigLocation
  readonly reason: string
}

export interface Resolved {
  readonly config: ConfigData
  readonly sso: SsoInstance
  readonly warnings: ReadonlyArray<LocatedWarning>
}

const OVERRIDE_FLAG = "--sso/$AWS_SSO"
const DEFAULT_THREADS = 5

export const resolveSettings = (input: ResolveInput): Either.Either<Resolved, ConfigInvalid> => {
  const { decoded, file, overrides, positions } = input
  const warnings: Array<LocatedWarning> = []
  const at = (...keyPath: ReadonlyArray<string>) => locate(file, positions, keyPath)
  const given = (key: string) => positions.has(pathKey([key]))
  const invalid = (keyPath: ReadonlyArray<string>, reason: string) =>
    Either.left(new ConfigInvalid({ ...at(...keyPath), reason }))

  let urlAction: UrlAction = decoded.UrlAction
  let configProfilesUrlAction = decoded.ConfigProfilesUrlAction
  if (decoded.ConfigUrlAction !== undefined) {
    warnings.push({ at: at("ConfigUrlAction"), reason: "deprecated, use ConfigProfilesUrlAction instead" })
    if (!given("ConfigProfilesUrlAction")) {
      const old = decoded.ConfigUrlAction
      const migrated = old === "print" || old === "printurl"
        ? "open"
        : ConfigProfilesUrlActionValues.find((value) => value === old)
      if (migrated === undefined) {
        return invalid(
          ["ConfigUrlAction"],
          `${JSON.stringify(old)} is not one of ${ConfigProfilesUrlActionValues.join(", ")}`
        )
      }
      configProfilesUrlAction = migrated
    }
  }
  if (given("FirefoxOpenUrlInContainer")) {
    warnings.push({
      at: at("FirefoxOpenUrlInContainer"),
      reason: "deprecated, use \"UrlAction: open-url-in-container\" instead"
    })
    if (decoded.FirefoxOpenUrlInContainer) urlAction = "open-url-in-container"
  }
  const listFields = decoded.ListFields.map((field, index) => {
    const renamed = renamedListFields.get(field)
    if (renamed === undefined) return field
    warnings.push({ at: at("ListFields", String(index)), reason: `${field} is deprecated, use ${renamed} instead` })
    return renamed
  })
  let profileFormat = decoded.ProfileFormat
  if (profileFormat.includes(oldAccountIdPad)) {
    warnings.push({
      at: at("ProfileFormat"),
      reason: `"${oldAccountIdPad}" is deprecated, use ".AccountIdPad" instead`
    })
    profileFormat = profileFormat.replaceAll(oldAccountIdPad, ".AccountIdPad")
  }

  const authWorkflow: AuthWorkflow = decoded.AuthWorkflow === undefined
    ? input.env.SSH_TTY || input.env.WSL_DISTRO_NAME ? "device_code" : "pkce"
    : decoded.AuthWorkflow === ""
    ? "pkce"
    : decoded.AuthWorkflow

  let threads = decoded.Threads
  if (overrides.threads !== undefined && overrides.threads !== DEFAULT_THREADS) {
    if (!Number.isSafeInteger(overrides.threads) || overrides.threads < 1) {
      return Either.left(
        new ConfigInvalid({
          file,
          keyPath: "--threads",
          origin: "flag",
          reason: `${overrides.threads} must be at least 1`
        })
      )
    }
    threads = overrides.threads
  }

  const instances: Record<string, SsoInstance> = {}
  for (const [name, sso] of Object.entries(decoded.SSOConfig)) instances[name] = toSsoInstance(name, sso)

  const selected = selectInstance(instances, decoded.DefaultSSO, overrides.sso)
  if (Either.isLeft(selected)) {
    const problem = selected.left
    return problem.source === "override"
      ? Either.left(new ConfigInvalid({ file, keyPath: OVERRIDE_FLAG, origin: "flag", reason: problem.reason }))
      : invalid([problem.source], problem.reason)
  }

  const isContainer = (action: string) => containerUrlActions.some((a) => a === action)
  if (
    isContainer(urlAction) !== isContainer(configProfilesUrlAction) &&
    (urlAction === "exec" || configProfilesUrlAction === "exec")
  ) {
    const execKey = urlAction === "exec" ? "UrlAction" : "ConfigProfilesUrlAction"
    return invalid(
      [execKey],
      `must not select exec and a Firefox container option ` +
        `(UrlAction: ${urlAction}, ConfigProfilesUrlAction: ${configProfilesUrlAction})`
    )
  }

  const execUsers: Array<[ReadonlyArray<string>, UrlAction]> = [[["UrlAction"], urlAction]]
  for (const instance of Object.values(instances)) {
    if (instance.AuthUrlAction !== undefined) {
      execUsers.push([["SSOConfig", instance.Name, "AuthUrlAction"], instance.AuthUrlAction])
    }
  }
  const command = decoded.UrlExecCommand
  const commandUsable = command.length >= 2 && command.some((part) => part.includes("%s"))
  for (const [keyPath, action] of execUsers) {
    if (commandUsable || !execUrlActions.includes(action)) continue
    const blame = given("UrlExecCommand") ? ["UrlExecCommand"] : keyPath
    return Either.left(
      new ConfigInvalid({
        ...at(...blame),
        keyPath: "UrlExecCommand",
        reason: `needs the program and at least one argument containing %s, because ${keyPath.join(".")} is ${action}`
      })
    )
  }

  const home = input.locations.home
  const jsonStore = decoded.JsonStore === undefined
    ? input.locations.jsonStoreFile ?? path.join(path.dirname(file), "store.json")
    : home === undefined
    ? decoded.JsonStore
    : expandHome(decoded.JsonStore, home)

  const config: ConfigData = {
    ...decoded,
    SSOConfig: instances,
    AuthWorkflow: authWorkflow,
    UrlAction: urlAction,
    ConfigProfilesUrlAction: configProfilesUrlAction,
    ListFields: listFields,
    ProfileFormat: profileFormat,
    AccountPrimaryTag: decoded.AccountPrimaryTag.length === 0 ? DEFAULT_ACCOUNT_PRIMARY_TAG : decoded.AccountPrimaryTag,
    Threads: threads,
    LogLevel: overrides.level || decoded.LogLevel,
    LogLines: overrides.lines === true || decoded.LogLines,
    Browser: overrides.browser || decoded.Browser,
    JsonStore: jsonStore
  }
  return Either.right({ config, sso: selected.right, warnings })
}

const renamedListFields: ReadonlyMap<string, string> = new Map([
  ["ExpiresStr", "Expires"],
  ["AccountIdStr", "AccountIdPad"],
  ["ARN", "Arn"]
])

const oldAccountIdPad = "AccountIdStr .AccountId"

/** File, line and column of a key path, falling back to the nearest enclosing key that is in the file. */
export const locate = (
  file: string,
  positions: ReadonlyMap<string, Located>,
  keyPath: ReadonlyArray<string>
): { readonly file: string; readonly line?: number; readonly column?: number; readonly keyPath: string } => {
  for (let depth = keyPath.length; depth > 0; depth--) {
    const found = positions.get(pathKey(keyPath.slice(0, depth)))
    if (found !== undefined) return { file, line: found.line, column: found.column, keyPath: keyPath.join(".") }
  }
  return { file, keyPath: keyPath.join(".") }
}

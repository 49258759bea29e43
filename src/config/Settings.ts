/**
 * The shape of config.yaml (upstream `internal/sso/settings.go` and `internal/sso/config`) with
 * upstream's built-in defaults for every absent key. Decoding runs on the output of `normalize.ts`,
 * which has already applied upstream's weak typing and canonical key spelling.
 */
import { Schema } from "effect"
import { partitionOfRegion, roleArn } from "./accountId"

// `override` so a union of literals reports this text instead of its first member's mismatch.
const message = (text: (actual: string) => string) => ({
  message: (issue: { readonly actual?: unknown }) => ({ message: text(JSON.stringify(issue.actual)), override: true })
})

const oneOf = <const A extends readonly [string, ...Array<string>]>(values: A) =>
  Schema.Literal(...values).annotations(message((actual) => `${actual} is not one of ${values.join(", ")}`))

export const UrlActionValues = [
  "open",
  "print",
  "printurl",
  "clip",
  "ansi-osc52",
  "exec",
  "granted-containers",
  "open-url-in-container"
] as const
/** How SSO, auth and console URLs are handled. */
export const UrlAction = oneOf(UrlActionValues)
export type UrlAction = typeof UrlAction.Type

/** The actions that hand the URL to a Firefox container extension through `UrlExecCommand`. */
export const containerUrlActions: ReadonlyArray<UrlAction> = ["granted-containers", "open-url-in-container"]
/** The actions that run `UrlExecCommand`. */
export const execUrlActions: ReadonlyArray<UrlAction> = ["exec", ...containerUrlActions]

export const ConfigProfilesUrlActionValues = [
  "open",
  "clip",
  "ansi-osc52",
  "exec",
  "granted-containers",
  "open-url-in-container"
] as const
/** `UrlAction` without the two print actions. */
export const ConfigProfilesUrlAction = oneOf(ConfigProfilesUrlActionValues)
export type ConfigProfilesUrlAction = typeof ConfigProfilesUrlAction.Type

export const ConfigProfilesFormatValues = ["credential_process", "sso-session"] as const
/**
 * How `setup profiles` writes ~/.aws/config: `credential_process` lines running aws-sso (upstream),
 * or the AWS CLI's native `[sso-session]` form, which also keeps the AWS CLI token cache
 * (~/.aws/sso/cache) in step with our SSO token.
 */
export const ConfigProfilesFormat = oneOf(ConfigProfilesFormatValues)
export type ConfigProfilesFormat = typeof ConfigProfilesFormat.Type

export const AuthWorkflowValues = ["pkce", "device_code"] as const
/** The OIDC login flow used for every SSO instance. */
export const AuthWorkflow = oneOf(AuthWorkflowValues)
export type AuthWorkflow = typeof AuthWorkflow.Type

export const LogLevelValues = ["error", "warn", "info", "debug", "trace"] as const
/** `LogLevel` and `--level`. */
export const LogLevelName = oneOf(LogLevelValues)
export type LogLevelName = typeof LogLevelName.Type

export const SecureStoreValues = [
  "file",
  "keychain",
  "kwallet",
  "pass",
  "secret-service",
  "wincred",
  "json",
  "1password"
] as const
/** Secret backend; unset means the first available keyring backend. */
export const SecureStoreName = oneOf(SecureStoreValues)
export type SecureStoreName = typeof SecureStoreName.Type

export const OnePasswordAuthTypeValues = ["desktop", "service-account"] as const
export const OnePasswordAuthType = oneOf(OnePasswordAuthTypeValues)
export type OnePasswordAuthType = typeof OnePasswordAuthType.Type

export const PromptColorNames = [
  "DefaultColor",
  "Black",
  "DarkRed",
  "DarkGreen",
  "Brown",
  "DarkBlue",
  "Purple",
  "Cyan",
  "LightGrey",
  "DarkGrey",
  "DarkGray",
  "Red",
  "Green",
  "Yellow",
  "Blue",
  "Fuchsia",
  "Turquoise",
  "White"
] as const
export type PromptColorName = (typeof PromptColorNames)[number]

const colorByLowerName = new Map<string, PromptColorName>(PromptColorNames.map((name) => [name.toLowerCase(), name]))

/** A go-prompt colour name; upstream maps an unknown name to `DefaultColor`. */
export const PromptColor = Schema.transform(Schema.String, Schema.Literal(...PromptColorNames), {
  strict: true,
  decode: (name) => colorByLowerName.get(name.trim().toLowerCase()) ?? "DefaultColor",
  encode: (name) => name
})

export const DEFAULT_PROFILE_FORMAT = "{{ FirstItem .AccountName (.AccountAlias | nospace) }}:{{ .RoleName }}"
/** What an empty `ProfileFormat` renders as (upstream's in-code fallback). */
export const FALLBACK_PROFILE_FORMAT = "{{ .AccountIdPad }}:{{ .RoleName }}"
export const DEFAULT_ACCOUNT_PRIMARY_TAG: ReadonlyArray<string> = ["AccountName", "AccountAlias", "Email"]
export const DEFAULT_LIST_FIELDS: ReadonlyArray<string> = [
  "AccountIdPad",
  "AccountAlias",
  "RoleName",
  "Profile",
  "Expires"
]

const withDefault = <S extends Schema.Schema.Any>(schema: S, value: () => Schema.Schema.Type<S>) =>
  Schema.optionalWith(schema, { default: value })

const color = (value: PromptColorName) => withDefault(PromptColor, () => value)

/** Colours of the interactive selector (upstream go-prompt options). */
export const PromptColors = Schema.Struct({
  DescriptionBGColor: color("Turquoise"),
  DescriptionTextColor: color("Black"),
  InputBGColor: color("DefaultColor"),
  InputTextColor: color("DefaultColor"),
  PrefixBackgroundColor: color("DefaultColor"),
  PrefixTextColor: color("Blue"),
  PreviewSuggestionBGColor: color("DefaultColor"),
  PreviewSuggestionTextColor: color("Green"),
  ScrollbarBGColor: color("Cyan"),
  ScrollbarThumbColor: color("LightGrey"),
  SelectedDescriptionBGColor: color("DarkGray"),
  SelectedDescriptionTextColor: color("White"),
  SelectedSuggestionBGColor: color("DarkGray"),
  SelectedSuggestionTextColor: color("White"),
  SuggestionBGColor: color("Cyan"),
  SuggestionTextColor: color("White")
})
export type PromptColors = typeof PromptColors.Type

/** `OnePassword:` settings for `SecureStore: 1password`. */
export const OnePassword = Schema.Struct({
  Vault: Schema.optional(Schema.String),
  AuthType: withDefault(OnePasswordAuthType, () => "desktop" as const),
  Account: Schema.optional(Schema.String)
})
export type OnePassword = typeof OnePassword.Type

const Tags = Schema.Record({ key: Schema.String, value: Schema.String })
const noTags = () => ({})

/** A role under `SSOConfig.<name>.Accounts.<id>.Roles`, as written in the file. */
export const RoleFile = Schema.Struct({
  Profile: Schema.optional(Schema.String),
  DefaultRegion: Schema.optional(Schema.String),
  Tags: withDefault(Tags, noTags),
  Via: Schema.optional(Schema.String),
  ExternalId: Schema.optional(Schema.String),
  SourceIdentity: Schema.optional(Schema.String)
})

/** An account under `SSOConfig.<name>.Accounts`, keyed by its 12-digit ID. */
export const AccountFile = Schema.Struct({
  Name: Schema.optional(Schema.String),
  DefaultRegion: Schema.optional(Schema.String),
  Tags: withDefault(Tags, noTags),
  Roles: withDefault(Schema.Record({ key: Schema.String, value: RoleFile }), noTags)
})

const NonEmptyString = Schema.String.pipe(Schema.minLength(1, { message: () => "must not be empty" }))

/** One `SSOConfig` entry (an IAM Identity Center instance). */
export const SsoFile = Schema.Struct({
  SSORegion: NonEmptyString,
  StartUrl: NonEmptyString,
  DefaultRegion: Schema.optional(Schema.String),
  AuthUrlAction: Schema.optional(UrlAction),
  Accounts: withDefault(Schema.Record({ key: Schema.String, value: AccountFile }), noTags)
})

const int = (min: number, max: number, text: string) =>
  Schema.Int.pipe(Schema.between(min, max, { message: (issue) => `${text}, got ${JSON.stringify(issue.actual)}` }))
const anyInt = Schema.Int.annotations(message((actual) => `expected an integer, got ${actual}`))
const Strings = Schema.Array(Schema.String)
const Scalar = Schema.Union(Schema.String, Schema.Number, Schema.Boolean)

/** The whole config.yaml with defaults applied. */
export const ConfigFile = Schema.Struct({
  SSOConfig: withDefault(Schema.Record({ key: Schema.String, value: SsoFile }), noTags),
  DefaultSSO: withDefault(Schema.String, () => "Default"),
  /** Absent means "choose from the environment" (SSH/WSL get `device_code`), resolved by the loader. */
  AuthWorkflow: Schema.optional(
    Schema.Literal(...AuthWorkflowValues, "").annotations(
      message((actual) => `${actual} is not one of ${AuthWorkflowValues.join(", ")}`)
    )
  ),
  DefaultRegion: withDefault(Schema.String, () => "us-east-1"),
  CacheRefresh: withDefault(anyInt, () => 168),
  AutoConfigCheck: withDefault(Schema.Boolean, () => false),
  AutoLogin: withDefault(Schema.Boolean, () => false),
  Threads: withDefault(int(1, Number.MAX_SAFE_INTEGER, "must be at least 1"), () => 5),
  MaxRetry: withDefault(int(0, Number.MAX_SAFE_INTEGER, "must not be negative"), () => 10),
  MaxBackoff: withDefault(int(0, Number.MAX_SAFE_INTEGER, "must not be negative"), () => 5),
  Browser: Schema.optional(Schema.String),
  UrlAction: withDefault(UrlAction, () => "open" as const),
  UrlExecCommand: withDefault(Strings, () => []),
  ConfigProfilesUrlAction: withDefault(ConfigProfilesUrlAction, () => "open" as const),
  ConfigProfilesBinaryPath: Schema.optional(Schema.String),
  ConfigProfilesFormat: withDefault(ConfigProfilesFormat, () => "credential_process" as const),
  ConsoleDuration: withDefault(int(15, 720, "must be between 15 and 720 minutes"), () => 60),
  LogLevel: withDefault(LogLevelName, () => "info" as const),
  LogLines: withDefault(Schema.Boolean, () => false),
  HistoryLimit: withDefault(anyInt, () => 10),
  HistoryMinutes: withDefault(anyInt, () => 1440),
  ProfileFormat: withDefault(Schema.String, () => DEFAULT_PROFILE_FORMAT),
  ConfigVariables: withDefault(Schema.Record({ key: Schema.String, value: Scalar }), noTags),
  AccountPrimaryTag: withDefault(Strings, () => DEFAULT_ACCOUNT_PRIMARY_TAG),
  FirstTag: Schema.optional(Schema.String),
  FullTextSearch: withDefault(Schema.Boolean, () => true),
  PromptColors: withDefault(PromptColors, () => Schema.decodeSync(PromptColors)({})),
  ListFields: withDefault(Strings, () => DEFAULT_LIST_FIELDS),
  EnvVarTags: withDefault(Strings, () => []),
  SecureStore: Schema.optional(SecureStoreName),
  /** Absent means `<ConfigDir>/store.json`, resolved by the loader. */
  JsonStore: Schema.optional(Schema.String),
  SecretServiceCollection: withDefault(Schema.String, () => "awsssocli"),
  OnePassword: withDefault(OnePassword, () => ({ AuthType: "desktop" as const })),
  /** Deprecated: `true` forces `UrlAction: open-url-in-container`. */
  FirefoxOpenUrlInContainer: withDefault(Schema.Boolean, () => false),
  /** Deprecated: moved into `ConfigProfilesUrlAction`. */
  ConfigUrlAction: Schema.optional(Schema.String)
})
export type ConfigFile = typeof ConfigFile.Type

/** A configured role, with its account and ARN filled in. */
export interface RoleConfig {
  readonly RoleName: string
  /** 12-digit zero-padded. */
  readonly AccountId: string
  /** `arn:<partition>:iam::<AccountId>:role/<RoleName>`. */
  readonly Arn: string
  readonly Profile?: string | undefined
  readonly DefaultRegion?: string | undefined
  readonly Tags: Readonly<Record<string, string>>
  readonly Via?: string | undefined
  readonly ExternalId?: string | undefined
  readonly SourceIdentity?: string | undefined
}

/** A configured account; `Roles` is keyed by role name. */
export interface AccountConfig {
  /** 12-digit zero-padded; also the key in `SsoInstance.Accounts`. */
  readonly AccountId: string
  readonly Name?: string | undefined
  readonly DefaultRegion?: string | undefined
  readonly Tags: Readonly<Record<string, string>>
  readonly Roles: Readonly<Record<string, RoleConfig>>
}

/** One SSO instance; `Accounts` is keyed by 12-digit account ID. */
export interface SsoInstance {
  /** The key under `SSOConfig`. */
  readonly Name: string
  readonly SSORegion: string
  readonly StartUrl: string
  /** The ARN partition of `SSORegion`. */
  readonly Partition: string
  readonly DefaultRegion?: string | undefined
  /** Overrides `UrlAction` for login; unset means `UrlAction`. */
  readonly AuthUrlAction?: UrlAction | undefined
  readonly Accounts: Readonly<Record<string, AccountConfig>>
}

/** The decoded config.yaml: defaults applied, deprecations migrated, overrides applied. */
export interface ConfigData
  extends Omit<ConfigFile, "SSOConfig" | "AuthWorkflow" | "JsonStore" | "AccountPrimaryTag">
{
  readonly SSOConfig: Readonly<Record<string, SsoInstance>>
  readonly AuthWorkflow: AuthWorkflow
  /** Absolute path of the JSON store file. */
  readonly JsonStore: string
  readonly AccountPrimaryTag: ReadonlyArray<string>
}

/** Completes a decoded `SSOConfig` entry: its name, partition, account IDs on accounts and ARNs on roles. */
export const toSsoInstance = (name: string, sso: typeof SsoFile.Type): SsoInstance => {
  const partition = partitionOfRegion(sso.SSORegion)
  const accounts: Record<string, AccountConfig> = {}
  for (const [accountId, account] of Object.entries(sso.Accounts)) {
    const roles: Record<string, RoleConfig> = {}
    for (const [roleName, role] of Object.entries(account.Roles)) {
      const Arn = roleArn(partition, accountId, roleName)
      roles[roleName] = { ...role, RoleName: roleName, AccountId: accountId, Arn }
    }
    accounts[accountId] = { ...account, AccountId: accountId, Roles: roles }
  }
  return { ...sso, Name: name, Partition: partition, Accounts: accounts }
}

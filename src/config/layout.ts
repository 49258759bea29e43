/** Where config.yaml expects maps, lists and scalars, with the canonical spelling of every known key. */
import { bool, int, list, map, optionalStr, scalar, str, struct } from "./normalize"
import { PromptColors } from "./Settings"

const tags = map(str)

const role = struct({
  Profile: optionalStr,
  DefaultRegion: optionalStr,
  Tags: tags,
  Via: optionalStr,
  ExternalId: optionalStr,
  SourceIdentity: optionalStr
})

const account = struct({
  Name: optionalStr,
  DefaultRegion: optionalStr,
  Tags: tags,
  Roles: map(role)
})

const ssoInstance = struct({
  SSORegion: str,
  StartUrl: str,
  DefaultRegion: optionalStr,
  AuthUrlAction: optionalStr,
  Accounts: map(account, { accountIds: true })
})

/** The layout of the whole file. */
export const configLayout = struct({
  SSOConfig: map(ssoInstance),
  DefaultSSO: str,
  AuthWorkflow: str,
  DefaultRegion: str,
  CacheRefresh: int,
  AutoConfigCheck: bool,
  AutoLogin: bool,
  Threads: int,
  MaxRetry: int,
  MaxBackoff: int,
  Browser: optionalStr,
  UrlAction: optionalStr,
  UrlExecCommand: list(str),
  ConfigProfilesUrlAction: optionalStr,
  ConfigProfilesBinaryPath: optionalStr,
  ConfigProfilesFormat: optionalStr,
  ConsoleDuration: int,
  LogLevel: optionalStr,
  LogLines: bool,
  HistoryLimit: int,
  HistoryMinutes: int,
  ProfileFormat: str,
  ConfigVariables: map(scalar),
  AccountPrimaryTag: list(str),
  FirstTag: optionalStr,
  FullTextSearch: bool,
  PromptColors: struct(Object.fromEntries(Object.keys(PromptColors.fields).map((name) => [name, str]))),
  ListFields: list(str),
  EnvVarTags: list(str),
  SecureStore: optionalStr,
  JsonStore: optionalStr,
  SecretServiceCollection: str,
  OnePassword: struct({ Vault: str, AuthType: optionalStr, Account: str }),
  FirefoxOpenUrlInContainer: bool,
  ConfigUrlAction: optionalStr
})

/**
 * Builds an instance's role catalog from what AWS SSO returned and what config.yaml says (spec 8.4,
 * upstream `Cache.Refresh` / `NewRoles`), and the diff against the previous catalog. Pure.
 *
 * Differences from upstream, on purpose:
 * - A.22: the `DefaultRegion` tag is set whenever a config region applies to the role (the role's,
 *   else its account's); upstream's code for it runs before the region is known, so it never fires.
 * - A.21: `Via` comes from config.yaml for every role, SSO-returned or restored.
 * - A restored `Via` role gets the same tags as an SSO role (`AccountID`, `AccountAlias`, `Email`,
 *   `Role`, `AccountName`, `DefaultRegion`, then the account and role tags), and an account created
 *   only for it takes `Name`, `DefaultRegion` and tags from config, so its profile name is not blank.
 * - Profile names are checked after the `Via` roles are restored, so those clash-check too.
 */
import { Either } from "effect"
import type { AccountInfo, RoleInfo } from "../aws/model"
import { normalizeAccountId, roleArn } from "../config/accountId"
import type { AccountConfig, RoleConfig, SsoInstance } from "../config/Settings"
import type { DuplicateProfileName, ProfileNameInvalid } from "./errors"
import { HISTORY_TAG } from "./history"
import {
  type CachedAccount,
  type CachedRole,
  catalogRoles,
  checkUniqueProfiles,
  compareRoles,
  type FlatRole,
  type ProfileNamer,
  type RoleCatalog,
  withProfileName
} from "./model"

/** One account from ListAccounts with the roles ListAccountRoles returned for it. */
export interface FetchedAccount {
  readonly account: AccountInfo
  readonly roles: ReadonlyArray<RoleInfo>
}

export interface MergeInput {
  readonly ssoName: string
  readonly sso: SsoInstance
  /** The instance's catalog before the refresh: Expires and History tags are carried over from it. */
  readonly previous: RoleCatalog
  readonly fetched: ReadonlyArray<FetchedAccount>
  readonly namer: ProfileNamer
}

export interface MergeResult {
  readonly catalog: RoleCatalog
  /** The new catalog's roles with profile names, sorted by account ID then role name. */
  readonly roles: ReadonlyArray<FlatRole>
  /** ARNs new since the previous catalog, sorted; configured `Via` roles are never listed. */
  readonly added: ReadonlyArray<string>
  /** ARNs gone since the previous catalog, sorted; configured `Via` roles are never listed. */
  readonly deleted: ReadonlyArray<string>
}

type MutableAccount = { -readonly [K in keyof CachedAccount]: CachedAccount[K] } & {
  Roles: Record<string, CachedRole>
}

const ssoRoleTags = (accountId: string, account: MutableAccount, roleName: string): Record<string, string> => ({
  AccountID: accountId,
  AccountAlias: account.Alias,
  Email: account.EmailAddress,
  Role: roleName
})

/** Applies config.yaml to a role of a configured account. */
const overlayRole = (
  role: CachedRole,
  account: MutableAccount,
  accountConfig: AccountConfig,
  roleConfig: RoleConfig | undefined
): CachedRole => {
  const region = roleConfig?.DefaultRegion || accountConfig.DefaultRegion || ""
  const tags: Record<string, string> = { ...role.Tags }
  if (account.Name !== "") tags["AccountName"] = account.Name
  if (region !== "") tags["DefaultRegion"] = region
  if (roleConfig === undefined) return { ...role, Tags: tags }
  return {
    ...role,
    Profile: roleConfig.Profile ?? "",
    DefaultRegion: region,
    Via: roleConfig.Via ?? "",
    Tags: { ...tags, ...accountConfig.Tags, ...roleConfig.Tags }
  }
}

const allRoles = (catalog: RoleCatalog): Array<CachedRole> =>
  Object.values(catalog.Accounts).flatMap((account) => Object.values(account.Roles))

/** Keeps the cached credentials' expiry and the History tag of a role that was cached before. */
const carryOver = (role: CachedRole, before: CachedRole | undefined): CachedRole => {
  if (before === undefined) return role
  const history = before.Tags[HISTORY_TAG]
  return {
    ...role,
    Expires: before.Expires > 0 ? before.Expires : role.Expires,
    Tags: history === undefined ? role.Tags : { ...role.Tags, [HISTORY_TAG]: history }
  }
}

const emptyAccount = (alias: string, email: string): MutableAccount => ({
  Alias: alias,
  Name: "",
  EmailAddress: email,
  Tags: {},
  Roles: {},
  DefaultRegion: ""
})

const configureAccount = (account: MutableAccount, config: AccountConfig): void => {
  account.Name = config.Name ?? ""
  account.DefaultRegion = config.DefaultRegion ?? ""
  account.Tags = { ...config.Tags }
}

/** Merges AWS SSO's answer with config.yaml; fails on a profile name that cannot be built or clashes. */
export const mergeInstance = (
  input: MergeInput
): Either.Either<MergeResult, DuplicateProfileName | ProfileNameInvalid> => {
  const { sso } = input
  const accounts: Record<string, MutableAccount> = {}

  for (const { account, roles } of input.fetched) {
    const id = normalizeAccountId(account.accountId)
    if (Either.isLeft(id)) continue
    for (const info of roles) {
      const entry = (accounts[id.right] ??= emptyAccount(account.accountName, account.emailAddress))
      entry.Roles[info.roleName] = {
        Arn: roleArn(sso.Partition, id.right, info.roleName),
        DefaultRegion: "",
        Expires: 0,
        Profile: "",
        Tags: ssoRoleTags(id.right, entry, info.roleName),
        Via: ""
      }
    }
  }

  // Config accounts and roles the user has no access to are left out, except `Via` roles below.
  for (const [id, config] of Object.entries(sso.Accounts)) {
    const entry = accounts[id]
    if (entry === undefined) continue
    configureAccount(entry, config)
    for (const [roleName, role] of Object.entries(entry.Roles)) {
      entry.Roles[roleName] = overlayRole(role, entry, config, config.Roles[roleName])
    }
  }

  // `Via` roles are assumed through STS, so AWS SSO does not list them: they come from config.yaml.
  const viaArns = new Set<string>()
  for (const [id, config] of Object.entries(sso.Accounts)) {
    for (const [roleName, roleConfig] of Object.entries(config.Roles)) {
      if (!roleConfig.Via) continue
      viaArns.add(roleConfig.Arn)
      if (accounts[id]?.Roles[roleName] !== undefined) continue
      let entry = accounts[id]
      if (entry === undefined) {
        entry = accounts[id] = emptyAccount("", "")
        configureAccount(entry, config)
      }
      const bare: CachedRole = {
        Arn: roleConfig.Arn,
        DefaultRegion: "",
        Expires: 0,
        Profile: "",
        Tags: ssoRoleTags(id, entry, roleName),
        Via: ""
      }
      entry.Roles[roleName] = overlayRole(bare, entry, config, roleConfig)
    }
  }

  const before = new Map(allRoles(input.previous).map((role) => [role.Arn, role]))
  for (const entry of Object.values(accounts)) {
    for (const [roleName, role] of Object.entries(entry.Roles)) {
      entry.Roles[roleName] = carryOver(role, before.get(role.Arn))
    }
  }

  const catalog: RoleCatalog = {
    Accounts: accounts,
    SSORegion: sso.SSORegion,
    StartUrl: sso.StartUrl,
    DefaultRegion: sso.DefaultRegion ?? ""
  }

  return Either.gen(function*() {
    const roles = yield* Either.all(catalogRoles(input.ssoName, catalog).map((r) => withProfileName(r, input.namer)))
    yield* checkUniqueProfiles(roles)
    const oldArns = new Set([...before.keys()].filter((arn) => !viaArns.has(arn)))
    const newArns = new Set(roles.map((role) => role.Arn).filter((arn) => !viaArns.has(arn)))
    const added = [...newArns].filter((arn) => !oldArns.has(arn)).sort()
    const deleted = [...oldArns].filter((arn) => !newArns.has(arn)).sort()
    return { catalog, roles: [...roles].sort(compareRoles), added, deleted }
  })
}


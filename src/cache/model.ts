/**
 * cache.json (upstream `internal/sso/cache` and `internal/sso/roles`): the document, its Go-compatible
 * JSON codec, and the flat role record every command works with.
 *
 * In memory, account maps are keyed by the 12-digit account ID, as everywhere else in this code base;
 * on disk they are plain base-10 integers (`25823461518`), which is what Go's `map[int64]` writes.
 * Absent strings are "" and absent epochs 0, as in Go, so `omitempty` decides what is written.
 */
import { Either, Option, ParseResult, Schema } from "effect"
import { normalizeAccountId } from "../config/accountId"
import { DuplicateProfileName, ProfileNameInvalid } from "./errors"
import { compareBytes, GoObject, goMap, type GoValue, marshalIndent } from "./goJson"

/** Upstream `CACHE_VERSION`; a lower version counts as expired. */
export const CACHE_VERSION = 4

/** What an absent or unreadable cache file reads as; below `CACHE_VERSION`, so it is expired. */
export const EMPTY_CACHE_VERSION = 1

// Go leaves a field at its zero value when the key is absent or null; so do these.
const text = Schema.optionalWith(Schema.String, { nullable: true, default: () => "" })
const epochSeconds = Schema.optionalWith(Schema.Int, { nullable: true, default: () => 0 })
const Tags = Schema.Record({ key: Schema.String, value: Schema.String })
const tags = Schema.optionalWith(Tags, { nullable: true, default: () => ({}) })

/** One role of an account. */
export const CachedRole = Schema.Struct({
  Arn: text,
  DefaultRegion: text,
  /** STS credentials' expiry in epoch seconds; 0 = none cached. */
  Expires: epochSeconds,
  /** The explicit `Profile` from config.yaml (a rendered ProfileFormat is never stored). */
  Profile: text,
  Tags: tags,
  Via: text
})
export type CachedRole = typeof CachedRole.Type

/** One account; `Alias` is the name AWS SSO reports, `Name` the one from config.yaml. */
export const CachedAccount = Schema.Struct({
  Alias: text,
  Name: text,
  EmailAddress: text,
  Tags: tags,
  Roles: Schema.optionalWith(Schema.Record({ key: Schema.String, value: CachedRole }), {
    nullable: true,
    default: () => ({})
  }),
  DefaultRegion: text
})
export type CachedAccount = typeof CachedAccount.Type

const accountKey = /^\+?\d+$/

const AccountsOnDisk = Schema.Record({ key: Schema.String, value: CachedAccount })
const AccountsInMemory = Schema.Record({ key: Schema.String, value: Schema.typeSchema(CachedAccount) })

/** Re-keys the accounts by 12-digit ID; Go parses the keys base-10, so leading zeros are fine. */
const AccountsById = Schema.transformOrFail(AccountsOnDisk, AccountsInMemory, {
  strict: true,
  decode: (accounts, _, ast) => {
    const byId: Record<string, CachedAccount> = {}
    for (const [key, account] of Object.entries(accounts)) {
      const id = accountKey.test(key) ? normalizeAccountId(key) : Either.left(`invalid account ID "${key}"`)
      if (Either.isLeft(id)) return ParseResult.fail(new ParseResult.Type(ast, key, id.left))
      byId[id.right] = account
    }
    return ParseResult.succeed(byId)
  },
  encode: (accounts) => ParseResult.succeed(accounts)
})

/** The roles of one SSO instance and the instance settings they were built with. */
export const RoleCatalog = Schema.Struct({
  Accounts: Schema.optionalWith(AccountsById, { nullable: true, default: () => ({}) }),
  SSORegion: text,
  StartUrl: text,
  DefaultRegion: text
})
export type RoleCatalog = typeof RoleCatalog.Type

export const emptyCatalog: RoleCatalog = { Accounts: {}, SSORegion: "", StartUrl: "", DefaultRegion: "" }

/** The cache of one SSO instance. */
export const InstanceCache = Schema.Struct({
  /** Epoch seconds of the last refresh from AWS SSO; 0 = never. */
  LastUpdate: epochSeconds,
  /** `configHash` of the settings the roles were built with. */
  ConfigHash: text,
  /** Recently used role ARNs, most recent first. */
  History: Schema.optionalWith(Schema.Array(Schema.String), { nullable: true, default: () => [] }),
  Roles: Schema.optionalWith(RoleCatalog, { nullable: true, default: () => emptyCatalog })
})
export type InstanceCache = typeof InstanceCache.Type

export const emptyInstance: InstanceCache = { LastUpdate: 0, ConfigHash: "", History: [], Roles: emptyCatalog }

/** The whole cache.json. */
export const CacheDocument = Schema.Struct({
  Version: Schema.optionalWith(Schema.Int, { nullable: true, default: () => EMPTY_CACHE_VERSION }),
  /** config.yaml's mtime (epoch seconds) when the cache was last refreshed. */
  ConfigCreatedAt: epochSeconds,
  SSO: Schema.optionalWith(Schema.Record({ key: Schema.String, value: InstanceCache }), {
    nullable: true,
    default: () => ({})
  })
})
export type CacheDocument = typeof CacheDocument.Type

export const emptyCache: CacheDocument = { Version: EMPTY_CACHE_VERSION, ConfigCreatedAt: 0, SSO: {} }

const decodeJson = Schema.decodeUnknownEither(Schema.parseJson(CacheDocument))

/** Reads cache.json text; the left side is a one-line reason. Unknown keys are ignored, as Go does. */
export const decodeCache = (json: string): Either.Either<CacheDocument, string> =>
  Either.mapLeft(decodeJson(json), (error) => {
    const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
    if (issue === undefined) return "invalid"
    const where = issue.path.length === 0 ? "" : `at ${issue.path.map(String).join(".")}: `
    return `${where}${issue.message.split("\n")[0] ?? ""}`
  })

const omitEmpty = (entries: ReadonlyArray<readonly [string, GoValue, boolean]>): GoObject =>
  new GoObject(entries.filter(([, , keep]) => keep).map(([key, value]) => [key, value] as const))

const tagsJson = (t: Readonly<Record<string, string>>): GoObject => goMap(t, (v) => v)

const roleJson = (role: CachedRole): GoObject =>
  omitEmpty([
    ["Arn", role.Arn, true],
    ["DefaultRegion", role.DefaultRegion, role.DefaultRegion !== ""],
    ["Expires", role.Expires, role.Expires !== 0],
    ["Profile", role.Profile, role.Profile !== ""],
    ["Tags", tagsJson(role.Tags), Object.keys(role.Tags).length > 0],
    ["Via", role.Via, role.Via !== ""]
  ])

const accountJson = (account: CachedAccount): GoObject =>
  omitEmpty([
    ["Alias", account.Alias, account.Alias !== ""],
    ["Name", account.Name, account.Name !== ""],
    ["EmailAddress", account.EmailAddress, account.EmailAddress !== ""],
    ["Tags", tagsJson(account.Tags), Object.keys(account.Tags).length > 0],
    ["Roles", goMap(account.Roles, roleJson), Object.keys(account.Roles).length > 0],
    ["DefaultRegion", account.DefaultRegion, account.DefaultRegion !== ""]
  ])

/** Account keys as Go writes `map[int64]`: plain integers, sorted as strings. */
const accountsJson = (accounts: Readonly<Record<string, CachedAccount>>): GoObject => {
  const byPlainId: Record<string, CachedAccount> = {}
  for (const [id, account] of Object.entries(accounts)) byPlainId[String(Number(id))] = account
  return goMap(byPlainId, accountJson)
}

const catalogJson = (catalog: RoleCatalog): GoObject =>
  new GoObject([
    ["Accounts", accountsJson(catalog.Accounts)],
    ["SSORegion", catalog.SSORegion],
    ["StartUrl", catalog.StartUrl],
    ["DefaultRegion", catalog.DefaultRegion]
  ])

const instanceJson = (instance: InstanceCache): GoObject =>
  omitEmpty([
    ["LastUpdate", instance.LastUpdate, instance.LastUpdate !== 0],
    ["ConfigHash", instance.ConfigHash, instance.ConfigHash !== ""],
    ["History", instance.History, instance.History.length > 0],
    ["Roles", catalogJson(instance.Roles), true]
  ])

/** cache.json text: Go's `json.MarshalIndent(cache, "", "  ")`, no final newline. */
export const encodeCache = (doc: CacheDocument): string =>
  marshalIndent(
    omitEmpty([
      ["Version", doc.Version, true],
      ["ConfigCreatedAt", doc.ConfigCreatedAt, true],
      ["SSO", goMap(doc.SSO, instanceJson), Object.keys(doc.SSO).length > 0]
    ])
  )

/** The cache of `ssoName`, or an empty one. */
export const instanceOf = (doc: CacheDocument, ssoName: string): InstanceCache =>
  Object.hasOwn(doc.SSO, ssoName) ? (doc.SSO[ssoName] ?? emptyInstance) : emptyInstance

/** Replaces the cache of one instance. */
export const withInstance = (doc: CacheDocument, ssoName: string, instance: InstanceCache): CacheDocument => ({
  ...doc,
  SSO: { ...doc.SSO, [ssoName]: instance }
})

/** A role as `list`, the selector, the profile template and the credential commands see it. */
export interface FlatRole {
  /** Row index in `list`; 0 everywhere else (also while rendering profile names). */
  readonly Id: number
  readonly AccountId: number
  /** 12-digit zero-padded. */
  readonly AccountIdPad: string
  /** `Name` from config.yaml. */
  readonly AccountName: string
  /** The account name AWS SSO reports. */
  readonly AccountAlias: string
  readonly EmailAddress: string
  /** Epoch seconds when the cached STS credentials expire; 0 = none. May lie in the past. */
  readonly Expires: number
  readonly Arn: string
  readonly RoleName: string
  /** The explicit `Profile` if set, else the rendered ProfileFormat ("" only while rendering). */
  readonly Profile: string
  /** Instance, then account, then role `DefaultRegion`; never the global setting. */
  readonly DefaultRegion: string
  /** The SSO instance name. */
  readonly SSO: string
  readonly SSORegion: string
  readonly StartUrl: string
  readonly Tags: Readonly<Record<string, string>>
  readonly Via: string
}

/** True when the role has no cached credentials or they have expired at `nowSeconds`. */
export const isExpired = (role: FlatRole, nowSeconds: number): boolean => role.Expires <= nowSeconds

/**
 * Renders a role's profile name from ProfileFormat. It gets the role with `Profile` empty and fails
 * with anything that has a one-line message (the template engine's error).
 */
export type ProfileNamer = (role: FlatRole) => Either.Either<string, { readonly message: string }>

const roleArnPattern = /^arn:[^:]+:iam::(\d{12}):role\/(.+)$/

/** The 12-digit account and role name of a role ARN. */
export const parseRoleArn = (arn: string): Option.Option<{ readonly accountId: string; readonly roleName: string }> => {
  const match = roleArnPattern.exec(arn)
  return match?.[1] === undefined || match[2] === undefined
    ? Option.none()
    : Option.some({ accountId: match[1], roleName: match[2] })
}

const nonEmpty = (...values: ReadonlyArray<string>): string => values.find((v) => v !== "") ?? ""

/**
 * The flat record of one cached role, with `Profile` only when set explicitly. Tags are layered as
 * upstream does: account tags, then the automatic ones, then the role's stored tags.
 */
export const flattenRole = (
  ssoName: string,
  catalog: RoleCatalog,
  accountId: string,
  roleName: string
): Option.Option<FlatRole> => {
  const account = Object.hasOwn(catalog.Accounts, accountId) ? catalog.Accounts[accountId] : undefined
  const role = account !== undefined && Object.hasOwn(account.Roles, roleName) ? account.Roles[roleName] : undefined
  if (account === undefined || role === undefined) return Option.none()
  const automatic: Record<string, string> = { AccountID: accountId, Email: account.EmailAddress }
  if (account.Alias !== "") automatic["AccountAlias"] = account.Alias
  if (account.Name !== "") automatic["AccountName"] = account.Name
  if (role.Profile !== "") automatic["Profile"] = role.Profile
  if (role.Via !== "") automatic["Via"] = role.Via
  return Option.some({
    Id: 0,
    AccountId: Number(accountId),
    AccountIdPad: accountId,
    AccountName: account.Name,
    AccountAlias: account.Alias,
    EmailAddress: account.EmailAddress,
    Expires: role.Expires,
    Arn: role.Arn,
    RoleName: roleName,
    Profile: role.Profile,
    DefaultRegion: nonEmpty(role.DefaultRegion, account.DefaultRegion, catalog.DefaultRegion),
    SSO: ssoName,
    SSORegion: catalog.SSORegion,
    StartUrl: catalog.StartUrl,
    Tags: { ...account.Tags, ...automatic, ...role.Tags },
    Via: role.Via
  })
}

/** Fills in `Profile` from the namer unless the role has an explicit one. */
export const withProfileName = (role: FlatRole, namer: ProfileNamer): Either.Either<FlatRole, ProfileNameInvalid> =>
  role.Profile !== ""
    ? Either.right(role)
    : Either.match(namer(role), {
      onLeft: (error) => Either.left(new ProfileNameInvalid({ arn: role.Arn, reason: error.message })),
      onRight: (Profile) => Either.right({ ...role, Profile })
    })

/** Stable order for roles: account ID, then role name. */
export const compareRoles = (a: FlatRole, b: FlatRole): number =>
  a.AccountId - b.AccountId || compareBytes(a.RoleName, b.RoleName)

/** Every role of a catalog, sorted by account ID then role name, without rendered profile names. */
export const catalogRoles = (ssoName: string, catalog: RoleCatalog): ReadonlyArray<FlatRole> => {
  const roles: Array<FlatRole> = []
  for (const [accountId, account] of Object.entries(catalog.Accounts)) {
    for (const roleName of Object.keys(account.Roles)) {
      const flat = flattenRole(ssoName, catalog, accountId, roleName)
      if (Option.isSome(flat)) roles.push(flat.value)
    }
  }
  return roles.sort(compareRoles)
}

/** Every role of an instance, sorted by account ID then role name, with profile names. */
export const instanceRoles = (
  doc: CacheDocument,
  ssoName: string,
  namer: ProfileNamer
): Either.Either<ReadonlyArray<FlatRole>, ProfileNameInvalid> =>
  Either.all(catalogRoles(ssoName, instanceOf(doc, ssoName).Roles).map((role) => withProfileName(role, namer)))

/** The role with this ARN. */
export const findByArn = (roles: ReadonlyArray<FlatRole>, arn: string): Option.Option<FlatRole> =>
  Option.fromNullable(roles.find((role) => role.Arn === arn))

/** The role with this account (any numeric form) and name. */
export const findByAccountRole = (
  roles: ReadonlyArray<FlatRole>,
  accountId: string | number,
  roleName: string
): Option.Option<FlatRole> =>
  Either.match(normalizeAccountId(accountId), {
    onLeft: () => Option.none(),
    onRight: (pad) => Option.fromNullable(roles.find((r) => r.AccountIdPad === pad && r.RoleName === roleName))
  })

/** The role with this (explicit or rendered) profile name. */
export const findByProfile = (roles: ReadonlyArray<FlatRole>, profile: string): Option.Option<FlatRole> =>
  Option.fromNullable(roles.find((role) => role.Profile === profile))

/** Profile names must be unique within an instance; the first clash (in role order) is reported. */
export const checkUniqueProfiles = (roles: ReadonlyArray<FlatRole>): Either.Either<void, DuplicateProfileName> => {
  const seen = new Map<string, string>()
  for (const role of [...roles].sort(compareRoles)) {
    const first = seen.get(role.Profile)
    if (first !== undefined) {
      return Either.left(new DuplicateProfileName({ profile: role.Profile, firstArn: first, secondArn: role.Arn }))
    }
    seen.set(role.Profile, role.Arn)
  }
  return Either.void
}

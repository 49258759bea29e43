/**
 * Choosing one role from the selection flags that `process`, `eval`, `exec`, `console` and `ecs load`
 * share: `--profile/-p`, `--arn/-a` (a role ARN or `<account>:<role>`), `--account/-A` + `--role/-R`.
 *
 * Three steps, so a lean entry point can use the pure ones without any Effect service:
 * 1. `parseSelection`: flags (+ the env fallbacks of the command) -> `RoleSelection`, or none given.
 * 2. `selectionArn`: the ARN a selection names, when it names one without the cache.
 * 3. `resolveSelection`: the cached `FlatRole` (a role missing from the cache is still allowed when
 *    the selection names its ARN, as upstream allows any ARN).
 */
import * as Options from "@effect/cli/Options"
import { Effect, Either, Option } from "effect"
import { CacheStore, nowSeconds } from "../cache/CacheFile"
import type { ProfileNameInvalid } from "../cache/errors"
import {
  catalogRoles,
  findByAccountRole,
  findByArn,
  type FlatRole,
  instanceOf,
  instanceRoles,
  parseRoleArn,
  withProfileName
} from "../cache/model"
import { profileNamer } from "../cache/profileName"
import { normalizeAccountId, partitionOfRegion, roleArn } from "../config/accountId"
import { Settings } from "../config/load"
import type { SsoInstance } from "../config/Settings"
import { NoRoleSelected, ProfileNotFound, RoleSelectionInvalid } from "../credentials/errors"
import { selectionFlagNames as names } from "./flagNames"

/** The four selection flags; every command that selects a role declares exactly these. */
export const roleSelectionOptions = {
  arn: Options.text(names.arn.name).pipe(
    Options.withAlias(names.arn.alias),
    Options.withDescription("Role ARN (arn:aws:iam::<account>:role/<name>, or <account>:<role>)"),
    Options.optional
  ),
  account: Options.text(names.account.name).pipe(
    Options.withAlias(names.account.alias),
    Options.withDescription("AWS account ID of the role (leading zeros are fine); use with --role"),
    Options.optional
  ),
  role: Options.text(names.role.name).pipe(
    Options.withAlias(names.role.alias),
    Options.withDescription("Name of the role; use with --account"),
    Options.optional
  ),
  profile: Options.text(names.profile.name).pipe(
    Options.withAlias(names.profile.alias),
    Options.withDescription("Profile name of the role (as `aws-sso list` shows it)"),
    Options.optional
  )
}

/** The parsed selection flags (what @effect/cli hands the command for `roleSelectionOptions`). */
export interface RoleSelectionFlags {
  readonly arn: Option.Option<string>
  readonly account: Option.Option<string>
  readonly role: Option.Option<string>
  readonly profile: Option.Option<string>
}

/** Environment variables a command reads when the matching flag is absent. */
export interface SelectionEnvNames {
  readonly arn?: string | undefined
  readonly account?: string | undefined
  readonly role?: string | undefined
}

/** `console`, `exec` and `ecs load`: `AWS_SSO_ROLE_ARN`, `AWS_SSO_ACCOUNT_ID`, `AWS_SSO_ROLE_NAME`. */
export const roleEnvNames: SelectionEnvNames = {
  arn: "AWS_SSO_ROLE_ARN",
  account: "AWS_SSO_ACCOUNT_ID",
  role: "AWS_SSO_ROLE_NAME"
}

/**
 * Which flag combinations are refused outright (flags given on the command line only; env fallbacks
 * never conflict): "all" = `process` (`--arn` with `--account`/`--role`, `--profile` with any other),
 * "profile" = `ecs load` (`--profile` with `--account`/`--role`), "none" = precedence decides.
 */
export type SelectionExclusions = "all" | "profile" | "none"

export interface ParseSelectionOptions {
  /** The process environment, for the fallbacks. */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined
  /** Fallback variables of this command; none by default. */
  readonly envNames?: SelectionEnvNames | undefined
  readonly exclusions?: SelectionExclusions | undefined
}

/** A selection; `source` names the flag or variable it came from, for error messages. */
export type RoleSelection =
  | { readonly _tag: "ByProfile"; readonly profile: string; readonly source: string }
  | {
    readonly _tag: "ByArn"
    /** The ARN as given, or "" for the short `<account>:<role>` form (built from the SSO partition). */
    readonly arn: string
    readonly accountId: string
    readonly roleName: string
    readonly source: string
  }
  | { readonly _tag: "ByAccountRole"; readonly accountId: string; readonly roleName: string; readonly source: string }

const shortArn = /^(\d+):(.+)$/

/** A role ARN or `<account>:<role>`, as `--arn` takes it. */
export const parseArnFlag = (
  value: string,
  source: string
): Either.Either<Extract<RoleSelection, { _tag: "ByArn" }>, RoleSelectionInvalid> => {
  const full = parseRoleArn(value)
  if (Option.isSome(full)) {
    return Either.right({ _tag: "ByArn", arn: value, ...full.value, source })
  }
  const short = shortArn.exec(value)
  if (short?.[1] !== undefined && short[2] !== undefined && !short[2].includes(":")) {
    const roleName = short[2]
    return Either.match(normalizeAccountId(short[1]), {
      onLeft: (reason) => Either.left(new RoleSelectionInvalid({ reason: `invalid ${source} "${value}": ${reason}` })),
      onRight: (accountId) => Either.right({ _tag: "ByArn" as const, arn: "", accountId, roleName, source })
    })
  }
  return Either.left(
    new RoleSelectionInvalid({
      reason: `invalid ${source} "${value}": expected arn:aws:iam::<account>:role/<name> or <account>:<role>`
    })
  )
}

const nonEmpty = (value: Option.Option<string>): Option.Option<string> => Option.filter(value, (v) => v !== "")

interface Given {
  readonly value: string
  readonly source: string
}

const pick = (
  flag: Option.Option<string>,
  flagName: string,
  envName: string | undefined,
  env: Readonly<Record<string, string | undefined>>
): Option.Option<Given> =>
  Option.match(nonEmpty(flag), {
    onSome: (value) => Option.some({ value, source: flagName }),
    onNone: () => {
      const value = envName === undefined ? undefined : env[envName]
      return value === undefined || value === "" || envName === undefined
        ? Option.none()
        : Option.some({ value, source: `$${envName}` })
    }
  })

const conflict = (a: string, b: string) =>
  Either.left(new RoleSelectionInvalid({ reason: `${a} and ${b} cannot be used together` }))

const checkExclusions = (flags: RoleSelectionFlags, exclusions: SelectionExclusions) => {
  const has = (o: Option.Option<string>) => Option.isSome(nonEmpty(o))
  if (exclusions === "none") return Either.void
  if (has(flags.profile)) {
    if (has(flags.account)) return conflict("--profile", "--account")
    if (has(flags.role)) return conflict("--profile", "--role")
    if (exclusions === "all" && has(flags.arn)) return conflict("--profile", "--arn")
  }
  if (exclusions === "all" && has(flags.arn)) {
    if (has(flags.account)) return conflict("--arn", "--account")
    if (has(flags.role)) return conflict("--arn", "--role")
  }
  return Either.void
}

/**
 * The selection the flags (then the env fallbacks) make, by upstream's precedence: profile, then
 * ARN, then account + role. None when nothing was given (the caller prompts or fails with
 * `noSelection`); an error when exactly one of account/role is given or a value is malformed.
 */
export const parseSelection = (
  flags: RoleSelectionFlags,
  options: ParseSelectionOptions = {}
): Either.Either<Option.Option<RoleSelection>, RoleSelectionInvalid> =>
  Either.gen(function*() {
    yield* checkExclusions(flags, options.exclusions ?? "none")
    const env = options.env ?? {}
    const names = options.envNames ?? {}
    const profile = nonEmpty(flags.profile)
    if (Option.isSome(profile)) {
      return Option.some<RoleSelection>({ _tag: "ByProfile", profile: profile.value, source: "--profile" })
    }
    const arn = pick(flags.arn, "--arn", names.arn, env)
    if (Option.isSome(arn)) return Option.some<RoleSelection>(yield* parseArnFlag(arn.value.value, arn.value.source))
    const account = pick(flags.account, "--account", names.account, env)
    const role = pick(flags.role, "--role", names.role, env)
    if (Option.isNone(account) && Option.isNone(role)) return Option.none()
    if (Option.isNone(role)) {
      const a = Option.getOrThrow(account)
      return yield* Either.left(
        new RoleSelectionInvalid({ reason: `${a.source} "${a.value}" needs --role: specify both --account and --role` })
      )
    }
    if (Option.isNone(account)) {
      return yield* Either.left(
        new RoleSelectionInvalid({
          reason: `${role.value.source} "${role.value.value}" needs --account: specify both --account and --role`
        })
      )
    }
    const accountId = yield* Either.mapLeft(
      normalizeAccountId(account.value.value),
      (reason) =>
        new RoleSelectionInvalid({ reason: `invalid ${account.value.source} "${account.value.value}": ${reason}` })
    )
    return Option.some<RoleSelection>({
      _tag: "ByAccountRole",
      accountId,
      roleName: role.value.value,
      source: `${account.value.source} ${accountId} ${role.value.source} ${role.value.value}`
    })
  })

/** `parseSelection` for commands without an interactive fallback: no selection fails with `accepted`. */
export const requireSelection = (
  flags: RoleSelectionFlags,
  accepted: string,
  options: ParseSelectionOptions = {}
): Either.Either<RoleSelection, RoleSelectionInvalid | NoRoleSelected> =>
  Either.flatMap(
    parseSelection(flags, options),
    Option.match({
      onNone: () => Either.left(new NoRoleSelected({ accepted })),
      onSome: (selection) => Either.right(selection)
    })
  )

/**
 * The role ARN a selection names without looking at the cache (`partition` of the SSO instance for
 * the short and account + role forms); none for a profile, which only the cache can resolve.
 */
export const selectionArn = (selection: RoleSelection, partition: string): Option.Option<string> => {
  switch (selection._tag) {
    case "ByProfile":
      return Option.none()
    case "ByArn":
      return Option.some(
        selection.arn !== "" ? selection.arn : roleArn(partition, selection.accountId, selection.roleName)
      )
    case "ByAccountRole":
      return Option.some(roleArn(partition, selection.accountId, selection.roleName))
  }
}

/** The ARN partition of an SSO instance (config `Partition`, else from its region). */
export const instancePartition = (sso: SsoInstance): string =>
  sso.Partition !== "" ? sso.Partition : partitionOfRegion(sso.SSORegion)

/**
 * A role that is not in the cache but named by ARN: what config.yaml says about it (Via, Profile,
 * region, tags) when it lists it, the instance's settings otherwise.
 */
export const uncachedRole = (ssoName: string, sso: SsoInstance, arn: string): Option.Option<FlatRole> =>
  Option.map(parseRoleArn(arn), ({ accountId, roleName }) => {
    const account = Object.hasOwn(sso.Accounts, accountId) ? sso.Accounts[accountId] : undefined
    const role = account !== undefined && Object.hasOwn(account.Roles, roleName) ? account.Roles[roleName] : undefined
    const region = [role?.DefaultRegion, account?.DefaultRegion, sso.DefaultRegion]
      .find((r) => r !== undefined && r !== "")
    return {
      Id: 0,
      AccountId: Number(accountId),
      AccountIdPad: accountId,
      AccountName: account?.Name ?? "",
      AccountAlias: "",
      EmailAddress: "",
      Expires: 0,
      Arn: arn,
      RoleName: roleName,
      Profile: role?.Profile ?? "",
      DefaultRegion: region ?? "",
      SSO: ssoName,
      SSORegion: sso.SSORegion,
      StartUrl: sso.StartUrl,
      Tags: { ...account?.Tags, AccountID: accountId, Role: roleName, ...role?.Tags },
      Via: role?.Via ?? ""
    }
  })

/** Where a selection is resolved: the cache's roles of one instance (profile names not yet rendered). */
export interface SelectionContext {
  readonly ssoName: string
  readonly sso: SsoInstance
  /** Every cached role of the instance, `Profile` only when explicit. */
  readonly roles: ReadonlyArray<FlatRole>
  /** Renders `Profile` for roles without an explicit one. */
  readonly nameProfile: (role: FlatRole) => Either.Either<FlatRole, ProfileNameInvalid>
}

/** Pure core of `resolveSelection`. */
export const findSelectedRole = (
  selection: RoleSelection,
  ctx: SelectionContext
): Either.Either<FlatRole, ProfileNotFound | ProfileNameInvalid | RoleSelectionInvalid> =>
  Either.gen(function*() {
    if (selection._tag === "ByProfile") {
      const named = yield* Either.all(ctx.roles.map(ctx.nameProfile))
      const found = named.find((role) => role.Profile === selection.profile)
      if (found !== undefined) return found
      return yield* Either.left(
        new ProfileNotFound({ profile: selection.profile, sso: ctx.ssoName, source: selection.source })
      )
    }
    const arn = Option.getOrThrow(selectionArn(selection, instancePartition(ctx.sso)))
    const cached = selection._tag === "ByArn" && selection.arn !== ""
      ? findByArn(ctx.roles, arn)
      : findByAccountRole(ctx.roles, selection.accountId, selection.roleName)
    const role = Option.orElse(cached, () => uncachedRole(ctx.ssoName, ctx.sso, arn))
    if (Option.isNone(role)) {
      return yield* Either.left(new RoleSelectionInvalid({ reason: `invalid ${selection.source} "${arn}"` }))
    }
    // A role named by ARN still resolves when its profile name cannot be rendered.
    return Either.getOrElse(ctx.nameProfile(role.value), () => role.value)
  })

/** The `SelectionContext` of the selected instance, from cache.json and config.yaml. */
export const selectionContext: Effect.Effect<SelectionContext, never, Settings | CacheStore> = Effect.gen(function*() {
  const settings = yield* Settings
  const cache = yield* CacheStore
  const doc = yield* cache.load
  const now = yield* nowSeconds
  const namer = profileNamer(settings.config.ProfileFormat, now)
  return {
    ssoName: settings.ssoName,
    sso: settings.sso,
    roles: catalogRoles(settings.ssoName, instanceOf(doc, settings.ssoName).Roles),
    nameProfile: (role) => withProfileName(role, namer)
  }
})

/** Resolves a selection to its role against the selected instance's cache. */
export const resolveSelection = (
  selection: RoleSelection
): Effect.Effect<FlatRole, ProfileNotFound | ProfileNameInvalid | RoleSelectionInvalid, Settings | CacheStore> =>
  Effect.flatMap(selectionContext, (ctx) => findSelectedRole(selection, ctx))

/** Every cached role of the selected instance with profile names (for AWS_PROFILE lookups and the selector). */
export const cachedRolesWithProfiles: Effect.Effect<
  ReadonlyArray<FlatRole>,
  ProfileNameInvalid,
  Settings | CacheStore
> = Effect.gen(function*() {
  const settings = yield* Settings
  const doc = yield* (yield* CacheStore).load
  return yield* instanceRoles(doc, settings.ssoName, profileNamer(settings.config.ProfileFormat, yield* nowSeconds))
})

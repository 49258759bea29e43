/**
 * Profile names from `ProfileFormat` (upstream `AWSRoleFlat.ProfileName`): the template runs against the
 * role's flat record with the sprig functions plus upstream's own helpers. The caller decides when a role's
 * explicit `Profile` wins; the `AccountIdStr .AccountId` deprecation is rewritten by the config loader.
 */
import { Either } from "effect"
import { FALLBACK_PROFILE_FORMAT } from "../config/Settings"
import { type CompiledTemplate, compileTemplate } from "./compile"
import type { TemplateError } from "./errors"
import { fixedFunc, type FuncMap, variadicFunc } from "./funcs"
import { sprigFuncs } from "./sprig"
import { goTypeName, stringMap } from "./values"

/** The role record a `ProfileFormat` sees (upstream's field names and order). */
export interface ProfileTemplateData {
  readonly Id: number
  /** The account ID as a number, without padding. */
  readonly AccountId: number
  readonly AccountIdPad: string
  readonly AccountName: string
  readonly AccountAlias: string
  readonly EmailAddress: string
  readonly Expires: string
  readonly ExpiresEpoch: number
  readonly Arn: string
  readonly RoleName: string
  readonly Profile: string
  readonly DefaultRegion: string
  readonly SSO: string
  readonly SSORegion: string
  readonly StartUrl: string
  readonly Tags: Readonly<Record<string, string>>
  readonly Via: string
}

const TEMPLATE_NAME = "ProfileFormat"
const MAX_ACCOUNT_ID = 999_999_999_999

/** Upstream's helpers, registered on top of sprig. */
export const upstreamProfileFuncs: FuncMap = {
  // An out-of-range ID renders as "": upstream ignores the conversion error.
  AccountIdStr: fixedFunc(["int"], (id) =>
    id >= 0 && id <= MAX_ACCOUNT_ID ? String(id).padStart(12, "0") : ""),
  EmptyString: fixedFunc(["string"], (text) => text === ""),
  FirstItem: variadicFunc([], "string", (...items) => items.find((item) => item !== "") ?? ""),
  StringsJoin: variadicFunc(["string"], "string", (separator, ...items) =>
    items.filter((item) => item !== "").join(separator)),
  StringReplace: fixedFunc(["string", "string", "string"], (search, replacement, text) =>
    search === "" ? replacement + Array.from(text).map((ch) => ch + replacement).join("") :
      text.split(search).join(replacement))
}

/** Everything a `ProfileFormat` may call besides text/template's builtins. */
export const profileFormatFuncs: FuncMap = { ...sprigFuncs, ...upstreamProfileFuncs }

const compiled = new Map<string, Either.Either<CompiledTemplate, TemplateError>>()

/** Parses a `ProfileFormat` once; later calls with the same text reuse the result. */
export const compileProfileFormat = (format: string): Either.Either<CompiledTemplate, TemplateError> => {
  const source = format === "" ? FALLBACK_PROFILE_FORMAT : format
  const cached = compiled.get(source)
  if (cached !== undefined) return cached
  const result = compileTemplate(TEMPLATE_NAME, source, profileFormatFuncs)
  if (compiled.size >= 64) compiled.clear()
  compiled.set(source, result)
  return result
}

/** The role as Go data: a struct named like upstream's, with `Tags` as a `map[string]string`. */
export const profileTemplateValue = (role: ProfileTemplateData): object => ({
  [goTypeName]: "*roles.AWSRoleFlat",
  Id: role.Id,
  AccountId: role.AccountId,
  AccountIdPad: role.AccountIdPad,
  AccountName: role.AccountName,
  AccountAlias: role.AccountAlias,
  EmailAddress: role.EmailAddress,
  ExpiresEpoch: role.ExpiresEpoch,
  Expires: role.Expires,
  Arn: role.Arn,
  RoleName: role.RoleName,
  Profile: role.Profile,
  DefaultRegion: role.DefaultRegion,
  SSO: role.SSO,
  SSORegion: role.SSORegion,
  StartUrl: role.StartUrl,
  Tags: stringMap(role.Tags),
  Via: role.Via
})

/** Renders a role's profile name; an empty format means `{{ .AccountIdPad }}:{{ .RoleName }}` as upstream. */
export const renderProfileName = (format: string, role: ProfileTemplateData): Either.Either<string, TemplateError> =>
  Either.flatMap(compileProfileFormat(format), (template) => template.execute(profileTemplateValue(role)))

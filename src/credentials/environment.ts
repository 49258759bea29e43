/**
 * The variables `eval` and `exec` hand to a shell (upstream §3.2), computed as an ordered list
 * so output is stable (upstream iterated a Go map, so its order was random). A value of
 * `undefined` means "unset this variable".
 */
import { formatRfc3339Local } from "../domain/duration"

export interface RoleIdentity {
  readonly ssoName: string
  readonly accountId: string // 12 digits
  readonly roleName: string
  readonly arn: string
  readonly profile: string
  /** Role tags, for EnvVarTags. */
  readonly tags: Readonly<Record<string, string>>
}

export interface CredentialValues {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken: string
  /** Epoch milliseconds. */
  readonly expiration: number
}

export type EnvAssignment = readonly [name: string, value: string | undefined]

/** Upstream §2.9: whether the user owns the region, given the current environment. */
export const userOwnsRegion = (env: Readonly<Record<string, string | undefined>>): boolean => {
  const current = env.AWS_DEFAULT_REGION || env.AWS_REGION || ""
  return current !== "" && current !== (env.AWS_SSO_DEFAULT_REGION ?? "")
}

/**
 * The region to export: none with `--no-region`, none when the user set their own region
 * (unless overwriting), else the most specific configured one (`resolved`).
 */
export const regionToExport = (opts: {
  readonly noRegion: boolean
  readonly overwrite: boolean
  readonly resolved: string | undefined
  readonly env: Readonly<Record<string, string | undefined>>
}): string | undefined => {
  if (opts.noRegion) return undefined
  if (!opts.overwrite && userOwnsRegion(opts.env)) return undefined
  return opts.resolved || undefined
}

const tagVariable = (tag: string) => `AWS_SSO_TAG_${tag.toUpperCase().replace(/[^A-Z0-9_]/g, "_")}`

/** The assignments for one role's credentials, in a fixed order. */
export const credentialAssignments = (
  role: RoleIdentity,
  credentials: CredentialValues,
  region: string | undefined,
  envVarTags: ReadonlyArray<string>
): Array<EnvAssignment> => {
  const list: Array<EnvAssignment> = [
    ["AWS_ACCESS_KEY_ID", credentials.accessKeyId],
    ["AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey],
    ["AWS_SESSION_TOKEN", credentials.sessionToken],
    ["AWS_SSO_ACCOUNT_ID", role.accountId],
    ["AWS_SSO_ROLE_NAME", role.roleName],
    ["AWS_SSO_ROLE_ARN", role.arn],
    ["AWS_SSO_SESSION_EXPIRATION", formatRfc3339Local(credentials.expiration)],
    ["AWS_SSO_PROFILE", role.profile],
    ["AWS_SSO", role.ssoName]
  ]
  if (region) list.push(["AWS_DEFAULT_REGION", region], ["AWS_REGION", region], ["AWS_SSO_DEFAULT_REGION", region])
  else list.push(["AWS_SSO_DEFAULT_REGION", undefined])
  for (const tag of [...envVarTags].sort()) {
    const value = role.tags[tag]
    if (value !== undefined) list.push([tagVariable(tag), value])
  }
  return list
}

const clearedCredentialVariables = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_SSO_ACCOUNT_ID",
  "AWS_SSO_ROLE_NAME",
  "AWS_SSO_ROLE_ARN",
  "AWS_SSO_SESSION_EXPIRATION",
  "AWS_SSO_PROFILE",
  "AWS_SSO"
]

/** `eval --clear` (upstream §1.3 and the region rules of §3.3). */
export const clearAssignments = (opts: {
  readonly noRegion: boolean
  readonly env: Readonly<Record<string, string | undefined>>
  readonly envVarTags: ReadonlyArray<string>
}): Array<EnvAssignment> => {
  const list: Array<EnvAssignment> = clearedCredentialVariables.map((name) => [name, undefined] as const)
  const defaultRegion = opts.env.AWS_DEFAULT_REGION ?? ""
  const region = opts.env.AWS_REGION ?? ""
  const sentinel = opts.env.AWS_SSO_DEFAULT_REGION ?? ""
  if (!opts.noRegion && defaultRegion === sentinel) {
    list.push(["AWS_DEFAULT_REGION", undefined], ["AWS_REGION", undefined], ["AWS_SSO_DEFAULT_REGION", undefined])
  } else if (defaultRegion !== sentinel || region !== sentinel) {
    list.push(["AWS_SSO_DEFAULT_REGION", undefined])
  }
  for (const tag of [...opts.envVarTags].sort()) list.push([tagVariable(tag), undefined])
  return list
}

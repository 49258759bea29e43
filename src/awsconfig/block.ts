/**
 * The aws-sso block of ~/.aws/config (upstream `internal/awsconfig`, spec 4.9): one `[profile]` per
 * role of one SSO instance between its begin and end markers. Pure: same input, same bytes, so a
 * second run finds nothing to change.
 *
 * Two forms:
 * - `credential_process` (upstream): each profile runs `aws-sso process --arn <arn>`, with no
 *   `-u <action>` (upstream's template with one is dead code, Appendix A.16).
 * - `sso-session`: the AWS CLI's native form, one `[sso-session]` plus profiles naming account and
 *   role, for tools that read ~/.aws/config themselves and never run a credential process.
 */
import { Either } from "effect"
import type { DuplicateProfileName } from "../cache/errors"
import { checkUniqueProfiles, type FlatRole } from "../cache/model"
import type { ConfigProfilesFormat } from "../config/Settings"
import { UnsafeConfigText } from "./errors"
import { sectionNameProblem, valueProblem } from "./iniText"

/** The marker lines of an instance's block; `Default` keeps upstream's unsuffixed markers. */
export interface Markers {
  readonly begin: string
  readonly end: string
}

export const markersFor = (ssoName: string): Markers =>
  ssoName === "" || ssoName === "Default"
    ? { begin: "# BEGIN_AWS_SSO_CLI", end: "# END_AWS_SSO_CLI" }
    : { begin: `# BEGIN_AWS_SSO_CLI_${ssoName}`, end: `# END_AWS_SSO_CLI_${ssoName}` }

/** The `[sso-session]` of an instance in the native form. */
export interface SsoSessionInfo {
  readonly name: string
  readonly startUrl: string
  readonly region: string
}

/**
 * The `[sso-session]` name for an instance. Prefixed so it cannot clash with a session the user made
 * with `aws configure sso`: the AWS CLI refuses a config file with a section twice.
 */
export const ssoSessionName = (ssoName: string): string => `aws-sso-${ssoName}`

export type ConfigValue = string | number | boolean

export interface BlockInput {
  readonly ssoName: string
  readonly format: ConfigProfilesFormat
  /** Roles with their profile names filled in; any order. */
  readonly roles: ReadonlyArray<FlatRole>
  /** The command line's program: `ConfigProfilesBinaryPath` or this executable. */
  readonly binaryPath: string
  /** `ConfigVariables`: extra `key = value` lines for every profile. */
  readonly configVariables: Readonly<Record<string, ConfigValue>>
  /** The instance's `[sso-session]`, written by the `sso-session` form. */
  readonly session: SsoSessionInfo
}

export interface RenderedBlock {
  readonly markers: Markers
  /** Everything between the marker lines; "" when the instance has no roles (the block is then removed). */
  readonly body: string
  /** `ConfigVariables` keys left out because the profile writes that key itself. */
  readonly shadowedVariables: ReadonlyArray<string>
}

// Go's sort of map keys: byte order.
const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

const safeBare = /^[A-Za-z0-9_@%+=:,./-]+$/
const unsafeInDoubleQuotes = /["\\$`]/

/**
 * One word of the credential_process command line. botocore splits it with shlex and the JS SDK
 * hands it to a shell (`$(…)` there runs), so anything but a plain word is single-quoted, which
 * means the same to both; a single quote inside is closed, given as `"'"` and reopened. (Double
 * quotes would not do: shlex keeps the backslash of `\$` that the shell drops.) Whitespace then
 * only ever stands inside single quotes, so the JS SDK cutting a line at ` #` leaves an unclosed
 * quote, a syntax error, never a command.
 */
export const commandWord = (word: string): string =>
  safeBare.test(word) ? word : `'${word.replace(/'/g, `'"'"'`)}'`

// Upstream always writes `-S "<name>"`; kept where double quotes are safe.
const ssoArgument = (ssoName: string): string =>
  unsafeInDoubleQuotes.test(ssoName) ? commandWord(ssoName) : `"${ssoName}"`

/** The profile keys each form writes itself (lower case: INI option names are case-insensitive). */
const ownKeys: Record<ConfigProfilesFormat, ReadonlyArray<string>> = {
  "credential_process": ["credential_process", "region"],
  "sso-session": ["sso_session", "sso_account_id", "sso_role_name", "region"]
}

const variableLines = (variables: ReadonlyArray<readonly [string, ConfigValue]>): string =>
  variables.map(([key, value]) => `${key} = ${String(value)}\n`).join("")

const profileLines = (input: BlockInput, role: FlatRole): string => {
  if (input.format === "sso-session") {
    return `sso_session = ${input.session.name}\n` +
      `sso_account_id = ${role.AccountIdPad}\nsso_role_name = ${role.RoleName}\n`
  }
  return `credential_process = ${input.binaryPath} -S ${ssoArgument(input.ssoName)} process ` +
    `--arn ${commandWord(role.Arn)}\n`
}

const sessionSection = (session: SsoSessionInfo): string =>
  `\n[sso-session ${session.name}]\nsso_start_url = ${session.startUrl}\nsso_region = ${session.region}\n` +
  "sso_registration_scopes = sso:account:access\n"

/** Every text of the block that comes from AWS, the cache or config.yaml, checked before any is written. */
const checkWritable = (input: BlockInput): Either.Either<void, UnsafeConfigText> => {
  const problems: Array<[what: string, text: string, reason: string | undefined]> = [
    ["the AWS SSO instance name", input.ssoName, valueProblem(input.ssoName)],
    ["the credential_process command", input.binaryPath, valueProblem(input.binaryPath)],
    ...Object.entries(input.configVariables).flatMap(([key, value]): Array<[string, string, string | undefined]> => [
      ["the ConfigVariables key", key, sectionNameProblem(key) ?? (/[=:]/.test(key) ? "a '=' or ':'" : undefined)],
      [`the ConfigVariables value of ${key}`, String(value), valueProblem(String(value))]
    ])
  ]
  if (input.format === "sso-session") {
    const session = input.session
    problems.push(["the sso-session name", session.name, sectionNameProblem(session.name)])
    problems.push(["the sso-session start URL", session.startUrl, valueProblem(session.startUrl)])
    problems.push(["the sso-session region", session.region, valueProblem(session.region)])
  }
  for (const role of input.roles) {
    problems.push([`the profile name of ${role.Arn}`, role.Profile, sectionNameProblem(role.Profile)])
    problems.push([`the region of ${role.Arn}`, role.DefaultRegion, valueProblem(role.DefaultRegion)])
    if (input.format === "sso-session") {
      problems.push([`the role name of ${role.Arn}`, role.RoleName, valueProblem(role.RoleName)])
      problems.push([`the account ID of ${role.Arn}`, role.AccountIdPad, valueProblem(role.AccountIdPad)])
    } else {
      problems.push(["the role ARN", role.Arn, valueProblem(role.Arn)])
    }
  }
  const found = problems.find(([, , reason]) => reason !== undefined)
  return found === undefined
    ? Either.void
    : Either.left(new UnsafeConfigText({ what: found[0], text: found[1], reason: found[2]! }))
}

/**
 * Renders an instance's block. Profiles are sorted by role ARN (upstream ranges over a map keyed by
 * ARN); each starts with a blank line, and the body ends with one so the end marker stands apart.
 */
export const renderBlock = (input: BlockInput): Either.Either<RenderedBlock, DuplicateProfileName | UnsafeConfigText> =>
  Either.map(Either.flatMap(checkWritable(input), () => checkUniqueProfiles(input.roles)), () => {
    const own = new Set(ownKeys[input.format])
    const keys = Object.keys(input.configVariables).sort(byteOrder)
    const shadowedVariables = keys.filter((key) => own.has(key.toLowerCase()))
    const variables = keys
      .filter((key) => !own.has(key.toLowerCase()))
      .map((key) => [key, input.configVariables[key]!] as const)
    const roles = [...input.roles].sort((a, b) => byteOrder(a.Arn, b.Arn))
    let body = ""
    if (roles.length > 0 && input.format === "sso-session") {
      body += sessionSection(input.session)
    }
    for (const role of roles) {
      body += `\n[profile ${role.Profile}]\n${profileLines(input, role)}`
      if (role.DefaultRegion !== "") body += `region = ${role.DefaultRegion}\n`
      body += variableLines(variables)
    }
    return { markers: markersFor(input.ssoName), body, shadowedVariables }
  })

/** The block as it stands in the file (what `--print` shows): markers, body, a blank line, end marker. */
export const blockText = (block: RenderedBlock): string =>
  block.body === "" ? "" : `${block.markers.begin}\n${block.body}\n${block.markers.end}\n`

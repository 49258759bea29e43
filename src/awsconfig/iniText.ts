/**
 * What may go into ~/.aws/config and ~/.aws/credentials. Profile names are made from account
 * aliases and names, role names and the ProfileFormat, so a hostile portal or an edited cache
 * chooses them: a newline in one would start a new section or a `credential_process` line of the
 * attacker's. Each rule below is one way a parser we do not control (botocore, the AWS CLI, the
 * JS SDK's parseIni) would read the text differently from how it was written.
 */
import { hasUnprintable } from "../domain/printable"

/**
 * Why `name` cannot be a section name (`[profile <name>]`, `[<name>]`); none when it can.
 * - control characters: a line break ends the header and starts lines of the attacker's;
 * - `[` `]`: the header would end early or nest;
 * - quotes and backslashes: botocore splits `profile <name>` with shlex, so `'dev'` would be the
 *   same profile as `dev`;
 * - ` #` and ` ;`: the JS SDK cuts the line there (inline comment), so the header disappears;
 * - blanks at either end: every parser trims them, so two names would become one.
 */
export const sectionNameProblem = (name: string): string | undefined => {
  if (name === "") return "no characters"
  if (hasUnprintable(name)) return "a control character"
  if (/[[\]]/.test(name)) return "a '[' or ']'"
  if (/["'\\]/.test(name)) return "a quote or backslash"
  if (/\s[#;]/.test(name)) return "a blank before '#' or ';' (a comment to the JS SDK)"
  if (name.trim() !== name) return "blanks at the start or end"
  return undefined
}

/** Why `value` cannot be written after `key = `; none when it can (a line break would add lines). */
export const valueProblem = (value: string): string | undefined =>
  hasUnprintable(value) ? "a control character" : undefined

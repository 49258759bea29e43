/**
 * `eval` output per shell. Values are quoted for the target shell (upstream printed them raw,
 * which breaks on a quote or `$` in a tag value). fish gets its own `set -gx`/`set -e`
 * because `unset` is not a fish command.
 */
import type { EnvAssignment } from "./environment"

export type ShellDialect = "posix" | "fish" | "powershell" | "xonsh"

/** The dialect for `$SHELL` / `XONSH_VERSION`, as upstream decides it; undefined when unsupported. */
export const detectShell = (env: Readonly<Record<string, string | undefined>>): ShellDialect | undefined => {
  if (env.XONSH_VERSION) return "xonsh"
  const shell = (env.SHELL ?? "").toLowerCase()
  if (/[/\\]fish(\.exe)?$/.test(shell)) return "fish"
  if (/[/\\](bash|zsh|sh|ksh|dash)(\.exe)?$/.test(shell)) return "posix"
  if (/[/\\](pwsh|powershell)(\.exe)?$/.test(shell)) return "powershell"
  if (process.platform === "win32" && shell === "") return "powershell"
  return undefined
}

const posixQuote = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`
const fishQuote = (v: string) => `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`
const powershellQuote = (v: string) => `'${v.replace(/'/g, "''")}'`
const pythonQuote = (v: string) => `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n")}'`

const line: Record<ShellDialect, (name: string, value: string | undefined) => string> = {
  posix: (n, v) => (v === undefined || v === "" ? `unset ${n}` : `export ${n}=${posixQuote(v)}`),
  fish: (n, v) => (v === undefined || v === "" ? `set -e ${n}` : `set -gx ${n} ${fishQuote(v)}`),
  powershell: (n, v) => (v === undefined || v === "" ? `$Env:${n} = $null` : `$Env:${n} = ${powershellQuote(v)}`),
  xonsh: (n, v) => (v === undefined || v === "" ? `del $${n}` : `$${n} = ${pythonQuote(v)}`)
}

// `del $X` fails in xonsh when X is not set; guard it so `eval --clear` is idempotent.
const xonshDelete = (n: string) => `if ${JSON.stringify(n)} in ${"${...}"}: del $${n}`

/** Renders assignments as lines for `dialect`, CRLF for PowerShell as upstream does. */
export const renderShell = (dialect: ShellDialect, assignments: ReadonlyArray<EnvAssignment>): string => {
  const eol = dialect === "powershell" ? "\r\n" : "\n"
  return assignments
    .map(([n, v]) => (dialect === "xonsh" && (v === undefined || v === "") ? xonshDelete(n) : line[dialect](n, v)))
    .map((l) => l + eol)
    .join("")
}

/**
 * Go regular expressions (RE2 syntax) on JavaScript's engine, for sprig's `regex*` functions: the common
 * syntax differences are translated, and matching follows Go's rules for repeated and empty matches and
 * for `$1` / `${name}` expansion in replacements.
 */
import { quote } from "./fmt"

const posixClasses: Readonly<Record<string, string>> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  ascii: "\\x00-\\x7F",
  blank: "\\t ",
  cntrl: "\\x00-\\x1F\\x7F",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-\\/:-@\\[-`{-~",
  space: "\\t\\n\\v\\f\\r ",
  upper: "A-Z",
  word: "0-9A-Za-z_",
  xdigit: "0-9A-Fa-f"
}

const escapeLiteral = (text: string): string => text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&")

/** Rewrites RE2-only syntax into its JavaScript equivalent; returns the source and the flags. */
const translate = (pattern: string): { readonly source: string; readonly flags: string } => {
  let flags = ""
  let rest = pattern
  const leading = /^\(\?([imsU]+)\)/.exec(rest)
  if (leading !== null) {
    const requested = leading[1] ?? ""
    if (requested.includes("U")) throw new Error("invalid or unsupported Perl syntax: `(?U`")
    flags = [...new Set(requested)].join("")
    rest = rest.slice(leading[0].length)
  }
  let out = ""
  let inClass = false
  for (let i = 0; i < rest.length; i++) {
    const ch = rest[i] ?? ""
    if (ch === "\\") {
      const next = rest[i + 1] ?? ""
      i++
      if (next === "z") out += "(?![\\s\\S])"
      else if (next === "A") out += "(?<![\\s\\S])"
      else if (next === "Q") {
        const end = rest.indexOf("\\E", i + 1)
        const literal = end < 0 ? rest.slice(i + 1) : rest.slice(i + 1, end)
        out += escapeLiteral(literal)
        i = end < 0 ? rest.length : end + 1
      } else if ((next === "p" || next === "P") && /^[A-Za-z]$/.test(rest[i + 1] ?? "")) {
        out += `\\${next}{${rest[i + 1]}}`
        i++
      } else out += "\\" + next
      continue
    }
    if (inClass) {
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(rest.slice(i))
      const range = posix === null ? undefined : posixClasses[posix[2] ?? ""]
      if (posix !== null && range !== undefined) {
        if (posix[1] === "^") throw new Error(`invalid character class range: \`${posix[0]}\``)
        out += range
        i += posix[0].length - 1
        continue
      }
      if (ch === "]") inClass = false
      out += ch
      continue
    }
    if (ch === "[") {
      inClass = true
      out += ch
      // A `]` right after `[` or `[^` is a literal in RE2.
      if (rest[i + 1] === "^") {
        out += "^"
        i++
      }
      if (rest[i + 1] === "]") {
        out += "\\]"
        i++
      }
      continue
    }
    if (rest.startsWith("(?P<", i)) {
      out += "(?<"
      i += 3
      continue
    }
    out += ch
  }
  return { source: out, flags }
}

const cache = new Map<string, RegExp>()

/** Compiles a Go pattern, or throws Go's `regexp: Compile(...)` message. */
export const compileGoRegexp = (pattern: string): RegExp => {
  const cached = cache.get(pattern)
  if (cached !== undefined) return cached
  let compiled: RegExp | undefined
  let problem = ""
  try {
    const { source, flags } = translate(pattern)
    try {
      compiled = new RegExp(source, `${flags}gu`)
    } catch {
      compiled = new RegExp(source, `${flags}g`)
    }
  } catch (error) {
    problem = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, "") : String(error)
  }
  if (compiled === undefined) {
    throw new Error(`regexp: Compile(${quote(pattern)}): error parsing regexp: ${problem}`)
  }
  if (cache.size > 256) cache.clear()
  cache.set(pattern, compiled)
  return compiled
}

const runeWidth = (text: string, at: number): number => {
  const code = text.codePointAt(at)
  return code !== undefined && code > 0xffff ? 2 : 1
}

const execAt = (regexp: RegExp, text: string, from: number): RegExpExecArray | null => {
  regexp.lastIndex = from
  return regexp.exec(text)
}

/** Go's `FindAll`: successive matches, skipping an empty match that touches the previous one. */
export const findAll = (regexp: RegExp, text: string, limit: number): Array<RegExpExecArray> => {
  const matches: Array<RegExpExecArray> = []
  let pos = 0
  let previousEnd = -1
  while ((limit < 0 || matches.length < limit) && pos <= text.length) {
    const match = execAt(regexp, text, pos)
    if (match === null) break
    const end = match.index + match[0].length
    let accept = true
    if (end === pos) {
      if (match.index === previousEnd) accept = false
      pos += pos < text.length ? runeWidth(text, pos) : 1
    } else {
      pos = end
    }
    previousEnd = end
    if (accept) matches.push(match)
  }
  return matches
}

/** Go's `ReplaceAll` loop, with `replacement` building each match's substitute. */
export const replaceAll = (regexp: RegExp, text: string, replacement: (match: RegExpExecArray) => string) => {
  let out = ""
  let lastEnd = 0
  let searchPos = 0
  while (searchPos <= text.length) {
    const match = execAt(regexp, text, searchPos)
    if (match === null) break
    const start = match.index
    const end = start + match[0].length
    out += text.slice(lastEnd, start)
    // No replacement for an empty match right after the previous match.
    if (end > lastEnd || start === 0) out += replacement(match)
    lastEnd = end
    const width = searchPos < text.length ? runeWidth(text, searchPos) : 1
    searchPos = searchPos + width > end ? searchPos + width : end
  }
  return out + text.slice(lastEnd)
}

/** Go's `Regexp.Expand`: `$1`, `${1}`, `$name`, `${name}` and `$$` in a replacement template. */
export const expand = (template: string, match: RegExpExecArray): string => {
  let out = ""
  let rest = template
  for (;;) {
    const dollar = rest.indexOf("$")
    if (dollar < 0) break
    out += rest.slice(0, dollar)
    rest = rest.slice(dollar + 1)
    if (rest.startsWith("$")) {
      out += "$"
      rest = rest.slice(1)
      continue
    }
    const reference = /^(?:\{([\p{L}\p{Nd}_]+)\}|([\p{L}\p{Nd}_]+))/u.exec(rest)
    if (reference === null) {
      out += "$"
      continue
    }
    rest = rest.slice(reference[0].length)
    const name = reference[1] ?? reference[2] ?? ""
    if (/^\d+$/.test(name)) {
      if (name.length > 1 && name.startsWith("0")) continue
      out += match[Number(name)] ?? ""
    } else {
      out += match.groups?.[name] ?? ""
    }
  }
  return out + rest
}

/** Go's `Regexp.Split`. */
export const split = (regexp: RegExp, pattern: string, text: string, limit: number): Array<string> => {
  if (limit === 0) return []
  if (pattern.length > 0 && text.length === 0) return [""]
  const parts: Array<string> = []
  let begin = 0
  let end = 0
  for (const match of findAll(regexp, text, limit)) {
    if (limit > 0 && parts.length === limit - 1) break
    end = match.index
    const matchEnd = match.index + match[0].length
    if (matchEnd !== 0) parts.push(text.slice(begin, end))
    begin = matchEnd
  }
  if (end !== text.length) parts.push(text.slice(begin))
  return parts
}

/** `regexp.QuoteMeta`. */
export const quoteMeta = (text: string): string => text.replace(/[\\.+*?()|[\]{}^$]/g, "\\$&")

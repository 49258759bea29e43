/** Go's literal syntax inside actions: numbers (`strconv.ParseInt`/`ParseFloat`), quoted strings and runes. */

export interface NumberValue {
  readonly isInt: boolean
  readonly isFloat: boolean
  readonly value: number
}

const goInteger = /^[+-]?(?:0[xX](?:_?[0-9a-fA-F])+|0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0(?:_?[0-7])*|[1-9](?:_?\d)*)$/
const decimalFloat = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/
const hexFloat = /^([+-]?)0[xX]((?:_?[0-9a-fA-F])*)(?:\.((?:[0-9a-fA-F]_?)*))?[pP]([+-]?\d(?:_?\d)*)$/

const INT64_LIMIT = 2n ** 63n

/** Parses an integer the way `strconv.ParseInt(text, 0, 64)` does (prefixes, octal `0`, underscores). */
export const parseGoInt = (text: string): number | undefined => {
  if (!goInteger.test(text)) return undefined
  const negative = text.startsWith("-")
  const body = text.replace(/^[+-]/, "").replaceAll("_", "")
  const prefixed = /^0[xXbBoO]/.test(body)
    ? `0${body[1]?.toLowerCase()}${body.slice(2)}`
    : body.length > 1 && body.startsWith("0")
    ? `0o${body.slice(1)}`
    : body
  const magnitude = BigInt(prefixed)
  if (negative ? magnitude > INT64_LIMIT : magnitude >= INT64_LIMIT) return undefined
  return Number(negative ? -magnitude : magnitude)
}

const parseHexFloat = (match: RegExpExecArray): number => {
  const [, sign, whole = "", fraction = "", exponent = "0"] = match
  const digits = (whole + fraction).replaceAll("_", "")
  const mantissa = digits === "" ? 0 : Number.parseInt(digits, 16)
  const value = mantissa * 2 ** (Number(exponent.replaceAll("_", "")) - 4 * fraction.replaceAll("_", "").length)
  return sign === "-" ? -value : value
}

/** A number constant as text/template sees it, or the reason it is not one. */
export const parseNumber = (text: string): NumberValue | string => {
  if (text.endsWith("i")) return `complex numbers are not supported: ${JSON.stringify(text)}`
  const asInt = parseGoInt(text)
  if (asInt !== undefined) return { isInt: true, isFloat: true, value: asInt }
  let value: number | undefined
  const hex = hexFloat.exec(text)
  if (hex !== null) value = parseHexFloat(hex)
  else if (decimalFloat.test(text)) value = Number(text.replaceAll("_", ""))
  if (value === undefined || Number.isNaN(value)) return `illegal number syntax: ${JSON.stringify(text)}`
  // A float-looking constant with no point or exponent is an integer too large for int64.
  if (!/[.eEpP]/.test(text)) return `integer overflow: ${JSON.stringify(text)}`
  const isInt = Number.isInteger(value) && Math.abs(value) < 2 ** 63
  return { isInt, isFloat: true, value }
}

const simpleEscapes: Readonly<Record<string, string>> = {
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\"
}

/**
 * Decodes the escapes of a Go interpreted string or rune literal (without its quotes). Returns undefined on
 * bad syntax, as `strconv.Unquote` fails with "invalid syntax".
 */
const unescape = (body: string, quoteChar: string): string | undefined => {
  let out = ""
  let i = 0
  while (i < body.length) {
    const ch = body[i] ?? ""
    if (ch === quoteChar || ch === "\n") return undefined
    if (ch !== "\\") {
      out += ch
      i++
      continue
    }
    const next = body[i + 1] ?? ""
    const simple = simpleEscapes[next]
    if (simple !== undefined) {
      out += simple
      i += 2
      continue
    }
    if (next === quoteChar) {
      out += next
      i += 2
      continue
    }
    const hexLength = next === "x" ? 2 : next === "u" ? 4 : next === "U" ? 8 : 0
    if (hexLength > 0) {
      const hex = body.slice(i + 2, i + 2 + hexLength)
      if (!new RegExp(`^[0-9a-fA-F]{${hexLength}}$`).test(hex)) return undefined
      const code = Number.parseInt(hex, 16)
      if (code > 0x10ffff || (hexLength > 2 && code >= 0xd800 && code <= 0xdfff)) return undefined
      out += String.fromCodePoint(code)
      i += 2 + hexLength
      continue
    }
    const octal = body.slice(i + 1, i + 4)
    if (/^[0-7]{3}$/.test(octal)) {
      const code = Number.parseInt(octal, 8)
      if (code > 255) return undefined
      out += String.fromCharCode(code)
      i += 4
      continue
    }
    return undefined
  }
  return out
}

/** `strconv.Unquote` for a double-quoted or backquoted literal. */
export const unquoteString = (literal: string): string | undefined => {
  if (literal.startsWith("`")) return literal.slice(1, -1).replaceAll("\r", "")
  return unescape(literal.slice(1, -1), "\"")
}

/** The code point of a rune literal such as `'a'` or `'\n'`. */
export const unquoteRune = (literal: string): number | undefined => {
  const text = unescape(literal.slice(1, -1), "'")
  if (text === undefined) return undefined
  const code = text.codePointAt(0)
  return code !== undefined && String.fromCodePoint(code) === text ? code : undefined
}

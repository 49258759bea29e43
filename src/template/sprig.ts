/**
 * The deterministic part of Masterminds/sprig 3.3's text function map, with sprig's argument order (the
 * value to work on comes last, so it can be piped: `.AccountAlias | replace " " "-"`). Date, random,
 * crypto-key, network and environment functions are left out: they make no sense in profile names.
 */
import { createHash } from "node:crypto"
import { initials, swapCase, title, toKebabCase, toPascalCase, toSnakeCase, untitle } from "./caseConvert"
import { formatValue, quote } from "./fmt"
import { fixedFunc, type FuncMap, variadicFunc } from "./funcs"
import { parseGoInt } from "./literals"
import { compileGoRegexp, expand, findAll, quoteMeta, replaceAll, split as regexpSplit } from "./regex"
import { byteLength, goLower, goUpper, isGoSpace, isTrue, kindOf, sortedKeys, stringMap, typeName } from "./values"

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** `s[from:to]` on the UTF-8 bytes, as Go slices strings. */
const byteSlice = (text: string, from: number, to: number): string =>
  /^[\x00-\x7f]*$/.test(text) ? text.slice(from, to) : decoder.decode(encoder.encode(text).subarray(from, to))

/** sprig's `strval`: strings as they are, anything else as `%v` prints it. */
const strval = (value: unknown): string => (typeof value === "string" ? value : formatValue(value))

/** Go's reflect kind name, used in sprig's list errors. */
const kindName = (value: unknown): string => {
  const kind = kindOf(value)
  return kind === "float" ? "float64" : kind
}

const trimZeroDecimal = (text: string): string => {
  let sawZero = false
  for (let i = text.length; i > 0; i--) {
    const ch = text[i - 1]
    if (ch === ".") return sawZero ? text.slice(0, i - 1) : text
    if (ch !== "0") return text
    sawZero = true
  }
  return text
}

/** spf13/cast `ToInt64`, which sprig's `int`, `int64` and arithmetic use: unparseable input becomes 0. */
const toInt64 = (value: unknown): number => {
  switch (kindOf(value)) {
    case "int":
      return Number(value)
    case "float":
      return Math.trunc(value as number)
    case "bool":
      return value ? 1 : 0
    case "string":
      return parseGoInt(trimZeroDecimal(value as string)) ?? 0
    default:
      return 0
  }
}

/** spf13/cast `ToFloat64`. */
const toFloat64 = (value: unknown): number => {
  switch (kindOf(value)) {
    case "int":
    case "float":
      return Number(value)
    case "bool":
      return value ? 1 : 0
    case "string": {
      const text = (value as string).replaceAll("_", "")
      if (/^[+-]?(inf|infinity)$/i.test(text)) return text.startsWith("-") ? -Infinity : Infinity
      if (/^nan$/i.test(text)) return Number.NaN
      return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : 0
    }
    default:
      return 0
  }
}

/** `strconv.Atoi`, with sprig's 0 for anything invalid. */
const atoi = (text: string): number => {
  if (!/^[+-]?\d+$/.test(text)) return 0
  const value = BigInt(text)
  return value >= -(2n ** 63n) && value < 2n ** 63n ? Number(value) : 0
}

const divideByZero = () => new Error("runtime error: integer divide by zero")

const outOfRange = (bounds: string) => new Error(`runtime error: slice bounds out of range ${bounds}`)

/** sprig's `substr`, which slices bytes and (like Go) fails rather than clamping impossible bounds. */
const substring = (start: number, end: number, text: string): string => {
  const size = byteLength(text)
  if (start < 0) {
    if (end < 0 || end > size) throw outOfRange(end < 0 ? `[:${end}]` : `[:${end}] with length ${size}`)
    return byteSlice(text, 0, end)
  }
  if (end < 0 || end > size) {
    if (start > size) throw outOfRange(`[${start}:${size}]`)
    return byteSlice(text, start, size)
  }
  if (start > end) throw outOfRange(`[${start}:${end}]`)
  return byteSlice(text, start, end)
}

/** sprig's `trunc`: the first `count` bytes, or with a negative count the last `-count`. */
const truncate = (count: number, text: string): string => {
  const size = byteLength(text)
  if (count < 0 && size + count > 0) return byteSlice(text, size + count, size)
  if (count >= 0 && size > count) return byteSlice(text, 0, count)
  return text
}

/** goutils `AbbreviateFull`; sprig turns its errors into "". */
const abbreviate = (text: string, offset: number, maxWidth: number): string => {
  const size = byteLength(text)
  if (text === "") return ""
  if (maxWidth < 4) return ""
  if (size <= maxWidth) return text
  let from = Math.min(offset, size)
  if (size - from < maxWidth - 3) from = size - (maxWidth - 3)
  if (from <= 4) return byteSlice(text, 0, maxWidth - 3) + "..."
  if (maxWidth < 7) return ""
  if (from + maxWidth - 3 < size) return "..." + abbreviate(byteSlice(text, from, size), 0, maxWidth - 3)
  return "..." + byteSlice(text, size - (maxWidth - 3), size)
}

/** `strings.Trim(text, cutset)`. */
const trimCutset = (text: string, cutset: string): string => {
  const cut = new Set(Array.from(cutset))
  const runes = Array.from(text)
  let start = 0
  let end = runes.length
  while (start < end && cut.has(runes[start] ?? "")) start++
  while (end > start && cut.has(runes[end - 1] ?? "")) end--
  return runes.slice(start, end).join("")
}

const trimSpace = (text: string): string => {
  const runes = Array.from(text)
  let start = 0
  let end = runes.length
  while (start < end && isGoSpace(runes[start] ?? "")) start++
  while (end > start && isGoSpace(runes[end - 1] ?? "")) end--
  return runes.slice(start, end).join("")
}

const repeat = (text: string, count: number): string => {
  if (count < 0) throw new Error("strings: negative Repeat count")
  return text.repeat(count)
}

/** `strings.Replace(text, old, replacement, -1)`; an empty `old` matches between every character. */
const replaceText = (text: string, old: string, replacement: string): string =>
  old === "" ? replacement + Array.from(text).map((ch) => ch + replacement).join("") :
    text.split(old).join(replacement)

/** `strings.SplitN`. */
const splitN = (text: string, separator: string, limit: number): Array<string> => {
  if (limit === 0) return []
  if (separator === "") {
    const runes = Array.from(text)
    if (limit < 0 || limit >= runes.length) return runes
    return [...runes.slice(0, limit - 1), runes.slice(limit - 1).join("")]
  }
  const parts = text.split(separator)
  if (limit < 0 || parts.length <= limit) return parts
  return [...parts.slice(0, limit - 1), parts.slice(limit - 1).join(separator)]
}

const indexedParts = (parts: ReadonlyArray<string>) => stringMap(parts.map((part, i) => [`_${i}`, part] as const))

/** sprig's `strslice`: a list as strings (nil items dropped), or one value as a one-item list. */
const strslice = (value: unknown): Array<string> => {
  if (value === undefined || value === null) return []
  if (Array.isArray(value)) return value.filter((item) => item !== undefined && item !== null).map(strval)
  return [strval(value)]
}

const empty = (value: unknown): boolean => !isTrue(value)

const deepEqual = (a: unknown, b: unknown): boolean => {
  if (a === b) return true
  const kind = kindOf(a)
  if (kind !== kindOf(b)) return false
  if (kind === "slice") {
    const x = a as ReadonlyArray<unknown>
    const y = b as ReadonlyArray<unknown>
    return x.length === y.length && x.every((item, i) => deepEqual(item, y[i]))
  }
  if (kind === "map") {
    const x = a as ReadonlyMap<unknown, unknown>
    const y = b as ReadonlyMap<unknown, unknown>
    return x.size === y.size && [...x].every(([key, value]) => y.has(key) && deepEqual(value, y.get(key)))
  }
  if (kind === "struct") {
    const x = a as Readonly<Record<string, unknown>>
    const y = b as Readonly<Record<string, unknown>>
    const keys = Object.keys(x)
    return keys.length === Object.keys(y).length && keys.every((key) => deepEqual(x[key], y[key]))
  }
  return false
}

/** The items of a list argument; sprig panics with "Cannot find <fn> on type <kind>" for anything else. */
const listOf = (name: string, value: unknown): ReadonlyArray<unknown> => {
  if (value === undefined || value === null) {
    throw new Error("runtime error: invalid memory address or nil pointer dereference")
  }
  if (!Array.isArray(value)) throw new Error(`Cannot find ${name} on type ${kindName(value)}`)
  return value
}

const mapEntries = (map: ReadonlyMap<unknown, unknown> | undefined) => map ?? new Map<unknown, unknown>()

const untilStep = (start: number, stop: number, step: number): Array<number> => {
  const out: Array<number> = []
  if (step === 0 || (stop < start && step >= 0) || (stop > start && step <= 0)) return out
  if (step > 0) for (let i = start; i < stop; i += step) out.push(i)
  else for (let i = start; i > stop; i += step) out.push(i)
  return out
}

/** sprig's `round`: to `places` decimals, rounding up from `roundOn` (default .5). */
const round = (value: unknown, places: number, roundOn = 0.5): number => {
  const scale = 10 ** places
  const digits = toFloat64(value) * scale
  const fraction = digits % 1
  return (fraction >= roundOn ? Math.ceil(digits) : Math.floor(digits)) / scale
}

const jsonText = (value: unknown, indent: string, escapeHtml: boolean, depth = 0): string => {
  const newline = indent === "" ? "" : "\n" + indent.repeat(depth + 1)
  const close = indent === "" ? "" : "\n" + indent.repeat(depth)
  const separator = indent === "" ? ":" : ": "
  const wrap = (items: ReadonlyArray<string>, open: string, end: string) =>
    items.length === 0 ? open + end : open + newline + items.join("," + newline) + close + end
  switch (kindOf(value)) {
    case "invalid":
      return "null"
    case "bool":
    case "int":
      return String(value)
    case "float":
      return Number.isFinite(value) ? String(value) : "null"
    case "string": {
      const text = JSON.stringify(value).replace(/[\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16)}`)
      return escapeHtml ? text.replace(/[<>&]/g, (ch) => `\\u00${ch.charCodeAt(0).toString(16)}`) : text
    }
    case "slice":
      return wrap((value as ReadonlyArray<unknown>).map((item) => jsonText(item, indent, escapeHtml, depth + 1)), "[",
        "]")
    case "map": {
      const map = value as ReadonlyMap<unknown, unknown>
      const items = sortedKeys(map).map((key) =>
        jsonText(strval(key), indent, escapeHtml) + separator + jsonText(map.get(key), indent, escapeHtml, depth + 1)
      )
      return wrap(items, "{", "}")
    }
    case "struct": {
      const record = value as Readonly<Record<string, unknown>>
      const items = Object.keys(record).map((key) =>
        jsonText(key, indent, escapeHtml) + separator + jsonText(record[key], indent, escapeHtml, depth + 1)
      )
      return wrap(items, "{", "}")
    }
  }
}

/** JSON as Go decodes it into `interface{}`: objects become maps. */
const fromJsonValue = (value: unknown): unknown => {
  if (value === null) return undefined
  if (Array.isArray(value)) return value.map(fromJsonValue)
  if (typeof value === "object") {
    return new Map(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, fromJsonValue(v)]))
  }
  return value
}

const base64Alphabet = /^[A-Za-z0-9+/]*={0,2}$/

const base64Decode = (text: string): string => {
  if (text.length % 4 !== 0 || !base64Alphabet.test(text)) {
    const bad = Array.from(text).findIndex((ch) => !/[A-Za-z0-9+/=]/.test(ch))
    return `illegal base64 data at input byte ${bad < 0 ? Math.floor(text.length / 4) * 4 : bad}`
  }
  return Buffer.from(text, "base64").toString("utf8")
}

const regexpMatch = (pattern: string, text: string): boolean => {
  const regexp = compileGoRegexp(pattern)
  regexp.lastIndex = 0
  return regexp.test(text)
}

const regexpFind = (pattern: string, text: string): string => findAll(compileGoRegexp(pattern), text, 1)[0]?.[0] ?? ""

const regexpFindAll = (pattern: string, text: string, limit: number): Array<string> =>
  findAll(compileGoRegexp(pattern), text, limit).map((match) => match[0])

const regexpReplace = (pattern: string, text: string, replacement: string): string =>
  replaceAll(compileGoRegexp(pattern), text, (match) => expand(replacement, match))

const regexpReplaceLiteral = (pattern: string, text: string, replacement: string): string =>
  replaceAll(compileGoRegexp(pattern), text, () => replacement)

const regexpSplitText = (pattern: string, text: string, limit: number): Array<string> =>
  regexpSplit(compileGoRegexp(pattern), pattern, text, limit)

export const sprigFuncs: FuncMap = {
  hello: fixedFunc([], () => "Hello!"),

  // Strings
  abbrev: fixedFunc(["int", "string"], (width, text) => (width < 4 ? text : abbreviate(text, 0, width))),
  abbrevboth: fixedFunc(["int", "int", "string"], (left, right, text) =>
    right < 4 || (left > 0 && right < 7) ? text : abbreviate(text, left, right)),
  trunc: fixedFunc(["int", "string"], truncate),
  trim: fixedFunc(["string"], trimSpace),
  upper: fixedFunc(["string"], goUpper),
  lower: fixedFunc(["string"], goLower),
  title: fixedFunc(["string"], title),
  untitle: fixedFunc(["string"], untitle),
  substr: fixedFunc(["int", "int", "string"], substring),
  repeat: fixedFunc(["int", "string"], (count, text) => repeat(text, count)),
  trimall: fixedFunc(["string", "string"], (cutset, text) => trimCutset(text, cutset)),
  trimAll: fixedFunc(["string", "string"], (cutset, text) => trimCutset(text, cutset)),
  trimSuffix: fixedFunc(["string", "string"], (suffix, text) =>
    suffix !== "" && text.endsWith(suffix) ? text.slice(0, text.length - suffix.length) : text),
  trimPrefix: fixedFunc(["string", "string"], (prefix, text) =>
    text.startsWith(prefix) ? text.slice(prefix.length) : text),
  nospace: fixedFunc(["string"], (text) => text.replace(/[\t\n\v\f\r ]/g, "")),
  initials: fixedFunc(["string"], initials),
  swapcase: fixedFunc(["string"], swapCase),
  snakecase: fixedFunc(["string"], toSnakeCase),
  camelcase: fixedFunc(["string"], toPascalCase),
  kebabcase: fixedFunc(["string"], toKebabCase),
  contains: fixedFunc(["string", "string"], (needle, text) => text.includes(needle)),
  hasPrefix: fixedFunc(["string", "string"], (prefix, text) => text.startsWith(prefix)),
  hasSuffix: fixedFunc(["string", "string"], (suffix, text) => text.endsWith(suffix)),
  quote: variadicFunc([], "any", (...values) =>
    values.filter((value) => value !== undefined).map((value) => quote(strval(value))).join(" ")),
  squote: variadicFunc([], "any", (...values) =>
    values.filter((value) => value !== undefined).map((value) => `'${formatValue(value)}'`).join(" ")),
  cat: variadicFunc([], "any", (...values) => values.filter((value) => value !== undefined).map(formatValue).join(" ")),
  indent: fixedFunc(["int", "string"], (spaces, text) => {
    const pad = repeat(" ", spaces)
    return pad + text.replaceAll("\n", "\n" + pad)
  }),
  nindent: fixedFunc(["int", "string"], (spaces, text) => {
    const pad = repeat(" ", spaces)
    return "\n" + pad + text.replaceAll("\n", "\n" + pad)
  }),
  replace: fixedFunc(["string", "string", "string"], (old, replacement, text) => replaceText(text, old, replacement)),
  plural: fixedFunc(["string", "string", "int"], (one, many, count) => (count === 1 ? one : many)),
  sha1sum: fixedFunc(["string"], (text) => createHash("sha1").update(text).digest("hex")),
  sha256sum: fixedFunc(["string"], (text) => createHash("sha256").update(text).digest("hex")),
  b64enc: fixedFunc(["string"], (text) => Buffer.from(text, "utf8").toString("base64")),
  b64dec: fixedFunc(["string"], base64Decode),
  toString: fixedFunc(["any"], strval),

  // Conversions and string lists
  atoi: fixedFunc(["string"], atoi),
  int: fixedFunc(["any"], toInt64),
  int64: fixedFunc(["any"], toInt64),
  float64: fixedFunc(["any"], toFloat64),
  split: fixedFunc(["string", "string"], (separator, text) => indexedParts(splitN(text, separator, -1))),
  splitn: fixedFunc(["string", "int", "string"], (separator, limit, text) =>
    indexedParts(splitN(text, separator, limit))),
  splitList: fixedFunc(["string", "string"], (separator, text) => splitN(text, separator, -1)),
  toStrings: fixedFunc(["any"], strslice),
  join: fixedFunc(["string", "any"], (separator, list) => strslice(list).join(separator)),
  sortAlpha: fixedFunc(["any"], (list) =>
    Array.isArray(list) ? strslice(list).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) : [strval(list)]),

  // Arithmetic on integers
  add: variadicFunc([], "any", (...values) => values.reduce<number>((sum, value) => sum + toInt64(value), 0)),
  add1: fixedFunc(["any"], (value) => toInt64(value) + 1),
  sub: fixedFunc(["any", "any"], (a, b) => toInt64(a) - toInt64(b)),
  mul: variadicFunc(["any"], "any", (first, ...rest) =>
    rest.reduce<number>((product, value) => product * toInt64(value), toInt64(first))),
  div: fixedFunc(["any", "any"], (a, b) => {
    const divisor = toInt64(b)
    if (divisor === 0) throw divideByZero()
    return Math.trunc(toInt64(a) / divisor)
  }),
  mod: fixedFunc(["any", "any"], (a, b) => {
    const divisor = toInt64(b)
    if (divisor === 0) throw divideByZero()
    return toInt64(a) % divisor
  }),
  max: variadicFunc(["any"], "any", (first, ...rest) => Math.max(toInt64(first), ...rest.map(toInt64))),
  biggest: variadicFunc(["any"], "any", (first, ...rest) => Math.max(toInt64(first), ...rest.map(toInt64))),
  min: variadicFunc(["any"], "any", (first, ...rest) => Math.min(toInt64(first), ...rest.map(toInt64))),
  floor: fixedFunc(["any"], (value) => Math.floor(toFloat64(value))),
  ceil: fixedFunc(["any"], (value) => Math.ceil(toFloat64(value))),
  round: variadicFunc(["any", "int"], "float", (value, places, roundOn) => round(value, places, roundOn)),
  until: fixedFunc(["int"], (count) => untilStep(0, count, count < 0 ? -1 : 1)),
  untilStep: fixedFunc(["int", "int", "int"], untilStep),

  // Lists
  list: variadicFunc([], "any", (...items) => items),
  first: fixedFunc(["any"], (list) => listOf("first", list)[0]),
  last: fixedFunc(["any"], (list) => {
    const items = listOf("last", list)
    return items[items.length - 1]
  }),
  rest: fixedFunc(["any"], (list) => listOf("rest", list).slice(1)),
  initial: fixedFunc(["any"], (list) => listOf("initial", list).slice(0, -1)),
  reverse: fixedFunc(["any"], (list) => [...listOf("reverse", list)].reverse()),
  uniq: fixedFunc(["any"], (list) =>
    listOf("uniq", list).reduce<Array<unknown>>(
      (kept, item) => (kept.some((other) => deepEqual(other, item)) ? kept : [...kept, item]),
      []
    )),
  compact: fixedFunc(["any"], (list) => listOf("compact", list).filter((item) => !empty(item))),
  has: fixedFunc(["any", "any"], (needle, haystack) =>
    haystack === undefined ? false : listOf("has", haystack).some((item) => deepEqual(item, needle))),
  without: variadicFunc(["any"], "any", (list, ...omit) =>
    listOf("without", list).filter((item) => !omit.some((other) => deepEqual(other, item)))),
  append: fixedFunc(["any", "any"], (list, item) => [...listOf("append", list), item]),
  push: fixedFunc(["any", "any"], (list, item) => [...listOf("push", list), item]),
  prepend: fixedFunc(["any", "any"], (list, item) => [item, ...listOf("prepend", list)]),
  concat: variadicFunc([], "any", (...lists) =>
    lists.flatMap((list) => {
      if (!Array.isArray(list)) throw new Error(`Cannot concat type ${kindName(list)} as list`)
      return list
    })),

  // Dictionaries
  dict: variadicFunc([], "any", (...pairs) => {
    const map = new Map<string, unknown>()
    for (let i = 0; i < pairs.length; i += 2) map.set(strval(pairs[i]), i + 1 < pairs.length ? pairs[i + 1] : "")
    return map
  }),
  get: fixedFunc(["map", "string"], (map, key) => (map?.has(key) ? map.get(key) : "")),
  set: fixedFunc(["map", "string", "any"], (map, key, value) => {
    const target = map ?? new Map<unknown, unknown>()
    target.set(key, value)
    return target
  }),
  unset: fixedFunc(["map", "string"], (map, key) => {
    map?.delete(key)
    return map
  }),
  hasKey: fixedFunc(["map", "string"], (map, key) => map?.has(key) ?? false),
  keys: variadicFunc([], "map", (...maps) =>
    maps.flatMap((map) => [...mapEntries(map).keys()].map(strval)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))),
  values: fixedFunc(["map"], (map) => sortedKeys(mapEntries(map)).map((key) => mapEntries(map).get(key))),
  pick: variadicFunc(["map"], "string", (map, ...keys) =>
    new Map([...mapEntries(map)].filter(([key]) => keys.includes(strval(key))))),
  omit: variadicFunc(["map"], "string", (map, ...keys) =>
    new Map([...mapEntries(map)].filter(([key]) => !keys.includes(strval(key))))),

  // Defaults and flow
  default: variadicFunc(["any"], "any", (fallback, ...given) => (empty(given[0]) ? fallback : given[0])),
  empty: fixedFunc(["any"], empty),
  coalesce: variadicFunc([], "any", (...values) => values.find((value) => !empty(value))),
  all: variadicFunc([], "any", (...values) => values.every((value) => !empty(value))),
  any: variadicFunc([], "any", (...values) => values.some((value) => !empty(value))),
  ternary: fixedFunc(["any", "any", "bool"], (whenTrue, whenFalse, condition) => (condition ? whenTrue : whenFalse)),
  fail: fixedFunc(["string"], (message) => {
    throw new Error(message)
  }),
  toJson: fixedFunc(["any"], (value) => jsonText(value, "", true)),
  toPrettyJson: fixedFunc(["any"], (value) => jsonText(value, "  ", true)),
  toRawJson: fixedFunc(["any"], (value) => jsonText(value, "", false)),
  fromJson: fixedFunc(["string"], (text) => {
    try {
      return fromJsonValue(JSON.parse(text))
    } catch {
      return undefined
    }
  }),

  // Types
  typeOf: fixedFunc(["any"], typeName),
  typeIs: fixedFunc(["string", "any"], (target, value) => target === typeName(value)),
  kindOf: fixedFunc(["any"], kindName),
  kindIs: fixedFunc(["string", "any"], (target, value) => target === kindName(value)),
  deepEqual: fixedFunc(["any", "any"], deepEqual),

  // Regular expressions (Go RE2 syntax)
  regexMatch: fixedFunc(["string", "string"], (pattern, text) => {
    try {
      return regexpMatch(pattern, text)
    } catch {
      return false
    }
  }),
  mustRegexMatch: fixedFunc(["string", "string"], regexpMatch),
  regexFind: fixedFunc(["string", "string"], regexpFind),
  mustRegexFind: fixedFunc(["string", "string"], regexpFind),
  regexFindAll: fixedFunc(["string", "string", "int"], regexpFindAll),
  mustRegexFindAll: fixedFunc(["string", "string", "int"], regexpFindAll),
  regexReplaceAll: fixedFunc(["string", "string", "string"], regexpReplace),
  mustRegexReplaceAll: fixedFunc(["string", "string", "string"], regexpReplace),
  regexReplaceAllLiteral: fixedFunc(["string", "string", "string"], regexpReplaceLiteral),
  mustRegexReplaceAllLiteral: fixedFunc(["string", "string", "string"], regexpReplaceLiteral),
  regexSplit: fixedFunc(["string", "string", "int"], regexpSplitText),
  mustRegexSplit: fixedFunc(["string", "string", "int"], regexpSplitText),
  regexQuoteMeta: fixedFunc(["string"], quoteMeta)
}

/**
 * How template data is seen through Go's eyes. Templates run on plain JavaScript values:
 *
 * - `undefined` / `null`: Go's nil or "no value" (a missing map key prints as `<no value>`);
 * - strings, booleans and numbers (an integral number is an `int`, any other number a `float64`);
 * - arrays are slices, `Map`s are maps, and any other object is a struct whose fields are its own keys.
 *
 * Maps made with `stringMap` behave as Go's `map[string]string`: `index` of a missing key gives "" rather
 * than nil, as it does upstream for role tags.
 */

export type GoKind = "invalid" | "bool" | "int" | "float" | "string" | "slice" | "map" | "struct"

/** A struct may name its Go type for error messages (`can't evaluate field X in type <name>`). */
export const goTypeName: unique symbol = Symbol.for("aws-sso/template/goTypeName")

const stringMaps = new WeakSet<ReadonlyMap<unknown, unknown>>()

/** A map whose element type is `string`, so a missing key reads as "" through `index`. */
export const stringMap = (entries: Readonly<Record<string, string>> | Iterable<readonly [string, string]>) => {
  const map = new Map<string, string>(Symbol.iterator in entries ? entries : Object.entries(entries))
  stringMaps.add(map)
  return map
}

export const isStringMap = (map: ReadonlyMap<unknown, unknown>): boolean => stringMaps.has(map)

export const kindOf = (value: unknown): GoKind => {
  if (value === undefined || value === null) return "invalid"
  switch (typeof value) {
    case "string":
      return "string"
    case "boolean":
      return "bool"
    case "number":
      return Number.isInteger(value) ? "int" : "float"
    case "bigint":
      return "int"
  }
  if (Array.isArray(value)) return "slice"
  if (value instanceof Map) return "map"
  return "struct"
}

/** Go's spelling of a value's type, as `%T` and error messages print it. */
export const typeName = (value: unknown): string => {
  switch (kindOf(value)) {
    case "invalid":
      return "<nil>"
    case "bool":
      return "bool"
    case "int":
      return "int"
    case "float":
      return "float64"
    case "string":
      return "string"
    case "slice":
      return "[]interface {}"
    case "map":
      return isStringMap(value as ReadonlyMap<unknown, unknown>) ? "map[string]string" : "map[string]interface {}"
    case "struct": {
      const named = (value as { readonly [goTypeName]?: unknown })[goTypeName]
      return typeof named === "string" ? named : "struct"
    }
  }
}

/** Go's `isTrue`: the zero value of every type, and empty strings, slices and maps, are false. */
export const isTrue = (value: unknown): boolean => {
  switch (kindOf(value)) {
    case "invalid":
      return false
    case "bool":
      return value as boolean
    case "int":
    case "float":
      return value !== 0 && value !== 0n
    case "string":
      return (value as string).length > 0
    case "slice":
      return (value as ReadonlyArray<unknown>).length > 0
    case "map":
      return (value as ReadonlyMap<unknown, unknown>).size > 0
    case "struct":
      return true
  }
}

/** The fields of a struct value, in declaration (insertion) order. */
export const structFields = (value: object): ReadonlyArray<string> => Object.keys(value)

export const hasField = (value: object, name: string): boolean => Object.prototype.hasOwnProperty.call(value, name)

/** Map keys in the order Go's fmt and `range` visit them: numbers numerically, everything else as text. */
export const sortedKeys = <K>(map: ReadonlyMap<K, unknown>): Array<K> =>
  [...map.keys()].sort((a, b) => {
    if (typeof a === "number" && typeof b === "number") return a - b
    const x = String(a)
    const y = String(b)
    return x < y ? -1 : x > y ? 1 : 0
  })

const encoder = new TextEncoder()
const ascii = /^[\x00-\x7f]*$/

/** Length in UTF-8 bytes, which is what Go's `len` and byte-based string functions count. */
export const byteLength = (text: string): number => (ascii.test(text) ? text.length : encoder.encode(text).length)

/** Go's `unicode.IsSpace`. */
export const isGoSpace = (ch: string): boolean => /^[\t\n\v\f\r \u0085\u00a0\p{Zs}\u2028\u2029]$/u.test(ch)

/** Upper-cases one code point the way Go's `unicode.ToUpper` does: only single-rune mappings apply. */
export const runeToUpper = (ch: string): string => {
  const upper = ch.toUpperCase()
  return [...upper].length === 1 ? upper : ch
}

/** Lower-cases one code point like `unicode.ToLower` (`İ` becomes `i`, not `i` plus a combining dot). */
export const runeToLower = (ch: string): string => {
  const lower = ch.toLowerCase()
  return [...lower].length === 1 ? lower : ([...lower][0] ?? ch)
}

/** `strings.ToUpper`. */
export const goUpper = (text: string): string =>
  ascii.test(text) ? text.toUpperCase() : Array.from(text, runeToUpper).join("")

/** `strings.ToLower`. */
export const goLower = (text: string): string =>
  ascii.test(text) ? text.toLowerCase() : Array.from(text, runeToLower).join("")

export const isUpperRune = (ch: string): boolean => /^\p{Lu}$/u.test(ch)
export const isLowerRune = (ch: string): boolean => /^\p{Ll}$/u.test(ch)
export const isLetterRune = (ch: string): boolean => /^\p{L}$/u.test(ch)
export const isNumberRune = (ch: string): boolean => /^\p{N}$/u.test(ch)
export const isPunctRune = (ch: string): boolean => /^\p{P}$/u.test(ch)

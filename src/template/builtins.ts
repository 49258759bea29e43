/** text/template's predefined functions (`and`, `eq`, `index`, `printf`, ...), with Go's semantics and errors. */
import { formatValue, sprint, sprintf, sprintln } from "./fmt"
import { fixedFunc, type FuncMap, type TemplateFunc, variadicFunc } from "./funcs"
import { byteLength, isStringMap, isTrue, kindOf, typeName } from "./values"

const lazy = (name: "and" | "or"): TemplateFunc => ({
  params: ["any"],
  variadic: "any",
  call: () => undefined,
  shortCircuit: name
})

type Basic = "bool" | "number" | "string" | "invalid" | "other"

const basicKind = (value: unknown): Basic => {
  const kind = kindOf(value)
  return kind === "int" || kind === "float" ? "number" : kind === "bool" || kind === "string" || kind === "invalid"
    ? kind
    : "other"
}

const equal = (first: unknown, ...others: ReadonlyArray<unknown>): boolean => {
  if (others.length === 0) throw new Error("missing argument for comparison")
  const k1 = basicKind(first)
  for (const other of others) {
    const k2 = basicKind(other)
    if (k1 !== k2) {
      if (k1 !== "invalid" && k2 !== "invalid") throw new Error("incompatible types for comparison")
      continue
    }
    if (k1 === "other") {
      for (const value of [first, other]) {
        const kind = kindOf(value)
        if (kind === "slice" || kind === "map") {
          throw new Error(`non-comparable type ${formatValue(value)}: ${typeName(value)}`)
        }
      }
    }
    if (k1 === "invalid" || first === other) return true
  }
  return false
}

const lessThan = (a: unknown, b: unknown): boolean => {
  const k1 = basicKind(a)
  const k2 = basicKind(b)
  const comparable = (kind: Basic) => kind === "number" || kind === "string"
  if (!comparable(k1) || !comparable(k2)) throw new Error("invalid type for comparison")
  if (k1 !== k2) throw new Error("incompatible types for comparison")
  return (a as number | string) < (b as number | string)
}

const lessOrEqual = (a: unknown, b: unknown): boolean => lessThan(a, b) || equal(a, b)

const length = (value: unknown): number => {
  switch (kindOf(value)) {
    case "string":
      return byteLength(value as string)
    case "slice":
      return (value as ReadonlyArray<unknown>).length
    case "map":
      return (value as ReadonlyMap<unknown, unknown>).size
    case "invalid":
      throw new Error("len of nil pointer")
    default:
      throw new Error(`len of type ${typeName(value)}`)
  }
}

const encoder = new TextEncoder()

const indexArg = (index: unknown, size: number, what: string): number => {
  if (kindOf(index) !== "int") throw new Error(`cannot index ${what} with type ${typeName(index)}`)
  const position = Number(index)
  if (position < 0 || position > size) throw new Error(`index out of range: ${position}`)
  return position
}

const index = (item: unknown, ...indexes: ReadonlyArray<unknown>): unknown => {
  if (item === undefined || item === null) throw new Error("index of untyped nil")
  let current: unknown = item
  for (const key of indexes) {
    switch (kindOf(current)) {
      case "slice": {
        const items = current as ReadonlyArray<unknown>
        const position = indexArg(key, items.length, "slice/array")
        if (position >= items.length) throw new Error(`index out of range: ${position}`)
        current = items[position]
        break
      }
      case "string": {
        const bytes = encoder.encode(current as string)
        const position = indexArg(key, bytes.length, "slice/array")
        if (position >= bytes.length) throw new Error(`index out of range: ${position}`)
        current = bytes[position]
        break
      }
      case "map": {
        const map = current as ReadonlyMap<unknown, unknown>
        if (key === undefined || key === null) throw new Error("value is nil; should be of type string")
        if (typeof key !== "string") throw new Error(`value has type ${typeName(key)}; should be string`)
        // A missing key gives the zero value of the element type.
        current = map.has(key) ? map.get(key) : isStringMap(map) ? "" : undefined
        break
      }
      case "invalid":
        throw new Error("index of nil pointer")
      default:
        throw new Error(`can't index item of type ${typeName(current)}`)
    }
  }
  return current
}

const slice = (item: unknown, ...indexes: ReadonlyArray<unknown>): unknown => {
  if (item === undefined || item === null) throw new Error("slice of untyped nil")
  if (indexes.length > 3) throw new Error(`too many slice indexes: ${indexes.length}`)
  const kind = kindOf(item)
  if (kind === "string" && indexes.length === 3) throw new Error("cannot 3-index slice a string")
  if (kind !== "string" && kind !== "slice") throw new Error(`can't slice item of type ${typeName(item)}`)
  const bytes = kind === "string" ? encoder.encode(item as string) : undefined
  const size = bytes?.length ?? (item as ReadonlyArray<unknown>).length
  const bounds = [0, size]
  indexes.slice(0, 2).forEach((position, i) => {
    bounds[i] = indexArg(position, size, "slice/array")
  })
  const [from = 0, to = size] = bounds
  if (from > to) throw new Error(`invalid slice index: ${from} > ${to}`)
  return bytes === undefined
    ? (item as ReadonlyArray<unknown>).slice(from, to)
    : new TextDecoder().decode(bytes.subarray(from, to))
}

/** The text `html`, `js` and `urlquery` escape: a lone string as is, anything else through `fmt.Sprint`. */
const evalArgs = (args: ReadonlyArray<unknown>): string => {
  const [only] = args
  return args.length === 1 && typeof only === "string" ? only : sprint(args)
}

const htmlEscape = (text: string): string =>
  text.replace(/[\0"'&<>]/g, (ch) =>
    ch === "\0" ? "\ufffd" : ch === "\"" ? "&#34;" : ch === "'" ? "&#39;" : ch === "&" ? "&amp;" :
      ch === "<" ? "&lt;" : "&gt;")

const jsEscapes: Readonly<Record<string, string>> = {
  "\\": "\\\\",
  "'": "\\'",
  "\"": "\\\"",
  "<": "\\u003C",
  ">": "\\u003E",
  "&": "\\u0026",
  "=": "\\u003D"
}

const jsEscape = (text: string): string =>
  Array.from(text, (ch) => {
    const escaped = jsEscapes[ch]
    if (escaped !== undefined) return escaped
    const code = ch.codePointAt(0) ?? 0
    if (code < 0x20) return "\\u00" + code.toString(16).toUpperCase().padStart(2, "0")
    if (code < 0x80 || /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(ch)) return ch
    return "\\u" + code.toString(16).toUpperCase().padStart(4, "0")
  }).join("")

const queryEscape = (text: string): string =>
  Array.from(encoder.encode(text), (byte) => {
    const ch = String.fromCharCode(byte)
    if (/^[A-Za-z0-9\-_.~]$/.test(ch)) return ch
    return ch === " " ? "+" : "%" + byte.toString(16).toUpperCase().padStart(2, "0")
  }).join("")

export const builtins: FuncMap = {
  and: lazy("and"),
  or: lazy("or"),
  not: fixedFunc(["any"], (value) => !isTrue(value)),
  len: fixedFunc(["any"], length),
  index: variadicFunc(["any"], "any", index),
  slice: variadicFunc(["any"], "any", slice),
  print: variadicFunc([], "any", (...args) => sprint(args)),
  printf: variadicFunc(["string"], "any", (format, ...args) => sprintf(format, args)),
  println: variadicFunc([], "any", (...args) => sprintln(args)),
  html: variadicFunc([], "any", (...args) => htmlEscape(evalArgs(args))),
  js: variadicFunc([], "any", (...args) => jsEscape(evalArgs(args))),
  urlquery: variadicFunc([], "any", (...args) => queryEscape(evalArgs(args))),
  eq: variadicFunc(["any"], "any", equal),
  ne: fixedFunc(["any", "any"], (a, b) => !equal(a, b)),
  lt: fixedFunc(["any", "any"], lessThan),
  le: fixedFunc(["any", "any"], lessOrEqual),
  gt: fixedFunc(["any", "any"], (a, b) => !lessOrEqual(a, b)),
  ge: fixedFunc(["any", "any"], (a, b) => !lessThan(a, b))
}

/**
 * JSON text exactly as Go's `encoding/json` writes it, so that cache.json (and the config hash, which
 * is a digest of Go JSON) come out byte-identical to upstream's: struct fields in declaration order,
 * map keys sorted byte-wise, `<`, `>`, `&`, U+2028 and U+2029 escaped, and `MarshalIndent` layout.
 */

/** A JSON value whose object keys keep the order they were given in. */
export type GoValue = string | number | boolean | null | ReadonlyArray<GoValue> | GoObject

/** An object written with its entries in this exact order (a Go struct, or a map already sorted). */
export class GoObject {
  constructor(readonly entries: ReadonlyArray<readonly [string, GoValue]>) {}
}

const utf8 = new TextEncoder()

/** Go sorts map keys by their UTF-8 bytes, which differs from UTF-16 order beyond the BMP. */
export const compareBytes = (a: string, b: string): number => Buffer.compare(utf8.encode(a), utf8.encode(b))

/** A Go map: its entries sorted by key. */
export const goMap = <A>(record: Readonly<Record<string, A>>, value: (a: A) => GoValue): GoObject =>
  new GoObject(
    Object.keys(record).sort(compareBytes).map((key) => [key, value(record[key] as A)] as const)
  )

const htmlUnsafe = /[<>&\u2028\u2029]/g

const escapeHtml = (char: string): string => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`

/** A Go-encoded JSON string literal. */
export const goString = (s: string): string => JSON.stringify(s).replace(htmlUnsafe, escapeHtml)

const scalar = (value: string | number | boolean | null): string =>
  typeof value === "string" ? goString(value) : value === null ? "null" : String(value)

/** `json.Marshal`: compact. */
export const marshal = (value: GoValue): string => {
  if (value instanceof GoObject) {
    return `{${value.entries.map(([key, entry]) => `${goString(key)}:${marshal(entry)}`).join(",")}}`
  }
  if (Array.isArray(value)) return `[${value.map(marshal).join(",")}]`
  return scalar(value as string | number | boolean | null)
}

/** `json.MarshalIndent(value, "", indent)`: empty objects and arrays stay `{}` / `[]`, no final newline. */
export const marshalIndent = (value: GoValue, indent = "  ", depth = 0): string => {
  const inner = indent.repeat(depth + 1)
  const outer = indent.repeat(depth)
  if (value instanceof GoObject) {
    if (value.entries.length === 0) return "{}"
    const lines = value.entries.map(([key, entry]) =>
      `${inner}${goString(key)}: ${marshalIndent(entry, indent, depth + 1)}`
    )
    return `{\n${lines.join(",\n")}\n${outer}}`
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]"
    return `[\n${value.map((item) => `${inner}${marshalIndent(item, indent, depth + 1)}`).join(",\n")}\n${outer}]`
  }
  return scalar(value as string | number | boolean | null)
}

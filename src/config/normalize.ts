/**
 * Upstream decodes config.yaml with mapstructure's weak typing: keys match case-insensitively,
 * a scalar becomes a one-element list, a list of maps merges into one map, and scalars convert
 * between strings, numbers and booleans. This module reproduces that on the located tree from
 * `yamlSource.ts`, producing plain data for Schema decoding plus the position of every key.
 */
import { Either } from "effect"
import { normalizeAccountId } from "./accountId"
import type { Located, SourceMap, SourceNode } from "./yamlSource"

/** What config.yaml expects at one place. */
export type Shape =
  /** `emptyIsAbsent`: an empty string means the key was not given (enum-like keys). */
  | { readonly _tag: "String"; readonly emptyIsAbsent?: boolean }
  | { readonly _tag: "Int" }
  | { readonly _tag: "Bool" }
  /** A string, number or boolean kept as written (`ConfigVariables` values). */
  | { readonly _tag: "Scalar" }
  | { readonly _tag: "List"; readonly item: Shape }
  /** Known keys, matched case-insensitively; other keys are warned about and dropped. */
  | { readonly _tag: "Struct"; readonly fields: Readonly<Record<string, Shape>> }
  /** User-chosen keys kept as written, or normalised to 12-digit account IDs. */
  | { readonly _tag: "Map"; readonly value: Shape; readonly accountIds?: boolean }

export const str: Shape = { _tag: "String" }
export const optionalStr: Shape = { _tag: "String", emptyIsAbsent: true }
export const int: Shape = { _tag: "Int" }
export const bool: Shape = { _tag: "Bool" }
export const scalar: Shape = { _tag: "Scalar" }
export const list = (item: Shape): Shape => ({ _tag: "List", item })
export const struct = (fields: Readonly<Record<string, Shape>>): Shape => ({ _tag: "Struct", fields })
export const map = (value: Shape, options?: { readonly accountIds?: boolean }): Shape => ({
  _tag: "Map",
  value,
  accountIds: options?.accountIds ?? false
})

/** A problem found at a key path. */
export interface Finding {
  readonly path: ReadonlyArray<string>
  readonly at?: Located | undefined
  readonly reason: string
}

export interface Normalized {
  /** Plain data for Schema decoding. */
  readonly data: unknown
  /** Position of each key path (see `pathKey`) that has a value in the file (not null, not an empty enum). */
  readonly positions: ReadonlyMap<string, Located>
  readonly warnings: ReadonlyArray<Finding>
}

/** The key used in `Normalized.positions` for a path; a separator that cannot appear in YAML keys. */
export const pathKey = (path: ReadonlyArray<string | number | symbol>): string => path.map(String).join("\u0000")

/** Normalises the document root against the top-level shape; fails with the first problem in document order. */
export const normalizeDocument = (
  root: SourceNode | undefined,
  shape: Shape
): Either.Either<Normalized, Finding> => {
  const positions = new Map<string, Located>()
  const warnings: Array<Finding> = []
  const errors: Array<Finding> = []
  const fail = (at: Located | undefined, path: ReadonlyArray<string>, reason: string): undefined => {
    errors.push({ at, path, reason })
    return undefined
  }

  // `at` is where a problem with this value is reported: the key that holds it, or the list item itself.
  const normalize = (node: SourceNode, shape: Shape, path: ReadonlyArray<string>, at: Located): unknown => {
    switch (shape._tag) {
      case "String": {
        const value = toStringValue(node, path, at)
        return shape.emptyIsAbsent && value === "" ? undefined : value
      }
      case "Int":
        return toInt(node, path, at)
      case "Bool":
        return toBool(node, path, at)
      case "Scalar":
        if (node._tag !== "Scalar") return fail(at, path, `expected a plain value, got ${describe(node)}`)
        return node.value === null ? "" : node.value
      case "List":
        return toList(node, shape.item, path, at)
      case "Struct":
      case "Map":
        return toRecord(node, shape, path, at)
    }
  }

  const toStringValue = (node: SourceNode, path: ReadonlyArray<string>, at: Located): string | undefined => {
    if (node._tag !== "Scalar") return fail(at, path, `expected a string, got ${describe(node)}`)
    return node.value === null ? undefined : node.text
  }

  const toInt = (node: SourceNode, path: ReadonlyArray<string>, at: Located): number | undefined => {
    if (node._tag !== "Scalar") return fail(at, path, `expected an integer, got ${describe(node)}`)
    if (node.value === null) return undefined
    const n = typeof node.value === "number"
      ? node.value
      : typeof node.value === "string" && /^\s*[+-]?\d+\s*$/.test(node.value)
      ? Number(node.value)
      : Number.NaN
    return Number.isSafeInteger(n) ? n : fail(at, path, `expected an integer, got ${JSON.stringify(node.text)}`)
  }

  const toBool = (node: SourceNode, path: ReadonlyArray<string>, at: Located): boolean | undefined => {
    if (node._tag !== "Scalar") return fail(at, path, `expected true or false, got ${describe(node)}`)
    if (node.value === null) return undefined
    if (typeof node.value === "boolean") return node.value
    if (typeof node.value === "number") return node.value !== 0
    const parsed = goBool.get(node.value.trim())
    return parsed ?? fail(at, path, `expected true or false, got ${JSON.stringify(node.text)}`)
  }

  const toList = (
    node: SourceNode,
    item: Shape,
    path: ReadonlyArray<string>,
    at: Located
  ): Array<unknown> | undefined => {
    if (node._tag === "Map") return fail(at, path, `expected a list, got ${describe(node)}`)
    if (node._tag === "Scalar" && node.value === null) return undefined
    const items = node._tag === "Seq" ? node.items : [node]
    const out: Array<unknown> = []
    for (const child of items) {
      const childPath = [...path, String(out.length)]
      const value = normalize(child, item, childPath, child.at)
      if (value === undefined) continue
      positions.set(pathKey(childPath), child.at)
      out.push(value)
    }
    return out
  }

  const toRecord = (
    node: SourceNode,
    shape: Extract<Shape, { _tag: "Struct" | "Map" }>,
    path: ReadonlyArray<string>,
    at: Located
  ): Record<string, unknown> | undefined => {
    const maps = mapsOf(node)
    if (maps === undefined) return fail(at, path, `expected a map, got ${describe(node)}`)
    const out: Record<string, unknown> = {}
    const canonical = shape._tag === "Struct" ? canonicalKeys(shape.fields) : undefined
    for (const source of maps) {
      // Two spellings of one key in the same map are ambiguous; across merged list items the later one wins.
      const seen = new Map<string, Located>()
      for (const entry of source.entries) {
        let key = entry.key
        let valueShape: Shape
        if (shape._tag === "Struct") {
          const known = canonical?.get(key.toLowerCase())
          if (known === undefined) {
            warnings.push({ at: entry.at, path: [...path, key], reason: "unknown key, ignored" })
            continue
          }
          key = known
          valueShape = shape.fields[known] ?? scalar
        } else {
          if (shape.accountIds) {
            const id = normalizeAccountId(key)
            if (Either.isLeft(id)) {
              fail(entry.at, [...path, key], id.left)
              continue
            }
            key = id.right
          }
          valueShape = shape.value
        }
        const keyPath = [...path, key]
        const earlier = seen.get(key)
        if (earlier !== undefined) {
          fail(entry.at, keyPath, `${describeKey(shape)} given twice (first on line ${earlier.line})`)
          continue
        }
        seen.set(key, entry.at)
        const value = isNull(entry.value) && shape._tag === "Map" && valueShape._tag === "Struct"
          ? {}
          : normalize(entry.value, valueShape, keyPath, entry.at)
        const kept = value === undefined && shape._tag === "Map" && isNull(entry.value) ? "" : value
        // defineProperty: a user key such as `__proto__` must stay data, not change the object's prototype.
        if (kept === undefined) continue
        Object.defineProperty(out, key, { value: kept, enumerable: true, writable: true })
        positions.set(pathKey(keyPath), entry.at)
      }
    }
    return out
  }

  const data = root === undefined ? {} : normalize(root, shape, [], root.at)
  const first = errors[0]
  if (first !== undefined) return Either.left(first)
  return Either.right({ data: data ?? {}, positions, warnings })
}

const isNull = (node: SourceNode): boolean => node._tag === "Scalar" && node.value === null

const mapsOf = (node: SourceNode): ReadonlyArray<SourceMap> | undefined => {
  if (node._tag === "Map") return [node]
  if (node._tag === "Scalar") return node.value === null ? [] : undefined
  const maps = node.items.filter((item): item is SourceMap => item._tag === "Map")
  return maps.length === node.items.length ? maps : undefined
}

const canonicalKeys = (fields: Readonly<Record<string, Shape>>): ReadonlyMap<string, string> =>
  new Map(Object.keys(fields).map((name) => [name.toLowerCase(), name]))

const describe = (node: SourceNode): string =>
  node._tag === "Map" ? "a map" : node._tag === "Seq" ? "a list" : JSON.stringify(node.text)

const describeKey = (shape: Extract<Shape, { _tag: "Struct" | "Map" }>): string =>
  shape._tag === "Map" && shape.accountIds ? "account ID" : "key"

/** The spellings Go's strconv.ParseBool accepts. */
const goBool = new Map<string, boolean>([
  ["1", true],
  ["t", true],
  ["T", true],
  ["true", true],
  ["TRUE", true],
  ["True", true],
  ["0", false],
  ["f", false],
  ["F", false],
  ["false", false],
  ["FALSE", false],
  ["False", false]
])

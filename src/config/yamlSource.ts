/**
 * Parses config.yaml into a small tree that remembers where every key and value starts, so
 * later steps can name the line and column of a problem. Plain scalars keep their source text:
 * the YAML parser reads `012345678901` as a number and would lose the leading zero.
 */
import { Either } from "effect"
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from "yaml"
import type { Document, Node as YNode } from "yaml"
import { ConfigInvalid } from "./errors"

/** 1-based line and column. */
export interface Located {
  readonly line: number
  readonly column: number
}

export type SourceNode = SourceMap | SourceSeq | SourceScalar

export interface SourceEntry {
  readonly key: string
  readonly at: Located
  readonly value: SourceNode
}

export interface SourceMap {
  readonly _tag: "Map"
  readonly at: Located
  readonly entries: ReadonlyArray<SourceEntry>
}

export interface SourceSeq {
  readonly _tag: "Seq"
  readonly at: Located
  readonly items: ReadonlyArray<SourceNode>
}

export interface SourceScalar {
  readonly _tag: "Scalar"
  readonly at: Located
  readonly value: string | number | boolean | null
  /** What the user wrote for plain scalars, the unquoted value otherwise. */
  readonly text: string
}

/** The document's root node (`undefined` for an empty file), or the first syntax error. */
export const parseYaml = (text: string, file: string): Either.Either<SourceNode | undefined, ConfigInvalid> => {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, merge: false })
  const locate = (offset: number | undefined): Located => {
    const pos = lines.linePos(offset ?? 0)
    return { line: pos.line, column: pos.col }
  }
  const syntax = doc.errors[0]
  if (syntax !== undefined) {
    const at = locate(syntax.pos[0])
    const keyPath = keyOnLine(text.split(/\r?\n/)[at.line - 1] ?? "")
    return Either.left(
      new ConfigInvalid({ file, line: at.line, column: at.column, keyPath, reason: firstLine(syntax.message) })
    )
  }
  if (doc.contents === null) return Either.right(undefined)
  const problems: Array<ConfigInvalid> = []
  const converter = makeConverter(doc, locate, (at, reason) =>
    problems.push(new ConfigInvalid({ file, line: at.line, column: at.column, keyPath: "", reason }))
  )
  const root = converter(doc.contents, new Set())
  const first = problems[0]
  return first === undefined ? Either.right(root) : Either.left(first)
}

// The structure around a syntax error is broken, so only the key written on that line can be named.
const keyOnLine = (line: string): string =>
  /^\s*(?:-\s+)*(?:"([^"]*)"|'([^']*)'|([^\s"'#:\-?[\]{},][^:#]*?))\s*:(?:\s|$)/.exec(line)?.slice(1).find(
    (group) => group !== undefined
  ) ?? ""

const MAX_ALIAS_EXPANSIONS = 10_000

const firstLine = (message: string): string => (message.split("\n")[0] ?? message).replace(/:$/, "").trim()

const makeConverter = (
  doc: Document,
  locate: (offset: number | undefined) => Located,
  problem: (at: Located, reason: string) => void
) => {
  let expansions = 0
  const convert = (node: unknown, resolving: Set<unknown>): SourceNode => {
    if (isAlias(node)) {
      const target = node.resolve(doc)
      const at = locate(node.range?.[0])
      // Aliases of aliases grow exponentially ("billion laughs"); a config file never needs this many.
      expansions++
      if (target === undefined || resolving.has(target) || expansions > MAX_ALIAS_EXPANSIONS) {
        problem(
          at,
          target === undefined
            ? `unknown alias *${node.source}`
            : resolving.has(target)
            ? `alias *${node.source} refers to itself`
            : "too many alias expansions"
        )
        return { _tag: "Scalar", at, value: null, text: "" }
      }
      return convert(target, new Set([...resolving, target]))
    }
    if (isMap(node)) return convertMap(node.items, locate((node as YNode).range?.[0]), resolving)
    if (isSeq(node)) {
      return {
        _tag: "Seq",
        at: locate(node.range?.[0]),
        items: node.items.map((item) => convert(item, resolving))
      }
    }
    if (isScalar(node)) return scalarOf(node.value, node.type, node.source, locate(node.range?.[0]))
    return { _tag: "Scalar", at: locate(undefined), value: null, text: "" }
  }

  const convertMap = (items: ReadonlyArray<unknown>, at: Located, resolving: Set<unknown>): SourceMap => {
    const explicit: Array<SourceEntry> = []
    const merged: Array<SourceEntry> = []
    for (const pair of items) {
      if (!isPair(pair)) continue
      const keyNode = pair.key
      const keyAt = locate(isScalar(keyNode) || isMap(keyNode) || isSeq(keyNode) ? keyNode.range?.[0] : undefined)
      const value: SourceNode = pair.value === null || pair.value === undefined
        ? { _tag: "Scalar", at: keyAt, value: null, text: "" }
        : convert(pair.value, resolving)
      if (!isScalar(keyNode)) {
        problem(keyAt, "map keys must be plain values, not lists or maps")
        continue
      }
      const key = scalarOf(keyNode.value, keyNode.type, keyNode.source, keyAt).text
      if (key === "<<" && keyNode.type === "PLAIN") {
        mergeInto(merged, value, keyAt)
        continue
      }
      explicit.push({ key, at: keyAt, value })
    }
    // YAML merge keys: explicit keys win over merged ones, earlier merge sources win over later ones.
    const seen = new Set(explicit.map((e) => e.key))
    const entries = [...explicit]
    for (const entry of merged) {
      if (seen.has(entry.key)) continue
      seen.add(entry.key)
      entries.push(entry)
    }
    return { _tag: "Map", at, entries }
  }

  const mergeInto = (merged: Array<SourceEntry>, value: SourceNode, at: Located) => {
    const sources = value._tag === "Seq" ? value.items : [value]
    for (const source of sources) {
      if (source._tag !== "Map") {
        problem(at, "merge key << needs a map or a list of maps")
        return
      }
      merged.push(...source.entries)
    }
  }

  return convert
}

const scalarOf = (value: unknown, type: string | undefined, source: string | undefined, at: Located): SourceScalar => {
  const typed = value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean"
    ? value
    : String(value)
  const text = type === "PLAIN" && source !== undefined ? source : typed === null ? "" : String(typed)
  return { _tag: "Scalar", at, value: typed, text }
}

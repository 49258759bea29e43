/**
 * Edits config.yaml as a YAML document (the `yaml` package keeps comments and key order), so a
 * re-run of the wizard changes values in place instead of rewriting the user's file from scratch.
 * Keys are found case-insensitively, as the loader reads them, and keep the user's spelling.
 */
import { Document, isMap, isScalar, parseDocument, type Pair, YAMLMap } from "yaml"
import type { Edit, Segment } from "./answers"

const keyText = (pair: Pair): string | undefined =>
  isScalar(pair.key) ? String(pair.key.value) : typeof pair.key === "string" ? pair.key : undefined

const findPair = (map: YAMLMap, segment: Segment): Pair | undefined =>
  map.items.find((pair) => {
    const text = keyText(pair)
    return text !== undefined &&
      (segment.exact ? text === segment.key : text.toLowerCase() === segment.key.toLowerCase())
  })

const rootMap = (doc: Document): YAMLMap => {
  if (isMap(doc.contents)) return doc.contents
  const map = new YAMLMap()
  doc.contents = map
  return map
}

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

/** Sets (or, for an undefined value, deletes) one key, creating the maps on the way. */
export const applyEdit = (doc: Document, edit: Edit): void => {
  let map = rootMap(doc)
  const last = edit.path[edit.path.length - 1]
  if (last === undefined) return
  for (const segment of edit.path.slice(0, -1)) {
    const pair = findPair(map, segment)
    if (pair !== undefined && isMap(pair.value)) {
      map = pair.value
      continue
    }
    if (edit.value === undefined) return
    const child = new YAMLMap()
    if (pair === undefined) map.add(doc.createPair(segment.key, child))
    else pair.value = child
    map = child
  }
  const pair = findPair(map, last)
  if (edit.value === undefined) {
    if (pair !== undefined) map.items.splice(map.items.indexOf(pair), 1)
    return
  }
  if (pair === undefined) {
    if (sameValue(edit.value, edit.now)) return
    map.add(doc.createPair(last.key, edit.value))
    return
  }
  const scalarValue = typeof edit.value === "string" || typeof edit.value === "number" ||
    typeof edit.value === "boolean"
  // Changing the scalar in place keeps its comment.
  if (scalarValue && isScalar(pair.value)) pair.value.value = edit.value
  else pair.value = doc.createNode(edit.value)
}

/** Renames an instance under `SSOConfig`, keeping its accounts and position. */
export const renameInstance = (doc: Document, from: string, to: string): void => {
  const root = rootMap(doc)
  const instances = findPair(root, { key: "SSOConfig", exact: false })
  if (instances === undefined || !isMap(instances.value)) return
  const pair = findPair(instances.value, { key: from, exact: true })
  if (pair !== undefined) pair.key = doc.createNode(to)
  const defaultSso = findPair(root, { key: "DefaultSSO", exact: false })
  if (defaultSso !== undefined && isScalar(defaultSso.value) && defaultSso.value.value === from) {
    defaultSso.value.value = to
  }
}

/** The indentation the file already uses (4, upstream's, for a new file). */
export const detectIndent = (text: string): number => {
  for (const raw of text.split(/\r?\n/)) {
    const match = /^( +)[^\s#-]/.exec(raw)
    if (match !== null) return Math.min(8, Math.max(2, match[1]!.length))
  }
  return 4
}

export const parseConfigDocument = (text: string): Document => parseDocument(text)

export const newConfigDocument = (skeleton: Record<string, unknown>): Document => {
  const doc = new Document(skeleton)
  doc.commentBefore = " aws-sso configuration, written by `aws-sso setup wizard`.\n" +
    " Every key is described at https://synfinatic.github.io/aws-sso-cli/config/"
  return doc
}

export const renderConfigDocument = (doc: Document, indent: number): string =>
  doc.toString({ indent, lineWidth: 0 })

/**
 * What the typed text means to the role selector, and which roles it leaves.
 *
 * The text is split on spaces. A word naming a tag key (any case) followed by another word is a
 * key/value pair, as in upstream's selector (`AccountAlias prod Role Admin`); `Key=value` works
 * too. A key as the last word keeps the roles that have that tag. Every other word is free text
 * and must match one of a role's names or tag values. Matching is case-insensitive: with
 * `FullTextSearch` (the default) a word may sit anywhere in a value and may even be typed loosely
 * (its letters in order, `dvadm` for `dev:Admin`); without it a value must start with the word.
 */
import { PROFILE_KEY, type RoleEntry, type SelectorCatalog } from "./model"

export type Term =
  | { readonly _tag: "Pair"; readonly key: string; readonly value: string }
  | { readonly _tag: "Key"; readonly key: string }
  | { readonly _tag: "Word"; readonly text: string }

const words = (text: string) => text.split(/\s+/).filter((w) => w !== "")

/** Reads the typed text; `catalog.keyByLower` decides which words are keys. */
export const parseQuery = (text: string, catalog: SelectorCatalog): ReadonlyArray<Term> => {
  const list = words(text)
  const terms: Array<Term> = []
  for (let i = 0; i < list.length; i++) {
    const word = list[i]!
    const eq = word.indexOf("=")
    const keyed = eq > 0 ? catalog.keyByLower.get(word.slice(0, eq).toLowerCase()) : undefined
    if (keyed !== undefined) {
      const value = word.slice(eq + 1)
      terms.push(value === "" ? { _tag: "Key", key: keyed } : { _tag: "Pair", key: keyed, value })
      continue
    }
    const key = catalog.keyByLower.get(word.toLowerCase())
    if (key === undefined) terms.push({ _tag: "Word", text: word })
    else if (i + 1 < list.length) terms.push({ _tag: "Pair", key, value: list[++i]! })
    else terms.push({ _tag: "Key", key })
  }
  return terms
}

/** How well `needle` matches `field` (both lower-case): 4 exact, 3 prefix, 2 inside, 1 loosely, 0 not. */
export const matchQuality = (field: string, needle: string, fullText: boolean, loose: boolean): number => {
  if (field === needle) return 4
  if (field.startsWith(needle)) return 3
  if (!fullText) return 0
  if (field.includes(needle)) return 2
  return loose && inOrder(field, needle) ? 1 : 0
}

const inOrder = (field: string, needle: string): boolean => {
  let at = 0
  for (const c of needle) {
    at = field.indexOf(c, at)
    if (at < 0) return false
    at += c.length
  }
  return true
}

/**
 * The score of a role for the terms: undefined when it does not match, higher when it matches
 * better. `loose` lets free words match their letters in order (FullTextSearch only).
 */
export const scoreEntry = (
  entry: RoleEntry,
  terms: ReadonlyArray<Term>,
  fullText: boolean,
  loose = false
): number | undefined => {
  let score = 0
  for (const term of terms) {
    if (term._tag === "Key") {
      if (!entry.tags.has(term.key)) return undefined
      continue
    }
    if (term._tag === "Pair") {
      const value = entry.tags.get(term.key)
      const needle = term.value.toLowerCase()
      const quality = value === undefined ? 0 : matchQuality(value.toLowerCase(), needle, fullText, false)
      if (quality === 0) return undefined
      score += quality
      continue
    }
    const needle = term.text.toLowerCase()
    let best = 0
    for (const field of entry.haystack) best = Math.max(best, matchQuality(field, needle, fullText, false))
    if (best === 0 && loose) {
      for (const field of entry.fuzzy) best = Math.max(best, matchQuality(field, needle, fullText, true))
    }
    if (best === 0) return undefined
    score += best
  }
  return score
}

const ranked = (catalog: SelectorCatalog, terms: ReadonlyArray<Term>, fullText: boolean, loose: boolean) =>
  catalog.entries
    .map((entry) => ({ entry, score: scoreEntry(entry, terms, fullText, loose) }))
    .filter((scored): scored is { entry: RoleEntry; score: number } => scored.score !== undefined)
    .sort((a, b) => b.score - a.score || a.entry.rank - b.entry.rank)
    .map((scored) => scored.entry)

/**
 * The matching roles, best first; ties keep the base order (recently used first). Loose matching
 * only steps in when the words match no role as typed, so it never buries a plain match in noise.
 */
export const filterEntries = (
  catalog: SelectorCatalog,
  terms: ReadonlyArray<Term>,
  fullText: boolean
): ReadonlyArray<RoleEntry> => {
  const exact = ranked(catalog, terms, fullText, false)
  return exact.length > 0 || !fullText ? exact : ranked(catalog, terms, fullText, true)
}

/**
 * The roles the text leaves, as the selector shows them. A last word still being typed that is the
 * start of a tag key and matches no role is left out, so the list does not empty while the user
 * types `Envir…` on the way to a `Key value` pair.
 */
export const matchingEntries = (
  catalog: SelectorCatalog,
  text: string,
  fullText: boolean
): ReadonlyArray<RoleEntry> => {
  const terms = parseQuery(text, catalog)
  const found = filterEntries(catalog, terms, fullText)
  const last = terms[terms.length - 1]
  if (found.length > 0 || last?._tag !== "Word" || /\s$/.test(text)) return found
  const partial = last.text.toLowerCase()
  const startsKey = catalog.keys.some((k) => matchQuality(k.toLowerCase(), partial, fullText, false) > 0)
  return startsKey ? filterEntries(catalog, terms.slice(0, -1), fullText) : found
}

/** The tag keys the query pins to a value (their values no longer describe the rows). */
export const pinnedKeys = (terms: ReadonlyArray<Term>): ReadonlySet<string> =>
  new Set(terms.flatMap((t) => (t._tag === "Pair" ? [t.key] : [])))

// -------------------------------------------------------------------------------------------------
// Completion of the word being typed

export interface Completion {
  /** What replaces the word being typed. */
  readonly insert: string
  /** How the suggestion is shown. */
  readonly label: string
  /** Shown after the label: how many roles it leaves, or the one role's ARN. */
  readonly detail: string
}

export interface Completions {
  /** Where the word being typed starts in the text before the cursor (string index). */
  readonly wordStart: number
  /** `keys`: a tag key could come next; `values`: a value of the key just typed. */
  readonly kind: "keys" | "values"
  readonly items: ReadonlyArray<Completion>
}

const MAX_ITEMS = 30

const countDetail = (entries: ReadonlyArray<RoleEntry>): string =>
  entries.length === 1 ? entries[0]!.role.Arn : `${entries.length} roles`

const valuesOf = (population: ReadonlyArray<RoleEntry>, key: string) => {
  const byValue = new Map<string, Array<RoleEntry>>()
  for (const entry of population) {
    const value = entry.tags.get(key)
    if (value === undefined || value === "") continue
    const list = byValue.get(value) ?? []
    list.push(entry)
    byValue.set(value, list)
  }
  return byValue
}

/**
 * Suggestions for the word before the cursor, among the roles the rest of the query leaves:
 * after a key, that key's values; otherwise the keys (all of them while nothing is typed, with
 * `FirstTag` first), then `Key value` pairs whose value matches the word.
 */
export const completionsFor = (
  catalog: SelectorCatalog,
  before: string,
  fullText: boolean
): Completions => {
  const word = /\S*$/.exec(before)?.[0] ?? ""
  const wordStart = before.length - word.length
  const terms = parseQuery(before.slice(0, wordStart), catalog)
  const last = terms[terms.length - 1]
  const needle = word.toLowerCase()
  const fits = (text: string) => needle === "" || matchQuality(text.toLowerCase(), needle, fullText, false) > 0
  if (last?._tag === "Key") {
    const population = filterEntries(catalog, terms.slice(0, -1), fullText)
    const items = [...valuesOf(population, last.key).entries()]
      .filter(([value]) => fits(value))
      .sort(([a], [b]) => a.localeCompare(b, "en"))
      .slice(0, MAX_ITEMS)
      .map(([value, entries]) => ({ insert: `${value} `, label: value, detail: countDetail(entries) }))
    return { wordStart, kind: "values", items }
  }
  const population = filterEntries(catalog, terms, fullText)
  const keyItems: Array<Completion> = []
  for (const key of catalog.keys) {
    if (!fits(key)) continue
    const values = key === PROFILE_KEY ? population : [...valuesOf(population, key).values()].flat()
    if (values.length === 0) continue
    const choices = key === PROFILE_KEY ? population.length : valuesOf(population, key).size
    keyItems.push({ insert: `${key} `, label: key, detail: `${values.length} roles/${choices} choices` })
  }
  const pairItems: Array<Completion & { readonly quality: number }> = []
  if (needle !== "") {
    for (const key of catalog.keys) {
      if (key === PROFILE_KEY || key === "History") continue
      for (const [value, entries] of valuesOf(population, key)) {
        const quality = matchQuality(value.toLowerCase(), needle, fullText, false)
        if (quality > 0) {
          const label = `${key} ${value}`
          pairItems.push({ insert: `${label} `, label, detail: countDetail(entries), quality })
        }
      }
    }
  }
  pairItems.sort((a, b) => b.quality - a.quality)
  const items = [...keyItems, ...pairItems.map(({ quality: _q, ...item }) => item)].slice(0, MAX_ITEMS)
  return { wordStart, kind: "keys", items }
}

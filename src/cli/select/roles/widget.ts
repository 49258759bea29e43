/**
 * The role selector as a prompt: a filter line, a line of completions for the word being typed
 * (Tab and Shift-Tab cycle through them), the matching roles with the highlighted one marked, and
 * a count. Colours follow config `PromptColors` (go-prompt's names, as upstream).
 */
import type { FlatRole } from "../../../cache/model"
import type { PromptColors } from "../../../config/Settings"
import { clip, fit, type Line, type Span, span, type Style, width } from "../ansi"
import type { Key } from "../keys"
import { beforeCursor, editLine, line, type LineState } from "../lineEdit"
import { summaryLine } from "../prompts"
import type { Frame, Size } from "../screen"
import { cancel, cancelKey, done, next, type Step, type Widget } from "../widget"
import { describeEntry, type RoleEntry, type SelectorCatalog } from "./model"
import { type Completion, type Completions, completionsFor, matchingEntries, parseQuery, pinnedKeys } from "./query"

export interface SelectorOptions {
  readonly catalog: SelectorCatalog
  readonly fullTextSearch: boolean
  readonly colors: PromptColors
}

interface Cycle {
  /** The input before the first Tab. */
  readonly base: LineState
  readonly completions: Completions
  readonly at: number
}

export interface SelectorState {
  readonly input: LineState
  /** The highlighted row among the matching roles. */
  readonly index: number
  readonly cycle?: Cycle | undefined
}

const MESSAGE = "Select a role"
const HELP = "type to narrow: names or Key value pairs; Tab completes; Up/Down; Enter selects; Esc aborts"
// Header, filter, completions and count: the rows that are not roles.
const CHROME = 4

const visibleRows = (size: Size) => Math.max(1, Math.min(12, size.rows - CHROME - 1))

/** `base` with the word before its cursor replaced by a completion; the cursor after it. */
const applyCompletion = (base: LineState, completions: Completions, item: Completion): LineState => {
  const before = beforeCursor(base)
  const after = Array.from(base.text).slice(base.cursor).join("")
  const head = before.slice(0, completions.wordStart) + item.insert
  return line(head + after.replace(/^\s+/, ""), Array.from(head).length)
}

export const roleSelectorWidget = (options: SelectorOptions): Widget<SelectorState, FlatRole> => {
  const { catalog, colors, fullTextSearch } = options
  let memo: { readonly text: string; readonly entries: ReadonlyArray<RoleEntry> } | undefined
  const matching = (text: string): ReadonlyArray<RoleEntry> => {
    if (memo?.text !== text) memo = { text, entries: matchingEntries(catalog, text, fullTextSearch) }
    return memo.entries
  }
  const labelWidth = Math.min(48, Math.max(8, ...catalog.entries.map((e) => width(e.role.Profile))))
  const describeWidth = Math.min(
    40,
    Math.max(0, ...catalog.entries.map((e) => width(describeEntry(catalog, e, new Set()))))
  )

  const style = (fg: keyof PromptColors, bg: keyof PromptColors): Style => ({ fg: colors[fg], bg: colors[bg] })
  const suggestion = style("SuggestionTextColor", "SuggestionBGColor")
  const description = style("DescriptionTextColor", "DescriptionBGColor")
  const selectedSuggestion = style("SelectedSuggestionTextColor", "SelectedSuggestionBGColor")
  const selectedDescription = style("SelectedDescriptionTextColor", "SelectedDescriptionBGColor")

  const inputLine = (state: SelectorState, size: Size): { readonly line: Line; readonly column: number } => {
    const chars = Array.from(state.input.text)
    const room = Math.max(4, size.columns - 4)
    const start = Math.max(0, state.input.cursor - room)
    const prefix = span("> ", { ...style("PrefixTextColor", "PrefixBackgroundColor"), bold: true })
    const inputStyle = style("InputTextColor", "InputBGColor")
    // While Tab cycles, the text it put in is shown as go-prompt's "preview suggestion".
    const item = state.cycle?.completions.items[state.cycle.at]
    const from = state.cycle === undefined || item === undefined
      ? chars.length
      : Array.from(beforeCursor(state.cycle.base).slice(0, state.cycle.completions.wordStart)).length
    const to = item === undefined ? from : from + Array.from(item.insert).length
    const segment = (a: number, b: number) => chars.slice(Math.max(a, start), Math.max(b, start)).join("")
    const spans = [
      span(segment(0, from), inputStyle),
      span(segment(from, to), style("PreviewSuggestionTextColor", "PreviewSuggestionBGColor")),
      span(segment(to, chars.length), inputStyle)
    ]
    return { line: [prefix, ...spans], column: 2 + state.input.cursor - start }
  }

  const completionLine = (state: SelectorState): Line => {
    const completions = state.cycle?.completions ?? completionsFor(catalog, beforeCursor(state.input), fullTextSearch)
    if (completions.items.length === 0) return [span("  (no completions)", { dim: true })]
    const out: Array<Span> = [span(completions.kind === "keys" ? "  keys: " : "  values: ", { dim: true })]
    completions.items.forEach((item, i) => {
      const selected = state.cycle !== undefined && state.cycle.at === i
      out.push(span(` ${item.label} `, selected ? selectedSuggestion : suggestion))
      out.push(span(` ${item.detail} `, selected ? selectedDescription : description))
      out.push(span(" "))
    })
    return out
  }

  const roleLine = (
    entry: RoleEntry,
    selected: boolean,
    pinned: ReadonlySet<string>,
    size: Size,
    bar: Style | undefined
  ): Line => {
    const label = fit(entry.role.Profile || entry.role.Arn, labelWidth)
    const about = fit(describeEntry(catalog, entry, pinned), describeWidth)
    const fixed = 2 + labelWidth + 2 + (describeWidth > 0 ? describeWidth + 2 : 0) + 2
    const arnRoom = size.columns - 1 - fixed - (bar === undefined ? 0 : 2)
    const arn = arnRoom >= 20 ? clip(entry.role.Arn, arnRoom) : ""
    const body: Array<Span> = [
      span(selected ? "> " : "  ", selected ? { bold: true } : undefined),
      span(` ${label} `, selected ? selectedSuggestion : suggestion)
    ]
    if (describeWidth > 0) body.push(span(` ${about} `, selected ? selectedDescription : description))
    body.push(span(" "), span(fit(arn, Math.max(0, arnRoom)), { dim: true }))
    if (bar !== undefined) body.push(span(" "), span(" ", bar))
    return body
  }

  const view = (state: SelectorState, size: Size): Frame => {
    const entries = matching(state.input.text)
    const pinned = pinnedKeys(parseQuery(state.input.text, catalog))
    const rows = visibleRows(size)
    const top = Math.min(Math.max(0, state.index - rows + 1), Math.max(0, entries.length - rows))
    const input = inputLine(state, size)
    const lines: Array<Line> = [
      [span("? ", { fg: "Green", bold: true }), span(MESSAGE, { bold: true }), span(`  ${HELP}`, { dim: true })],
      input.line,
      completionLine(state)
    ]
    const overflow = entries.length > rows
    const thumbSize = Math.max(1, Math.round((rows * rows) / Math.max(1, entries.length)))
    const thumbTop = overflow ? Math.round((top / Math.max(1, entries.length - rows)) * (rows - thumbSize)) : 0
    entries.slice(top, top + rows).forEach((entry, i) => {
      const onThumb = i >= thumbTop && i < thumbTop + thumbSize
      const bar = overflow ? { bg: onThumb ? colors.ScrollbarThumbColor : colors.ScrollbarBGColor } : undefined
      lines.push(roleLine(entry, top + i === state.index, pinned, size, bar))
    })
    if (catalog.entries.length === 0) {
      lines.push([span("  no roles in the cache: run `aws-sso cache` first; Esc to leave", { fg: "Red" })])
    } else if (entries.length === 0) {
      lines.push([span("  no role matches; Backspace to widen the search", { fg: "Red" })])
    } else {
      const position = overflow ? `, row ${state.index + 1}` : ""
      lines.push([span(`  ${entries.length} of ${catalog.entries.length} roles${position}`, { dim: true })])
    }
    return { lines, cursor: { row: 1, column: input.column } }
  }

  const update = (state: SelectorState, k: Key, size: Size): Step<SelectorState, FlatRole> => {
    const cancelled = cancelKey(k)
    if (cancelled !== undefined) return cancel(cancelled)
    const entries = matching(state.input.text)
    const last = Math.max(0, entries.length - 1)
    const move = (index: number) =>
      next<SelectorState, FlatRole>({ ...state, index: Math.min(Math.max(0, index), last) })
    switch (k.name) {
      case "enter": {
        // Upstream's way out, kept for those used to it.
        if (state.input.text.trim().toLowerCase() === "exit") return cancel("exit")
        const entry = entries[state.index]
        if (entry === undefined) return next(state)
        return done(entry.role, [summaryLine("Role", `${entry.role.Profile} (${entry.role.Arn})`)])
      }
      case "up":
        return move(state.index - 1)
      case "down":
        return move(state.index + 1)
      case "page-up":
        return move(state.index - visibleRows(size))
      case "page-down":
        return move(state.index + visibleRows(size))
      case "tab":
      case "shift-tab": {
        const base = state.cycle?.base ?? state.input
        const completions = state.cycle?.completions ?? completionsFor(catalog, beforeCursor(base), fullTextSearch)
        const count = completions.items.length
        if (count === 0) return next(state)
        const step = k.name === "tab" ? 1 : -1
        const at = state.cycle === undefined ? (step === 1 ? 0 : count - 1) : (state.cycle.at + step + count) % count
        const input = applyCompletion(base, completions, completions.items[at]!)
        // A single candidate is simply taken, so the next suggestions (a key's values) show at once.
        return next({ input, index: 0, cycle: count === 1 ? undefined : { base, completions, at } })
      }
    }
    const edited = editLine(state.input, k)
    if (edited === undefined) return next(state)
    return next({ input: edited, index: edited.text === state.input.text ? state.index : 0, cycle: undefined })
  }

  return { initial: { input: line(""), index: 0 }, view, update }
}

/**
 * The question prompts of the setup wizard: free text with validation (a wrong answer is shown
 * and asked again, the typed text kept for correction), a choice from a list (optionally narrowed
 * by typing) and yes/no. Every prompt leaves one summary line behind once answered.
 */
import { Either } from "effect"
import { clip, type Line, span, type Style, width } from "./ansi"
import type { Key } from "./keys"
import { editLine, line, type LineState } from "./lineEdit"
import type { Frame, Size } from "./screen"
import { cancel, cancelKey, done, next, type Step, type Widget } from "./widget"

const questionMark: Style = { fg: "Green", bold: true }
const messageStyle: Style = { bold: true }
const hintStyle: Style = { dim: true }
const answerStyle: Style = { fg: "Cyan" }
const errorStyle: Style = { fg: "Red" }
const highlight: Style = { fg: "Cyan", bold: true }

const header = (message: string, hint: string | undefined): Line => [
  span("? ", questionMark),
  span(message, messageStyle),
  ...(hint === undefined || hint === "" ? [] : [span(`  ${hint}`, hintStyle)])
]

/** The line a prompt leaves behind: `? <message>: <answer>`. */
export const summaryLine = (message: string, answer: string): Line => [
  span("? ", questionMark),
  span(message.endsWith("?") ? `${message} ` : `${message}: `, messageStyle),
  span(answer, answerStyle)
]

/** `<prefix>text` with the cursor; long text scrolls so the cursor stays visible. */
const inputRow = (
  state: LineState,
  size: Size,
  row: number,
  prefix = "> "
): { readonly line: Line; readonly cursor: Frame["cursor"] } => {
  const chars = Array.from(state.text)
  const room = Math.max(4, size.columns - width(prefix) - 2)
  const start = Math.max(0, state.cursor - room)
  return {
    line: [span(prefix, { fg: "Blue", bold: true }), span(chars.slice(start).join(""))],
    cursor: { row, column: width(prefix) + state.cursor - start }
  }
}

// ---------------------------------------------------------------------------------------------
// Text

export interface TextPromptOptions<A> {
  readonly message: string
  /** Dim text after the message: an example or the expected form. */
  readonly hint?: string | undefined
  /** Pre-filled, editable answer (the current value on a re-run). */
  readonly initial?: string | undefined
  /** The answer, or a one-line reason to ask again. */
  readonly validate: (text: string) => Either.Either<A, string>
  /** How the answer is shown in the summary line; default: a string answer, else the typed text. */
  readonly show?: ((value: A, text: string) => string) | undefined
}

export interface TextState {
  readonly input: LineState
  readonly error?: string | undefined
}

export const textPrompt = <A>(options: TextPromptOptions<A>): Widget<TextState, A> => ({
  initial: { input: line(options.initial ?? "") },
  view: (state, size) => {
    const input = inputRow(state.input, size, 1)
    const lines: Array<Line> = [header(options.message, options.hint), input.line]
    if (state.error !== undefined) lines.push([span(`  ${state.error}`, errorStyle)])
    return { lines, cursor: input.cursor }
  },
  update: (state, k): Step<TextState, A> => {
    const cancelled = cancelKey(k)
    if (cancelled !== undefined) return cancel(cancelled)
    if (k.name === "enter") {
      return Either.match(options.validate(state.input.text), {
        onLeft: (error) => next({ ...state, error }),
        onRight: (value) => {
          const shown = options.show !== undefined
            ? options.show(value, state.input.text)
            : typeof value === "string"
            ? value
            : state.input.text
          return done(value, [summaryLine(options.message, shown)])
        }
      })
    }
    const edited = editLine(state.input, k)
    if (edited === undefined || edited === state.input) return next(state)
    return next({ input: edited, error: edited.text === state.input.text ? state.error : undefined })
  }
})

// ---------------------------------------------------------------------------------------------
// Choice

export interface Choice<A> {
  readonly label: string
  readonly value: A
  readonly description?: string | undefined
}

export interface ChoicePromptOptions<A> {
  readonly message: string
  readonly hint?: string | undefined
  readonly choices: ReadonlyArray<Choice<A>>
  /** Index of the choice the cursor starts on (the current value on a re-run). */
  readonly initial?: number | undefined
  /** Typing narrows the list (long lists such as regions). */
  readonly filterable?: boolean | undefined
  /** An extra choice made from the typed filter when no choice has exactly that label. */
  readonly custom?: ((filter: string) => Choice<A> | undefined) | undefined
  /** Rows of choices shown at once (default 10). */
  readonly pageSize?: number | undefined
}

export interface ChoiceState {
  readonly filter: LineState
  /** Position in the narrowed list. */
  readonly index: number
}

/** The choices left after typing `filter`: case-insensitive substring of label or description. */
export const narrowChoices = <A>(options: ChoicePromptOptions<A>, filter: string): ReadonlyArray<Choice<A>> => {
  const needle = filter.trim().toLowerCase()
  if (needle === "") return options.choices
  const matches = options.choices.filter((c) =>
    c.label.toLowerCase().includes(needle) || (c.description ?? "").toLowerCase().includes(needle)
  )
  const exact = matches.some((c) => c.label.toLowerCase() === needle)
  const extra = exact || options.custom === undefined ? undefined : options.custom(filter.trim())
  return extra === undefined ? matches : [...matches, extra]
}

const pageOf = (options: { readonly pageSize?: number | undefined }, size: Size, chrome: number) =>
  Math.max(1, Math.min(options.pageSize ?? 10, size.rows - chrome))

export const choicePrompt = <A>(options: ChoicePromptOptions<A>): Widget<ChoiceState, A> => {
  const filterable = options.filterable ?? false
  const chrome = filterable ? 4 : 3
  const start = Math.min(Math.max(0, options.initial ?? 0), Math.max(0, options.choices.length - 1))
  return {
    initial: { filter: line(""), index: start },
    view: (state, size) => {
      const shown = narrowChoices(options, state.filter.text)
      const page = pageOf(options, size, chrome)
      const top = Math.min(Math.max(0, state.index - Math.floor(page / 2)), Math.max(0, shown.length - page))
      const hint = options.hint ?? (filterable ? "type to filter, Up/Down, Enter" : "Up/Down, Enter")
      const lines: Array<Line> = [header(options.message, hint)]
      let cursor: Frame["cursor"] = undefined
      if (filterable) {
        const input = inputRow(state.filter, size, 1, "filter: ")
        lines.push(input.line)
        cursor = input.cursor
      }
      const labelWidth = Math.min(40, Math.max(0, ...shown.map((c) => width(c.label))))
      shown.slice(top, top + page).forEach((choice, i) => {
        const selected = top + i === state.index
        const label = choice.description === undefined ? choice.label : clip(choice.label, 40).padEnd(labelWidth)
        lines.push([
          span(selected ? "> " : "  ", selected ? highlight : undefined),
          span(label, selected ? highlight : undefined),
          ...(choice.description === undefined ? [] : [span(`  ${choice.description}`, hintStyle)])
        ])
      })
      if (shown.length === 0) lines.push([span("  no match; Backspace to widen", errorStyle)])
      else if (shown.length > page) lines.push([span(`  (${state.index + 1}/${shown.length})`, hintStyle)])
      return { lines, cursor }
    },
    update: (state, k, size): Step<ChoiceState, A> => {
      const cancelled = cancelKey(k)
      if (cancelled !== undefined) return cancel(cancelled)
      const shown = narrowChoices(options, state.filter.text)
      const last = Math.max(0, shown.length - 1)
      const page = pageOf(options, size, chrome)
      const move = (index: number) => next<ChoiceState, A>({ ...state, index: Math.min(Math.max(0, index), last) })
      switch (k.name) {
        case "enter": {
          const choice = shown[state.index]
          return choice === undefined ? next(state) : done(choice.value, [summaryLine(options.message, choice.label)])
        }
        case "up":
        case "shift-tab":
          return move(state.index === 0 ? last : state.index - 1)
        case "down":
        case "tab":
          return move(state.index >= last ? 0 : state.index + 1)
        case "page-up":
          return move(state.index - page)
        case "page-down":
          return move(state.index + page)
      }
      if (!filterable) return next(state)
      const edited = editLine(state.filter, k)
      if (edited === undefined) return next(state)
      return next({ filter: edited, index: edited.text === state.filter.text ? state.index : 0 })
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Yes / no

export interface ConfirmPromptOptions {
  readonly message: string
  /** The answer of a plain Enter. */
  readonly initial: boolean
}

export const confirmPrompt = (options: ConfirmPromptOptions): Widget<null, boolean> => {
  const answer = (value: boolean): Step<null, boolean> =>
    done(value, [summaryLine(options.message, value ? "yes" : "no")])
  return {
    initial: null,
    view: () => {
      const head = header(options.message, options.initial ? "(Y/n)" : "(y/N)")
      return { lines: [[...head, span(" ")]], cursor: { row: 0, column: width(head.map((s) => s.text).join("")) + 1 } }
    },
    update: (state, k: Key) => {
      const cancelled = cancelKey(k)
      if (cancelled !== undefined) return cancel(cancelled)
      if (k.name === "enter") return answer(options.initial)
      if (k.name === "char" && /^[yY]$/.test(k.char)) return answer(true)
      if (k.name === "char" && /^[nN]$/.test(k.char)) return answer(false)
      return next(state)
    }
  }
}

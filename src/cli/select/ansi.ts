/**
 * Styled text for the prompts: a line is a list of spans, each with an optional style. Lines are
 * cut to the terminal width before any escape code is added, so nothing ever wraps (a wrapped line
 * would break the redraw, which counts rows). Colours use go-prompt's names (config `PromptColors`).
 */
import type { PromptColorName } from "../../config/Settings"

export interface Style {
  readonly fg?: PromptColorName | undefined
  readonly bg?: PromptColorName | undefined
  readonly bold?: boolean | undefined
  readonly dim?: boolean | undefined
}

export interface Span {
  readonly text: string
  readonly style?: Style | undefined
}

export type Line = ReadonlyArray<Span>

export const span = (text: string, style?: Style): Span => ({ text, style })

// go-prompt's VT100 colour numbers: foreground 30-37 / 90-97, background +10.
const colorCodes: Readonly<Record<PromptColorName, number | undefined>> = {
  DefaultColor: undefined,
  Black: 30,
  DarkRed: 31,
  DarkGreen: 32,
  Brown: 33,
  DarkBlue: 34,
  Purple: 35,
  Cyan: 36,
  LightGrey: 37,
  DarkGrey: 90,
  DarkGray: 90,
  Red: 91,
  Green: 92,
  Yellow: 93,
  Blue: 94,
  Fuchsia: 95,
  Turquoise: 96,
  White: 97
}

const sgr = (style: Style): string => {
  const codes: Array<number> = []
  if (style.bold) codes.push(1)
  if (style.dim) codes.push(2)
  const fg = style.fg === undefined ? undefined : colorCodes[style.fg]
  const bg = style.bg === undefined ? undefined : colorCodes[style.bg]
  if (fg !== undefined) codes.push(fg)
  if (bg !== undefined) codes.push(bg + 10)
  return codes.length === 0 ? "" : `\x1b[${codes.join(";")}m`
}

/** Number of terminal columns `text` takes (one per code point; the prompts show no wide characters). */
export const width = (text: string): number => Array.from(text).length

/** `text` cut or padded with spaces to exactly `columns`. */
export const fit = (text: string, columns: number): string => {
  const chars = Array.from(text)
  if (chars.length > columns) return columns <= 0 ? "" : chars.slice(0, columns - 1).join("") + "~"
  return text + " ".repeat(columns - chars.length)
}

/** `text` cut to at most `columns`, marking the cut. */
export const clip = (text: string, columns: number): string =>
  width(text) > columns ? fit(text, columns) : text

/** The visible text of a line (for tests and plain output). */
export const plain = (line: Line): string => line.map((s) => s.text).join("")

/**
 * The terminal bytes of a line, cut to `columns` (code points), with colours only when `color`
 * is on. Control characters in the text are shown as `?` so data cannot move the cursor.
 */
export const renderLine = (line: Line, columns: number, color: boolean): string => {
  let room = columns
  let out = ""
  for (const s of line) {
    if (room <= 0) break
    const chars = Array.from(s.text.replace(/[\x00-\x1f\x7f]/g, "?"))
    const text = chars.slice(0, room).join("")
    room -= Math.min(chars.length, room)
    const code = color && s.style !== undefined ? sgr(s.style) : ""
    out += code === "" ? text : `${code}${text}\x1b[0m`
  }
  return out
}

/** Whether to colour: not when NO_COLOR is set (https://no-color.org) or the terminal is dumb. */
export const colorEnabled = (env: Readonly<Record<string, string | undefined>>): boolean =>
  !env.NO_COLOR && env.TERM !== "dumb"

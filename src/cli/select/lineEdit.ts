/**
 * One editable line of input, as shells edit it: insert at the cursor, Backspace/Delete, arrows,
 * Home/End, Ctrl-U (clear before the cursor), Ctrl-W (delete the word before it), Ctrl-K (clear
 * after it). The cursor counts code points, so multi-unit characters move as one.
 */
import type { Key } from "./keys"

export interface LineState {
  readonly text: string
  /** Code points before the cursor. */
  readonly cursor: number
}

export const line = (text: string, cursor?: number): LineState => ({
  text,
  cursor: cursor ?? Array.from(text).length
})

const points = (text: string) => Array.from(text)

/** The line after `key`, or undefined when `key` is not a line-editing key. */
export const editLine = (state: LineState, k: Key): LineState | undefined => {
  const chars = points(state.text)
  const at = Math.min(state.cursor, chars.length)
  const join = (before: ReadonlyArray<string>, after: ReadonlyArray<string>) => ({
    text: [...before, ...after].join(""),
    cursor: before.length
  })
  switch (k.name) {
    case "char":
      return join([...chars.slice(0, at), ...points(k.char)], chars.slice(at))
    case "backspace":
      return at === 0 ? state : join(chars.slice(0, at - 1), chars.slice(at))
    case "delete":
      return at >= chars.length ? state : join(chars.slice(0, at), chars.slice(at + 1))
    case "left":
      return { ...state, cursor: Math.max(0, at - 1) }
    case "right":
      return { ...state, cursor: Math.min(chars.length, at + 1) }
    case "home":
      return { ...state, cursor: 0 }
    case "end":
      return { ...state, cursor: chars.length }
    case "ctrl-u":
      return join([], chars.slice(at))
    case "ctrl-k":
      return join(chars.slice(0, at), [])
    case "ctrl-w": {
      let start = at
      while (start > 0 && chars[start - 1] === " ") start--
      while (start > 0 && chars[start - 1] !== " ") start--
      return join(chars.slice(0, start), chars.slice(at))
    }
    default:
      return undefined
  }
}

/** The text before the cursor. */
export const beforeCursor = (state: LineState): string => points(state.text).slice(0, state.cursor).join("")

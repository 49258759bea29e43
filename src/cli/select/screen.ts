/**
 * The bytes that draw a prompt in place, below whatever the terminal already shows: each redraw
 * moves back to the first row of the previous frame, clears to the end of the screen and writes
 * the new frame. Pure (the painter only remembers where it left the cursor), so it can be tested
 * without a terminal.
 */
import { type Line, plain, renderLine, width } from "./ansi"

export interface Size {
  readonly columns: number
  readonly rows: number
}

export interface Frame {
  readonly lines: ReadonlyArray<Line>
  /** Where the text cursor goes (row within the frame, column); none hides the cursor. */
  readonly cursor?: { readonly row: number; readonly column: number } | undefined
}

const up = (n: number) => n > 0 ? `\x1b[${n}A` : ""
const right = (n: number) => n > 0 ? `\x1b[${n}C` : ""
const hideCursor = "\x1b[?25l"
const showCursor = "\x1b[?25h"
const clearBelow = "\x1b[J"

export class ScreenPainter {
  /** Row of the live frame the cursor sits on; undefined when no frame is on screen. */
  private cursorRow: number | undefined = undefined
  private hidden = false

  constructor(private readonly color: boolean) {}

  /** Removes the live frame (the cursor ends where the frame started). */
  erase(): string {
    if (this.cursorRow === undefined) return ""
    const out = `\r${up(this.cursorRow)}${clearBelow}`
    this.cursorRow = undefined
    return out
  }

  /** Replaces the live frame with `frame`. The last column and row stay free so nothing scrolls or wraps. */
  draw(frame: Frame, size: Size): string {
    const columns = Math.max(2, size.columns - 1)
    const lines = frame.lines.slice(0, Math.max(1, size.rows - 1))
    let out = this.erase()
    out += lines.map((l) => renderLine(l, columns, this.color)).join("\r\n")
    const lastRow = Math.max(0, lines.length - 1)
    const target = frame.cursor ?? { row: lastRow, column: width(plain(lines[lastRow] ?? [])) }
    const row = Math.min(Math.max(0, target.row), lastRow)
    out += `${up(lastRow - row)}\r${right(Math.min(target.column, columns))}`
    if (frame.cursor === undefined && !this.hidden) out += hideCursor
    if (frame.cursor !== undefined && this.hidden) out += showCursor
    this.hidden = frame.cursor === undefined
    this.cursorRow = row
    return out
  }

  /** Replaces the live frame with lines that stay on screen; the next frame starts below them. */
  commit(lines: ReadonlyArray<Line>, size: Size): string {
    const columns = Math.max(2, size.columns - 1)
    return this.erase() + lines.map((l) => renderLine(l, columns, this.color) + "\r\n").join("")
  }

  /** Leaves the terminal as it was found: no frame, cursor visible. */
  close(): string {
    const out = this.erase() + (this.hidden ? showCursor : "")
    this.hidden = false
    return out
  }
}

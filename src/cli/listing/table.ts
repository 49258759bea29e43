/**
 * Upstream's table layout (gotable), which scripts and eyes are used to: every cell left-justified to
 * its column's width, cells joined by ` | `, a rule of `=` under the header, and the last column padded
 * like the others. CSV is the bare values joined by commas, one row per line, no header, no quoting,
 * exactly what the shell helpers split on. Cells come from AWS (names, aliases, tags) or from the
 * cache, so control characters in them are printed as escapes, never sent to the terminal.
 */
import { printable } from "../../domain/printable"

// Code points, not UTF-16 units, so an accented alias does not throw the columns off.
const width = (text: string): number => [...text].length

const pad = (text: string, to: number): string => text + " ".repeat(Math.max(0, to - width(text)))

/** The header line, the `=` rule and one line per row, each ending in a newline. */
export const renderTable = (
  header: ReadonlyArray<string>,
  unsafeRows: ReadonlyArray<ReadonlyArray<string>>
): string => {
  const rows = unsafeRows.map((row) => row.map(printable))
  const widths = header.map((title, column) => Math.max(width(title), ...rows.map((row) => width(row[column] ?? ""))))
  const line = (cells: ReadonlyArray<string>): string =>
    widths.map((w, column) => pad(cells[column] ?? "", w)).join(" | ")
  const top = line(header)
  return [top, "=".repeat(width(top)), ...rows.map(line)].map((text) => text + "\n").join("")
}

/** One line per row, values joined by `,`. */
export const renderCsv = (rows: ReadonlyArray<ReadonlyArray<string>>): string =>
  rows.map((row) => row.map(printable).join(",") + "\n").join("")

/**
 * A one-line progress report on stderr for long refreshes, rewritten in place. Only on a terminal:
 * redirected stderr (scripts, CI, logs) gets nothing, so no carriage returns end up in files.
 */

/** Where the line goes: process.stderr, or a stand-in in tests. */
export interface ProgressStream {
  readonly isTTY?: boolean | undefined
  write(text: string): unknown
}

export interface ProgressLine {
  /** `done` of `total` accounts have their roles. */
  readonly update: (done: number, total: number) => void
  /** Erases the line, so what is printed next starts on a clean line. */
  readonly finish: () => void
}

// Return to column 0 and clear the line (ANSI EL 2).
const clearLine = "\r\x1b[2K"

export const progressText = (done: number, total: number): string =>
  `Fetching roles for ${total} account${total === 1 ? "" : "s"}: ${done}/${total} (${
    total === 0 ? 100 : Math.floor((done * 100) / total)
  }%)`

const silent: ProgressLine = { update: () => {}, finish: () => {} }

/**
 * A progress line on `stream` if it is a terminal, else one that prints nothing. It redraws only
 * when the whole percentage changes, so thousands of accounts cost at most about a hundred writes.
 */
export const makeProgressLine = (stream: ProgressStream = process.stderr): ProgressLine => {
  if (stream.isTTY !== true) return silent
  let shownPercent = -1
  let shown = false
  return {
    update: (done, total) => {
      const percent = total === 0 ? 100 : Math.floor((done * 100) / total)
      if (percent === shownPercent && done !== total) return
      shownPercent = percent
      shown = true
      stream.write(clearLine + progressText(done, total))
    },
    finish: () => {
      if (shown) stream.write(clearLine)
      shown = false
      shownPercent = -1
    }
  }
}

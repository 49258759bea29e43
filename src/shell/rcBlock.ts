/**
 * The marked block aws-sso owns inside a shell rc file (spec 4.12): upstream's unsuffixed markers,
 * so a block upstream wrote is found and replaced. Pure text in, text out; everything outside the
 * block is kept byte for byte, and removing a block gives back the file as it was before the
 * block was added, including a last line without a line break.
 */
import { Either } from "effect"

export const BEGIN_MARKER = "# BEGIN_AWS_SSO_CLI"
export const END_MARKER = "# END_AWS_SSO_CLI"

/**
 * Put first in a block appended to a file whose last line had no line break: the break added in
 * front of the block is then taken away again with the block.
 */
export const ADDED_NEWLINE_NOTE = "# aws-sso added a line break after the line above; uninstall removes it"

/** A begin marker without its end marker: editing would have to guess where the block stops. */
export interface UnterminatedBlock {
  readonly _tag: "UnterminatedBlock"
  /** 1-based line of the begin marker. */
  readonly line: number
}

interface Line {
  readonly text: string
  /** The line break that ends it, "" for a last line without one. */
  readonly eol: string
}

const splitLines = (text: string): Array<Line> => {
  const lines: Array<Line> = []
  let start = 0
  while (start < text.length) {
    const nl = text.indexOf("\n", start)
    if (nl === -1) {
      lines.push({ text: text.slice(start), eol: "" })
      break
    }
    const crlf = nl > start && text[nl - 1] === "\r"
    lines.push({ text: text.slice(start, crlf ? nl - 1 : nl), eol: crlf ? "\r\n" : "\n" })
    start = nl + 1
  }
  return lines
}

const join = (lines: ReadonlyArray<Line>): string => lines.map((l) => l.text + l.eol).join("")

interface Found {
  readonly begin: number
  /** Index of the end marker line. */
  readonly end: number
  readonly addedNewline: boolean
}

/** Every block in the file, in order. */
const findBlocks = (lines: ReadonlyArray<Line>): Either.Either<ReadonlyArray<Found>, UnterminatedBlock> => {
  const found: Array<Found> = []
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.text !== BEGIN_MARKER) continue
    const end = lines.findIndex((l, j) => j > i && l.text === END_MARKER)
    if (end === -1) return Either.left({ _tag: "UnterminatedBlock", line: i + 1 })
    found.push({ begin: i, end, addedNewline: lines[i + 1]?.text === ADDED_NEWLINE_NOTE })
    i = end
  }
  return Either.right(found)
}

/** The block's lines: markers, the optional note and `body` (which gets a final line break). */
const blockLines = (body: string, addedNewline: boolean): Array<Line> => [
  { text: BEGIN_MARKER, eol: "\n" },
  ...(addedNewline ? [{ text: ADDED_NEWLINE_NOTE, eol: "\n" }] : []),
  ...splitLines(body.endsWith("\n") || body === "" ? body : body + "\n"),
  { text: END_MARKER, eol: "\n" }
]

/**
 * Text without any aws-sso block. A line break the block's note says was added goes too, so
 * `withoutBlock(withBlock(t, b))` is `t`.
 */
export const withoutBlock = (original: string): Either.Either<string, UnterminatedBlock> =>
  Either.map(findBlocks(splitLines(original)), (blocks) => {
    const lines = splitLines(original)
    for (const block of [...blocks].reverse()) {
      lines.splice(block.begin, block.end - block.begin + 1)
      const before = lines[block.begin - 1]
      if (block.addedNewline && before !== undefined) lines[block.begin - 1] = { ...before, eol: "" }
    }
    return join(lines)
  })

/**
 * Text with `body` in an aws-sso block: in place of the first existing block (later duplicates are
 * dropped), else appended at the end.
 */
export const withBlock = (original: string, body: string): Either.Either<string, UnterminatedBlock> =>
  Either.map(findBlocks(splitLines(original)), (blocks) => {
    const lines = splitLines(original)
    const first = blocks[0]
    if (first === undefined) {
      const lastLine = lines[lines.length - 1]
      if (lastLine === undefined || lastLine.eol !== "") return join([...lines, ...blockLines(body, false)])
      return join([...lines.slice(0, -1), { ...lastLine, eol: "\n" }, ...blockLines(body, true)])
    }
    for (const block of [...blocks].slice(1).reverse()) lines.splice(block.begin, block.end - block.begin + 1)
    const replaced = blockLines(body, first.addedNewline)
    // An end marker that ended the file without a line break keeps ending it that way.
    if (lines[first.end]!.eol === "") replaced[replaced.length - 1] = { text: END_MARKER, eol: "" }
    lines.splice(first.begin, first.end - first.begin + 1, ...replaced)
    return join(lines)
  })

/** True when the text holds an aws-sso block. */
export const hasBlock = (text: string): boolean => splitLines(text).some((l) => l.text === BEGIN_MARKER)

/**
 * Putting an instance's block into the text of ~/.aws/config (upstream `fileutils/fileedit.go`,
 * spec 4.9): the lines from the begin marker to the end marker are replaced, everything else is kept
 * byte for byte, including a last line without a newline. Without a block yet, it is appended; an
 * empty block removes the old one, markers included.
 *
 * Differences from upstream, both to protect the user's file: a begin marker without its end marker
 * (or a stray end marker) is an error instead of "delete to the end of the file", and marker lines
 * match with trailing blanks or a CRLF ending, so a file edited on Windows still updates in place.
 */
import { Either } from "effect"
import type { Markers } from "./block"

/** A marker whose partner is missing. */
export interface BrokenBlock {
  /** 1-based line number. */
  readonly line: number
  readonly found: string
  readonly missing: string
}

const splitLines = (text: string): ReadonlyArray<string> => (text === "" ? [] : text.split(/(?<=\n)/))

const lineContent = (line: string): string => line.replace(/\r?\n$/, "").trimEnd()

/**
 * The file text with `block` (as `blockText` renders it, "" to remove) in place of the instance's
 * old block. Other instances' blocks are ordinary lines here.
 */
export const mergeBlock = (existing: string, markers: Markers, block: string): Either.Either<string, BrokenBlock> => {
  // The block follows the file's line ending, judged by its first line.
  const firstBreak = existing.indexOf("\n")
  const eol = firstBreak > 0 && existing[firstBreak - 1] === "\r" ? "\r\n" : "\n"
  const newBlock = eol === "\n" ? block : block.replace(/\n/g, eol)
  const lines = splitLines(existing)
  const out: Array<string> = []
  let placed = false
  for (let i = 0; i < lines.length; i++) {
    const content = lineContent(lines[i]!)
    if (content === markers.end) return Either.left({ line: i + 1, found: markers.end, missing: markers.begin })
    if (content !== markers.begin) {
      out.push(lines[i]!)
      continue
    }
    let end = i + 1
    while (end < lines.length && lineContent(lines[end]!) !== markers.end) end++
    if (end === lines.length) return Either.left({ line: i + 1, found: markers.begin, missing: markers.end })
    // A second block of the same instance (a hand merge) is stale: only the first place gets the new one.
    if (!placed) out.push(newBlock)
    placed = true
    i = end
  }
  let text = out.join("")
  if (!placed && newBlock !== "") {
    if (text !== "" && !text.endsWith("\n")) text += eol
    text += newBlock
  }
  return Either.right(text)
}

const sectionHeader = /^\s*\[\s*([^\]]*?)\s*\]\s*(?:[#;].*)?$/

/**
 * Section headers that occur more than once, in order of their second occurrence. The AWS CLI
 * refuses such a file outright ("Unable to parse config file"), so they are worth a warning.
 */
export const duplicateSections = (text: string): ReadonlyArray<string> => {
  const seen = new Set<string>()
  const duplicates: Array<string> = []
  for (const line of splitLines(text)) {
    const match = sectionHeader.exec(lineContent(line))
    if (match === null) continue
    const name = match[1]!.replace(/\s+/g, " ")
    if (seen.has(name) && !duplicates.includes(name)) duplicates.push(name)
    seen.add(name)
  }
  return duplicates
}

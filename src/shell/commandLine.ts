/**
 * Splits the command line a shell hands over for completion (`COMP_LINE`, cut at the cursor) into
 * words the way a POSIX shell would: blanks separate words, quotes and backslashes group and escape.
 * The last word is the one being completed; it is "" when the line ends in a blank.
 */

export interface SplitLine {
  /** The words with quotes and escapes removed; never empty, the last one is being completed. */
  readonly words: ReadonlyArray<string>
  /** The last word as typed (quotes and backslashes included). */
  readonly lastRaw: string
}

const isBlank = (c: string) => c === " " || c === "\t" || c === "\n"

export const splitCommandLine = (line: string): SplitLine => {
  const words: Array<string> = []
  let word = ""
  let inWord = false
  let rawStart = 0
  let quote: "'" | "\"" | undefined
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!
    if (quote === "'") {
      if (c === "'") quote = undefined
      else word += c
      continue
    }
    if (quote === "\"") {
      if (c === "\"") quote = undefined
      else if (c === "\\" && i + 1 < line.length && "\"\\$`".includes(line[i + 1]!)) word += line[++i]!
      else word += c
      continue
    }
    if (isBlank(c)) {
      if (inWord) words.push(word)
      word = ""
      inWord = false
      continue
    }
    if (!inWord) {
      inWord = true
      rawStart = i
    }
    if (c === "'" || c === "\"") quote = c
    else if (c === "\\") {
      if (i + 1 < line.length) word += line[++i]!
    } else word += c
  }
  if (inWord) {
    words.push(word)
    return { words, lastRaw: line.slice(rawStart) }
  }
  words.push("")
  return { words, lastRaw: "" }
}

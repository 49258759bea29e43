/**
 * The word-case functions sprig takes from other Go libraries, rewritten from their documented behaviour:
 * `snakecase`, `kebabcase` and `camelcase` (huandu/xstrings 1.5: `ToSnakeCase`, `ToKebabCase`,
 * `ToPascalCase`), `swapcase`, `untitle` and `initials` (Masterminds/goutils) and `title` (`strings.Title`).
 */
import {
  isGoSpace,
  isLetterRune,
  isLowerRune,
  isNumberRune,
  isPunctRune,
  isUpperRune,
  runeToLower,
  runeToUpper
} from "./values"

type WordType = "invalid" | "number" | "upper" | "alphabet" | "connector" | "punct" | "other"

interface Word {
  readonly type: WordType
  readonly text: string
  /** Index (in runes) just after the word. */
  readonly end: number
}

const isConnector = (ch: string): boolean => ch === "-" || ch === "_" || isGoSpace(ch)

/** A letter that is not a CJK ideograph: xstrings treats ideographs as "other" runes. */
const isAlphabet = (ch: string): boolean => {
  if (!isLetterRune(ch)) return false
  const code = ch.codePointAt(0) ?? 0
  return !((code >= 0x4e00 && code <= 0x9fcc) || (code >= 0x3400 && code <= 0x4d85) ||
    (code >= 0x20000 && code <= 0x2b81d))
}

/** The word starting at rune `start`: a run of connectors, punctuation, digits, one cased word, or others. */
const nextWord = (runes: ReadonlyArray<string>, start: number): Word => {
  const at = (i: number): string => runes[i] ?? ""
  const word = (type: WordType, end: number): Word => ({ type, text: runes.slice(start, end).join(""), end })
  const runWhile = (from: number, accept: (ch: string) => boolean): number => {
    let i = from
    while (i < runes.length && accept(at(i))) i++
    return i
  }
  if (start >= runes.length) return word("invalid", start)
  const first = at(start)
  if (isConnector(first)) return word("connector", runWhile(start + 1, isConnector))
  if (isPunctRune(first)) return word("punct", runWhile(start + 1, isPunctRune))
  if (isUpperRune(first)) {
    const second = start + 1
    if (second >= runes.length) return word("upper", second)
    if (isUpperRune(at(second))) {
      let end = runWhile(second + 1, isUpperRune)
      // In "HTTPServer" the "S" starts the next word.
      if (end < runes.length && isAlphabet(at(end))) end--
      return word("upper", end)
    }
    if (isAlphabet(at(second))) return word("upper", runWhile(second + 1, (ch) => isAlphabet(ch) && !isUpperRune(ch)))
    return word("upper", second)
  }
  if (isAlphabet(first)) return word("alphabet", runWhile(start + 1, (ch) => isAlphabet(ch) && !isUpperRune(ch)))
  if (isNumberRune(first)) return word("number", runWhile(start + 1, isNumberRune))
  const isOther = (ch: string) => !(isConnector(ch) || isAlphabet(ch) || isNumberRune(ch) || isPunctRune(ch))
  return word("other", runWhile(start + 1, isOther))
}

/** Lower-cases an upper-case word and turns connectors into `connector`; other words are kept. */
const lowerWord = (word: Word, connector: string): string =>
  word.type !== "upper" && word.type !== "connector"
    ? word.text
    : Array.from(word.text, (ch) => (isConnector(ch) ? connector : isUpperRune(ch) ? runeToLower(ch) : ch)).join("")

const splitsBefore = (type: WordType): boolean => type !== "invalid" && type !== "connector" && type !== "punct"

const camelToLower = (text: string, connector: string): string => {
  if (text === "") return ""
  const runes = Array.from(text)
  let out = ""
  let word: Word = nextWord(runes, 0)
  const following = (current: Word): Word => nextWord(runes, current.end)
  const copyAlphanumerics = () => {
    while (word.type === "alphabet" || word.type === "number") {
      out += lowerWord(word, connector)
      word = following(word)
    }
  }
  while (word.end < runes.length) {
    if (word.type !== "connector") out += lowerWord(word, connector)
    const previous = word
    word = following(word)
    switch (previous.type) {
      case "number":
        // Letters and digits after a number stay in its word: "20x" in "HTTP20xOK".
        copyAlphanumerics()
        if (splitsBefore(word.type)) out += connector
        break
      case "connector":
        out += lowerWord(previous, connector)
        break
      case "punct":
        break
      default: {
        if (word.type !== "number") {
          if (splitsBefore(word.type)) out += connector
          break
        }
        if (word.end >= runes.length) break
        const number = word
        word = following(word)
        if (word.type !== "alphabet") {
          // A number followed by anything but lower-case letters belongs to the word before: "bld4".
          out += number.text
          if (splitsBefore(word.type)) out += connector
          break
        }
        // Lower-case letters after a number make it start a new word: "http2xx" is "http_2xx".
        out += connector + number.text
        copyAlphanumerics()
        if (splitsBefore(word.type)) out += connector
      }
    }
  }
  return out + lowerWord(word, connector)
}

/** `xstrings.ToSnakeCase`: `snakecase "AccountName"` is `account_name`. */
export const toSnakeCase = (text: string): string => camelToLower(text, "_")

/** `xstrings.ToKebabCase`: `kebabcase "HTTPServer"` is `http-server`. */
export const toKebabCase = (text: string): string => camelToLower(text, "-")

/** `xstrings.ToPascalCase`, which sprig 3.3 uses for `camelcase`: `camelcase "http_server"` is `HttpServer`. */
export const toPascalCase = (text: string): string => {
  if (text === "") return ""
  const runes = Array.from(text)
  let out = ""
  let i = 0
  let current = ""
  let firstUpper = false
  // Leading connectors are kept.
  while (i < runes.length) {
    current = runes[i++] ?? ""
    if (!isConnector(current)) {
      firstUpper = isUpperRune(current)
      current = runeToUpper(current)
      break
    }
    out += current
  }
  if (i >= runes.length) return out + current
  while (i < runes.length) {
    const previous = current
    current = runes[i++] ?? ""
    if (isConnector(current) && isConnector(previous)) {
      out += previous
      continue
    }
    if (isConnector(previous)) {
      firstUpper = isUpperRune(current)
      current = runeToUpper(current)
      continue
    }
    // The rest of an all-caps word is lowered: "GOLANG" becomes "Golang".
    if (firstUpper) {
      if (isUpperRune(current)) current = runeToLower(current)
      else firstUpper = false
    }
    out += previous
  }
  return out + current
}

/**
 * goutils `SwapCase`: upper and title case become lower, lower becomes upper. (goutils uses title case for
 * a lower-case letter after a space; that differs from upper case only for a few digraphs such as "ǆ".)
 */
export const swapCase = (text: string): string =>
  Array.from(text, (ch) => {
    if (isUpperRune(ch) || /^\p{Lt}$/u.test(ch)) return runeToLower(ch)
    if (isLowerRune(ch)) return runeToUpper(ch)
    return ch
  }).join("")

/** goutils `Uncapitalize`: lower-cases the first letter of every space-separated word. */
export const untitle = (text: string): string => {
  let atWordStart = true
  return Array.from(text, (ch) => {
    if (isGoSpace(ch)) {
      atWordStart = true
      return ch
    }
    if (!atWordStart) return ch
    atWordStart = false
    return runeToLower(ch)
  }).join("")
}

/** goutils `Initials`: the first character of every space-separated word, case unchanged. */
export const initials = (text: string): string => {
  let atWordStart = true
  let out = ""
  for (const ch of text) {
    if (isGoSpace(ch)) atWordStart = true
    else if (atWordStart) {
      out += ch
      atWordStart = false
    }
  }
  return out
}

/** `strings.Title`'s word boundary: anything but ASCII letters, digits and `_`, letters and digits. */
const isTitleSeparator = (ch: string): boolean => {
  if (ch.length === 1 && ch.charCodeAt(0) <= 0x7f) return !/^[0-9A-Za-z_]$/.test(ch)
  if (isLetterRune(ch) || /^\p{Nd}$/u.test(ch)) return false
  return isGoSpace(ch)
}

/** `strings.Title`: upper-cases the first letter of each word and leaves the rest alone. */
export const title = (text: string): string => {
  let previous = " "
  return Array.from(text, (ch) => {
    const out = isTitleSeparator(previous) ? runeToUpper(ch) : ch
    previous = ch
    return out
  }).join("")
}

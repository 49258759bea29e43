/**
 * Splits a template into tokens the way Go's text/template lexer does: text between actions, and inside
 * `{{ }}` the words, fields, variables, literals and punctuation of pipelines. Trim markers (`{{- ` and
 * ` -}}`) remove the surrounding spaces here, and comments vanish. A problem becomes an `error` token so the
 * parser reports it only when it reaches that point, as Go does.
 */

export type TokenType =
  | "error"
  | "eof"
  | "text"
  | "leftDelim"
  | "rightDelim"
  | "space"
  | "assign"
  | "declare"
  | "pipe"
  | "char"
  | "charConstant"
  | "string"
  | "rawString"
  | "variable"
  | "field"
  | "dot"
  | "number"
  | "identifier"
  | "bool"
  | "nil"
  | "leftParen"
  | "rightParen"
  | Keyword

export type Keyword = "if" | "else" | "end" | "range" | "with" | "break" | "continue" | "define" | "template" | "block"

export interface Token {
  readonly type: TokenType
  readonly value: string
  /** Offset of the token in the source, in UTF-16 code units. */
  readonly pos: number
}

const keywords: ReadonlyMap<string, TokenType> = new Map<string, TokenType>([
  ["if", "if"],
  ["else", "else"],
  ["end", "end"],
  ["range", "range"],
  ["with", "with"],
  ["break", "break"],
  ["continue", "continue"],
  ["define", "define"],
  ["template", "template"],
  ["block", "block"],
  ["nil", "nil"],
  ["true", "bool"],
  ["false", "bool"]
])

export const isKeyword = (type: TokenType): type is Keyword =>
  type === "if" || type === "else" || type === "end" || type === "range" || type === "with" || type === "break" ||
  type === "continue" || type === "define" || type === "template" || type === "block"

/** The spaces a trim marker removes, and that separate words inside an action. */
const isSpace = (ch: string): boolean => ch === " " || ch === "\t" || ch === "\r" || ch === "\n"

const isAlphaNumeric = (ch: string): boolean => ch === "_" || /^[\p{L}\p{Nd}]$/u.test(ch)

const inSet = (set: string, ch: string): boolean => ch !== "" && set.includes(ch)

/** The code point starting at `index`, or "" past the end. */
const runeAt = (source: string, index: number): string => {
  const code = source.codePointAt(index)
  return code === undefined ? "" : String.fromCodePoint(code)
}

/** Go's `%#U` rendering of a character, used in lexer messages. */
const describeRune = (ch: string): string => {
  const code = ch.codePointAt(0) ?? 0
  const hex = code.toString(16).toUpperCase().padStart(4, "0")
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(ch) ? `U+${hex} '${ch}'` : `U+${hex}`
}

export const lex = (source: string): ReadonlyArray<Token> => {
  const tokens: Array<Token> = []
  const emit = (type: TokenType, value: string, pos: number) => {
    tokens.push({ type, value, pos })
  }
  let pos = 0
  for (;;) {
    const open = source.indexOf("{{", pos)
    if (open < 0) {
      if (pos < source.length) emit("text", source.slice(pos), pos)
      break
    }
    const trimLeft = source[open + 2] === "-" && isSpace(runeAt(source, open + 3))
    let textEnd = open
    if (trimLeft) while (textEnd > pos && isSpace(runeAt(source, textEnd - 1))) textEnd--
    if (textEnd > pos) emit("text", source.slice(pos, textEnd), pos)
    const inside = open + (trimLeft ? 4 : 2)
    if (source.startsWith("/*", inside)) {
      const close = source.indexOf("*/", inside + 2)
      if (close < 0) {
        emit("error", "unclosed comment", open)
        return tokens
      }
      const after = close + 2
      const trimRight = isSpace(runeAt(source, after)) && source.startsWith("-}}", after + 1)
      if (!trimRight && !source.startsWith("}}", after)) {
        emit("error", "comment ends before closing delimiter", open)
        return tokens
      }
      pos = trimRight ? skipSpaces(source, after + 4) : after + 2
      continue
    }
    emit("leftDelim", "{{", open)
    const next = lexAction(source, inside, open, emit)
    if (next < 0) return tokens
    pos = next
  }
  emit("eof", "", source.length)
  return tokens
}

const skipSpaces = (source: string, from: number): number => {
  let i = from
  while (i < source.length && isSpace(runeAt(source, i))) i++
  return i
}

/** Lexes the inside of one action; returns where the text after it starts, or -1 after emitting an error. */
const lexAction = (
  source: string,
  start: number,
  open: number,
  emit: (type: TokenType, value: string, pos: number) => void
): number => {
  let parenDepth = 0
  let i = start
  const fail = (message: string, at: number): number => {
    emit("error", message, at)
    return -1
  }
  const atTerminator = (at: number): boolean => {
    const ch = runeAt(source, at)
    return ch === "" || isSpace(ch) || inSet(".,|:()", ch) || source.startsWith("}}", at)
  }
  const scanWord = (from: number): number => {
    let j = from
    for (let ch = runeAt(source, j); ch !== "" && isAlphaNumeric(ch); ch = runeAt(source, j)) j += ch.length
    return j
  }
  for (;;) {
    const trimRight = isSpace(runeAt(source, i)) && source.startsWith("-}}", i + 1)
    if (trimRight || source.startsWith("}}", i)) {
      if (parenDepth > 0) return fail("unclosed left paren", open)
      emit("rightDelim", "}}", trimRight ? i + 2 : i)
      return trimRight ? skipSpaces(source, i + 4) : i + 2
    }
    const ch = runeAt(source, i)
    if (ch === "") return fail("unclosed action", open)
    if (isSpace(ch)) {
      const spaceStart = i
      i = skipSpaces(source, i)
      // The last space before `-}}` belongs to the trim marker.
      if (source.startsWith("-}}", i)) {
        i--
        if (i === spaceStart) continue
      }
      emit("space", source.slice(spaceStart, i), spaceStart)
      continue
    }
    const tokenStart = i
    switch (ch) {
      case "=":
        emit("assign", "=", i++)
        continue
      case ":":
        if (source[i + 1] !== "=") return fail("expected :=", i)
        emit("declare", ":=", i)
        i += 2
        continue
      case "|":
        emit("pipe", "|", i++)
        continue
      case "(":
        emit("leftParen", "(", i++)
        parenDepth++
        continue
      case ")":
        if (--parenDepth < 0) return fail("unexpected right paren", i)
        emit("rightParen", ")", i++)
        continue
      case "\"":
      case "'": {
        const end = scanQuoted(source, i, ch)
        if (end < 0) return fail(ch === "\"" ? "unterminated quoted string" : "unterminated character constant", i)
        emit(ch === "\"" ? "string" : "charConstant", source.slice(i, end), i)
        i = end
        continue
      }
      case "`": {
        const close = source.indexOf("`", i + 1)
        if (close < 0) return fail("unterminated raw quoted string", i)
        emit("rawString", source.slice(i, close + 1), i)
        i = close + 1
        continue
      }
      case "$":
      case ".": {
        if (ch === "." && /^[0-9]$/.test(runeAt(source, i + 1))) break
        if (atTerminator(i + 1)) {
          emit(ch === "$" ? "variable" : "dot", ch, i++)
          continue
        }
        const end = scanWord(i + 1)
        if (!atTerminator(end)) return fail(`bad character ${describeRune(runeAt(source, end))}`, end)
        emit(ch === "$" ? "variable" : "field", source.slice(i, end), i)
        i = end
        continue
      }
    }
    if (ch === "+" || ch === "-" || ch === "." || /^[0-9]$/.test(ch)) {
      const scanned = scanNumber(source, i)
      if (!scanned.ok) return fail(`bad number syntax: ${JSON.stringify(source.slice(i, scanned.end))}`, i)
      emit("number", source.slice(i, scanned.end), i)
      i = scanned.end
      continue
    }
    if (isAlphaNumeric(ch)) {
      const end = scanWord(i)
      if (!atTerminator(end)) return fail(`bad character ${describeRune(runeAt(source, end))}`, end)
      const word = source.slice(i, end)
      emit(keywords.get(word) ?? "identifier", word, tokenStart)
      i = end
      continue
    }
    if (/^[\x21-\x7e]$/.test(ch)) {
      emit("char", ch, i++)
      continue
    }
    return fail(`unrecognized character in action: ${describeRune(ch)}`, i)
  }
}

/** End (exclusive) of a quoted literal starting at `start`, or -1 when it is not closed on its line. */
const scanQuoted = (source: string, start: number, quoteChar: string): number => {
  let j = start + 1
  while (j < source.length) {
    const ch = source[j]
    if (ch === "\\") {
      const escaped = source[j + 1]
      if (escaped === undefined || escaped === "\n") return -1
      j += 2
      continue
    }
    if (ch === "\n") return -1
    if (ch === quoteChar) return j + 1
    j++
  }
  return -1
}

/** Go's `scanNumber`: accepts the shape of a number; the parser decides whether it is a valid one. */
const scanNumber = (source: string, start: number): { readonly ok: boolean; readonly end: number } => {
  let j = start
  const at = () => runeAt(source, j)
  const acceptRun = (set: string) => {
    while (inSet(set, at())) j++
  }
  if (inSet("+-", at())) j++
  let digits = "0123456789_"
  if (at() === "0") {
    j++
    if (inSet("xX", at())) {
      j++
      digits = "0123456789abcdefABCDEF_"
    } else if (inSet("oO", at())) {
      j++
      digits = "01234567_"
    } else if (inSet("bB", at())) {
      j++
      digits = "01_"
    }
  }
  acceptRun(digits)
  if (at() === ".") {
    j++
    acceptRun(digits)
  }
  const exponentMarks = digits.length === 11 ? "eE" : digits.length === 23 ? "pP" : ""
  if (inSet(exponentMarks, at())) {
    j++
    if (inSet("+-", at())) j++
    acceptRun("0123456789_")
  }
  if (at() === "i") j++
  const next = at()
  if (next !== "" && isAlphaNumeric(next)) return { ok: false, end: j + next.length }
  return { ok: true, end: j }
}

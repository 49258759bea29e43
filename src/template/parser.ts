/**
 * Builds the parse tree from tokens, following Go's text/template/parse: the same grammar, the same
 * parse-time checks (unknown functions, undefined variables, `{{break}}` outside `{{range}}`, missing
 * `{{end}}`) and, where it can, the same wording.
 */
import type { ArgNode, BranchNode, CommandNode, Node, PipeNode, VariableNode } from "./ast"
import { nodeString } from "./ast"
import { quote } from "./fmt"
import { isKeyword, lex, type Token, type TokenType } from "./lexer"
import { parseNumber, unquoteRune, unquoteString } from "./literals"

/** A syntax problem at a source offset. */
export class ParseError {
  constructor(readonly pos: number, readonly reason: string) {}
}

/** `{{end}}` or `{{else}}`, which close the list being parsed. */
type Marker = { readonly type: "end"; readonly pos: number } | { readonly type: "else"; readonly pos: number }

type ControlContext = "if" | "with" | "range"

/** Go's rendering of a token in "unexpected ..." messages. */
const tokenString = (token: Token): string => {
  if (token.type === "eof") return "EOF"
  if (token.type === "error") return token.value
  if (isKeyword(token.type)) return `<${token.value}>`
  const runes = [...token.value]
  return runes.length > 10 ? `${quote(runes.slice(0, 10).join(""))}...` : quote(token.value)
}

/** Parses a whole template; throws `ParseError`. `hasFunction` says which identifiers name functions. */
export const parse = (source: string, hasFunction: (name: string) => boolean): ReadonlyArray<Node> =>
  new Parser(lex(source), hasFunction, source.length).parse()

class Parser {
  private index = 0
  private readonly vars: Array<string> = ["$"]
  private rangeDepth = 0
  private actionStart = 0
  private readonly eof: Token

  constructor(
    private readonly tokens: ReadonlyArray<Token>,
    private readonly hasFunction: (name: string) => boolean,
    sourceLength: number
  ) {
    this.eof = { type: "eof", value: "", pos: sourceLength }
  }

  parse(): ReadonlyArray<Node> {
    const root: Array<Node> = []
    while (this.peek().type !== "eof") {
      const node = this.textOrAction()
      if (node.type === "end" || node.type === "else") this.fail(node.pos, `unexpected {{${node.type}}}`)
      else root.push(node)
    }
    return root
  }

  private peek(): Token {
    return this.tokens[this.index] ?? this.eof
  }

  private next(): Token {
    const token = this.peek()
    this.index++
    return token
  }

  private backup(): void {
    this.index--
  }

  private skipSpaces(): void {
    while (this.peek().type === "space") this.index++
  }

  private nextNonSpace(): Token {
    this.skipSpaces()
    return this.next()
  }

  private peekNonSpace(): Token {
    this.skipSpaces()
    return this.peek()
  }

  private fail(pos: number, reason: string): never {
    throw new ParseError(pos, reason)
  }

  private unexpected(token: Token, context: string): never {
    if (token.type === "error") this.fail(token.pos, token.value)
    this.fail(token.pos, `unexpected ${tokenString(token)} in ${context}`)
  }

  private expect(type: TokenType, context: string): Token {
    const token = this.nextNonSpace()
    if (token.type !== type) this.unexpected(token, context)
    return token
  }

  private textOrAction(): Node | Marker {
    const token = this.nextNonSpace()
    switch (token.type) {
      case "text":
        return { type: "text", pos: token.pos, text: token.value }
      case "leftDelim":
        this.actionStart = token.pos
        return this.action()
      default:
        this.unexpected(token, "input")
    }
  }

  private action(): Node | Marker {
    const token = this.nextNonSpace()
    switch (token.type) {
      case "block":
      case "define":
      case "template":
        this.fail(token.pos, `{{${token.value}}} is not supported in this template`)
        break
      case "break":
      case "continue": {
        const close = this.nextNonSpace()
        if (close.type !== "rightDelim") this.unexpected(close, `{{${token.type}}}`)
        if (this.rangeDepth === 0) this.fail(token.pos, `{{${token.type}}} outside {{range}}`)
        return { type: token.type, pos: token.pos }
      }
      case "else": {
        // `{{else if ...}}` and `{{else with ...}}` leave the keyword for the enclosing control to read.
        const peek = this.peekNonSpace()
        if (peek.type !== "if" && peek.type !== "with") this.expect("rightDelim", "else")
        return { type: "else", pos: token.pos }
      }
      case "end":
        this.expect("rightDelim", "end")
        return { type: "end", pos: token.pos }
      case "if":
      case "range":
      case "with":
        return this.control(token.type, this.actionStart)
    }
    this.backup()
    const pipe = this.pipeline("command", "rightDelim")
    return { type: "action", pos: pipe.pos, pipe }
  }

  private control(context: ControlContext, openPos: number): BranchNode {
    const varsMark = this.vars.length
    const pipe = this.pipeline(context, "rightDelim")
    if (context === "range") this.rangeDepth++
    const [list, next] = this.itemList(context, openPos)
    if (context === "range") this.rangeDepth--
    let elseList: ReadonlyArray<Node> | undefined
    if (next.type === "else") {
      if ((context === "if" || context === "with") && this.peek().type === context) {
        // `{{if a}}x{{else if b}}y{{end}}` is `{{if a}}x{{else}}{{if b}}y{{end}}{{end}}` sharing one end.
        this.next()
        elseList = [this.control(context, next.pos)]
      } else {
        const [otherwise, end] = this.itemList(context, openPos)
        if (end.type !== "end") this.fail(end.pos, "expected end; found {{else}}")
        elseList = otherwise
      }
    }
    this.vars.length = varsMark
    return { type: context, pos: pipe.pos, pipe, list, elseList }
  }

  private itemList(context: ControlContext, openPos: number): [ReadonlyArray<Node>, Marker] {
    const list: Array<Node> = []
    while (this.peekNonSpace().type !== "eof") {
      const node = this.textOrAction()
      if (node.type === "end" || node.type === "else") return [list, node]
      else list.push(node)
    }
    return this.fail(openPos, `unexpected EOF: {{${context}}} has no matching {{end}}`)
  }

  private pipeline(context: string, end: "rightDelim" | "rightParen"): PipeNode {
    const start = this.peekNonSpace()
    const decl: Array<VariableNode> = []
    let isAssign = false
    for (;;) {
      const variable = this.peekNonSpace()
      if (variable.type !== "variable") break
      const mark = this.index
      this.next()
      const next = this.peekNonSpace()
      if (next.type === "assign" || next.type === "declare") {
        isAssign = next.type === "assign"
        this.next()
        decl.push({ type: "variable", pos: variable.pos, idents: [variable.value] })
        this.vars.push(variable.value)
      } else if (next.type === "char" && next.value === ",") {
        this.next()
        decl.push({ type: "variable", pos: variable.pos, idents: [variable.value] })
        this.vars.push(variable.value)
        if (context === "range" && decl.length < 2) {
          const after = this.peekNonSpace()
          if (after.type === "variable" || after.type === "rightDelim" || after.type === "rightParen") continue
          this.fail(after.pos, "range can only initialize variables")
        }
        this.fail(next.pos, `too many declarations in ${context}`)
      } else {
        this.index = mark
      }
      break
    }
    const cmds: Array<CommandNode> = []
    for (;;) {
      const token = this.nextNonSpace()
      if (token.type === end) {
        if (cmds.length === 0) this.fail(token.pos, `missing value for ${context}`)
        cmds.slice(1).forEach((cmd, index) => {
          const first = cmd.args[0]
          const kind = first?.type
          if (kind === "bool" || kind === "dot" || kind === "nil" || kind === "number" || kind === "string") {
            this.fail(cmd.pos, `non executable command in pipeline stage ${index + 2}`)
          }
        })
        return { type: "pipe", pos: start.pos, isAssign, decl, cmds }
      }
      switch (token.type) {
        case "bool":
        case "charConstant":
        case "dot":
        case "field":
        case "identifier":
        case "number":
        case "nil":
        case "rawString":
        case "string":
        case "variable":
        case "leftParen":
          this.backup()
          cmds.push(this.command())
          break
        default:
          this.unexpected(token, context)
      }
    }
  }

  private command(): CommandNode {
    const start = this.peekNonSpace()
    const args: Array<ArgNode> = []
    for (;;) {
      this.skipSpaces()
      const operand = this.operand()
      if (operand !== undefined) args.push(operand)
      const token = this.next()
      if (token.type === "space") continue
      if (token.type === "rightDelim" || token.type === "rightParen") this.backup()
      else if (token.type !== "pipe") this.unexpected(token, "operand")
      break
    }
    if (args.length === 0) this.fail(start.pos, "empty command")
    return { type: "command", pos: start.pos, args }
  }

  private operand(): ArgNode | undefined {
    const node = this.term()
    if (node === undefined || this.peek().type !== "field") return node
    const chainPos = this.peek().pos
    const fields: Array<string> = []
    while (this.peek().type === "field") fields.push(this.next().value.slice(1))
    switch (node.type) {
      case "field":
        return { ...node, idents: [...node.idents, ...fields] }
      case "variable":
        return { ...node, idents: [...node.idents, ...fields] }
      case "bool":
      case "string":
      case "number":
      case "nil":
      case "dot":
        return this.fail(chainPos, `unexpected . after term ${quote(nodeString(node))}`)
      default:
        return { type: "chain", pos: node.pos, node, fields }
    }
  }

  private term(): ArgNode | undefined {
    const token = this.nextNonSpace()
    switch (token.type) {
      case "identifier":
        if (!this.hasFunction(token.value)) this.fail(token.pos, `function ${quote(token.value)} not defined`)
        return { type: "identifier", pos: token.pos, name: token.value }
      case "dot":
        return { type: "dot", pos: token.pos }
      case "nil":
        return { type: "nil", pos: token.pos }
      case "variable":
        if (!this.vars.includes(token.value)) this.fail(token.pos, `undefined variable ${quote(token.value)}`)
        return { type: "variable", pos: token.pos, idents: [token.value] }
      case "field":
        return { type: "field", pos: token.pos, idents: [token.value.slice(1)] }
      case "bool":
        return { type: "bool", pos: token.pos, value: token.value === "true" }
      case "charConstant": {
        const code = unquoteRune(token.value)
        if (code === undefined) this.fail(token.pos, `malformed character constant: ${token.value}`)
        return { type: "number", pos: token.pos, text: token.value, isInt: true, isFloat: true, value: code }
      }
      case "number": {
        const parsed = parseNumber(token.value)
        if (typeof parsed === "string") this.fail(token.pos, parsed)
        return { type: "number", pos: token.pos, text: token.value, ...parsed }
      }
      case "leftParen":
        return this.pipeline("parenthesized pipeline", "rightParen")
      case "string":
      case "rawString": {
        const text = unquoteString(token.value)
        if (text === undefined) this.fail(token.pos, "invalid syntax")
        return { type: "string", pos: token.pos, quoted: token.value, text }
      }
    }
    this.backup()
    return undefined
  }
}

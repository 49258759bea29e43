/** The parse tree of a template, shaped like Go's text/template/parse nodes. */
import { quote } from "./fmt"

export interface TextNode {
  readonly type: "text"
  readonly pos: number
  readonly text: string
}

export interface ActionNode {
  readonly type: "action"
  readonly pos: number
  readonly pipe: PipeNode
}

/** `if`, `with` and `range`: a pipeline, a body, and an optional `else` body. */
export interface BranchNode {
  readonly type: "if" | "with" | "range"
  readonly pos: number
  readonly pipe: PipeNode
  readonly list: ReadonlyArray<Node>
  readonly elseList: ReadonlyArray<Node> | undefined
}

export interface LoopControlNode {
  readonly type: "break" | "continue"
  readonly pos: number
}

export type Node = TextNode | ActionNode | BranchNode | LoopControlNode

export interface PipeNode {
  readonly type: "pipe"
  readonly pos: number
  /** `$x = ...` rather than `$x := ...`. */
  readonly isAssign: boolean
  readonly decl: ReadonlyArray<VariableNode>
  readonly cmds: ReadonlyArray<CommandNode>
}

export interface CommandNode {
  readonly type: "command"
  readonly pos: number
  readonly args: ReadonlyArray<ArgNode>
}

export interface FieldNode {
  readonly type: "field"
  readonly pos: number
  readonly idents: ReadonlyArray<string>
}

/** `$x.A.B`: `idents[0]` is the variable name including `$`. */
export interface VariableNode {
  readonly type: "variable"
  readonly pos: number
  readonly idents: ReadonlyArray<string>
}

/** Fields applied to a term that is not a field or variable, e.g. `(index .M "k").Name`. */
export interface ChainNode {
  readonly type: "chain"
  readonly pos: number
  readonly node: ArgNode
  readonly fields: ReadonlyArray<string>
}

export interface IdentifierNode {
  readonly type: "identifier"
  readonly pos: number
  readonly name: string
}

export interface DotNode {
  readonly type: "dot"
  readonly pos: number
}

export interface NilNode {
  readonly type: "nil"
  readonly pos: number
}

export interface BoolNode {
  readonly type: "bool"
  readonly pos: number
  readonly value: boolean
}

export interface NumberNode {
  readonly type: "number"
  readonly pos: number
  readonly text: string
  readonly isInt: boolean
  readonly isFloat: boolean
  readonly value: number
}

export interface StringNode {
  readonly type: "string"
  readonly pos: number
  /** The literal as written, quotes included. */
  readonly quoted: string
  readonly text: string
}

export type ArgNode =
  | FieldNode
  | VariableNode
  | ChainNode
  | IdentifierNode
  | DotNode
  | NilNode
  | BoolNode
  | NumberNode
  | StringNode
  | PipeNode

export type AnyNode = Node | ArgNode | CommandNode

/** The template text a node stands for, as Go prints it in `executing "x" at <...>`. */
export const nodeString = (node: AnyNode): string => {
  switch (node.type) {
    case "field":
      return node.idents.map((ident) => `.${ident}`).join("")
    case "variable":
      return node.idents.join(".")
    case "chain": {
      const inner = node.node.type === "pipe" ? `(${nodeString(node.node)})` : nodeString(node.node)
      return inner + node.fields.map((field) => `.${field}`).join("")
    }
    case "identifier":
      return node.name
    case "dot":
      return "."
    case "nil":
      return "nil"
    case "bool":
      return String(node.value)
    case "number":
      return node.text
    case "string":
      return node.quoted
    case "pipe": {
      const decl = node.decl.length === 0
        ? ""
        : `${node.decl.map(nodeString).join(", ")} ${node.isAssign ? "=" : ":="} `
      return decl + node.cmds.map(nodeString).join(" | ")
    }
    case "command":
      return node.args.map((arg) => (arg.type === "pipe" ? `(${nodeString(arg)})` : nodeString(arg))).join(" ")
    case "text":
      return quote(node.text)
    case "action":
      return `{{${nodeString(node.pipe)}}}`
    case "if":
    case "with":
    case "range":
      return `{{${node.type} ${nodeString(node.pipe)}}}`
    case "break":
    case "continue":
      return `{{${node.type}}}`
  }
}

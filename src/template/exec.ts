/**
 * Runs a parse tree against data with Go's text/template semantics: how fields, variables, pipelines and
 * function calls are evaluated, which values are true, how `range` visits slices, maps (sorted keys) and
 * integers, and the wording of execution errors.
 */
import type {
  AnyNode,
  ArgNode,
  BranchNode,
  ChainNode,
  CommandNode,
  FieldNode,
  IdentifierNode,
  Node,
  NumberNode,
  PipeNode,
  VariableNode
} from "./ast"
import { nodeString } from "./ast"
import { formatValue, quote } from "./fmt"
import { goParamType, type ParamType, type TemplateFunc } from "./funcs"
import { hasField, isTrue, kindOf, sortedKeys, typeName } from "./values"

/** An execution failure at a node; `reason` is the text after Go's `executing "name" at <node>: `. */
export class ExecError {
  constructor(readonly node: AnyNode, readonly reason: string) {}
}

const BREAK = Symbol("break")
const CONTINUE = Symbol("continue")
/** No value piped in: distinct from a piped nil. */
const MISSING = Symbol("missing")
type Final = unknown

interface Variable {
  readonly name: string
  value: unknown
}

export const execute = (
  root: ReadonlyArray<Node>,
  data: unknown,
  funcs: ReadonlyMap<string, TemplateFunc>
): string => {
  const state = new State(data, funcs)
  state.walkList(data, root)
  return state.out
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error))

class State {
  out = ""
  private node: AnyNode | undefined
  private readonly vars: Array<Variable>

  constructor(data: unknown, private readonly funcs: ReadonlyMap<string, TemplateFunc>) {
    this.vars = [{ name: "$", value: data }]
  }

  private at(node: AnyNode): void {
    this.node = node
  }

  private fail(reason: string): never {
    throw new ExecError(this.node ?? { type: "dot", pos: 0 }, reason)
  }

  walkList(dot: unknown, list: ReadonlyArray<Node>): void {
    for (const node of list) this.walk(dot, node)
  }

  private walk(dot: unknown, node: Node): void {
    switch (node.type) {
      case "text":
        this.out += node.text
        return
      case "action": {
        this.at(node)
        const value = this.evalPipeline(dot, node.pipe)
        if (node.pipe.decl.length === 0) this.out += value === undefined || value === null ? "<no value>" :
          formatValue(value)
        return
      }
      case "if":
      case "with":
        return this.walkIfOrWith(dot, node)
      case "range":
        return this.walkRange(dot, node)
      case "break":
        throw BREAK
      case "continue":
        throw CONTINUE
    }
  }

  private walkIfOrWith(dot: unknown, node: BranchNode): void {
    const mark = this.vars.length
    try {
      const value = this.evalPipeline(dot, node.pipe)
      if (isTrue(value)) this.walkList(node.type === "with" ? value : dot, node.list)
      else if (node.elseList !== undefined) this.walkList(dot, node.elseList)
    } finally {
      this.vars.length = mark
    }
  }

  private walkRange(dot: unknown, node: BranchNode): void {
    this.at(node)
    const mark = this.vars.length
    try {
      const value = this.evalPipeline(dot, node.pipe)
      const bodyMark = this.vars.length
      const { decl, isAssign } = node.pipe
      /** One pass of the body; false when it ran `{{break}}`. */
      const iterate = (index: unknown, element: unknown): boolean => {
        const [first, second] = decl
        if (first !== undefined) {
          if (isAssign) this.setVar(first.idents[0] ?? "", second === undefined ? element : index)
          else this.setTopVar(1, element)
        }
        if (second !== undefined) {
          if (isAssign) this.setVar(second.idents[0] ?? "", element)
          else this.setTopVar(2, index)
        }
        try {
          this.walkList(element, node.list)
        } catch (signal) {
          if (signal === BREAK) return false
          if (signal !== CONTINUE) throw signal
        } finally {
          this.vars.length = bodyMark
        }
        return true
      }
      switch (kindOf(value)) {
        case "slice": {
          const items = value as ReadonlyArray<unknown>
          if (items.length === 0) break
          for (let i = 0; i < items.length; i++) if (!iterate(i, items[i])) break
          return
        }
        case "map": {
          const map = value as ReadonlyMap<unknown, unknown>
          if (map.size === 0) break
          for (const key of sortedKeys(map)) if (!iterate(key, map.get(key))) break
          return
        }
        case "int": {
          const count = Number(value)
          if (decl.length > 1) this.fail(`can't use ${formatValue(value)} to iterate over more than one variable`)
          if (count <= 0) break
          for (let i = 0; i < count; i++) if (!iterate(i, i)) break
          return
        }
        case "invalid":
          break
        default:
          this.fail(`range can't iterate over ${formatValue(value)}`)
      }
      if (node.elseList !== undefined) this.walkList(dot, node.elseList)
    } finally {
      this.vars.length = mark
    }
  }

  private setVar(name: string, value: unknown): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const variable = this.vars[i]
      if (variable !== undefined && variable.name === name) {
        variable.value = value
        return
      }
    }
    this.fail(`undefined variable: ${name}`)
  }

  private setTopVar(depth: number, value: unknown): void {
    const variable = this.vars[this.vars.length - depth]
    if (variable !== undefined) variable.value = value
  }

  private varValue(name: string): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const variable = this.vars[i]
      if (variable !== undefined && variable.name === name) return variable.value
    }
    return this.fail(`undefined variable: ${name}`)
  }

  private evalPipeline(dot: unknown, pipe: PipeNode): unknown {
    this.at(pipe)
    let value: Final = MISSING
    for (const cmd of pipe.cmds) value = this.evalCommand(dot, cmd, value)
    for (const variable of pipe.decl) {
      const name = variable.idents[0] ?? ""
      if (pipe.isAssign) this.setVar(name, value)
      else this.vars.push({ name, value })
    }
    return value
  }

  private evalCommand(dot: unknown, cmd: CommandNode, final: Final): unknown {
    const first = cmd.args[0]
    if (first === undefined) return this.fail("empty command")
    switch (first.type) {
      case "field":
        return this.evalFieldNode(dot, first, cmd.args, final)
      case "chain":
        return this.evalChainNode(dot, first, cmd.args, final)
      case "identifier":
        return this.evalFunction(dot, first, cmd, cmd.args, final)
      case "pipe":
        this.notAFunction(cmd.args, final)
        return this.evalPipeline(dot, first)
      case "variable":
        return this.evalVariableNode(first, cmd.args, final)
    }
    this.at(first)
    this.notAFunction(cmd.args, final)
    switch (first.type) {
      case "bool":
        return first.value
      case "dot":
        return dot
      case "nil":
        return this.fail("nil is not a command")
      case "number":
        return this.idealConstant(first)
      case "string":
        return first.text
    }
  }

  private notAFunction(args: ReadonlyArray<ArgNode>, final: Final): void {
    const first = args[0]
    if ((args.length > 1 || final !== MISSING) && first !== undefined) {
      this.fail(`can't give argument to non-function ${nodeString(first)}`)
    }
  }

  private idealConstant(constant: NumberNode): number {
    this.at(constant)
    if (!constant.isInt && !constant.isFloat) this.fail(`${constant.text} overflows int`)
    return constant.value
  }

  private evalFieldNode(dot: unknown, field: FieldNode, args: ReadonlyArray<ArgNode>, final: Final): unknown {
    this.at(field)
    return this.evalFieldChain(dot, field.idents, args, final)
  }

  private evalChainNode(dot: unknown, chain: ChainNode, args: ReadonlyArray<ArgNode>, final: Final): unknown {
    if (chain.node.type === "nil") this.fail(`indirection through explicit nil in ${nodeString(chain)}`)
    const receiver = this.evalArg(dot, "any", chain.node)
    this.at(chain)
    return this.evalFieldChain(receiver, chain.fields, args, final)
  }

  private evalVariableNode(node: VariableNode, args: ReadonlyArray<ArgNode>, final: Final): unknown {
    this.at(node)
    const value = this.varValue(node.idents[0] ?? "")
    if (node.idents.length === 1) {
      this.notAFunction(args, final)
      return value
    }
    return this.evalFieldChain(value, node.idents.slice(1), args, final)
  }

  private evalFieldChain(
    receiver: unknown,
    idents: ReadonlyArray<string>,
    args: ReadonlyArray<ArgNode>,
    final: Final
  ): unknown {
    let current = receiver
    idents.forEach((ident, i) => {
      const last = i === idents.length - 1
      current = this.evalField(ident, last ? args : [], last ? final : MISSING, current)
    })
    return current
  }

  private evalField(name: string, args: ReadonlyArray<ArgNode>, final: Final, receiver: unknown): unknown {
    // A nil receiver (no data, a missing map key) yields no value rather than an error, as in Go.
    if (receiver === undefined || receiver === null) return undefined
    const hasArgs = args.length > 1 || final !== MISSING
    switch (kindOf(receiver)) {
      case "struct":
        if (hasField(receiver as object, name)) {
          if (hasArgs) this.fail(`${name} has arguments but cannot be invoked as function`)
          return (receiver as Readonly<Record<string, unknown>>)[name]
        }
        break
      case "map":
        if (hasArgs) this.fail(`${name} is not a method but has arguments`)
        return (receiver as ReadonlyMap<unknown, unknown>).get(name)
    }
    return this.fail(`can't evaluate field ${name} in type ${typeName(receiver)}`)
  }

  private evalFunction(
    dot: unknown,
    node: IdentifierNode,
    cmd: AnyNode,
    args: ReadonlyArray<ArgNode>,
    final: Final
  ): unknown {
    this.at(node)
    const fn = this.funcs.get(node.name)
    if (fn === undefined) return this.fail(`${quote(node.name)} is not a defined function`)
    return this.evalCall(dot, fn, cmd, node.name, args.slice(1), final)
  }

  private evalCall(
    dot: unknown,
    fn: TemplateFunc,
    cmd: AnyNode,
    name: string,
    args: ReadonlyArray<ArgNode>,
    final: Final
  ): unknown {
    const count = args.length + (final === MISSING ? 0 : 1)
    const fixed = fn.params.length
    if (fn.variadic !== undefined) {
      if (count < fixed) this.fail(`wrong number of args for ${name}: want at least ${fixed} got ${count}`)
    } else if (count !== fixed) {
      this.fail(`wrong number of args for ${name}: want ${fixed} got ${count}`)
    }
    if (fn.shortCircuit !== undefined) {
      let value: unknown
      for (const arg of args) {
        value = this.evalArg(dot, "any", arg)
        if (isTrue(value) === (fn.shortCircuit === "or")) return value
      }
      return final === MISSING ? value : final
    }
    const argv: Array<unknown> = args.map((arg, i) => this.evalArg(dot, fn.params[i] ?? fn.variadic ?? "any", arg))
    if (final !== MISSING) argv.push(this.validateType(final, fn.params[count - 1] ?? fn.variadic ?? "any"))
    try {
      return fn.call(...argv)
    } catch (error) {
      this.at(cmd)
      return this.fail(`error calling ${name}: ${errorText(error)}`)
    }
  }

  private evalArg(dot: unknown, type: ParamType, node: ArgNode): unknown {
    this.at(node)
    switch (node.type) {
      case "dot":
        return this.validateType(dot, type)
      case "nil":
        if (type === "any" || type === "map" || type === "list") return undefined
        return this.fail(`cannot assign nil to ${goParamType(type)}`)
      case "field":
        return this.validateType(this.evalFieldNode(dot, node, [node], MISSING), type)
      case "variable":
        return this.validateType(this.evalVariableNode(node, [], MISSING), type)
      case "pipe":
        return this.validateType(this.evalPipeline(dot, node), type)
      case "identifier":
        return this.validateType(this.evalFunction(dot, node, node, [node], MISSING), type)
      case "chain":
        return this.validateType(this.evalChainNode(dot, node, [], MISSING), type)
    }
    switch (type) {
      case "any":
        return node.type === "number" ? this.idealConstant(node) : node.type === "bool" ? node.value : node.text
      case "bool":
        if (node.type === "bool") return node.value
        return this.fail(`expected bool; found ${nodeString(node)}`)
      case "int":
        if (node.type === "number" && node.isInt) return node.value
        return this.fail(`expected integer; found ${nodeString(node)}`)
      case "float":
        if (node.type === "number" && node.isFloat) return node.value
        return this.fail(`expected float; found ${nodeString(node)}`)
      case "string":
        if (node.type === "string") return node.text
        return this.fail(`expected string; found ${nodeString(node)}`)
      default:
        return this.fail(`can't handle ${nodeString(node)} for arg of type ${goParamType(type)}`)
    }
  }

  private validateType(value: unknown, type: ParamType): unknown {
    if (value === undefined || value === null) {
      if (type === "any" || type === "map" || type === "list") return undefined
      return this.fail(`invalid value; expected ${goParamType(type)}`)
    }
    const fits = type === "any" ||
      (type === "string" && typeof value === "string") ||
      (type === "bool" && typeof value === "boolean") ||
      (type === "int" && kindOf(value) === "int") ||
      (type === "float" && typeof value === "number") ||
      (type === "map" && value instanceof Map) ||
      (type === "list" && Array.isArray(value))
    if (!fits) this.fail(`wrong type for value; expected ${goParamType(type)}; got ${typeName(value)}`)
    return value
  }
}

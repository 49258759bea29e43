/**
 * Compile once, execute many: a Go text/template in TypeScript. `compileTemplate` parses (reporting unknown
 * functions and syntax errors with their position), `execute` renders against data and reports Go's
 * execution errors. See `values.ts` for how JavaScript data maps to Go values.
 */
import { Either } from "effect"
import type { Node } from "./ast"
import { nodeString } from "./ast"
import { builtins } from "./builtins"
import { TemplateError } from "./errors"
import { execute, ExecError } from "./exec"
import type { FuncMap, TemplateFunc } from "./funcs"
import { parse, ParseError } from "./parser"
import { byteLength } from "./values"

export interface CompiledTemplate {
  readonly name: string
  readonly source: string
  execute(data: unknown): Either.Either<string, TemplateError>
}

/** 1-based line and Go's 0-based byte column of a source offset. */
const position = (source: string, pos: number): { readonly line: number; readonly column: number } => {
  const before = source.slice(0, pos)
  const lineStart = before.lastIndexOf("\n") + 1
  let line = 1
  for (let i = before.indexOf("\n"); i >= 0; i = before.indexOf("\n", i + 1)) line++
  return { line, column: byteLength(before.slice(lineStart)) }
}

/** Parses `source`; `funcs` add to (and may replace) the predefined functions. */
export const compileTemplate = (
  name: string,
  source: string,
  funcs: FuncMap = {}
): Either.Either<CompiledTemplate, TemplateError> => {
  const table = new Map<string, TemplateFunc>([...Object.entries(builtins), ...Object.entries(funcs)])
  let root: ReadonlyArray<Node>
  try {
    root = parse(source, (fn) => table.has(fn))
  } catch (error) {
    if (!(error instanceof ParseError)) throw error
    return Either.left(new TemplateError({ name, ...position(source, error.pos), reason: error.reason }))
  }
  return Either.right({
    name,
    source,
    execute: (data) => {
      try {
        return Either.right(execute(root, data, table))
      } catch (error) {
        if (!(error instanceof ExecError)) throw error
        const reason = `executing ${JSON.stringify(name)} at <${nodeString(error.node)}>: ${error.reason}`
        return Either.left(new TemplateError({ name, ...position(source, error.node.pos), reason }))
      }
    }
  })
}

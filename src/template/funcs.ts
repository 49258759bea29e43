/**
 * Functions callable from a template. Each declares Go-like parameter types so arguments are checked the
 * way text/template checks them (`wrong type for value; expected string; got int`), and so a literal like
 * `5` can be refused where a string is wanted (`expected string; found 5`).
 */

export type ParamType = "any" | "string" | "int" | "float" | "bool" | "map" | "list"

type ParamValue<P extends ParamType> = P extends "string" ? string
  : P extends "int" | "float" ? number
  : P extends "bool" ? boolean
  : P extends "map" ? Map<unknown, unknown> | undefined
  : P extends "list" ? ReadonlyArray<unknown> | undefined
  : unknown

type ParamValues<P extends ReadonlyArray<ParamType>> = { -readonly [K in keyof P]: ParamValue<P[K]> }

export interface TemplateFunc {
  readonly params: ReadonlyArray<ParamType>
  /** Type of any arguments after `params`; absent when the function takes exactly `params`. */
  readonly variadic: ParamType | undefined
  /** Throwing (any `Error`) becomes `error calling <name>: <message>`. */
  readonly call: (...args: ReadonlyArray<unknown>) => unknown
  /** `and` / `or` evaluate their arguments lazily and return the deciding one. */
  readonly shortCircuit?: "and" | "or"
}

export type FuncMap = Readonly<Record<string, TemplateFunc>>

/** A function of exactly these parameters. */
export const fixedFunc = <const P extends ReadonlyArray<ParamType>>(
  params: P,
  call: (...args: ParamValues<P>) => unknown
): TemplateFunc => ({ params, variadic: undefined, call: call as unknown as TemplateFunc["call"] })

/** A function of these parameters followed by any number of `rest`. */
export const variadicFunc = <const P extends ReadonlyArray<ParamType>, const R extends ParamType>(
  params: P,
  rest: R,
  call: (...args: [...ParamValues<P>, ...Array<ParamValue<R>>]) => unknown
): TemplateFunc => ({ params, variadic: rest, call: call as unknown as TemplateFunc["call"] })

/** Go's spelling of a parameter type, for messages. */
export const goParamType = (type: ParamType): string => {
  switch (type) {
    case "any":
      return "interface {}"
    case "float":
      return "float64"
    case "map":
      return "map[string]interface {}"
    case "list":
      return "[]interface {}"
    default:
      return type
  }
}

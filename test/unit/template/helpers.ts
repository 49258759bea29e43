import { Either } from "effect"
import { compileTemplate } from "../../../src/template/compile"
import type { FuncMap } from "../../../src/template/funcs"
import { profileFormatFuncs } from "../../../src/template/profile"

/** Renders `source` against `data` with the ProfileFormat function set; throws the template error's message. */
export const render = (source: string, data: unknown = {}, funcs: FuncMap = profileFormatFuncs): string => {
  const result = Either.flatMap(compileTemplate("T", source, funcs), (template) => template.execute(data))
  if (Either.isLeft(result)) throw new Error(result.left.message)
  return result.right
}

/** The one-line message of the error compiling or executing `source` (fails the test if there is none). */
export const failure = (source: string, data: unknown = {}, funcs: FuncMap = profileFormatFuncs): string => {
  const result = Either.flatMap(compileTemplate("T", source, funcs), (template) => template.execute(data))
  if (Either.isRight(result)) throw new Error(`expected an error, rendered ${JSON.stringify(result.right)}`)
  return result.left.message
}

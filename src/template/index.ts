/** Go text/template for `ProfileFormat` (and any other Go-style template the CLI needs). */
export { type CompiledTemplate, compileTemplate } from "./compile"
export { TemplateError } from "./errors"
export { fixedFunc, type FuncMap, type ParamType, type TemplateFunc, variadicFunc } from "./funcs"
export {
  compileProfileFormat,
  profileFormatFuncs,
  type ProfileTemplateData,
  profileTemplateValue,
  renderProfileName,
  upstreamProfileFuncs
} from "./profile"
export { sprigFuncs } from "./sprig"
export { goTypeName, stringMap } from "./values"

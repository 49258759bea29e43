import { Data } from "effect"

interface TemplateErrorFields {
  readonly name: string
  readonly line: number
  readonly column: number
  readonly reason: string
}

/**
 * A template failed to parse or to execute. `line` is 1-based; `column` counts bytes from the start of the
 * line, starting at 0, which is how Go's text/template reports positions (so messages match upstream's).
 */
export class TemplateError extends Data.TaggedError("TemplateError")<TemplateErrorFields> {
  constructor(args: TemplateErrorFields) {
    super(args)
    // JavaScriptCore gives every Error non-enumerable `line` and `column`; make ours ordinary fields.
    Object.defineProperty(this, "line", { value: args.line, enumerable: true })
    Object.defineProperty(this, "column", { value: args.column, enumerable: true })
  }

  override get message(): string {
    // One line even when a function's own error text (sprig's `fail`) spans several.
    return `template ${this.name}:${this.line}:${this.column}: ${this.reason.replace(/\s*\n\s*/g, " ")}`
  }
}

import { Data } from "effect"

/** The config file does not exist (or cannot be read). */
export class ConfigNotFound extends Data.TaggedError("ConfigNotFound")<{
  readonly file: string
}> {
  override get message(): string {
    return `config file ${this.file} does not exist`
  }
}

/** Where a problem sits: which part of the user's input and, when known, the line and column in the file. */
export interface ConfigLocation {
  readonly file: string
  readonly line?: number
  readonly column?: number
  /** Dotted key path (`SSOConfig.Default.Accounts`), or the flag that supplied the value (`--sso/$AWS_SSO`). */
  readonly keyPath: string
  /** `flag` when the value came from the command line or the environment, so the file is not blamed. */
  readonly origin?: "file" | "flag"
}

/** The config file has a syntax error or a value that cannot be used. */
export class ConfigInvalid extends Data.TaggedError("ConfigInvalid")<ConfigLocation & { readonly reason: string }> {
  constructor(args: ConfigLocation & { readonly reason: string }) {
    // JavaScriptCore gives every Error its own `line` and `column`; absent ones must not show through.
    super({ line: undefined, column: undefined, origin: "file", ...args })
  }

  override get message(): string {
    return formatLocated(this, this.reason)
  }
}

/** Renders `<file>:<line>:<column>: <Key.Path>: <text>` on one line, leaving out what is unknown. */
export const formatLocated = (at: ConfigLocation, text: string): string => {
  const parts: Array<string> = []
  if (at.origin !== "flag") {
    const column = at.column === undefined ? "" : `:${at.column}`
    parts.push(at.line === undefined ? at.file : `${at.file}:${at.line}${column}`)
  }
  if (at.keyPath !== "") parts.push(at.keyPath)
  parts.push(oneLine(text))
  return parts.join(": ")
}

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, " ").trim()

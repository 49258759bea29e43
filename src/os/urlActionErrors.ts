/**
 * Failures of the URL actions. Messages never carry the URL itself: console sign-in URLs hold a
 * session token.
 */
import { Data } from "effect"

/** A URL action was asked for with settings that cannot work (unknown name, unusable UrlExecCommand). */
export class UrlActionInvalid extends Data.TaggedError("UrlActionInvalid")<{
  readonly action: string
  readonly problem: string
}> {
  override get message(): string {
    return `invalid url-action "${this.action}": ${this.problem}`
  }
}

/** A URL action was valid but could not hand the URL over (missing tool, tool failed). */
export class UrlActionFailed extends Data.TaggedError("UrlActionFailed")<{
  readonly action: string
  readonly reason: string
}> {
  override get message(): string {
    return `url-action "${this.action}" failed: ${this.reason}`
  }
}

/** A helper program could not be started; `code` is the OS error code (ENOENT, EACCES, ...). */
export class ProcessStartFailed extends Data.TaggedError("ProcessStartFailed")<{
  readonly program: string
  readonly code: string
}> {
  override get message(): string {
    const searched = /[\\/]/.test(this.program) ? "" : " in PATH"
    switch (this.code) {
      case "ENOENT":
        return `${this.program} was not found${searched}`
      case "EACCES":
        return `${this.program} is not executable`
      default:
        return `${this.program} could not be started (${this.code})`
    }
  }
}

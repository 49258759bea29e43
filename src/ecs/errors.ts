/**
 * Failures of the ECS server and of the commands that talk to it. Messages are one line and never
 * carry the bearer token, keys or credentials.
 */
import { Data } from "effect"

/** The server could not listen (address in use, no permission, bad address). */
export class EcsListenFailed extends Data.TaggedError("EcsListenFailed")<{
  readonly address: string
  readonly reason: string
}> {
  override get message(): string {
    return `ECS server cannot listen on ${this.address}: ${this.reason}`
  }
}

/** `--server` is not `host:port`. */
export class EcsServerAddressInvalid extends Data.TaggedError("EcsServerAddressInvalid")<{
  readonly value: string
  readonly source: string
  readonly reason: string
}> {
  override get message(): string {
    return `invalid ${this.source} "${this.value}": ${this.reason}`
  }
}

/** Nothing answered at the server's address (not running, wrong port, TLS mismatch). */
export class EcsServerUnreachable extends Data.TaggedError("EcsServerUnreachable")<{
  readonly url: string
  readonly reason: string
}> {
  override get message(): string {
    return `cannot reach the ECS server at ${this.url}: ${this.reason} (is \`aws-sso ecs server\` running there?)`
  }
}

/** The server answered with an error status. */
export class EcsServerHttpError extends Data.TaggedError("EcsServerHttpError")<{
  readonly status: number
  readonly detail: string
}> {
  override get message(): string {
    const hint = this.status === 401 || this.status === 403
      ? "; the server wants the bearer token stored by `aws-sso setup ecs auth`"
      : ""
    return `ECS Server HTTP error: ${this.status}${this.detail === "" ? "" : ` ${this.detail}`}${hint}`
  }
}

/** The server's reply is not what its API promises. */
export class EcsServerReplyInvalid extends Data.TaggedError("EcsServerReplyInvalid")<{
  readonly path: string
  readonly reason: string
}> {
  override get message(): string {
    return `unexpected reply from the ECS server for ${this.path}: ${this.reason}`
  }
}

/** `ecs profile` with an empty default slot. */
export class EcsNoProfileLoaded extends Data.TaggedError("EcsNoProfileLoaded")<{}> {
  override get message(): string {
    return "no profile loaded in ECS Server"
  }
}

/** Flags of the ECS commands that cannot go together, are missing or out of range. */
export class EcsFlagsInvalid extends Data.TaggedError("EcsFlagsInvalid")<{ readonly reason: string }> {
  override get message(): string {
    return this.reason
  }
}

/** A certificate or key file for `setup ecs ssl` that cannot be used. */
export class EcsTlsMaterialInvalid extends Data.TaggedError("EcsTlsMaterialInvalid")<{
  readonly file: string
  readonly reason: string
}> {
  override get message(): string {
    return `${this.file}: ${this.reason}`
  }
}

/** `setup ecs ssl --print` with nothing stored. */
export class EcsNoCertificate extends Data.TaggedError("EcsNoCertificate")<{}> {
  override get message(): string {
    return "no certificate found"
  }
}

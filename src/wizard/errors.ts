/**
 * Failures of `setup wizard` and of the first-run check that starts it. Nothing is written when
 * any of them happens.
 */
import { Data } from "effect"
import type { CancelKey } from "../cli/select/errors"

/** A command needs config.yaml, there is none, and there is no terminal to run the wizard on. */
export class ConfigMissing extends Data.TaggedError("ConfigMissing")<{ readonly file: string }> {
  override get message(): string {
    return `config file ${this.file} does not exist; run \`aws-sso setup wizard\` in a terminal to create it`
  }
}

/** The user left the wizard (Esc, Ctrl-C, Ctrl-D) before it wrote anything. */
export class WizardAborted extends Data.TaggedError("WizardAborted")<{
  readonly key: CancelKey
  readonly file: string
}> {
  override get message(): string {
    return `setup wizard aborted; ${this.file} was not changed`
  }

  get exitCode(): number {
    return this.key === "ctrl-c" ? 130 : 1
  }
}

/** The answers would produce a file our own loader rejects (a bug, caught before writing). */
export class WizardResultInvalid extends Data.TaggedError("WizardResultInvalid")<{
  readonly file: string
  readonly reason: string
}> {
  override get message(): string {
    return `the setup wizard produced an invalid config (${this.reason}); ${this.file} was not changed`
  }
}

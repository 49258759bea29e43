/**
 * `setup wizard`, and the first-run check of every command that needs config.yaml. Only this
 * small module is imported up front; the wizard itself (prompts, YAML editing) loads when it runs.
 */
import { Effect } from "effect"
import { ConfigMissing } from "./errors"
import type { WizardError, WizardOutcome, WizardRequest } from "./run"

export { ConfigMissing, WizardAborted, WizardResultInvalid } from "./errors"
export type { WizardError, WizardOutcome, WizardRequest } from "./run"

/** Runs the wizard on the terminal (fails with `NotATerminal` without one). */
export const runSetupWizard = (request: WizardRequest): Effect.Effect<WizardOutcome, WizardError> =>
  Effect.flatMap(Effect.promise(() => import("./run")), (wizard) => wizard.runWizard(request))

/**
 * A command needs config.yaml and there is none: on a terminal, the basic wizard creates it (as
 * upstream does); otherwise the command fails with `ConfigMissing`, which says what to run.
 */
export const createMissingConfig = (
  request: Omit<WizardRequest, "advanced" | "reason">
): Effect.Effect<WizardOutcome, ConfigMissing | WizardError> =>
  Effect.suspend((): Effect.Effect<WizardOutcome, ConfigMissing | WizardError> =>
    process.stdin.isTTY && process.stderr.isTTY
      ? runSetupWizard({ ...request, advanced: false, reason: "missing" })
      : Effect.fail(new ConfigMissing({ file: request.configFile }))
  )

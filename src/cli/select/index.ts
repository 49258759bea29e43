/**
 * The interactive role selector, for `console`, `exec` and `ecs load` when no role was named.
 * This module is all a command imports: the terminal UI behind it is loaded on first use, so
 * commands that never prompt (`process`, `eval`) do not pay for it.
 */
import { Effect } from "effect"
import type { FlatRole } from "../../cache/model"
import type { NotATerminal, SelectionCancelled } from "./errors"
import type { SelectorSettings } from "./roles/run"

export { NotATerminal, SelectionCancelled } from "./errors"
export type { SelectorSettings } from "./roles/run"

/** The loaded settings (`yield* Settings`) or their `config`. */
export type SelectorSettingsInput = SelectorSettings | { readonly config: SelectorSettings }

/**
 * Lets the user pick one of `roles` on the terminal (UI on stderr, keys from stdin in raw mode).
 * Recently used roles come first; typing narrows by names and `Key value` tag pairs per
 * `FullTextSearch`; Tab completes; Enter picks; Esc, Ctrl-C or Ctrl-D fail with
 * `SelectionCancelled`. Without a terminal it fails with `NotATerminal` (asking for --profile/--arn).
 */
export const selectRoleInteractively = (
  roles: ReadonlyArray<FlatRole>,
  settings: SelectorSettingsInput
): Effect.Effect<FlatRole, SelectionCancelled | NotATerminal> =>
  Effect.flatMap(
    Effect.promise(() => import("./roles/run")),
    (ui) => ui.runRoleSelector(roles, "config" in settings ? settings.config : settings)
  )

/**
 * Runs the role selector on the process terminal. Loaded only when a command has to ask (see
 * `../index.ts`), so the credential hot paths never evaluate any of the prompt code.
 */
import { Clock, Effect } from "effect"
import type { FlatRole } from "../../../cache/model"
import type { PromptColors } from "../../../config/Settings"
import { type NotATerminal, SelectionCancelled } from "../errors"
import { openTerminal } from "../terminal"
import { runWidget } from "../widget"
import { buildCatalog } from "./model"
import { roleSelectorWidget } from "./widget"

/** The settings the selector reads (a subset of config.yaml). */
export interface SelectorSettings {
  readonly FirstTag?: string | undefined
  readonly AccountPrimaryTag: ReadonlyArray<string>
  readonly FullTextSearch: boolean
  readonly PromptColors: PromptColors
}

export const runRoleSelector = (
  roles: ReadonlyArray<FlatRole>,
  settings: SelectorSettings
): Effect.Effect<FlatRole, SelectionCancelled | NotATerminal> =>
  Effect.scoped(Effect.gen(function*() {
    const session = yield* openTerminal({
      purpose: "select a role",
      instead: "pass --profile or --arn (or --account with --role)"
    })
    const now = yield* Clock.currentTimeMillis
    const catalog = buildCatalog(roles, {
      nowSeconds: Math.floor(now / 1000),
      firstTag: settings.FirstTag,
      accountPrimaryTag: settings.AccountPrimaryTag
    })
    const widget = roleSelectorWidget({
      catalog,
      fullTextSearch: settings.FullTextSearch,
      colors: settings.PromptColors
    })
    return yield* runWidget(session, widget).pipe(Effect.mapError((e) => new SelectionCancelled({ key: e.key })))
  }))

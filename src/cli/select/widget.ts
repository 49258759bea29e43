/**
 * A prompt as a pure state machine (`view` draws a state, `update` answers a key) and the loop
 * that runs one on a terminal session. Keeping the machine pure lets the tests drive every prompt
 * with scripted keys; only `runWidget` touches the terminal.
 */
import { Effect } from "effect"
import type { Line } from "./ansi"
import { type CancelKey, PromptCancelled } from "./errors"
import type { Key } from "./keys"
import type { Frame, Size } from "./screen"
import type { TerminalSession } from "./terminal"

export type Step<S, A> =
  | { readonly _tag: "Continue"; readonly state: S }
  /** Answered: `summary` replaces the prompt on screen. */
  | { readonly _tag: "Done"; readonly value: A; readonly summary: ReadonlyArray<Line> }
  | { readonly _tag: "Cancel"; readonly key: CancelKey }

export const next = <S, A>(state: S): Step<S, A> => ({ _tag: "Continue", state })
export const done = <S, A>(value: A, summary: ReadonlyArray<Line>): Step<S, A> => ({ _tag: "Done", value, summary })
export const cancel = <S, A>(key: CancelKey): Step<S, A> => ({ _tag: "Cancel", key })

export interface Widget<S, A> {
  readonly initial: S
  readonly view: (state: S, size: Size) => Frame
  readonly update: (state: S, key: Key, size: Size) => Step<S, A>
}

/** The keys that leave any prompt: Escape, Ctrl-C and Ctrl-D. */
export const cancelKey = (k: Key): CancelKey | undefined =>
  k.name === "escape" ? "escape" : k.name === "ctrl-c" ? "ctrl-c" : k.name === "ctrl-d" ? "ctrl-d" : undefined

/** Shows `widget` until it is answered or cancelled. */
export const runWidget = <S, A>(
  session: TerminalSession,
  widget: Widget<S, A>
): Effect.Effect<A, PromptCancelled> =>
  Effect.gen(function*() {
    let state = widget.initial
    while (true) {
      const size = yield* session.size
      yield* session.draw(widget.view(state, size))
      const k = yield* session.nextKey
      if (k.name === "resize") continue
      const step = widget.update(state, k, size)
      if (step._tag === "Continue") state = step.state
      else if (step._tag === "Done") {
        yield* session.commit(step.summary)
        return step.value
      } else {
        yield* session.erase
        return yield* new PromptCancelled({ key: step.key })
      }
    }
  })

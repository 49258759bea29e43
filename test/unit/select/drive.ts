/**
 * Runs a prompt widget on scripted keys, the way `runWidget` does on a terminal, and keeps every
 * frame it drew so tests can look at the screen between keys.
 */
import { plain } from "../../../src/cli/select/ansi"
import { decodeKeys, type Key } from "../../../src/cli/select/keys"
import type { Frame, Size } from "../../../src/cli/select/screen"
import type { Widget } from "../../../src/cli/select/widget"

export const size: Size = { columns: 120, rows: 30 }

export type Driven<A> =
  | { readonly _tag: "Done"; readonly value: A; readonly summary: string; readonly frames: ReadonlyArray<Frame> }
  | { readonly _tag: "Cancel"; readonly key: string; readonly frames: ReadonlyArray<Frame> }
  | { readonly _tag: "Waiting"; readonly frames: ReadonlyArray<Frame> }

/** Keys from raw terminal input, e.g. `"prod\t\r"`, or already decoded. */
export const keysOf = (input: string | ReadonlyArray<Key>): ReadonlyArray<Key> =>
  typeof input === "string" ? decodeKeys(input).keys : input

export const drive = <S, A>(
  widget: Widget<S, A>,
  input: string | ReadonlyArray<Key>,
  at: Size = size
): Driven<A> => {
  let state = widget.initial
  const frames: Array<Frame> = [widget.view(state, at)]
  for (const k of keysOf(input)) {
    const step = widget.update(state, k, at)
    if (step._tag === "Done") {
      return { _tag: "Done", value: step.value, summary: step.summary.map(plain).join("\n"), frames }
    }
    if (step._tag === "Cancel") return { _tag: "Cancel", key: step.key, frames }
    state = step.state
    frames.push(widget.view(state, at))
  }
  return { _tag: "Waiting", frames }
}

/** The plain text of a frame. */
export const screenOf = (frame: Frame | undefined): string => (frame?.lines ?? []).map(plain).join("\n")

/** The plain text of the last frame drawn. */
export const lastScreen = (driven: Driven<unknown>): string => screenOf(driven.frames[driven.frames.length - 1])

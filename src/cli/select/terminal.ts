/**
 * The terminal the prompts talk to: keys from stdin in raw mode, frames to stderr (stdout is
 * left alone, because `exec`, `eval` and `process` users read it). Opened as a scoped resource,
 * so raw mode and the listeners are always undone, also on failure or interruption.
 */
import { Effect, Queue, type Scope } from "effect"
import type { Line } from "./ansi"
import { colorEnabled } from "./ansi"
import { NotATerminal } from "./errors"
import { decodeKeys, flushRest, type Key, key } from "./keys"
import { type Frame, ScreenPainter, type Size } from "./screen"

export interface TerminalSession {
  readonly size: Effect.Effect<Size>
  /** The next key press (or a `resize` notice); waits for the user. */
  readonly nextKey: Effect.Effect<Key>
  readonly draw: (frame: Frame) => Effect.Effect<void>
  /** Replaces the live frame with lines that stay on screen. */
  readonly commit: (lines: ReadonlyArray<Line>) => Effect.Effect<void>
  /** Removes the live frame. */
  readonly erase: Effect.Effect<void>
}

/** What a prompt could not do without a terminal, for the error message. */
export interface TerminalPurpose {
  readonly purpose: string
  readonly instead: string
}

// Long enough for the rest of an escape sequence split across reads, short enough to feel instant.
const escapeWaitMs = 40

const isTerminal = (): boolean => Boolean(process.stdin.isTTY) && Boolean(process.stderr.isTTY)

/** True when the prompts can run: stdin and stderr are both a terminal. */
export const hasTerminal: Effect.Effect<boolean> = Effect.sync(isTerminal)

/** Opens the process terminal for prompts, or fails with `NotATerminal`. */
export const openTerminal = (why: TerminalPurpose): Effect.Effect<TerminalSession, NotATerminal, Scope.Scope> =>
  Effect.gen(function*() {
    if (!isTerminal()) return yield* new NotATerminal(why)
    const queue = yield* Queue.unbounded<Key>()
    return yield* Effect.acquireRelease(
      Effect.sync(() => attach(queue)),
      (attached) => Effect.sync(attached.detach)
    ).pipe(Effect.map((attached) => attached.session))
  })

const attach = (queue: Queue.Queue<Key>) => {
  const stdin = process.stdin
  const stderr = process.stderr
  const painter = new ScreenPainter(colorEnabled(process.env))
  const size = (): Size => ({ columns: stderr.columns || 80, rows: stderr.rows || 24 })
  const write = (bytes: string) => {
    if (bytes !== "") stderr.write(bytes)
  }
  let pending = ""
  let timer: ReturnType<typeof setTimeout> | undefined
  const offer = (keys: ReadonlyArray<Key>) => {
    for (const k of keys) Queue.unsafeOffer(queue, k)
  }
  const onData = (chunk: Buffer | string) => {
    if (timer !== undefined) clearTimeout(timer)
    const decoded = decodeKeys(pending + chunk.toString())
    pending = decoded.rest
    offer(decoded.keys)
    if (pending !== "") {
      timer = setTimeout(() => {
        offer(flushRest(pending))
        pending = ""
      }, escapeWaitMs)
    }
  }
  const onResize = () => offer([key("resize")])
  stdin.setRawMode(true)
  stdin.resume()
  stdin.on("data", onData)
  stderr.on("resize", onResize)
  const session: TerminalSession = {
    size: Effect.sync(size),
    nextKey: Queue.take(queue),
    draw: (frame) => Effect.sync(() => write(painter.draw(frame, size()))),
    commit: (lines) => Effect.sync(() => write(painter.commit(lines, size()))),
    erase: Effect.sync(() => write(painter.erase()))
  }
  const detach = () => {
    if (timer !== undefined) clearTimeout(timer)
    stdin.off("data", onData)
    stderr.off("resize", onResize)
    write(painter.close())
    stdin.setRawMode(false)
    stdin.pause()
  }
  return { session, detach }
}

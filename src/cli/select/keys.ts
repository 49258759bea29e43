/**
 * Raw terminal input (what stdin delivers in raw mode) decoded into key presses. Pure: the caller
 * keeps the undecoded tail of a chunk, because an escape sequence may arrive split in two, and a
 * lone ESC only means the Escape key once nothing follows it.
 */

export type KeyName =
  | "enter"
  | "tab"
  | "shift-tab"
  | "backspace"
  | "delete"
  | "up"
  | "down"
  | "left"
  | "right"
  | "home"
  | "end"
  | "page-up"
  | "page-down"
  | "escape"
  | "ctrl-c"
  | "ctrl-d"
  | "ctrl-u"
  | "ctrl-w"
  | "ctrl-k"
  /** Not a key: the terminal was resized and the prompt must be drawn again. */
  | "resize"

export type Key =
  | { readonly name: KeyName }
  | { readonly name: "char"; readonly char: string }

export const key = (name: KeyName): Key => ({ name })
export const char = (c: string): Key => ({ name: "char", char: c })

export interface Decoded {
  readonly keys: ReadonlyArray<Key>
  /** An incomplete escape sequence at the end of the input, to be completed by the next chunk. */
  readonly rest: string
}

const controls: Readonly<Record<string, KeyName>> = {
  "\r": "enter",
  "\n": "enter",
  "\t": "tab",
  "\x7f": "backspace",
  "\b": "backspace",
  "\x03": "ctrl-c",
  "\x04": "ctrl-d",
  "\x15": "ctrl-u",
  "\x17": "ctrl-w",
  "\x0b": "ctrl-k",
  "\x01": "home",
  "\x05": "end",
  "\x0e": "down",
  "\x10": "up"
}

// Final bytes of CSI and SS3 sequences (`ESC [ 1;5 A`, `ESC O A`), whatever modifiers they carry.
const finals: Readonly<Record<string, KeyName>> = {
  A: "up",
  B: "down",
  C: "right",
  D: "left",
  H: "home",
  F: "end",
  Z: "shift-tab"
}

// `ESC [ <n> ~` sequences.
const tildes: Readonly<Record<string, KeyName>> = {
  "1": "home",
  "7": "home",
  "4": "end",
  "8": "end",
  "3": "delete",
  "5": "page-up",
  "6": "page-down"
}

const csi = /^\x1b\[([0-9;]*)([\x40-\x7e])/
const incompleteCsi = /^\x1b\[[0-9;]*$/

/** Decodes `input`; anything unknown (other control bytes, unknown sequences, Alt+key) is dropped. */
export const decodeKeys = (input: string): Decoded => {
  const keys: Array<Key> = []
  let i = 0
  while (i < input.length) {
    const rest = input.slice(i)
    const c = rest[0]!
    if (c === "\x1b") {
      if (rest.length === 1 || incompleteCsi.test(rest) || rest === "\x1bO") return { keys, rest }
      const seq = csi.exec(rest)
      if (seq !== null) {
        const [whole, params = "", final = ""] = seq
        const name = final === "~" ? tildes[params.split(";")[0] ?? ""] : finals[final]
        if (name !== undefined) keys.push(key(name))
        i += whole.length
        continue
      }
      if (rest[1] === "O") {
        const name = finals[rest[2] ?? ""]
        if (name !== undefined) keys.push(key(name))
        i += 3
        continue
      }
      if (rest[1] === "\x1b") {
        keys.push(key("escape"))
        i += 1
        continue
      }
      // Alt+<key>: not used by the prompts.
      i += 1 + (String.fromCodePoint(rest.codePointAt(1) ?? 0).length)
      continue
    }
    const control = controls[c]
    if (control !== undefined) {
      // A pasted CRLF is one Enter.
      i += c === "\r" && rest[1] === "\n" ? 2 : 1
      keys.push(key(control))
      continue
    }
    const point = rest.codePointAt(0) ?? 0
    const text = String.fromCodePoint(point)
    if (point >= 0x20) keys.push(char(text))
    i += text.length
  }
  return { keys, rest: "" }
}

/** What an undecoded tail means when nothing more arrives: a lone ESC is the Escape key. */
export const flushRest = (rest: string): ReadonlyArray<Key> => rest === "\x1b" ? [key("escape")] : []

import { describe, expect, test } from "bun:test"
import { char, decodeKeys, flushRest, key } from "../../../src/cli/select/keys"
import { editLine, line } from "../../../src/cli/select/lineEdit"

describe("decodeKeys", () => {
  test("printable text, one key per character (also beyond the BMP)", () => {
    expect(decodeKeys("aé😀").keys).toEqual([char("a"), char("é"), char("😀")])
  })

  test("control keys: Enter (CR, LF, CRLF once), Tab, Backspace, Ctrl-C/D/U/W/K, Ctrl-A/E, Ctrl-N/P", () => {
    expect(decodeKeys("\r\n\r\n\t\x7f\b\x03\x04\x15\x17\x0b\x01\x05\x0e\x10").keys.map((k) => k.name)).toEqual([
      "enter",
      "enter",
      "tab",
      "backspace",
      "backspace",
      "ctrl-c",
      "ctrl-d",
      "ctrl-u",
      "ctrl-w",
      "ctrl-k",
      "home",
      "end",
      "down",
      "up"
    ])
  })

  test("CSI and SS3 arrows, with modifiers; Home/End/Delete/PageUp/PageDown; Shift-Tab", () => {
    const input = "\x1b[A\x1b[B\x1b[C\x1b[D\x1bOA\x1b[1;5B\x1b[H\x1b[F\x1b[1~\x1b[4~\x1b[3~\x1b[5~\x1b[6~\x1b[Z"
    expect(decodeKeys(input).keys.map((k) => k.name)).toEqual([
      "up",
      "down",
      "right",
      "left",
      "up",
      "down",
      "home",
      "end",
      "home",
      "end",
      "delete",
      "page-up",
      "page-down",
      "shift-tab"
    ])
  })

  test("an escape sequence cut between two reads is kept for the next one", () => {
    const first = decodeKeys("ab\x1b[")
    expect(first).toEqual({ keys: [char("a"), char("b")], rest: "\x1b[" })
    expect(decodeKeys(first.rest + "A").keys).toEqual([key("up")])
  })

  test("a lone ESC waits; with nothing after it, it is the Escape key", () => {
    expect(decodeKeys("\x1b")).toEqual({ keys: [], rest: "\x1b" })
    expect(flushRest("\x1b")).toEqual([key("escape")])
    expect(flushRest("\x1b[")).toEqual([])
    expect(decodeKeys("\x1b\x1b").keys).toEqual([key("escape")])
  })

  test("unknown sequences, Alt+key and other control bytes are dropped", () => {
    expect(decodeKeys("\x1b[99x\x1bq\x07z").keys).toEqual([char("z")])
  })
})

describe("editLine", () => {
  const run = (text: string, cursor: number, ...input: Array<string>) => {
    let state = line(text, cursor)
    for (const raw of input) for (const k of decodeKeys(raw).keys) state = editLine(state, k) ?? state
    return state
  }

  test("typing inserts at the cursor; arrows, Home and End move it", () => {
    expect(run("ac", 1, "b")).toEqual({ text: "abc", cursor: 2 })
    expect(run("abc", 3, "\x1b[D\x1b[D", "X")).toEqual({ text: "aXbc", cursor: 2 })
    expect(run("abc", 1, "\x01", "<", "\x05", ">")).toEqual({ text: "<abc>", cursor: 5 })
  })

  test("Backspace and Delete remove one character (a whole emoji), nothing at the ends", () => {
    expect(run("a😀b", 2, "\x7f")).toEqual({ text: "ab", cursor: 1 })
    expect(run("ab", 0, "\x7f")).toEqual({ text: "ab", cursor: 0 })
    expect(run("abc", 1, "\x1b[3~")).toEqual({ text: "ac", cursor: 1 })
    expect(run("abc", 3, "\x1b[3~")).toEqual({ text: "abc", cursor: 3 })
  })

  test("Ctrl-U clears before the cursor, Ctrl-K after it, Ctrl-W the word before it", () => {
    expect(run("hello world", 6, "\x15")).toEqual({ text: "world", cursor: 0 })
    expect(run("hello world", 5, "\x0b")).toEqual({ text: "hello", cursor: 5 })
    expect(run("Role  Admin", 11, "\x17")).toEqual({ text: "Role  ", cursor: 6 })
    expect(run("Role  Admin", 6, "\x17")).toEqual({ text: "Admin", cursor: 0 })
  })

  test("keys that do not edit are not handled", () => {
    expect(editLine(line("x"), key("enter"))).toBeUndefined()
    expect(editLine(line("x"), key("up"))).toBeUndefined()
  })
})

import { describe, expect, test } from "bun:test"
import { colorEnabled, fit, renderLine, span } from "../../../src/cli/select/ansi"
import { ScreenPainter } from "../../../src/cli/select/screen"

const size = { columns: 20, rows: 10 }

describe("renderLine", () => {
  test("cuts to the width before styling, resets after every styled span", () => {
    const out = renderLine([span("abc", { fg: "Cyan", bg: "DarkGray", bold: true }), span("defgh")], 5, true)
    expect(out).toBe("\x1b[1;36;100mabc\x1b[0mde")
  })

  test("without colour only the text is written; DefaultColor adds no code", () => {
    expect(renderLine([span("abc", { fg: "Red" })], 10, false)).toBe("abc")
    expect(renderLine([span("abc", { fg: "DefaultColor", bg: "DefaultColor" })], 10, true)).toBe("abc")
  })

  test("control characters in data cannot move the cursor", () => {
    expect(renderLine([span("a\x1b[2Jb\n")], 20, false)).toBe("a?[2Jb?")
  })

  test("fit pads or cuts (marking the cut)", () => {
    expect(fit("ab", 4)).toBe("ab  ")
    expect(fit("abcdef", 4)).toBe("abc~")
  })

  test("NO_COLOR and a dumb terminal turn colours off", () => {
    expect(colorEnabled({ TERM: "xterm" })).toBe(true)
    expect(colorEnabled({ NO_COLOR: "1", TERM: "xterm" })).toBe(false)
    expect(colorEnabled({ TERM: "dumb" })).toBe(false)
  })
})

describe("ScreenPainter", () => {
  test("a redraw goes back to the frame's first row and clears below before writing", () => {
    const painter = new ScreenPainter(false)
    const lines = [[span("? q")], [span("> ab")], [span("list")]]
    const first = painter.draw({ lines, cursor: { row: 1, column: 4 } }, size)
    // Written top to bottom, then up from the last row (2) to the cursor row (1), column 4.
    expect(first).toBe("? q\r\n> ab\r\nlist\x1b[1A\r\x1b[4C")
    const second = painter.draw({ lines: [[span("? q")], [span("> abc")]], cursor: { row: 1, column: 5 } }, size)
    expect(second).toBe("\r\x1b[1A\x1b[J? q\r\n> abc\r\x1b[5C")
  })

  test("a frame without a cursor hides it; the next one with a cursor shows it again", () => {
    const painter = new ScreenPainter(false)
    expect(painter.draw({ lines: [[span("a")]] }, size)).toBe("a\r\x1b[1C\x1b[?25l")
    expect(painter.draw({ lines: [[span("b")]], cursor: { row: 0, column: 0 } }, size)).toBe("\r\x1b[Jb\r\x1b[?25h")
  })

  test("commit replaces the frame with lines that stay; close erases what is left and shows the cursor", () => {
    const painter = new ScreenPainter(false)
    painter.draw({ lines: [[span("? q")], [span("> x")]] }, size)
    expect(painter.commit([[span("? q: x")]], size)).toBe("\r\x1b[1A\x1b[J? q: x\r\n")
    expect(painter.close()).toBe("\x1b[?25h")
    expect(painter.close()).toBe("")
  })

  test("lines never reach the last column, frames never the last row", () => {
    const painter = new ScreenPainter(false)
    const out = painter.draw({ lines: Array.from({ length: 15 }, () => [span("x".repeat(30))]) }, size)
    const rows = out.split("\r\n")
    expect(rows.length).toBe(size.rows - 1)
    expect(rows[0]).toBe("x".repeat(size.columns - 1))
  })
})

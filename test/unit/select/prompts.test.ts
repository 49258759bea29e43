import { describe, expect, test } from "bun:test"
import { Either } from "effect"
import { choicePrompt, confirmPrompt, textPrompt } from "../../../src/cli/select/prompts"
import { drive, lastScreen } from "./drive"

describe("textPrompt", () => {
  const number = textPrompt({
    message: "How many",
    hint: "1..9",
    initial: "5",
    validate: (text) => (/^[1-9]$/.test(text) ? Either.right(Number(text)) : Either.left("enter 1..9"))
  })

  test("starts with the current value; Enter accepts it", () => {
    expect(lastScreen(drive(number, ""))).toBe("? How many  1..9\n> 5")
    expect(drive(number, "\r")).toMatchObject({ _tag: "Done", value: 5, summary: "? How many: 5" })
  })

  test("a wrong answer is shown and asked again, keeping the text; editing clears the message", () => {
    const wrong = drive(number, "0\r")
    expect(wrong._tag).toBe("Waiting")
    expect(lastScreen(wrong)).toBe("? How many  1..9\n> 50\n  enter 1..9")
    expect(lastScreen(drive(number, "0\r\x7f"))).toBe("? How many  1..9\n> 5")
    expect(drive(number, "0\r\x15" + "7\r")).toMatchObject({ _tag: "Done", value: 7 })
  })

  test("the summary shows the validated value (e.g. a normalised URL)", () => {
    const url = textPrompt({ message: "URL", validate: (t) => Either.right(t.replace(/#.*$/, "")) })
    expect(drive(url, "https://x/start#/\r")).toMatchObject({ summary: "? URL: https://x/start" })
  })

  test("Esc and Ctrl-C cancel", () => {
    expect(drive(number, "\x1b\x1b")).toMatchObject({ _tag: "Cancel", key: "escape" })
    expect(drive(number, "\x03")).toMatchObject({ _tag: "Cancel", key: "ctrl-c" })
  })
})

describe("choicePrompt", () => {
  const choices = ["red", "green", "blue"].map((c) => ({
    label: c,
    value: c.toUpperCase(),
    description: `the ${c} one`
  }))

  test("the cursor starts on `initial`; arrows move and wrap; Enter picks", () => {
    const prompt = choicePrompt({ message: "Colour", choices, initial: 2 })
    expect(lastScreen(drive(prompt, ""))).toContain("> blue   the blue one")
    expect(drive(prompt, "\r")).toMatchObject({ _tag: "Done", value: "BLUE", summary: "? Colour: blue" })
    expect(drive(prompt, "\x1b[B\r")).toMatchObject({ value: "RED" })
    expect(drive(prompt, "\x1b[A\x1b[A\r")).toMatchObject({ value: "RED" })
  })

  test("typing filters when filterable (and is ignored otherwise)", () => {
    const filtered = choicePrompt({ message: "Colour", choices, filterable: true })
    expect(lastScreen(drive(filtered, "re"))).toBe(
      "? Colour  type to filter, Up/Down, Enter\nfilter: re\n> red    the red one\n  green  the green one"
    )
    expect(drive(filtered, "blu\r")).toMatchObject({ value: "BLUE" })
    expect(lastScreen(drive(filtered, "zz"))).toContain("no match")
    expect(drive(choicePrompt({ message: "Colour", choices }), "blu\r")).toMatchObject({ value: "RED" })
  })

  test("`custom` adds a choice made from the typed text", () => {
    const prompt = choicePrompt({
      message: "Region",
      choices: [{ label: "us-east-1", value: "us-east-1" }],
      filterable: true,
      custom: (typed) => (/^[a-z]+-[a-z]+-\d$/.test(typed) ? { label: typed, value: typed } : undefined)
    })
    expect(drive(prompt, "xx-west-9\r")).toMatchObject({ value: "xx-west-9" })
    expect(drive(prompt, "us-east-1\r")).toMatchObject({ value: "us-east-1" })
  })
})

describe("confirmPrompt", () => {
  test("y and n answer; Enter takes the default shown in capitals", () => {
    const yes = confirmPrompt({ message: "Back up?", initial: true })
    expect(lastScreen(drive(yes, ""))).toBe("? Back up?  (Y/n) ")
    expect(drive(yes, "\r")).toMatchObject({ value: true, summary: "? Back up? yes" })
    expect(drive(yes, "n")).toMatchObject({ value: false })
    expect(drive(confirmPrompt({ message: "Sure?", initial: false }), "\r")).toMatchObject({ value: false })
    expect(drive(yes, "x\x03")).toMatchObject({ _tag: "Cancel", key: "ctrl-c" })
  })
})

import { describe, expect, test } from "bun:test"
import { Effect, Logger } from "effect"
import { containerColor, containerIcon, containerUrl, pickFor, queryEscape } from "../../../src/os/containers"
import { effect } from "../../support/effect"

describe("queryEscape (Go url.QueryEscape)", () => {
  const cases: ReadonlyArray<[string, string]> = [
    ["", ""],
    ["AZaz09-_.~", "AZaz09-_.~"],
    ["a b", "a+b"],
    ["a+b", "a%2Bb"],
    ["!*'()", "%21%2A%27%28%29"],
    [":/?#[]@&=;,$%", "%3A%2F%3F%23%5B%5D%40%26%3D%3B%2C%24%25"],
    ["é", "%C3%A9"],
    ["😀", "%F0%9F%98%80"],
    ["\n\t\x00", "%0A%09%00"],
    [
      "https://d-123.awsapps.com/start/#/console?account_id=012345678901&role_name=Admin User",
      "https%3A%2F%2Fd-123.awsapps.com%2Fstart%2F%23%2Fconsole%3Faccount_id%3D012345678901%26role_name%3DAdmin+User"
    ]
  ]
  for (const [input, expected] of cases) {
    test(`${JSON.stringify(input)} -> ${expected}`, () => {
      expect(queryEscape(input)).toBe(expected)
    })
  }
})

describe("deterministic picks", () => {
  const colors = ["blue", "turquoise", "green", "yellow", "orange", "red", "pink", "purple"]
  const icons = [
    "fingerprint",
    "briefcase",
    "dollar",
    "cart",
    "gift",
    "vacation",
    "food",
    "fruit",
    "pet",
    "tree",
    "chill",
    "circle"
  ]

  test("sums the UTF-8 bytes mod 256, then takes the list index", () => {
    // "Default": 68+101+102+97+117+108+116 = 709; 709 mod 256 = 197 -> colour 197 mod 8 = 5, icon 197 mod 12 = 5.
    expect(pickFor("Default", colors)).toBe("red")
    expect(pickFor("Default", icons)).toBe("vacation")
    // "é" is 0xC3 0xA9: 195+169 = 364; 364 mod 256 = 108 -> colour 108 mod 8 = 4, icon 108 mod 12 = 0.
    expect(pickFor("é", colors)).toBe("orange")
    expect(pickFor("é", icons)).toBe("fingerprint")
    // An empty name sums to 0.
    expect(pickFor("", colors)).toBe("blue")
  })

  const captured = () => {
    const lines: Array<string> = []
    const logger = Logger.make(({ message }) => {
      lines.push(Array.isArray(message) ? message.join(" ") : String(message))
    })
    return { lines, layer: Logger.add(logger) }
  }

  effect("keeps a valid colour and icon without warning", () =>
    Effect.gen(function*() {
      const logs = captured()
      const result = yield* Effect.all([containerColor("Default", "pink"), containerIcon("Default", "tree")]).pipe(
        Effect.provide(logs.layer)
      )
      expect(result).toEqual(["pink", "tree"])
      expect(logs.lines).toEqual([])
    }))

  effect("picks silently when colour and icon are missing or empty", () =>
    Effect.gen(function*() {
      const logs = captured()
      const result = yield* Effect.all([containerColor("Default", ""), containerIcon("Default")]).pipe(
        Effect.provide(logs.layer)
      )
      expect(result).toEqual(["red", "vacation"])
      expect(logs.lines).toEqual([])
    }))

  effect("an invalid value is case-sensitive, replaced and warned about", () =>
    Effect.gen(function*() {
      const logs = captured()
      const result = yield* containerColor("Default", "Blue").pipe(Effect.provide(logs.layer))
      expect(result).toBe("red")
      expect(logs.lines).toEqual(["Invalid container color \"Blue\"; using \"red\""])
    }))
})

describe("containerUrl", () => {
  effect("leaves the name as given and escapes only the target URL", () =>
    Effect.gen(function*() {
      const wrapped = yield* containerUrl("open-url-in-container", "https://a.example/?x=1 2", {
        name: "Prod:Admin",
        color: "turquoise",
        icon: "briefcase"
      })
      expect(wrapped).toBe(
        "ext+container:name=Prod:Admin&url=https%3A%2F%2Fa.example%2F%3Fx%3D1+2&color=turquoise&icon=briefcase"
      )
    }))
})

import { describe, expect, test } from "bun:test"
import { formatRemaining, formatRemainingPadded, formatRfc3339Local, parseRfc3339 } from "../../../src/domain/duration"

const min = 60_000

describe("formatRemaining (the `time` command)", () => {
  test("truncates to whole minutes in Go style without seconds", () => {
    expect(formatRemaining(45 * min + 59_000)).toBe("45m")
    expect(formatRemaining(305 * min)).toBe("5h5m")
    expect(formatRemaining(60 * min)).toBe("1h0m")
    expect(formatRemaining(750 * min)).toBe("12h30m")
  })
  test("under a minute and expired", () => {
    expect(formatRemaining(59_999)).toBe("< 1m")
    expect(formatRemaining(0)).toBe("Expired")
    expect(formatRemaining(-5 * min)).toBe("Expired")
  })
})

describe("formatRemainingPadded (list Expires column)", () => {
  test("pads to 7 with upstream's spacing", () => {
    expect(formatRemainingPadded(5 * min)).toBe("     5m")
    expect(formatRemainingPadded(305 * min)).toBe(" 5h  5m")
    expect(formatRemainingPadded(750 * min)).toBe("12h 30m")
    expect(formatRemainingPadded(30_000)).toBe("   < 1m")
  })
})

describe("RFC 3339", () => {
  test("parses Z, offsets and fractions; rejects other forms", () => {
    expect(parseRfc3339("2026-06-03T17:56:11Z")).toBe(Date.UTC(2026, 5, 3, 17, 56, 11))
    expect(parseRfc3339("2026-06-03T17:56:11-07:00")).toBe(Date.UTC(2026, 5, 4, 0, 56, 11))
    expect(parseRfc3339("2026-06-03T17:56:11.5Z")).toBe(Date.UTC(2026, 5, 3, 17, 56, 11, 500))
    expect(parseRfc3339("2026-06-03 17:56:11")).toBeUndefined()
    expect(parseRfc3339("tomorrow")).toBeUndefined()
  })
  test("formats in the local zone at second precision", () => {
    const text = formatRfc3339Local(Date.UTC(2026, 5, 3, 17, 56, 11, 900))
    expect(parseRfc3339(text)).toBe(Date.UTC(2026, 5, 3, 17, 56, 11))
    if (new Date(0).getTimezoneOffset() === 0) expect(text).toBe("2026-06-03T17:56:11Z")
  })
})

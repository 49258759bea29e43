import { describe, expect, test } from "bun:test"
import { Schema } from "effect"
import type { FlatRole } from "../../../src/cache/model"
import { buildCatalog, describeEntry, formatAge } from "../../../src/cli/select/roles/model"
import {
  completionsFor,
  filterEntries,
  matchingEntries,
  parseQuery,
  type Term
} from "../../../src/cli/select/roles/query"
import { roleSelectorWidget } from "../../../src/cli/select/roles/widget"
import { PromptColors } from "../../../src/config/Settings"
import { drive, lastScreen, screenOf, size } from "./drive"

const NOW = 1_700_000_000

const flat = (accountId: string, alias: string, roleName: string, tags: Record<string, string> = {}): FlatRole => ({
  Id: 0,
  AccountId: Number(accountId),
  AccountIdPad: accountId,
  AccountName: "",
  AccountAlias: alias,
  EmailAddress: `${alias}@example.com`,
  Expires: 0,
  Arn: `arn:aws:iam::${accountId}:role/${roleName}`,
  RoleName: roleName,
  Profile: `${alias}:${roleName}`,
  DefaultRegion: "",
  SSO: "Default",
  SSORegion: "us-east-1",
  StartUrl: "https://d-0000000000.awsapps.com/start",
  Tags: { AccountID: accountId, AccountAlias: alias, Email: `${alias}@example.com`, Role: roleName, ...tags },
  Via: ""
})

const roles: ReadonlyArray<FlatRole> = [
  flat("111111111111", "dev", "AdminRole", { Environment: "development" }),
  flat("111111111111", "dev", "ReadOnly", { Environment: "development", History: `dev:ReadOnly,${NOW - 5400}` }),
  flat("222222222222", "prod", "AdminRole", { Environment: "production", "Cost Center": "Team Blue" }),
  flat("222222222222", "prod", "Billing", { Environment: "production" }),
  flat("333333333333", "staging", "Deploy", { Environment: "staging", History: `staging:Deploy,${NOW - 30}` })
]

const catalog = (options: { firstTag?: string; primary?: ReadonlyArray<string> } = {}) =>
  buildCatalog(roles, {
    nowSeconds: NOW,
    firstTag: options.firstTag,
    accountPrimaryTag: options.primary ?? ["AccountName", "AccountAlias", "Email"]
  })

const profiles = (entries: ReadonlyArray<{ readonly role: FlatRole }>) => entries.map((e) => e.role.Profile)

describe("the selector's catalog", () => {
  test("recently used roles come first, most recent on top, then the given order", () => {
    expect(profiles(catalog().entries)).toEqual([
      "staging:Deploy",
      "dev:ReadOnly",
      "dev:AdminRole",
      "prod:AdminRole",
      "prod:Billing"
    ])
  })

  test("History shows as `[age] alias:role`; spaces become `_` in keys and values", () => {
    const c = catalog()
    const [deploy, readOnly, , prodAdmin] = c.entries
    expect(deploy?.history).toBe("[<1m] staging:Deploy")
    expect(readOnly?.history).toBe("[1h30m] dev:ReadOnly")
    expect(readOnly?.tags.get("History")).toBe("dev:ReadOnly")
    expect(prodAdmin?.tags.get("Cost_Center")).toBe("Team_Blue")
    expect(formatAge(45 * 60)).toBe("45m")
    expect(formatAge(26 * 3600 + 5 * 60)).toBe("26h5m")
  })

  test("keys are sorted with FirstTag first and the virtual ProfileName last", () => {
    expect(catalog().keys).toEqual([
      "AccountAlias",
      "AccountID",
      "Cost_Center",
      "Email",
      "Environment",
      "History",
      "Role",
      "ProfileName"
    ])
    expect(catalog({ firstTag: "Role" }).keys.slice(0, 2)).toEqual(["Role", "AccountAlias"])
    // A FirstTag that no role has changes nothing.
    expect(catalog({ firstTag: "Nope" }).keys[0]).toBe("AccountAlias")
  })

  test("rows are described by the last use, else the first AccountPrimaryTag not pinned by the query", () => {
    const c = catalog({ primary: ["AccountAlias", "Email"] })
    const [deploy, , devAdmin] = c.entries
    expect(describeEntry(c, deploy!, new Set())).toBe("[<1m] staging:Deploy")
    expect(describeEntry(c, devAdmin!, new Set())).toBe("AccountAlias:dev")
    expect(describeEntry(c, devAdmin!, new Set(["AccountAlias"]))).toBe("Email:dev@example.com")
  })
})

describe("reading the query", () => {
  const c = catalog()
  test("a key followed by a word is a pair, any case; Key=value too; a trailing key stands alone", () => {
    const expected: ReadonlyArray<Term> = [
      { _tag: "Pair", key: "Environment", value: "prod" },
      { _tag: "Word", text: "bill" },
      { _tag: "Pair", key: "Role", value: "Admin" },
      { _tag: "Key", key: "AccountAlias" }
    ]
    expect(parseQuery("environment prod  bill Role=Admin accountalias", c)).toEqual(expected)
  })

  test("free words match names and tag values; pairs only their tag", () => {
    expect(profiles(filterEntries(c, parseQuery("admin", c), true))).toEqual(["dev:AdminRole", "prod:AdminRole"])
    expect(profiles(filterEntries(c, parseQuery("Environment prod", c), true))).toEqual([
      "prod:AdminRole",
      "prod:Billing"
    ])
    expect(profiles(filterEntries(c, parseQuery("Role dev", c), true))).toEqual([])
    expect(profiles(filterEntries(c, parseQuery("222222222222", c), true))).toEqual(["prod:AdminRole", "prod:Billing"])
  })

  test("History pairs match the recently used roles by alias:role", () => {
    expect(profiles(filterEntries(c, parseQuery("History dev", c), true))).toEqual(["dev:ReadOnly"])
    expect(completionsFor(c, "History ", true).items.map((i) => i.insert)).toEqual([
      "dev:ReadOnly ",
      "staging:Deploy "
    ])
  })

  test("an exact or prefix match ranks above a match inside a value", () => {
    expect(profiles(filterEntries(c, parseQuery("readonly", c), true))[0]).toBe("dev:ReadOnly")
    expect(profiles(filterEntries(c, parseQuery("dev:AdminRole", c), true))).toEqual(["dev:AdminRole"])
  })

  test("FullTextSearch off: only prefixes match", () => {
    expect(profiles(filterEntries(c, parseQuery("Role min", c), false))).toEqual([])
    expect(profiles(filterEntries(c, parseQuery("Role Adm", c), false))).toEqual(["dev:AdminRole", "prod:AdminRole"])
    expect(profiles(filterEntries(c, parseQuery("min", c), false))).toEqual([])
    expect(profiles(filterEntries(c, parseQuery("min", c), true))).toEqual(["dev:AdminRole", "prod:AdminRole"])
  })

  test("loose typing (letters in order) only steps in when nothing matches as typed", () => {
    expect(profiles(filterEntries(c, parseQuery("prbil", c), true))).toEqual(["prod:Billing"])
    expect(profiles(filterEntries(c, parseQuery("prbil", c), false))).toEqual([])
    const two = buildCatalog([flat("1", "sandbox", "AdminRole"), flat("2", "prod", "Billing")], { nowSeconds: NOW })
    // s-a-n-d-B-ox:adm-I-n-ro-L-e holds b, i, l in order, but `bil` is plainly in Billing: that wins alone.
    expect(profiles(filterEntries(two, parseQuery("bil", two), true))).toEqual(["prod:Billing"])
    expect(profiles(filterEntries(two, parseQuery("sbxadm", two), true))).toEqual(["sandbox:AdminRole"])
  })

  test("a key still being typed does not empty the list", () => {
    expect(matchingEntries(c, "Envi", true).length).toBe(5)
    expect(matchingEntries(c, "Envi ", true).length).toBe(0)
    expect(matchingEntries(c, "prod Envi", true).length).toBe(2)
  })
})

describe("completions of the word being typed", () => {
  const c = catalog({ firstTag: "Environment" })
  test("nothing typed: every key, FirstTag first, with role and choice counts", () => {
    const result = completionsFor(c, "", true)
    expect(result.kind).toBe("keys")
    expect(result.items.slice(0, 2).map((i) => `${i.label} ${i.detail}`)).toEqual([
      "Environment 5 roles/3 choices",
      "AccountAlias 5 roles/3 choices"
    ])
    expect(result.items.map((i) => i.label)).toContain("ProfileName")
  })

  test("after a key: its values among the roles left, with the ARN when only one role has it", () => {
    const result = completionsFor(c, "Role Admin Environment ", true)
    expect(result).toMatchObject({ kind: "values", wordStart: 23 })
    expect(result.items.map((i) => [i.label, i.detail])).toEqual([
      ["development", "arn:aws:iam::111111111111:role/AdminRole"],
      ["production", "arn:aws:iam::222222222222:role/AdminRole"]
    ])
    expect(completionsFor(c, "Environment pro", true).items.map((i) => i.insert)).toEqual(["production "])
  })

  test("a free word: the keys it names, then Key value pairs whose value it matches", () => {
    expect(completionsFor(c, "pro", true).items.map((i) => i.insert)).toEqual([
      "ProfileName ",
      "Environment production ",
      "AccountAlias prod ",
      "Email prod@example.com "
    ])
    // The better match first: `prod` is all of one alias.
    expect(completionsFor(c, "prod", true).items.map((i) => i.insert)[0]).toBe("AccountAlias prod ")
  })
})

describe("the role selector prompt", () => {
  const colors = Schema.decodeSync(PromptColors)({ SelectedSuggestionBGColor: "Red", SuggestionTextColor: "Yellow" })
  const widget = (fullTextSearch = true) =>
    roleSelectorWidget({ catalog: catalog({ firstTag: "Environment" }), fullTextSearch, colors })

  test("Enter picks the highlighted role; the summary names it", () => {
    const result = drive(widget(), "bil\r")
    expect(result).toMatchObject({
      _tag: "Done",
      summary: "? Role: prod:Billing (arn:aws:iam::222222222222:role/Billing)"
    })
  })

  test("Down and Up move the highlight; Enter on an empty list does nothing", () => {
    const picked = drive(widget(), "\x1b[B\x1b[B\x1b[A\r")
    expect(picked._tag === "Done" && picked.value.Profile).toBe("dev:ReadOnly")
    expect(drive(widget(), "zzz\r")._tag).toBe("Waiting")
    expect(lastScreen(drive(widget(), "zzz"))).toContain("no role matches")
  })

  test("Tab takes a lone completion and shows the key's values; several are cycled with Tab", () => {
    const once = drive(widget(), "Envir\t")
    expect(lastScreen(once)).toContain("> Environment \n  values:  development  2 roles")
    const cycled = drive(widget(), "Environment \t\t")
    expect(lastScreen(cycled).split("\n")[1]).toBe("> Environment production ")
    const back = drive(widget(), "Environment \t\t\x1b[Z")
    expect(lastScreen(back).split("\n")[1]).toBe("> Environment development ")
  })

  test("Esc, Ctrl-C, Ctrl-D and typing exit cancel", () => {
    expect(drive(widget(), "ab\x1b\x1b")).toMatchObject({ _tag: "Cancel", key: "escape" })
    expect(drive(widget(), "\x03")).toMatchObject({ _tag: "Cancel", key: "ctrl-c" })
    expect(drive(widget(), "\x04")).toMatchObject({ _tag: "Cancel", key: "ctrl-d" })
    expect(drive(widget(), "exit\r")).toMatchObject({ _tag: "Cancel", key: "exit" })
  })

  test("PromptColors colour the rows: the highlighted one and the others", () => {
    const frame = drive(widget(), "").frames[0]!
    const rows = frame.lines.filter((l) => l.some((s) => s.text.includes("arn:aws:iam::")))
    const labelOf = (row: (typeof rows)[number]) => row.find((s) => s.text.includes(":"))
    expect(labelOf(rows[0]!)?.style).toEqual({ fg: "White", bg: "Red" })
    expect(labelOf(rows[1]!)?.style).toEqual({ fg: "Yellow", bg: "Cyan" })
    expect(screenOf(frame).split("\n")[3]).toMatch(/^> {2}staging:Deploy +\[<1m\] staging:Deploy/)
  })

  test("a long list scrolls with the highlight and says which row it is on", () => {
    const many = Array.from({ length: 40 }, (_, i) => flat(String(100000000000 + i), `acct${i}`, "Admin"))
    const w = roleSelectorWidget({
      catalog: buildCatalog(many, { nowSeconds: NOW, accountPrimaryTag: [] }),
      fullTextSearch: true,
      colors
    })
    const screen = lastScreen(drive(w, "\x1b[6~\x1b[6~", size))
    expect(screen).toContain("40 of 40 roles, row 25")
    expect(screen).toMatch(/\n> {2}acct24:Admin /)
  })
})

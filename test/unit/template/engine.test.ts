import { describe, expect, test } from "bun:test"
import { Either } from "effect"
import { compileTemplate } from "../../../src/template/compile"
import { TemplateError } from "../../../src/template/errors"
import { fixedFunc } from "../../../src/template/funcs"
import { profileFormatFuncs } from "../../../src/template/profile"
import { goTypeName, stringMap } from "../../../src/template/values"
import { failure, render } from "./helpers"

const data = {
  [goTypeName]: "main.Data",
  Name: "Prod",
  Alias: "My Alias",
  Empty: "",
  Zero: 0,
  Count: 3,
  Yes: true,
  No: false,
  Tags: stringMap({ Team: "core", Env: "prod" }),
  Any: new Map<string, unknown>([["k", "v"]]),
  List: ["a", "b", "c"],
  None: [],
  Nested: { Inner: { Value: "deep" } },
  Nil: null
}

describe("text, trim markers and comments", () => {
  test("plain text passes through untouched", () => {
    expect(render("no actions here {}", data)).toBe("no actions here {}")
  })
  test("trim markers remove the spaces next to the action, and only with a space after/before the dash", () => {
    expect(render("a  \n {{- .Name -}} \n  b", data)).toBe("aProdb")
    expect(render("a {{ .Name }} b", data)).toBe("a Prod b")
    expect(render("{{ 3 }} {{-3}}", data)).toBe("3 -3")
  })
  test("comments vanish, with or without trim markers", () => {
    expect(render("a {{/* note */}} b", data)).toBe("a  b")
    expect(render("a \n{{- /* a\nmulti-line note */ -}}\n b", data)).toBe("ab")
  })
  test("an action may span lines", () => {
    expect(render("{{ .Name\n  | lower }}", data)).toBe("prod")
  })
})

describe("fields, maps and variables", () => {
  test("struct fields, nested fields and dot", () => {
    expect(render("{{ .Name }}/{{ .Nested.Inner.Value }}", data)).toBe("Prod/deep")
    expect(render("{{ with .Nested.Inner }}{{ .Value }}{{ end }}", data)).toBe("deep")
  })
  test("map keys read as fields; a missing key prints <no value>, index gives the element's zero value", () => {
    expect(render("{{ .Tags.Team }}", data)).toBe("core")
    expect(render("{{ .Tags.Missing }}", data)).toBe("<no value>")
    expect(render("[{{ index .Tags \"Missing\" }}]", data)).toBe("[]")
    expect(render("[{{ index .Any \"missing\" }}]", data)).toBe("[<no value>]")
  })
  test("$ is the data everywhere; variables can be declared and assigned", () => {
    expect(render("{{ with .Nested }}{{ $.Name }}{{ end }}", data)).toBe("Prod")
    expect(render("{{ $x := .Name }}{{ $x }}-{{ $x = \"new\" }}{{ $x }}", data)).toBe("Prod-new")
    expect(render("{{ $x := \"a\" }}{{ if true }}{{ $x = \"b\" }}{{ end }}{{ $x }}", data)).toBe("b")
    expect(render("{{ $t := .Tags }}{{ $t.Env }}", data)).toBe("prod")
  })
  test("a variable declared inside a block is not visible after its end", () => {
    expect(failure("{{ if true }}{{ $y := 1 }}{{ end }}{{ $y }}", data)).toBe(
      "template T:1:38: undefined variable \"$y\""
    )
  })
})

describe("pipelines and literals", () => {
  test("the piped value is the last argument", () => {
    expect(render("{{ \"abc\" | printf \"%s-%s\" \"x\" }}", data)).toBe("x-abc")
    expect(render("{{ .Name | printf \"%s:%s\" .Alias }}", data)).toBe("My Alias:Prod")
    expect(render("{{ .Alias | replace \" \" \"_\" | lower }}", data)).toBe("my_alias")
  })
  test("parenthesized pipelines and fields of their results", () => {
    expect(render("{{ printf \"%s+%s\" (upper .Name) (lower .Name) }}", data)).toBe("PROD+prod")
    expect(render("{{ (index .List 1) }}{{ (.Nested.Inner).Value }}", data)).toBe("bdeep")
  })
  test("string, raw string, number, rune and boolean literals", () => {
    expect(render("{{ \"a\\tb\\u00e9\\x41\\101\" }}|{{ `raw\\n` }}", data)).toBe("a\tbéAA|raw\\n")
    expect(render("{{ 42 }} {{ -7 }} {{ 0x1F }} {{ 0o17 }} {{ 017 }} {{ 0b101 }} {{ 1_000 }}", data)).toBe(
      "42 -7 31 15 15 5 1000"
    )
    expect(render("{{ 1.5 }} {{ 'a' }} {{ '\\n' }} {{ true }} {{ false }}", data)).toBe("1.5 97 10 true false")
  })
  test("printing follows Go's %v", () => {
    expect(render("{{ .Tags }} {{ .List }} {{ .None }} {{ .Yes }} {{ .Any }}", data)).toBe(
      "map[Env:prod Team:core] [a b c] [] true map[k:v]"
    )
    expect(render("{{ .Nil }}", data)).toBe("<no value>")
    expect(render("{{ .Nested }}", data)).toBe("{{deep}}")
  })
})

describe("control structures", () => {
  test("if / else if / else with Go truthiness", () => {
    const choose = "{{ if .A }}a{{ else if .B }}b{{ else }}none{{ end }}"
    expect(render(choose, { A: "x", B: 1 })).toBe("a")
    expect(render(choose, { A: "", B: 1 })).toBe("b")
    expect(render(choose, { A: 0, B: [] })).toBe("none")
    expect(render(choose, { A: new Map(), B: false })).toBe("none")
    expect(render("{{ if .Nested }}struct is true{{ end }}", data)).toBe("struct is true")
  })
  test("with sets dot, else runs on an empty value", () => {
    expect(render("{{ with .Name }}[{{ . }}]{{ else }}none{{ end }}", data)).toBe("[Prod]")
    expect(render("{{ with .Empty }}[{{ . }}]{{ else }}none{{ end }}", data)).toBe("none")
  })
  test("range over slices, maps (sorted keys) and integers, with variables and else", () => {
    expect(render("{{ range .List }}{{ . }};{{ end }}", data)).toBe("a;b;c;")
    expect(render("{{ range $i, $v := .List }}{{ $i }}={{ $v }} {{ end }}", data)).toBe("0=a 1=b 2=c ")
    expect(render("{{ range $k, $v := .Tags }}{{ $k }}:{{ $v }},{{ end }}", data)).toBe("Env:prod,Team:core,")
    expect(render("{{ range $v := .Tags }}{{ $v }} {{ end }}", data)).toBe("prod core ")
    expect(render("{{ range .None }}x{{ else }}empty{{ end }}", data)).toBe("empty")
    expect(render("{{ range .Count }}{{ . }}{{ end }}", data)).toBe("012")
  })
  test("break and continue inside range", () => {
    const source = "{{ range .List }}{{ if eq . \"b\" }}{{ continue }}{{ end }}" +
      "{{ if eq . \"c\" }}{{ break }}{{ end }}{{ . }}{{ end }}"
    expect(render(source, { List: ["a", "b", "c", "d"] })).toBe("a")
  })
})

describe("builtin functions", () => {
  test("and / or return the deciding value and do not evaluate the rest", () => {
    expect(render("{{ and 1 0 2 }} {{ and 1 2 }} {{ or 0 \"\" \"x\" }} {{ or 0 \"\" }}", data)).toBe("0 2 x ")
    expect(render("{{ or .Name (fail \"not evaluated\") }}", data)).toBe("Prod")
    expect(render("{{ and .Empty (fail \"not evaluated\") }}", data)).toBe("")
  })
  test("not, eq with several values, ne and orderings", () => {
    expect(render("{{ not .Empty }} {{ not .Name }}", data)).toBe("true false")
    expect(render("{{ eq .Name \"Dev\" \"Prod\" }} {{ eq .Count 4 }} {{ ne .Name \"Dev\" }}", data)).toBe(
      "true false true"
    )
    expect(render("{{ lt 1 2 }} {{ le 2 2 }} {{ gt \"b\" \"a\" }} {{ ge 1 2 }}", data)).toBe("true true true false")
    expect(failure("{{ eq .Name 1 }}", data)).toBe(
      "template T:1:3: executing \"T\" at <eq .Name 1>: error calling eq: incompatible types for comparison"
    )
  })
  test("len counts bytes, items and keys", () => {
    expect(render("{{ len \"héllo\" }} {{ len .List }} {{ len .Tags }}", data)).toBe("6 3 2")
  })
  test("index reaches into maps and slices, several levels at once", () => {
    const nested = { M: new Map([["a", ["x", "y"]]]) }
    expect(render("{{ index .M \"a\" 1 }} {{ index .List 0 }}", { ...nested, List: ["z"] })).toBe("y z")
    expect(failure("{{ index .List 5 }}", data)).toBe(
      "template T:1:3: executing \"T\" at <index .List 5>: error calling index: index out of range: 5"
    )
  })
  test("print, println and printf", () => {
    expect(render("{{ print 1 2 \"a\" \"b\" 3 }}", data)).toBe("1 2ab3")
    expect(render("{{ println \"a\" 1 }}", data)).toBe("a 1\n")
    expect(
      render(
        "{{ printf \"%s|%d|%v|%q|%02d|%x|%X|%5s|%-5s|%.2f|%t|%c|%%|%e|%g|%o|%+d\" " +
          "\"s\" 42 .List \"q\" 7 255 255 \"r\" \"l\" 3.14159 true 65 1234.5678 0.000012 8 5 }}",
        data
      )
    ).toBe("s|42|[a b c]|\"q\"|07|ff|FF|    r|l    |3.14|true|A|%|1.234568e+03|1.2e-05|10|+5")
    expect(render("{{ printf \"%d %s\" \"x\" }}", data)).toBe("%!d(string=x) %!s(MISSING)")
    expect(render("{{ printf \"%s\" \"a\" 2 }}", data)).toBe("a%!(EXTRA int=2)")
    expect(render("{{ printf \"%v %s\" .Tags .List }}", data)).toBe("map[Env:prod Team:core] [a b c]")
  })
  test("html, js and urlquery escape", () => {
    expect(render("{{ html \"<a href='x'>&\\\"\" }}", data)).toBe("&lt;a href=&#39;x&#39;&gt;&amp;&#34;")
    expect(render("{{ js \"it's <b>\" }}", data)).toBe("it\\'s \\u003Cb\\u003E")
    expect(render("{{ urlquery \"a b&c/é\" }}", data)).toBe("a+b%26c%2F%C3%A9")
  })
})

describe("errors carry the position of the offending token", () => {
  test("unknown function at parse time, even in a branch that never runs", () => {
    expect(failure("{{ .Name | nope }}", data)).toBe("template T:1:11: function \"nope\" not defined")
    expect(failure("{{ if false }}\n  {{ nope }}\n{{ end }}", data)).toBe(
      "template T:2:5: function \"nope\" not defined"
    )
  })
  test("unknown field at execution time names the type", () => {
    expect(failure("abc {{ .Nope }}", data)).toBe(
      "template T:1:7: executing \"T\" at <.Nope>: can't evaluate field Nope in type main.Data"
    )
    expect(failure("{{ .Name.Length }}", data)).toBe(
      "template T:1:3: executing \"T\" at <.Name.Length>: can't evaluate field Length in type string"
    )
  })
  test("unclosed action, unclosed paren and unterminated string", () => {
    expect(failure("ab{{ .Name ", data)).toBe("template T:1:2: unclosed action")
    expect(failure("{{ (upper .Name }}", data)).toBe("template T:1:0: unclosed left paren")
    expect(failure("{{ \"abc }}", data)).toBe("template T:1:3: unterminated quoted string")
    expect(failure("{{ 12ab }}", data)).toBe("template T:1:3: bad number syntax: \"12a\"")
  })
  test("missing or stray end", () => {
    expect(failure("x\n{{ if .Name }}a", data)).toBe(
      "template T:2:0: unexpected EOF: {{if}} has no matching {{end}}"
    )
    expect(failure("{{ range .List }}{{ else }}a", data)).toBe(
      "template T:1:0: unexpected EOF: {{range}} has no matching {{end}}"
    )
    expect(failure("a{{ end }}", data)).toBe("template T:1:4: unexpected {{end}}")
    expect(failure("{{ break }}", data)).toBe("template T:1:3: {{break}} outside {{range}}")
  })
  test("wrong number or type of arguments", () => {
    expect(failure("{{ upper \"a\" \"b\" }}", data)).toBe(
      "template T:1:3: executing \"T\" at <upper>: wrong number of args for upper: want 1 got 2"
    )
    expect(failure("{{ .Name | replace \"a\" }}", data)).toBe(
      "template T:1:11: executing \"T\" at <replace>: wrong number of args for replace: want 3 got 2"
    )
    expect(failure("{{ StringsJoin }}", data)).toBe(
      "template T:1:3: executing \"T\" at <StringsJoin>: wrong number of args for StringsJoin: want at least 1 got 0"
    )
    expect(failure("{{ upper .Count }}", data)).toBe(
      "template T:1:9: executing \"T\" at <.Count>: wrong type for value; expected string; got int"
    )
    expect(failure("{{ upper 5 }}", data)).toBe("template T:1:9: executing \"T\" at <5>: expected string; found 5")
  })
  test("other execution errors", () => {
    expect(failure("{{ div 1 0 }}", data)).toBe(
      "template T:1:3: executing \"T\" at <div 1 0>: error calling div: runtime error: integer divide by zero"
    )
    expect(failure("{{ \"a\" \"b\" }}", data)).toBe(
      "template T:1:3: executing \"T\" at <\"a\">: can't give argument to non-function \"a\""
    )
    expect(failure("{{ nil }}", data)).toBe("template T:1:3: executing \"T\" at <nil>: nil is not a command")
    expect(failure("{{ .Name | 3 }}", data)).toBe("template T:1:11: non executable command in pipeline stage 2")
    expect(failure("{{ fail \"first line\\n  second line\" }}", data)).toBe(
      "template T:1:3: executing \"T\" at <fail \"first line\\n  second line\">: " +
        "error calling fail: first line second line"
    )
  })
  test("the error is a tagged TemplateError with its parts", () => {
    const result = compileTemplate("Name", "{{ nope }}")
    expect(Either.isLeft(result)).toBe(true)
    if (Either.isLeft(result)) {
      expect(result.left).toBeInstanceOf(TemplateError)
      expect(result.left._tag).toBe("TemplateError")
      expect({ ...result.left }).toMatchObject({ name: "Name", line: 1, column: 3 })
      expect(result.left.reason).toBe("function \"nope\" not defined")
    }
  })
})

describe("compiled templates", () => {
  test("compile once, execute against many values", () => {
    const compiled = compileTemplate("T", "{{ .Name | upper }}", profileFormatFuncs)
    if (Either.isLeft(compiled)) throw new Error(compiled.left.message)
    const outputs = ["a", "b", "c"].map((name) => Either.getOrThrow(compiled.right.execute({ Name: name })))
    expect(outputs).toEqual(["A", "B", "C"])
    expect(compiled.right.name).toBe("T")
    expect(compiled.right.source).toBe("{{ .Name | upper }}")
  })
  test("extra functions can be supplied and checked like Go's", () => {
    const funcs = { shout: fixedFunc(["string", "int"], (text, times) => text.toUpperCase() + "!".repeat(times)) }
    expect(render("{{ shout .Name 2 }}", data, funcs)).toBe("PROD!!")
    expect(render("{{ 3 | shout .Name }}", data, funcs)).toBe("PROD!!!")
    expect(failure("{{ shout .Name \"x\" }}", data, funcs)).toBe(
      "template T:1:15: executing \"T\" at <\"x\">: expected integer; found \"x\""
    )
  })
})

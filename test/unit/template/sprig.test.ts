import { describe, expect, test } from "bun:test"
import { stringMap } from "../../../src/template/values"
import { failure, render } from "./helpers"

const data = {
  Alias: "My Alias",
  Empty: "",
  Tags: stringMap({ Env: "prod" }),
  Numbers: [1, 2, 3]
}

describe("sprig string functions (argument order as sprig: the subject comes last)", () => {
  test.each([
    ["{{ lower \"HELLO\" }}", "hello"],
    ["{{ upper \"hello\" }}", "HELLO"],
    ["{{ title \"hello world\" }}", "Hello World"],
    ["{{ title \"aws-dev account_x\" }}", "Aws-Dev Account_x"],
    ["{{ untitle \"Hello World\" }}", "hello world"],
    ["{{ trim \"   hello \\t\" }}", "hello"],
    ["{{ trimAll \"$\" \"$5.00$\" }}", "5.00"],
    ["{{ trimPrefix \"-\" \"-hello-\" }}", "hello-"],
    ["{{ trimSuffix \"-\" \"-hello-\" }}", "-hello"],
    ["{{ trunc 5 \"hello world\" }}", "hello"],
    ["{{ trunc -5 \"hello world\" }}", "world"],
    ["{{ trunc 50 \"short\" }}|{{ trunc -50 \"short\" }}", "short|short"],
    ["{{ abbrev 5 \"hello world\" }}|{{ abbrev 3 \"hello world\" }}|{{ abbrev 20 \"hello\" }}",
      "he...|hello world|hello"],
    ["{{ nospace \"hello w o r l d\" }}", "helloworld"],
    ["{{ replace \" \" \"-\" \"I Am Henry VIII\" }}", "I-Am-Henry-VIII"],
    ["{{ repeat 3 \"ab\" }}", "ababab"],
    ["{{ substr 0 5 \"hello world\" }}", "hello"],
    ["{{ substr 6 99 \"hello world\" }}|{{ substr 6 -1 \"hello world\" }}|{{ substr -1 5 \"hello world\" }}",
      "world|world|hello"],
    ["{{ contains \"cat\" \"catch\" }} {{ contains \"dog\" \"catch\" }}", "true false"],
    ["{{ hasPrefix \"cat\" \"catch\" }} {{ hasSuffix \"ch\" \"catch\" }}", "true true"],
    ["{{ quote \"a\" \"b\\\"c\" }}|{{ squote \"a\" 1 }}", "\"a\" \"b\\\"c\"|'a' '1'"],
    ["{{ cat \"hello\" \"beautiful\" 42 nil \"world\" }}", "hello beautiful 42 world"],
    ["{{ indent 2 \"a\\nb\" }}", "  a\n  b"],
    ["{{ nindent 2 \"a\\nb\" }}", "\n  a\n  b"],
    ["{{ initials \"First Try\" }}", "FT"],
    ["{{ swapcase \"This Is A.Test\" }}", "tHIS iS a.tEST"],
    ["{{ plural \"one\" \"many\" 2 }}", "many"],
    ["{{ toString 5 }}{{ toString true }}", "5true"]
  ])("%s", (source, expected) => {
    expect(render(source, data)).toBe(expected)
  })

  test("substr refuses bounds Go cannot slice", () => {
    expect(failure("{{ substr 5 2 \"hello\" }}", data)).toBe(
      "template T:1:3: executing \"T\" at <substr 5 2 \"hello\">: error calling substr: " +
        "runtime error: slice bounds out of range [5:2]"
    )
  })
})

describe("case conversion follows huandu/xstrings", () => {
  test.each([
    ["snakecase", "AccountName", "account_name"],
    ["snakecase", "HTTPServer", "http_server"],
    ["snakecase", "My Account-Alias", "my_account_alias"],
    ["snakecase", "HTTP2XX", "http2_xx"],
    ["snakecase", "Bld4Floor3rd", "bld4_floor_3rd"],
    ["kebabcase", "FooBar Baz", "foo-bar-baz"],
    ["kebabcase", "AStringLikeThis", "a-string-like-this"],
    ["kebabcase", "NoHTTPS", "no-https"],
    ["kebabcase", "http2xx", "http-2xx"],
    ["camelcase", "http_server", "HttpServer"],
    ["camelcase", "GOLANG_IS_GREAT", "GolangIsGreat"],
    ["camelcase", "some words", "SomeWords"],
    ["camelcase", "_complex__case_", "_Complex_Case_"]
  ])("%s %s", (fn, input, expected) => {
    expect(render(`{{ ${fn} .Input }}`, { Input: input })).toBe(expected)
  })
})

describe("sprig defaults, lists and dictionaries", () => {
  test("default, empty, coalesce and ternary", () => {
    expect(render("{{ default \"x\" .Empty }}|{{ default \"x\" .Alias }}|{{ .Empty | default \"piped\" }}", data)).toBe(
      "x|My Alias|piped"
    )
    expect(render("{{ empty .Empty }} {{ empty 0 }} {{ empty .Numbers }} {{ empty .Tags }}", data)).toBe(
      "true true false false"
    )
    expect(render("{{ coalesce .Empty 0 \"\" \"first\" \"second\" }}", data)).toBe("first")
    expect(render("{{ ternary \"yes\" \"no\" true }} {{ ternary \"yes\" \"no\" false }}", data)).toBe("yes no")
  })
  test("list, first, last, join, split and splitList", () => {
    expect(render("{{ list 1 \"a\" true }}", data)).toBe("[1 a true]")
    expect(render("{{ first .Numbers }} {{ last .Numbers }} {{ first (list) }}", data)).toBe("1 3 <no value>")
    expect(render("{{ join \"-\" .Numbers }} {{ list \"a\" \"b\" | join \",\" }}", data)).toBe("1-2-3 a,b")
    expect(render("{{ $parts := split \"$\" \"foo$bar$baz\" }}{{ $parts._1 }} {{ $parts }}", data)).toBe(
      "bar map[_0:foo _1:bar _2:baz]"
    )
    expect(render("{{ splitList \"/\" \"a/b/c\" }} {{ splitList \"/\" \"a/b/c\" | last }}", data)).toBe("[a b c] c")
    expect(failure("{{ first \"abc\" }}", data)).toBe(
      "template T:1:3: executing \"T\" at <first \"abc\">: error calling first: Cannot find first on type string"
    )
  })
  test("dict, get, hasKey and keys (sorted)", () => {
    const source = "{{ $d := dict \"b\" 2 \"a\" 1 \"c\" }}{{ $d }} {{ get $d \"a\" }} [{{ get $d \"zz\" }}] " +
      "{{ hasKey $d \"c\" }} {{ hasKey $d \"zz\" }} {{ keys $d }} {{ keys .Tags }}"
    expect(render(source, data)).toBe("map[a:1 b:2 c:] 1 [] true false [a b c] [Env]")
  })
})

describe("sprig regular expressions use Go syntax", () => {
  test("regexMatch, regexFind, regexFindAll and regexSplit", () => {
    const email = "{{ regexMatch \"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\\\.[A-Za-z]{2,}$\" .Email }}"
    expect(render(email, { Email: "test@acme.com" })).toBe("true")
    expect(render(email, { Email: "not an email" })).toBe("false")
    expect(render("{{ regexMatch \"(?i)^prod\" \"PRODUCTION\" }} {{ regexMatch \"(\" \"x\" }}", data)).toBe(
      "true false"
    )
    expect(render("{{ regexFind \"[a-zA-Z][1-9]\" \"abcd1234\" }}", data)).toBe("d1")
    expect(render("{{ regexFindAll \"[2,4,6,8]\" \"123456789\" -1 }}", data)).toBe("[2 4 6 8]")
    expect(render("{{ regexSplit \"z+\" \"pizza\" -1 }}", data)).toBe("[pi a]")
  })
  test("regexReplaceAll expands $1 and ${name} like Go", () => {
    expect(render("{{ regexReplaceAll \"a(x*)b\" \"-ab-axxb-\" \"${1}W\" }}", data)).toBe("-W-xxW-")
    expect(render("{{ regexReplaceAll \"a(x*)b\" \"-ab-axxb-\" \"$1W\" }}", data)).toBe("---")
    expect(render("{{ regexReplaceAll \"(?P<word>[a-z]+)-(\\\\d+)\" \"ab-12\" \"${2}_${word}\" }}", data)).toBe(
      "12_ab"
    )
    expect(render("{{ regexReplaceAll \"a*\" \"baaac\" \"-\" }}", data)).toBe("-b-c-")
    expect(render("{{ .Alias | regexReplaceAll \"[^A-Za-z]\" \"x\" }}", data)).toBe("x")
    expect(failure("{{ regexReplaceAll \"(\" \"x\" \"y\" }}", data)).toContain(
      "error calling regexReplaceAll: regexp: Compile(\"(\"): error parsing regexp:"
    )
  })
})

describe("sprig numbers", () => {
  test("int and atoi convert; arithmetic works on int64", () => {
    const ints = "{{ int \"42\" }} {{ int \"4.00\" }} {{ int 3.9 }} {{ int \"junk\" }} {{ int \"0x10\" }}"
    expect(render(ints, data)).toBe("42 4 3 0 16")
    expect(render("{{ atoi \"42\" }} {{ atoi \"4.2\" }} {{ add 1 2 \"3\" }} {{ sub 3 5 }}", data)).toBe("42 0 6 -2")
    expect(render("{{ mul 2 3 4 }} {{ div 7 2 }} {{ div -7 2 }} {{ mod 7 3 }} {{ max 1 9 3 }} {{ min 4 2 8 }}", data))
      .toBe("24 3 -3 1 9 2")
    expect(render("{{ add1 \"41\" }} {{ int .Nothing }}", { Nothing: null })).toBe("42 0")
  })
})

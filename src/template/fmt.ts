/**
 * The parts of Go's `fmt` that templates reach: `%v` printing of values (what `{{ .X }}` writes),
 * `Sprint`, `Sprintln` and `Sprintf` with the common verbs, flags, width and precision.
 */
import { isStringMap, kindOf, sortedKeys, structFields, typeName } from "./values"

interface Spec {
  readonly plus: boolean
  readonly minus: boolean
  readonly sharp: boolean
  readonly space: boolean
  readonly zero: boolean
  readonly width: number | undefined
  readonly prec: number | undefined
}

const plain: Spec = {
  plus: false,
  minus: false,
  sharp: false,
  space: false,
  zero: false,
  width: undefined,
  prec: undefined
}

/** `fmt.Sprint(v)`: a value as `%v` prints it (`map[a:b c:d]`, `[x y]`, `<nil>`). */
export const formatValue = (value: unknown): string =>
  typeof value === "string" ? value : formatArg(value, "v", plain)

/** `fmt.Sprint`: operands printed with `%v`, a space between two operands when neither is a string. */
export const sprint = (args: ReadonlyArray<unknown>): string => {
  let out = ""
  let previousWasString = false
  args.forEach((arg, index) => {
    const isString = typeof arg === "string"
    if (index > 0 && !isString && !previousWasString) out += " "
    out += formatValue(arg)
    previousWasString = isString
  })
  return out
}

/** `fmt.Sprintln`: operands separated by spaces, then a newline. */
export const sprintln = (args: ReadonlyArray<unknown>): string => args.map(formatValue).join(" ") + "\n"

const specPattern = /([-+# 0]*)(\*|\d+)?(?:(\.)(\*|\d+)?)?/y

/** `fmt.Sprintf`, with Go's in-band error notes such as `%!d(string=x)` and `%!s(MISSING)`. */
export const sprintf = (format: string, args: ReadonlyArray<unknown>): string => {
  let out = ""
  let argIndex = 0
  let i = 0
  while (i < format.length) {
    const percent = format.indexOf("%", i)
    if (percent < 0) {
      out += format.slice(i)
      break
    }
    out += format.slice(i, percent)
    specPattern.lastIndex = percent + 1
    const match = specPattern.exec(format)
    i = specPattern.lastIndex
    const flags = match?.[1] ?? ""
    let width: number | undefined
    let prec: number | undefined
    let minus = flags.includes("-")
    const starArg = (bad: string): number | undefined => {
      const arg = args[argIndex++]
      if (typeof arg === "number" && Number.isInteger(arg)) return arg
      out += bad
      return undefined
    }
    if (match?.[2] === "*") {
      width = starArg("%!(BADWIDTH)")
      if (width !== undefined && width < 0) {
        minus = true
        width = -width
      }
    } else if (match?.[2] !== undefined) {
      width = Number(match[2])
    }
    if (match?.[3] !== undefined) {
      prec = match[4] === "*" ? starArg("%!(BADPREC)") : match[4] === undefined ? 0 : Number(match[4])
      if (prec !== undefined && prec < 0) prec = undefined
    }
    const verb = String.fromCodePoint(format.codePointAt(i) ?? 0)
    if (i >= format.length) {
      out += "%!(NOVERB)"
      break
    }
    i += verb.length
    if (verb === "%") {
      out += "%"
      continue
    }
    if (argIndex >= args.length) {
      out += `%!${verb}(MISSING)`
      continue
    }
    const spec: Spec = {
      plus: flags.includes("+"),
      minus,
      sharp: flags.includes("#"),
      space: flags.includes(" "),
      zero: flags.includes("0") && !minus,
      width,
      prec
    }
    out += formatArg(args[argIndex++], verb, spec)
  }
  if (argIndex < args.length) {
    const extra = args.slice(argIndex).map((arg) => (kindOf(arg) === "invalid" ? "<nil>" : describe(arg)))
    out += `%!(EXTRA ${extra.join(", ")})`
  }
  return out
}

const describe = (arg: unknown): string => `${typeName(arg)}=${formatArg(arg, "v", plain)}`

const badVerb = (verb: string, arg: unknown): string =>
  `%!${verb}(${kindOf(arg) === "invalid" ? "<nil>" : describe(arg)})`

const pad = (text: string, spec: Spec): string => {
  if (spec.width === undefined) return text
  const missing = spec.width - [...text].length
  if (missing <= 0) return text
  if (spec.minus) return text + " ".repeat(missing)
  return (spec.zero ? "0" : " ").repeat(missing) + text
}

const formatArg = (arg: unknown, verb: string, spec: Spec): string => {
  if (verb === "T") return pad(typeName(arg), spec)
  switch (kindOf(arg)) {
    case "invalid":
      return verb === "v" ? pad("<nil>", spec) : badVerb(verb, arg)
    case "bool":
      return verb === "v" || verb === "t" ? pad(String(arg), spec) : badVerb(verb, arg)
    case "int":
      return formatInteger(Number(arg), verb, spec) ?? badVerb(verb, arg)
    case "float":
      return formatFloatVerb(arg as number, verb, spec) ?? badVerb(verb, arg)
    case "string":
      return formatString(arg as string, verb, spec) ?? badVerb(verb, arg)
    case "slice":
      return `[${(arg as ReadonlyArray<unknown>).map((item) => formatArg(item, verb, spec)).join(" ")}]`
    case "map": {
      const map = arg as ReadonlyMap<unknown, unknown>
      const entries = sortedKeys(map).map((key) => {
        const value = map.get(key)
        return `${formatArg(key, verb, spec)}:${formatArg(value ?? (isStringMap(map) ? "" : value), verb, spec)}`
      })
      return `map[${entries.join(" ")}]`
    }
    case "struct": {
      const record = arg as Readonly<Record<string, unknown>>
      const fields = structFields(record).map((field) => {
        const label = verb === "v" && spec.plus ? `${field}:` : ""
        return label + formatArg(record[field], verb, spec)
      })
      // Go prints a pointer to a struct as `&{...}`.
      return `${typeName(arg).startsWith("*") ? "&" : ""}{${fields.join(" ")}}`
    }
  }
}

const formatString = (text: string, verb: string, spec: Spec): string | undefined => {
  switch (verb) {
    case "v":
    case "s":
      return pad(spec.prec === undefined ? text : [...text].slice(0, spec.prec).join(""), spec)
    case "q":
      return pad(quote(text), spec)
    case "x":
    case "X": {
      const hex = [...new TextEncoder().encode(text)].map((byte) => byte.toString(16).padStart(2, "0")).join("")
      return pad(verb === "X" ? hex.toUpperCase() : hex, spec)
    }
  }
  return undefined
}

const integerText = (value: number, base: number): string =>
  Math.abs(value) >= 1e21 ? (BigInt(value) < 0n ? -BigInt(value) : BigInt(value)).toString(base) :
    Math.abs(value).toString(base)

const formatInteger = (value: number, verb: string, spec: Spec): string | undefined => {
  switch (verb) {
    case "c":
      return pad(runeText(value), spec)
    case "q":
      return pad(quoteRune(value), spec)
    case "U": {
      const hex = integerText(value, 16).toUpperCase().padStart(Math.max(spec.prec ?? 0, 4), "0")
      return pad(`U+${hex}${spec.sharp ? ` '${runeText(value)}'` : ""}`, spec)
    }
  }
  const base = verb === "d" || verb === "v" ? 10 : verb === "b" ? 2 : verb === "o" || verb === "O" ? 8 :
    verb === "x" || verb === "X" ? 16 : undefined
  if (base === undefined) return undefined
  let digits = integerText(value, base)
  if (verb === "X") digits = digits.toUpperCase()
  const sign = value < 0 ? "-" : spec.plus ? "+" : spec.space ? " " : ""
  const prefix = verb === "O" ? "0o" : !spec.sharp ? "" : verb === "b" ? "0b" : verb === "o" ? "0" :
    verb === "x" ? "0x" : verb === "X" ? "0X" : ""
  if (spec.prec !== undefined) {
    digits = spec.prec === 0 && value === 0 ? "" : digits.padStart(spec.prec, "0")
  } else if (spec.zero && spec.width !== undefined) {
    digits = digits.padStart(spec.width - sign.length - prefix.length, "0")
  }
  return pad(sign + prefix + digits, { ...spec, zero: false })
}

const runeText = (value: number): string =>
  Number.isInteger(value) && value >= 0 && value <= 0x10ffff && (value < 0xd800 || value > 0xdfff)
    ? String.fromCodePoint(value)
    : "\ufffd"

const formatFloatVerb = (value: number, verb: string, spec: Spec): string | undefined => {
  const lower = verb.toLowerCase()
  if (!(verb === "v" || lower === "e" || lower === "f" || lower === "g")) return undefined
  const defaultPrec = lower === "e" || lower === "f" ? 6 : -1
  const style = verb === "v" ? "g" : verb === "F" ? "f" : (verb as FloatStyle)
  let text = formatFloat(value, style, spec.prec ?? defaultPrec)
  // Go always signs an infinity, and a NaN only when asked to.
  if (text === "+Inf") text = spec.space && !spec.plus ? " Inf" : "+Inf"
  else if (!text.startsWith("-") && !text.startsWith("+")) text = (spec.plus ? "+" : spec.space ? " " : "") + text
  if (spec.zero && spec.width !== undefined && Number.isFinite(value)) {
    const signed = /^[-+ ]/.test(text)
    const sign = signed ? text.slice(0, 1) : ""
    return sign + text.slice(sign.length).padStart(spec.width - sign.length, "0")
  }
  return pad(text, { ...spec, zero: false })
}

type FloatStyle = "e" | "E" | "f" | "g" | "G"

/** Significant digits `d.ddd` and the decimal exponent of a non-negative finite number. */
const decompose = (abs: number, significant?: number): { digits: string; exp: number } => {
  const text = significant === undefined ? abs.toExponential() : abs.toExponential(significant - 1)
  const [mantissa = "0", exponent = "0"] = text.split("e")
  return { digits: mantissa.replace(".", ""), exp: Number(exponent) }
}

const fixedText = (digits: string, exp: number, decimals: number): string => {
  const pointAt = exp + 1
  let whole: string
  let fraction: string
  if (pointAt <= 0) {
    whole = "0"
    fraction = "0".repeat(-pointAt) + digits
  } else if (pointAt >= digits.length) {
    whole = digits + "0".repeat(pointAt - digits.length)
    fraction = ""
  } else {
    whole = digits.slice(0, pointAt)
    fraction = digits.slice(pointAt)
  }
  fraction = fraction.padEnd(decimals, "0").slice(0, decimals)
  return decimals > 0 ? `${whole}.${fraction}` : whole
}

const exponentText = (digits: string, exp: number, decimals: number, upper: boolean): string => {
  const fraction = digits.slice(1).padEnd(decimals, "0").slice(0, decimals)
  const mantissa = decimals > 0 ? `${digits[0]}.${fraction}` : (digits[0] ?? "0")
  const magnitude = String(Math.abs(exp)).padStart(2, "0")
  return `${mantissa}${upper ? "E" : "e"}${exp < 0 ? "-" : "+"}${magnitude}`
}

/** `strconv.FormatFloat(value, style, prec, 64)`; a negative precision asks for the shortest exact form. */
const formatFloat = (value: number, style: FloatStyle, prec: number): string => {
  if (Number.isNaN(value)) return "NaN"
  if (!Number.isFinite(value)) return value > 0 ? "+Inf" : "-Inf"
  const sign = value < 0 || Object.is(value, -0) ? "-" : ""
  const abs = Math.abs(value)
  const upper = style === "E" || style === "G"
  switch (style) {
    case "e":
    case "E": {
      const parts = prec < 0 ? decompose(abs) : decompose(abs, prec + 1)
      return sign + exponentText(parts.digits, parts.exp, prec < 0 ? parts.digits.length - 1 : prec, upper)
    }
    case "f": {
      if (prec < 0) {
        const parts = decompose(abs)
        return sign + fixedText(parts.digits, parts.exp, Math.max(parts.digits.length - parts.exp - 1, 0))
      }
      if (abs < 1e21 && prec <= 100) return sign + abs.toFixed(prec)
      return sign + BigInt(Math.round(abs)).toString() + (prec > 0 ? "." + "0".repeat(prec) : "")
    }
    case "g":
    case "G": {
      let eprec: number
      let parts: { digits: string; exp: number }
      if (prec < 0) {
        parts = decompose(abs)
        // Go decides between %e and %f with precision 6 when printing the shortest form.
        eprec = 6
      } else {
        const wanted = prec === 0 ? 1 : prec
        const rounded = decompose(abs, wanted)
        parts = { digits: rounded.digits.replace(/(?<=.)0+$/, ""), exp: rounded.exp }
        eprec = wanted
        if (eprec > parts.digits.length && parts.digits.length >= parts.exp + 1) eprec = parts.digits.length
      }
      if (parts.exp < -4 || parts.exp >= eprec) {
        return sign + exponentText(parts.digits, parts.exp, parts.digits.length - 1, upper)
      }
      return sign + fixedText(parts.digits, parts.exp, Math.max(parts.digits.length - parts.exp - 1, 0))
    }
  }
}

const isPrintable = (ch: string): boolean => ch === " " || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch)

const escapeRune = (ch: string, quoteChar: string): string => {
  if (ch === quoteChar || ch === "\\") return "\\" + ch
  if (isPrintable(ch)) return ch
  switch (ch) {
    case "\x07":
      return "\\a"
    case "\b":
      return "\\b"
    case "\f":
      return "\\f"
    case "\n":
      return "\\n"
    case "\r":
      return "\\r"
    case "\t":
      return "\\t"
    case "\v":
      return "\\v"
  }
  const code = ch.codePointAt(0) ?? 0
  if (code < 0x20 || code === 0x7f) return "\\x" + code.toString(16).padStart(2, "0")
  if (code < 0x10000) return "\\u" + code.toString(16).padStart(4, "0")
  return "\\U" + code.toString(16).padStart(8, "0")
}

/** `strconv.Quote`: a double-quoted Go string literal, escaping what is not printable. */
export const quote = (text: string): string => {
  let out = "\""
  for (const ch of text) out += escapeRune(ch, "\"")
  return out + "\""
}

const quoteRune = (value: number): string => `'${escapeRune(runeText(value), "'")}'`

/**
 * Checks of the wizard's free-text answers. Each returns the value to store or a one-line reason
 * shown under the prompt before it is asked again.
 */
import { Either } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import type { Partition } from "../aws/endpoints"
import { expandHome } from "../config/paths"
import { renderProfileName } from "../template/profile"
import { partitionInfo } from "./partitions"

/** Upstream's rule for SSO instance names (they become store keys and `-S` values). */
export const validateInstanceName = (text: string): Either.Either<string, string> => {
  const name = text.trim()
  if (name === "") return Either.left("enter a name, e.g. Default")
  if (!/^[a-zA-Z0-9\-_@:]+$/.test(name)) return Either.left("use only letters, digits and - _ @ :")
  return Either.right(name)
}

/**
 * An AWS access portal (start) URL: https, a host, no credentials or query. A fragment, as
 * browsers show it (`…/start/#/`), is dropped with the slash before it. Portal hosts under
 * awsapps must have their usual path, and a URL that plainly belongs to another partition is
 * refused with a pointer to it.
 */
export const validateStartUrl = (text: string, partition: Partition): Either.Either<string, string> => {
  const example = partitionInfo(partition).startUrlExample
  const trimmed = text.trim()
  if (trimmed === "") return Either.left(`enter your AWS access portal URL, e.g. ${example}`)
  if (/^http:\/\//i.test(trimmed)) return Either.left("the URL must use https://")
  if (!/^https:\/\//i.test(trimmed)) return Either.left(`the URL must start with https://, e.g. ${example}`)
  let url: URL
  try {
    url = new URL(trimmed)
  } catch {
    return Either.left(`not a valid URL; expected something like ${example}`)
  }
  if (url.username !== "" || url.password !== "") return Either.left("the URL must not contain a user name or password")
  if (url.search !== "") return Either.left("the URL must not contain a query (?...)")
  const host = url.hostname.toLowerCase()
  if (!host.includes(".") && host !== "localhost") return Either.left(`"${url.hostname}" is not a full host name`)
  const value = trimmed.replace(/\/?#.*$/, "")
  const pathname = url.pathname.replace(/\/+$/, "")
  if (host.endsWith(".awsapps.cn") && partition !== "aws-cn") {
    return Either.left("this is an AWS China portal URL: run the wizard again and choose the AWS China partition")
  }
  if (host.includes("us-gov-home") && partition !== "aws-us-gov") {
    return Either.left("this is an AWS GovCloud portal URL: run the wizard again and choose AWS GovCloud (US)")
  }
  if (host.includes("us-gov-home")) {
    return /^\/directory\/[\w-]+$/.test(pathname)
      ? Either.right(value)
      : Either.left(`expected ${example}`)
  }
  if ((host.endsWith(".awsapps.com") || host.endsWith(".awsapps.cn")) && pathname !== "/start") {
    return Either.left(`the portal URL ends in /start, e.g. https://${url.hostname}/start`)
  }
  return Either.right(value)
}

/** A whole number within bounds. */
export const validateInteger = (text: string, min: number, max: number, unit = ""): Either.Either<number, string> => {
  const trimmed = text.trim()
  const range = `${min}..${max}${unit === "" ? "" : ` ${unit}`}`
  if (!/^[+-]?\d+$/.test(trimmed)) return Either.left(`enter a whole number (${range})`)
  const value = Number(trimmed)
  if (value < min || value > max) return Either.left(`must be between ${range}`)
  return Either.right(value)
}

/** Whether a program can be run: a path to an executable file, or a name found on PATH. */
export interface ExecutableCheck {
  readonly home: string
  readonly pathVariable: string | undefined
  readonly platform: NodeJS.Platform
}

const isExecutableFile = (file: string, platform: NodeJS.Platform): boolean => {
  try {
    if (!fs.statSync(file).isFile()) return false
    if (platform === "win32") return true
    fs.accessSync(file, fs.constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** The program as written (`~` expanded) if it can be run. */
export const findExecutable = (program: string, check: ExecutableCheck): string | undefined => {
  const expanded = expandHome(program, check.home)
  if (expanded.includes("/") || expanded.includes("\\")) {
    return isExecutableFile(expanded, check.platform) ? expanded : undefined
  }
  const dirs = (check.pathVariable ?? "").split(check.platform === "win32" ? ";" : ":").filter((d) => d !== "")
  const suffixes = check.platform === "win32" ? ["", ".exe", ".cmd", ".bat"] : [""]
  for (const dir of dirs) {
    for (const suffix of suffixes) {
      if (isExecutableFile(path.join(dir, expanded + suffix), check.platform)) return expanded
    }
  }
  return undefined
}

/** A program path; empty is allowed when `optional` (it then means "the system default"). */
export const validateProgram = (
  text: string,
  check: ExecutableCheck,
  optional: boolean
): Either.Either<string, string> => {
  const program = text.trim()
  if (program === "") return optional ? Either.right("") : Either.left("enter the path of a program")
  return findExecutable(program, check) === undefined
    ? Either.left(`${program} is not an executable file`)
    : Either.right(program)
}

/** Splits a command line into words; single and double quotes group, a backslash escapes. */
export const splitCommand = (text: string): Either.Either<ReadonlyArray<string>, string> => {
  const words: Array<string> = []
  let current = ""
  let started = false
  let quote: "'" | "\"" | undefined
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quote !== undefined) {
      if (c === quote) quote = undefined
      else if (c === "\\" && quote === "\"" && i + 1 < text.length) current += text[++i]
      else current += c
    } else if (c === "'" || c === "\"") {
      quote = c
      started = true
    } else if (c === "\\" && i + 1 < text.length) {
      current += text[++i]
      started = true
    } else if (/\s/.test(c)) {
      if (started) words.push(current)
      current = ""
      started = false
    } else {
      current += c
      started = true
    }
  }
  if (quote !== undefined) return Either.left(`unclosed ${quote} quote`)
  if (started) words.push(current)
  return Either.right(words)
}

/** Shows a command as the user would type it (the inverse of `splitCommand`). */
export const joinCommand = (words: ReadonlyArray<string>): string =>
  words.map((w) => (w === "" || /[\s'"\\]/.test(w) ? `'${w.replace(/'/g, "'\\''")}'` : w)).join(" ")

/** `UrlExecCommand`: a runnable program and at least one argument containing `%s` for the URL. */
export const validateUrlExecCommand = (
  text: string,
  check: ExecutableCheck
): Either.Either<ReadonlyArray<string>, string> =>
  Either.flatMap(splitCommand(text), (words) => {
    const [program, ...args] = words
    if (program === undefined) return Either.left("enter a program and its arguments, e.g. firefox --new-tab %s")
    if (!args.some((a) => a.includes("%s"))) return Either.left("one argument must contain %s (the URL goes there)")
    if (findExecutable(program, check) === undefined) return Either.left(`${program} is not an executable file`)
    return Either.right(words)
  })

/** A role every ProfileFormat template is tried on before it is accepted. */
export const sampleRole = {
  Id: 0,
  AccountId: 123456789012,
  AccountIdPad: "123456789012",
  AccountName: "",
  AccountAlias: "prod-main",
  EmailAddress: "aws-prod@example.com",
  ExpiresEpoch: 0,
  Expires: "",
  Arn: "arn:aws:iam::123456789012:role/AdministratorAccess",
  RoleName: "AdministratorAccess",
  Profile: "",
  DefaultRegion: "us-east-1",
  SSO: "Default",
  SSORegion: "us-east-1",
  StartUrl: "https://d-xxxxxxxxxx.awsapps.com/start",
  Tags: { AccountAlias: "prod-main", Role: "AdministratorAccess" },
  Via: ""
}

/** What a ProfileFormat makes of the sample role, or why it cannot be used. */
export const exampleProfileName = (format: string): Either.Either<string, string> =>
  Either.mapLeft(renderProfileName(format, sampleRole), (e) => e.message)

/** A ProfileFormat template that compiles and renders a non-empty name for the sample role. */
export const validateProfileFormat = (text: string): Either.Either<string, string> => {
  const format = text.trim()
  if (format === "") return Either.left("enter a template, e.g. {{ .AccountIdPad }}:{{ .RoleName }}")
  return Either.flatMap(exampleProfileName(format), (name) =>
    name.trim() === ""
      ? Either.left("the template renders an empty profile name")
      : Either.right(format))
}

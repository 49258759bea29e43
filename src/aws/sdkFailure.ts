/**
 * What the live adapters need to know about a value an SDK call rejected with, read by duck typing
 * so this module does not load the SDK. Everything that ends up in an error message passes through
 * `scrub`, which removes the secrets of the call.
 */
import { ParseResult, Predicate } from "effect"

/** The parts of an SDK failure that decide how it is mapped. */
export interface SdkFailure {
  /** The exception name (`UnauthorizedException`, `TimeoutError`, ...). */
  readonly name: string
  /** The HTTP status, when a response arrived. */
  readonly status: number | undefined
  /** True when no HTTP response arrived: refused, reset, DNS, timeout. */
  readonly network: boolean
  /** The server's explanation (OIDC `error_description`, else `message`), or the local error's message. */
  readonly detail: string
}

const stringField = (value: Record<PropertyKey, unknown>, key: string): string | undefined => {
  const field = value[key]
  return typeof field === "string" && field !== "" ? field : undefined
}

// Node-style system error codes (ECONNREFUSED, ECONNRESET, ENOTFOUND, ETIMEDOUT, EPIPE, ...).
const systemErrorCode = /^E[A-Z0-9_]+$/

/** Reads a rejected SDK call. */
export const describeSdkFailure = (error: unknown): SdkFailure => {
  if (!Predicate.isRecord(error)) return { name: "Error", status: undefined, network: false, detail: String(error) }
  const record = error
  const name = stringField(record, "name") ?? "Error"
  const metadata = record.$metadata
  const httpStatus = Predicate.isRecord(metadata) ? metadata.httpStatusCode : undefined
  const status = typeof httpStatus === "number" ? httpStatus : undefined
  const code = stringField(record, "code")
  const network = status === undefined &&
    ((code !== undefined && systemErrorCode.test(code)) || name === "TimeoutError" || name === "RequestTimeout")
  const message = stringField(record, "message")
  // OIDC errors have no `message` member: JS reports "UnknownError" and keeps `error_description`.
  const detail = stringField(record, "error_description") ??
    (message !== undefined && message !== "UnknownError" ? message : code ?? name)
  return { name, status, network, detail }
}

const maxReasonLength = 200

/** One line, at most 200 characters, with every secret of the call replaced by `***`. */
export const scrub = (text: string, secrets: ReadonlyArray<string | undefined>): string => {
  let line = text
  for (const secret of secrets) {
    // Very short values would blank out ordinary words; real tokens and secrets are long.
    if (secret !== undefined && secret.length >= 6) line = line.split(secret).join("***")
  }
  line = line.replace(/\s+/g, " ").trim()
  return line.length > maxReasonLength ? `${line.slice(0, maxReasonLength - 3)}...` : line
}

/** The server's explanation alone, for errors whose type already says what happened. */
export const failureDetail = (failure: SdkFailure, secrets: ReadonlyArray<string | undefined>): string =>
  scrub(failure.detail, secrets)

/** Name, HTTP status and explanation, for catch-all errors. */
export const failureSummary = (failure: SdkFailure, secrets: ReadonlyArray<string | undefined>): string => {
  const head = failure.status === undefined ? failure.name : `${failure.name} (HTTP ${failure.status})`
  return failure.detail === failure.name ? scrub(head, secrets) : scrub(`${head}: ${failure.detail}`, secrets)
}

/**
 * Why a response could not be decoded, naming the fields only: the formatter's own messages quote
 * the offending values, which may be tokens.
 */
export const responseProblem = (error: ParseResult.ParseError): string => {
  const paths = ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) =>
    issue.path.length === 0 ? "(response)" : issue.path.map(String).join(".")
  )
  return `unexpected response from AWS: missing or invalid ${Array.from(new Set(paths)).join(", ")}`
}

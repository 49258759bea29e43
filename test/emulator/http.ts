/** The request context every handler gets and the small reply type handlers return (the server writes it). */
import type { IncomingHttpHeaders } from "node:http"
import type { Directory } from "./directory"
import type { Knobs } from "./knobs"
import type { EmulatorState } from "./state"

export interface RequestContext {
  readonly method: string
  readonly url: URL
  readonly headers: IncomingHttpHeaders
  readonly body: string
  readonly nowMs: number
  /** "http://127.0.0.1:PORT", for URLs the emulator hands out (device page, redirects). */
  readonly baseUrl: string
  readonly state: EmulatorState
  readonly knobs: Knobs
  readonly directory: Directory
}

/** Branded so a handler can return "value or error reply" and a decoded JSON body can never pass for a reply. */
const replyBrand: unique symbol = Symbol("Reply")

export interface Reply {
  readonly [replyBrand]: true
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

export const reply = (status: number, headers: Record<string, string>, body: string): Reply => ({
  [replyBrand]: true,
  status,
  headers,
  body
})

export const isReply = (value: unknown): value is Reply =>
  typeof value === "object" && value !== null && replyBrand in value

export const jsonReply = (status: number, value: unknown, headers: Record<string, string> = {}): Reply =>
  reply(status, { "Content-Type": "application/json", ...headers }, JSON.stringify(value))

export const emptyReply = (status: number): Reply => reply(status, {}, "")

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** A tiny page; `bodyHtml` must already be escaped. */
export const htmlReply = (status: number, title: string, bodyHtml: string): Reply =>
  reply(
    status,
    { "Content-Type": "text/html; charset=utf-8" },
    `<!doctype html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
      `<body><h1>${escapeHtml(title)}</h1>${bodyHtml}</body></html>\n`
  )

export const textReply = (status: number, text: string): Reply =>
  reply(status, { "Content-Type": "text/plain; charset=utf-8" }, `${text}\n`)

export const redirectReply = (location: string): Reply =>
  reply(302, { Location: location, "Content-Type": "text/plain; charset=utf-8" }, "Redirecting\n")

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** A JSON request body as a record; anything else (bad JSON, an array) yields undefined. */
export const parseJsonObject = (body: string): Record<string, unknown> | undefined => {
  if (body.trim() === "") return {}
  try {
    const value: unknown = JSON.parse(body)
    return isRecord(value) ? value : undefined
  } catch {
    return undefined
  }
}

export const optionalString = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined)

/** A string array member; a non-array or an array with non-strings yields undefined. */
export const optionalStringArray = (value: unknown): Array<string> | undefined =>
  Array.isArray(value) && value.every((item) => typeof item === "string") ? value : undefined

export const headerValue = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name.toLowerCase()]
  return Array.isArray(value) ? value[0] : value
}

/** Seconds as the integer the wire wants; fractional knobs (handy in tests) round up so 0.2 s shows as 1. */
export const wireSeconds = (seconds: number): number => Math.ceil(seconds)

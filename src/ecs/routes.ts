/**
 * The ECS server's API (upstream §5) as a pure function: a request, the slots and the time in;
 * the reply, the new slots and what changed out. The HTTP server around it only does I/O.
 *
 * Departures from upstream, all where upstream crashed or contradicted itself:
 * - `GET /` and `DELETE /` with an empty default slot answer 404 `Credentials unavailable`
 *   (upstream panicked after `DELETE /`, Appendix A.2);
 * - `DELETE /slot` empties every named slot, as upstream's docs say (its code answered 404, A.4);
 * - a server without a token accepts requests that carry an `Authorization` header (A.3);
 * - a missing `Authorization` header is 401, a wrong one 403;
 * - on a loopback server, a `Host` header that names another machine is 403 (DNS rebinding).
 */
import { Either, HashMap, Option, type Redacted } from "effect"
import { isoUtcSeconds } from "../credentials/outputs"
import { isLoopbackHostHeader } from "./address"
import { checkAuthorization } from "./auth"
import {
  credentialsReply,
  defaultKey,
  getSlot,
  isSlotExpired,
  namedKey,
  parseLoadRequest,
  profileEntry,
  setSlot,
  type Slot,
  type SlotKey,
  type SlotState
} from "./model"

export interface EcsRequest {
  readonly method: string
  /** The request target as sent: path and query. */
  readonly target: string
  readonly authorization: string | undefined
  readonly body: string
  /** The `Host` header, if any. */
  readonly host?: string | undefined
}

export interface RouteContext {
  readonly nowMs: number
  /** The bearer token clients must send; none when auth is disabled. */
  readonly token: Option.Option<Redacted.Redacted<string>>
  /**
   * The server listens on loopback only, so every honest request names this machine in `Host`;
   * another name is a web page reaching it through DNS rebinding.
   */
  readonly loopbackOnly?: boolean | undefined
}

export interface EcsReply {
  readonly status: number
  readonly body: unknown
  readonly headers?: Readonly<Record<string, string>>
}

/** A slot whose content was replaced or removed, so its refresh schedule must follow. */
export type SlotChange =
  | { readonly _tag: "Loaded"; readonly key: SlotKey; readonly slot: Slot }
  | { readonly _tag: "Removed"; readonly key: SlotKey }

export interface RouteResult {
  readonly reply: EcsReply
  readonly state: SlotState
  readonly changes: ReadonlyArray<SlotChange>
}

export const messages = {
  ok: "OK",
  expired: "Credentials expired",
  unavailable: "Credentials unavailable",
  badRequest: "Bad request",
  invalidToken: "Invalid authorization token",
  missingToken: "Authorization required",
  foreignHost: "Invalid Host header"
} as const

export const statusReply = (status: number, message: string, headers?: Record<string, string>): EcsReply => ({
  status,
  body: { code: String(status), message },
  ...(headers ? { headers } : {})
})

const unchanged = (state: SlotState, reply: EcsReply): RouteResult => ({ reply, state, changes: [] })

/** Routes one request; `/healthcheck…` needs no token, everything else does. */
export const routeRequest = (request: EcsRequest, state: SlotState, ctx: RouteContext): RouteResult => {
  if (ctx.loopbackOnly === true && !isLoopbackHostHeader(request.host)) {
    return unchanged(state, statusReply(403, messages.foreignHost))
  }
  const pathname = pathOf(request.target)
  if (pathname === "/healthcheck" || pathname.startsWith("/healthcheck/")) {
    return unchanged(state, healthcheck(request, pathname, state, ctx.nowMs))
  }
  const auth = checkAuthorization(request.authorization, ctx.token)
  if (auth === "missing") {
    return unchanged(state, statusReply(401, messages.missingToken, { "WWW-Authenticate": "Bearer" }))
  }
  if (auth === "invalid") return unchanged(state, statusReply(403, messages.invalidToken))
  if (pathname === "/slot" || pathname.startsWith("/slot/")) return slotRoute(request, pathname, state, ctx.nowMs)
  if (pathname === "/profile") return unchanged(state, profileRoute(request, state, ctx.nowMs))
  return defaultRoute(request, state, ctx.nowMs)
}

export const pathOf = (target: string): string => {
  const q = target.search(/[?#]/)
  return q === -1 ? target : target.slice(0, q)
}

/** The slot name after `/slot/`, URL-decoded; "" for `/slot` itself; undefined when badly escaped. */
const slotName = (pathname: string): string | undefined => {
  const raw = pathname === "/slot" ? "" : pathname.slice("/slot/".length)
  try {
    return decodeURIComponent(raw)
  } catch {
    return undefined
  }
}

const credentialsOf = (slot: Option.Option<Slot>, nowMs: number): EcsReply =>
  Option.match(slot, {
    onNone: () => statusReply(404, messages.unavailable),
    onSome: (s) =>
      isSlotExpired(s, nowMs) ? statusReply(404, messages.expired) : { status: 200, body: credentialsReply(s) }
  })

const defaultRoute = (request: EcsRequest, state: SlotState, nowMs: number): RouteResult => {
  const { method } = request
  if (method !== "GET" && method !== "PUT" && method !== "DELETE") {
    return unchanged(state, statusReply(400, messages.badRequest))
  }
  // Only the exact target is the default slot, as upstream: `/?x` and `/foo` are no credentials.
  if (request.target !== "/") return unchanged(state, statusReply(404, messages.unavailable))
  if (method === "GET") return unchanged(state, credentialsOf(state.default, nowMs))
  if (method === "DELETE") {
    if (Option.isNone(state.default)) return unchanged(state, statusReply(404, messages.unavailable))
    return {
      reply: statusReply(200, messages.ok),
      state: { ...state, default: Option.none() },
      changes: [{ _tag: "Removed", key: defaultKey }]
    }
  }
  const parsed = parseLoadRequest(request.body)
  if (Either.isLeft(parsed)) return unchanged(state, statusReply(500, parsed.left))
  if (isSlotExpired(parsed.right, nowMs)) return unchanged(state, statusReply(404, messages.expired))
  return loaded(state, defaultKey, parsed.right)
}

const loaded = (state: SlotState, key: SlotKey, slot: Slot): RouteResult => ({
  reply: statusReply(200, messages.ok),
  state: setSlot(state, key, slot),
  changes: [{ _tag: "Loaded", key, slot }]
})

const profileRoute = (request: EcsRequest, state: SlotState, nowMs: number): EcsReply => {
  if (request.method !== "GET") return statusReply(400, messages.badRequest)
  return Option.match(state.default, {
    onNone: () => statusReply(404, messages.unavailable),
    onSome: (slot) =>
      isSlotExpired(slot, nowMs) ? statusReply(404, messages.expired) : { status: 200, body: profileEntry(slot, nowMs) }
  })
}

/** Every live named slot, by profile name (upstream's order was random). */
export const liveSlots = (state: SlotState, nowMs: number): ReadonlyArray<Slot> =>
  Array.from(HashMap.values(state.named))
    .filter((slot) => !isSlotExpired(slot, nowMs))
    .sort((a, b) => a.profileName < b.profileName ? -1 : a.profileName > b.profileName ? 1 : 0)

const slotRoute = (request: EcsRequest, pathname: string, state: SlotState, nowMs: number): RouteResult => {
  const name = slotName(pathname)
  if (name === undefined) return unchanged(state, statusReply(400, messages.badRequest))
  switch (request.method) {
    case "GET":
      return unchanged(
        state,
        name === ""
          ? { status: 200, body: liveSlots(state, nowMs).map((slot) => profileEntry(slot, nowMs)) }
          : credentialsOf(HashMap.get(state.named, name), nowMs)
      )
    case "PUT": {
      // As upstream, the slot is the body's ProfileName; the name in the URL is informational.
      const parsed = parseLoadRequest(request.body)
      if (Either.isLeft(parsed)) return unchanged(state, statusReply(500, parsed.left))
      if (isSlotExpired(parsed.right, nowMs)) return unchanged(state, statusReply(500, "expired creds"))
      return loaded(state, namedKey(parsed.right.profileName), parsed.right)
    }
    case "DELETE": {
      if (name === "") {
        const names = Array.from(HashMap.keys(state.named))
        return {
          reply: statusReply(200, messages.ok),
          state: { ...state, named: HashMap.empty() },
          changes: names.map((n) => ({ _tag: "Removed", key: namedKey(n) }))
        }
      }
      if (!HashMap.has(state.named, name)) return unchanged(state, statusReply(404, messages.unavailable))
      return {
        reply: statusReply(200, messages.ok),
        state: { ...state, named: HashMap.remove(state.named, name) },
        changes: [{ _tag: "Removed", key: namedKey(name) }]
      }
    }
    default:
      return unchanged(state, statusReply(400, messages.badRequest))
  }
}

const healthOf = (slot: Option.Option<Slot>, nowMs: number, missing: string): EcsReply =>
  Option.match(slot, {
    onNone: () => ({ status: 503, body: { status: missing } }),
    onSome: (s) =>
      isSlotExpired(s, nowMs)
        ? { status: 503, body: { status: "credentials expired" } }
        : {
          status: 200,
          body: { status: "ok", profile: s.profileName, expires: isoUtcSeconds(s.credentials.expiration) }
        }
  })

const healthcheck = (request: EcsRequest, pathname: string, state: SlotState, nowMs: number): EcsReply => {
  if (request.method !== "GET") return statusReply(400, messages.badRequest)
  if (pathname === "/healthcheck") return healthOf(state.default, nowMs, "no credentials loaded")
  if (pathname.startsWith("/healthcheck/slot/")) {
    const name = slotName(pathname.slice("/healthcheck".length))
    if (name === undefined || name === "") return statusReply(400, messages.badRequest)
    return healthOf(getSlot(state, namedKey(name)), nowMs, "slot not found")
  }
  return statusReply(400, messages.badRequest)
}

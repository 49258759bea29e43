/**
 * The ECS credential server: `routeRequest` behind `Bun.serve` (HTTP, or HTTPS with the stored
 * certificate), the slots in a Ref, one log line per request, and a fiber per slot loaded from a
 * profile that renews its credentials before they expire. A load request names its own source, so
 * a slot loaded over HTTP is renewed only when the refresher vouches that its credentials are the
 * ones this tool obtained for that role (`SlotRefresher.issued`).
 */
import { Clock, Duration, Effect, FiberMap, Option, Redacted, Ref, Runtime, type Scope } from "effect"
import { isoUtcSeconds } from "../credentials/outputs"
import { isLoopbackAddress } from "./address"
import { EcsListenFailed } from "./errors"
import {
  defaultKey,
  emptySlots,
  getSlot,
  setSlot,
  type Slot,
  type SlotCredentials,
  type SlotKey,
  slotKeyId,
  type SlotSource,
  type SlotState
} from "./model"
import { refreshDelay, retryDelay } from "./refreshPlan"
import { type EcsReply, pathOf, routeRequest, type SlotChange, statusReply } from "./routes"

/** Renews the credentials of a slot's source role, silently (never a browser). */
export interface SlotRefresher {
  /** The SSO instance whose profiles this server can renew. */
  readonly sso: string
  readonly fetch: (source: SlotSource) => Effect.Effect<SlotCredentials, { readonly message: string }>
  /**
   * Whether `credentials` are the ones this tool obtained for `source`'s role (the copy in the
   * store), that is whether the load came from the user's own `ecs load`. A load request names its
   * source itself, so without this check any client could PUT made-up credentials with the ARN of
   * any role and have the server fetch real ones for it. Without `issued`, slots loaded over HTTP
   * are never renewed; only `preload` is.
   */
  readonly issued?: (
    source: SlotSource,
    credentials: SlotCredentials
  ) => Effect.Effect<boolean, { readonly message: string }>
}

export interface EcsServerOptions {
  readonly bindIp: string
  /** 0 picks a free port. */
  readonly port: number
  readonly token: Option.Option<Redacted.Redacted<string>>
  readonly tls: Option.Option<{ readonly cert: string; readonly key: Redacted.Redacted<string> }>
  readonly refresher: Option.Option<SlotRefresher>
  /** Credentials for the default slot, loaded before the first request (`--default`). */
  readonly preload?: Slot | undefined
}

export interface EcsServer {
  /** `http(s)://<ip>:<port>`, IPv6 in brackets. */
  readonly url: string
  readonly port: number
  readonly slots: Effect.Effect<SlotState>
}

/** Bodies are tiny; anything larger is not a load request. */
const maxBodyBytes = 64 * 1024

const jsonHeaders = { "Content-Type": "application/json; charset=utf-8" }

export const hostForUrl = (ip: string): string => ip.includes(":") && !ip.startsWith("[") ? `[${ip}]` : ip

const toResponse = (reply: EcsReply): Response =>
  new Response(JSON.stringify(reply.body) + "\n", {
    status: reply.status,
    headers: { ...jsonHeaders, ...reply.headers }
  })

const describeKey = (key: SlotKey, slot: Slot): string =>
  key._tag === "Default" ? `the default slot (${slot.profileName})` : `slot ${slot.profileName}`

/** Starts the server in the current scope; closing the scope stops it and every refresh fiber. */
export const startEcsServer = (options: EcsServerOptions): Effect.Effect<EcsServer, EcsListenFailed, Scope.Scope> =>
  Effect.gen(function*() {
    const state = yield* Ref.make<SlotState>(emptySlots)
    const refreshers = yield* FiberMap.make<string>()
    const runtime = yield* Effect.runtime<never>()
    const runPromise = Runtime.runPromise(runtime)
    const loopbackOnly = isLoopbackAddress(options.bindIp)

    const keepFresh = (refresher: SlotRefresher, key: SlotKey, first: Slot, source: SlotSource) =>
      Effect.gen(function*() {
        let current = first
        let obtainedAt = yield* Clock.currentTimeMillis
        while (true) {
          const now = yield* Clock.currentTimeMillis
          yield* Effect.sleep(Duration.millis(refreshDelay(now, obtainedAt, current.credentials.expiration)))
          const renewed = yield* renew(refresher, key, current, source)
          if (Option.isNone(renewed)) return
          const next: Slot = { ...current, credentials: renewed.value }
          const replaced = yield* Ref.modify(state, (s): [boolean, SlotState] => {
            const live = getSlot(s, key)
            return Option.isSome(live) && live.value === current ? [true, setSlot(s, key, next)] : [false, s]
          })
          if (!replaced) return
          yield* Effect.logInfo(
            `Refreshed the credentials of ${describeKey(key, next)}; they expire at ` +
              isoUtcSeconds(next.credentials.expiration)
          )
          current = next
          obtainedAt = yield* Clock.currentTimeMillis
        }
      })

    // Tries until it gets newer credentials or the current ones are no longer served.
    const renew = (refresher: SlotRefresher, key: SlotKey, current: Slot, source: SlotSource) =>
      Effect.gen(function*() {
        while (true) {
          const result = yield* Effect.either(refresher.fetch(source))
          let reason: string
          if (result._tag === "Right") {
            if (result.right.expiration > current.credentials.expiration) return Option.some(result.right)
            reason = "AWS returned no newer credentials"
          } else {
            reason = result.left.message
          }
          const now = yield* Clock.currentTimeMillis
          const wait = retryDelay(now, current.credentials.expiration)
          if (wait === undefined) {
            yield* Effect.logError(`The credentials of ${describeKey(key, current)} expired: ${reason}`)
            return Option.none<SlotCredentials>()
          }
          yield* Effect.logWarning(
            `Cannot refresh the credentials of ${describeKey(key, current)} yet (next try in ` +
              `${Math.ceil(wait / 1000)}s): ${reason}`
          )
          yield* Effect.sleep(Duration.millis(wait))
        }
        return Option.none<SlotCredentials>()
      })

    // Why a slot loaded over HTTP may not be renewed; none when its credentials are the user's own.
    const unvouched = (refresher: SlotRefresher, slot: Slot, source: SlotSource) =>
      refresher.issued === undefined
        ? Effect.succeed(Option.some("this server renews only the profile it was started with"))
        : refresher.issued(source, slot.credentials).pipe(
          Effect.map((issued) =>
            issued ? Option.none() : Option.some(`its credentials are not the ones aws-sso holds for ${source.roleArn}`)
          ),
          Effect.catchAll((error) =>
            Effect.succeed(Option.some(`cannot check its credentials against the store: ${error.message}`))
          )
        )

    /** `trusted`: the slot was loaded by this process (`preload`), not by a request. */
    const follow = (change: SlotChange, trusted = false): Effect.Effect<void> => {
      const id = slotKeyId(change.key)
      if (change._tag === "Removed") return FiberMap.remove(refreshers, id)
      const slot = change.slot
      const refresher = options.refresher
      if (Option.isNone(slot.source) || Option.isNone(refresher)) return FiberMap.remove(refreshers, id)
      const source = slot.source.value
      if (source.sso !== refresher.value.sso) {
        return FiberMap.remove(refreshers, id).pipe(Effect.zipRight(Effect.logInfo(
          `${describeKey(change.key, slot)} comes from the AWS SSO instance "${source.sso}"; this server renews ` +
            `only profiles of "${refresher.value.sso}", so it is served until it expires`
        )))
      }
      return Effect.gen(function*() {
        const refusal = trusted ? Option.none() : yield* unvouched(refresher.value, slot, source)
        if (Option.isSome(refusal)) {
          yield* FiberMap.remove(refreshers, id)
          yield* Effect.logWarning(
            `${describeKey(change.key, slot)} is not renewed, only served until it expires: ${refusal.value}`
          )
          return
        }
        // A later load of the same slot may have overtaken this one while the store was read.
        const live = getSlot(yield* Ref.get(state), change.key)
        if (Option.isNone(live) || live.value !== slot) return
        yield* FiberMap.run(refreshers, id, keepFresh(refresher.value, change.key, slot, source))
      })
    }

    const handle = (request: Request, remote: string): Effect.Effect<Response> =>
      Effect.gen(function*() {
        const started = yield* Clock.currentTimeMillis
        const url = new URL(request.url)
        const target = url.pathname + url.search
        const hasBody = request.method === "PUT" || request.method === "POST"
        const body = hasBody ? yield* Effect.promise(() => request.text()) : ""
        const now = yield* Clock.currentTimeMillis
        const result = yield* Ref.modify(state, (s) => {
          const r = routeRequest(
            {
              method: request.method,
              target,
              authorization: request.headers.get("authorization") ?? undefined,
              body,
              host: request.headers.get("host") ?? undefined
            },
            s,
            { nowMs: now, token: options.token, loopbackOnly }
          )
          return [r, r.state] as const
        })
        yield* Effect.forEach(result.changes, (change) => follow(change), { discard: true })
        const elapsed = (yield* Clock.currentTimeMillis) - started
        // The path names a slot (a profile name) at most; tokens and keys never reach the log.
        yield* Effect.logInfo(`${remote} ${request.method} ${pathOf(target)} ${result.reply.status} ${elapsed}ms`)
        return toResponse(result.reply)
      }).pipe(
        Effect.catchAllCause((cause) =>
          Effect.logError(`${remote} ${request.method} failed`, cause).pipe(
            Effect.as(toResponse(statusReply(500, "Internal server error")))
          )
        )
      )

    const address = `${hostForUrl(options.bindIp)}:${options.port}`
    const server = yield* Effect.acquireRelease(
      Effect.try({
        try: () =>
          Bun.serve({
            hostname: options.bindIp,
            port: options.port,
            maxRequestBodySize: maxBodyBytes,
            ...Option.match(options.tls, {
              onNone: () => ({}),
              onSome: (tls) => ({ tls: { cert: tls.cert, key: Redacted.value(tls.key) } })
            }),
            fetch: (request, srv) => {
              const ip = srv.requestIP(request)
              return runPromise(handle(request, ip ? hostForUrl(ip.address) : "-"))
            },
            error: () => toResponse(statusReply(500, "Internal server error"))
          }),
        catch: (error) =>
          new EcsListenFailed({ address, reason: error instanceof Error ? error.message : String(error) })
      }),
      (srv) => Effect.promise(() => srv.stop(true))
    )

    if (options.preload !== undefined) {
      const preload = options.preload
      yield* Ref.update(state, (s) => setSlot(s, defaultKey, preload))
      yield* follow({ _tag: "Loaded", key: defaultKey, slot: preload }, true)
    }

    const port = server.port ?? options.port
    const scheme = Option.isSome(options.tls) ? "https" : "http"
    return { url: `${scheme}://${hostForUrl(options.bindIp)}:${port}`, port, slots: Ref.get(state) }
  })

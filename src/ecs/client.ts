/**
 * The client side of the ECS server, for `ecs load`, `ecs list`, `ecs profile` and `ecs unload`.
 * As upstream, it speaks HTTPS when the store holds the server's certificate (trusting it on top
 * of the system roots) and sends the bearer token when the store holds one.
 */
import { Duration, Effect, Either, Option, Redacted, Schema } from "effect"
import * as nodeTls from "node:tls"
import type { EcsServerAddress } from "./address"
import {
  EcsNoProfileLoaded,
  EcsServerHttpError,
  EcsServerReplyInvalid,
  EcsServerUnreachable
} from "./errors"
import { loadRequestBody, ProfileEntry, type Slot, StatusBody } from "./model"

export interface EcsClientConfig {
  readonly address: EcsServerAddress
  readonly token: Option.Option<Redacted.Redacted<string>>
  /** The PEM certificate chain of the server; its presence switches the client to HTTPS. */
  readonly certChain: Option.Option<string>
  readonly timeout?: Duration.DurationInput | undefined
}

export type EcsClientFailure = EcsServerUnreachable | EcsServerHttpError | EcsServerReplyInvalid

export interface EcsClient {
  readonly baseUrl: string
  /** `PUT /`, or `PUT /slot/<profile>` with `slotted`. */
  readonly load: (slot: Slot, slotted: boolean) => Effect.Effect<void, EcsClientFailure>
  /** `GET /slot`: the live named slots. */
  readonly list: Effect.Effect<ReadonlyArray<ProfileEntry>, EcsClientFailure>
  /** `GET /profile`: the default slot. */
  readonly profile: Effect.Effect<ProfileEntry, EcsClientFailure | EcsNoProfileLoaded>
  /** `DELETE /slot/<profile>`, or `DELETE /` without a profile. */
  readonly unload: (profile: Option.Option<string>) => Effect.Effect<void, EcsClientFailure>
}

interface RawReply {
  readonly status: number
  readonly text: string
}

const decodeStatus = Schema.decodeUnknownOption(Schema.parseJson(StatusBody))
const decodeEntries = Schema.decodeUnknownEither(Schema.parseJson(Schema.Array(ProfileEntry)))
const decodeEntry = Schema.decodeUnknownEither(Schema.parseJson(ProfileEntry))

const detailOf = (reply: RawReply): string =>
  Option.match(decodeStatus(reply.text), {
    onNone: () => "",
    onSome: (body) => `(${body.message})`
  })

const reasonOf = (error: unknown): string => {
  if (!(error instanceof Error)) return String(error)
  const code = (error as { code?: unknown }).code
  if (error.name === "TimeoutError") return "no answer in time"
  return typeof code === "string" && code !== "" ? `${code}: ${error.message}` : error.message
}

export const makeEcsClient = (config: EcsClientConfig): EcsClient => {
  const scheme = Option.isSome(config.certChain) ? "https" : "http"
  const baseUrl = `${scheme}://${config.address.host}:${config.address.port}`
  const timeoutMs = Duration.toMillis(Duration.decode(config.timeout ?? Duration.seconds(10)))
  const tls = Option.match(config.certChain, {
    onNone: () => ({}),
    // Read only here: loading Bun's bundled root certificates costs tens of milliseconds.
    onSome: (pem) => ({ tls: { ca: [...nodeTls.rootCertificates, pem] } })
  })

  const request = (method: string, path: string, body?: string): Effect.Effect<RawReply, EcsServerUnreachable> =>
    Effect.tryPromise({
      try: async (signal) => {
        const headers: Record<string, string> = { "Content-Type": "application/json; charset=utf-8" }
        if (Option.isSome(config.token)) headers.Authorization = `Bearer ${Redacted.value(config.token.value)}`
        const response = await fetch(`${baseUrl}${path}`, {
          method,
          headers,
          ...(body === undefined ? {} : { body }),
          signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
          ...tls
        })
        return { status: response.status, text: await response.text() }
      },
      catch: (error) => new EcsServerUnreachable({ url: baseUrl, reason: reasonOf(error) })
    })

  const expectOk = (reply: RawReply): Effect.Effect<void, EcsServerHttpError> =>
    reply.status === 200
      ? Effect.void
      : Effect.fail(new EcsServerHttpError({ status: reply.status, detail: detailOf(reply) }))

  return {
    baseUrl,
    load: (slot, slotted) =>
      request("PUT", slotted ? `/slot/${encodeURIComponent(slot.profileName)}` : "/", loadRequestBody(slot)).pipe(
        Effect.flatMap(expectOk)
      ),
    list: request("GET", "/slot").pipe(
      Effect.tap(expectOk),
      Effect.flatMap((reply) =>
        Either.mapLeft(decodeEntries(reply.text), () =>
          new EcsServerReplyInvalid({ path: "/slot", reason: "expected a JSON list of profiles" }))
      )
    ),
    profile: request("GET", "/profile").pipe(
      Effect.flatMap((reply): Effect.Effect<ProfileEntry, EcsClientFailure | EcsNoProfileLoaded> => {
        if (reply.status === 404) return Effect.fail(new EcsNoProfileLoaded())
        if (reply.status !== 200) {
          return Effect.fail(new EcsServerHttpError({ status: reply.status, detail: detailOf(reply) }))
        }
        return Either.mapLeft(decodeEntry(reply.text), () =>
          new EcsServerReplyInvalid({ path: "/profile", reason: "expected a profile entry" }))
      })
    ),
    unload: (profile) =>
      request(
        "DELETE",
        Option.match(profile, { onNone: () => "/", onSome: (name) => `/slot/${encodeURIComponent(name)}` })
      ).pipe(Effect.flatMap(expectOk))
  }
}

/**
 * The server over real HTTP on a loopback port, with the TestClock driving the self-refresh of
 * slots loaded from a profile.
 */
import { describe, expect } from "bun:test"
import { Effect, Option, Redacted, Ref, TestClock } from "effect"
import * as http from "node:http"
import { sameCredentials } from "../../../src/ecs/auth"
import { loadRequestBody, type Slot, type SlotCredentials } from "../../../src/ecs/model"
import { startEcsServer } from "../../../src/ecs/server"
import { effect } from "../../support/effect"

const minute = 60_000

const credentials = (key: string, expiration: number): SlotCredentials => ({
  accountId: "000123456789",
  roleName: "Admin",
  accessKeyId: key,
  secretAccessKey: Redacted.make(`secret-${key}`),
  sessionToken: Redacted.make(`token-${key}`),
  expiration,
  roleChaining: false
})

const profileSlot = (key: string, expiration: number, sso = "Default"): Slot => ({
  profileName: "dev:Admin",
  credentials: credentials(key, expiration),
  source: Option.some({ sso, roleArn: "arn:aws:iam::000123456789:role/Admin" })
})

const get = (url: string, path = "/") =>
  Effect.promise(async () => {
    const response = await fetch(url + path, { headers: { Authorization: "Bearer tkn" } })
    return { status: response.status, body: (await response.json()) as Record<string, unknown> }
  })

/** Lets the woken refresh fiber run to completion (the TestClock only wakes it). */
const settle = Effect.forEach(Array.from({ length: 20 }), () => Effect.yieldNow(), { discard: true })

/** A refresher that hands out K1, K2, … expiring an hour after the (test) clock's now, or fails. */
const fakeRefresher = (fail: Ref.Ref<boolean>, calls: Ref.Ref<number>) => ({
  sso: "Default",
  fetch: () =>
    Effect.gen(function*() {
      const n = yield* Ref.updateAndGet(calls, (c) => c + 1)
      if (yield* Ref.get(fail)) return yield* Effect.fail({ message: "the SSO session expired" })
      const now = yield* TestClock.currentTimeMillis
      return credentials(`K${n}`, now + 60 * minute)
    })
})

describe("ecs server", () => {
  effect("renews a profile's credentials 15 minutes before they expire, again and again", () =>
    Effect.scoped(Effect.gen(function*() {
      const fail = yield* Ref.make(false)
      const calls = yield* Ref.make(0)
      const server = yield* startEcsServer({
        bindIp: "127.0.0.1",
        port: 0,
        token: Option.some(Redacted.make("tkn")),
        tls: Option.none(),
        refresher: Option.some(fakeRefresher(fail, calls)),
        preload: profileSlot("K0", 60 * minute)
      })
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect((yield* get(server.url)).body.AccessKeyId).toBe("K0")

      yield* TestClock.adjust(44 * minute)
      yield* settle
      expect(yield* Ref.get(calls)).toBe(0)
      yield* TestClock.adjust(1 * minute)
      yield* settle
      expect(yield* Ref.get(calls)).toBe(1)
      const renewed = yield* get(server.url)
      expect(renewed.body.AccessKeyId).toBe("K1")
      expect(renewed.body.Expiration).toBe(new Date(105 * minute).toISOString().replace(".000Z", "Z"))

      yield* TestClock.adjust(45 * minute)
      yield* settle
      expect((yield* get(server.url)).body.AccessKeyId).toBe("K2")
    })))

  effect("keeps retrying while the SSO session does not allow a refresh, and stops at expiry", () =>
    Effect.scoped(Effect.gen(function*() {
      const fail = yield* Ref.make(true)
      const calls = yield* Ref.make(0)
      const server = yield* startEcsServer({
        bindIp: "127.0.0.1",
        port: 0,
        token: Option.some(Redacted.make("tkn")),
        tls: Option.none(),
        refresher: Option.some(fakeRefresher(fail, calls)),
        preload: profileSlot("K0", 60 * minute)
      })
      yield* TestClock.adjust(45 * minute)
      yield* settle
      expect(yield* Ref.get(calls)).toBe(1)
      yield* TestClock.adjust(1 * minute)
      yield* settle
      expect(yield* Ref.get(calls)).toBe(2)
      // The user logs in again: the next try succeeds.
      yield* Ref.set(fail, false)
      yield* TestClock.adjust(1 * minute)
      yield* settle
      expect((yield* get(server.url)).body.AccessKeyId).toBe("K3")

      // Now a session that never comes back: tries stop once the credentials are no longer served.
      yield* Ref.set(fail, true)
      yield* TestClock.adjust(60 * minute)
      yield* settle
      const before = yield* Ref.get(calls)
      yield* TestClock.adjust(120 * minute)
      yield* settle
      expect(yield* Ref.get(calls)).toBe(before)
      expect((yield* get(server.url)).status).toBe(404)
    })))

  effect("unloading a slot ends its renewal; raw credentials and other instances are never renewed", () =>
    Effect.scoped(Effect.gen(function*() {
      const fail = yield* Ref.make(false)
      const calls = yield* Ref.make(0)
      const server = yield* startEcsServer({
        bindIp: "127.0.0.1",
        port: 0,
        token: Option.some(Redacted.make("tkn")),
        tls: Option.none(),
        refresher: Option.some(fakeRefresher(fail, calls)),
        preload: profileSlot("K0", 60 * minute)
      })
      const send = (method: string, path: string, body?: unknown) =>
        Effect.promise(() =>
          fetch(server.url + path, {
            method,
            headers: { Authorization: "Bearer tkn" },
            ...(body === undefined ? {} : { body: JSON.stringify(body) })
          }).then((r) => r.status)
        )
      expect(yield* send("DELETE", "/")).toBe(200)
      const load = (profile: string, source?: unknown) => ({
        Creds: {
          roleName: "Admin",
          accountId: 123456789,
          accessKeyId: "RAW",
          secretAccessKey: "s",
          sessionToken: "t",
          expiration: 60 * minute
        },
        ProfileName: profile,
        ...(source === undefined ? {} : { Source: source })
      })
      expect(yield* send("PUT", "/slot/raw", load("raw"))).toBe(200)
      expect(yield* send("PUT", "/slot/other", load("other", { SSO: "Other", RoleArn: "arn:aws:iam::1:role/x" })))
        .toBe(200)
      yield* TestClock.adjust(50 * minute)
      yield* settle
      expect(yield* Ref.get(calls)).toBe(0)
      expect((yield* get(server.url, "/slot/raw")).body.AccessKeyId).toBe("RAW")
    })))

  effect("a PUT naming another role as its source cannot make the server fetch that role's credentials", () =>
    Effect.scoped(Effect.gen(function*() {
      const fail = yield* Ref.make(false)
      const calls = yield* Ref.make(0)
      // What the store holds: the credentials `ecs load` obtained for the Admin role.
      const stored = credentials("STORED", 60 * minute)
      const server = yield* startEcsServer({
        bindIp: "127.0.0.1",
        port: 0,
        token: Option.some(Redacted.make("tkn")),
        tls: Option.none(),
        refresher: Option.some({
          ...fakeRefresher(fail, calls),
          issued: (source, given) =>
            Effect.succeed(source.roleArn === "arn:aws:iam::000123456789:role/Admin" && sameCredentials(given, stored))
        })
      })
      const put = (profile: string, creds: SlotCredentials) =>
        Effect.promise(() =>
          fetch(`${server.url}/slot/${profile}`, {
            method: "PUT",
            headers: { Authorization: "Bearer tkn" },
            body: loadRequestBody({
              profileName: profile,
              credentials: creds,
              source: Option.some({ sso: "Default", roleArn: "arn:aws:iam::000123456789:role/Admin" })
            })
          }).then((r) => r.status)
        )
      // The attack: made-up credentials, the right key but a made-up secret, a made-up token.
      expect(yield* put("fake", credentials("FAKE", 60 * minute))).toBe(200)
      expect(yield* put("keyonly", { ...stored, secretAccessKey: Redacted.make("guess") })).toBe(200)
      expect(yield* put("notoken", { ...stored, sessionToken: Redacted.make("guess") })).toBe(200)
      yield* TestClock.adjust(50 * minute)
      yield* settle
      expect(yield* Ref.get(calls)).toBe(0)
      expect((yield* get(server.url, "/slot/fake")).body.AccessKeyId).toBe("FAKE")
      expect((yield* get(server.url, "/slot/keyonly")).body.AccessKeyId).toBe("STORED")
      // The user's own load (the stored credentials) is renewed.
      expect(yield* put("mine", credentials("STORED", 110 * minute))).toBe(200)
      yield* TestClock.adjust(50 * minute)
      yield* settle
      expect(yield* Ref.get(calls)).toBe(1)
      expect((yield* get(server.url, "/slot/mine")).body.AccessKeyId).toBe("K1")
    })))

  effect("without a check of who loaded them, slots loaded over HTTP are never renewed", () =>
    Effect.scoped(Effect.gen(function*() {
      const fail = yield* Ref.make(false)
      const calls = yield* Ref.make(0)
      const server = yield* startEcsServer({
        bindIp: "127.0.0.1",
        port: 0,
        token: Option.none(),
        tls: Option.none(),
        refresher: Option.some(fakeRefresher(fail, calls))
      })
      const status = yield* Effect.promise(() =>
        fetch(`${server.url}/`, { method: "PUT", body: loadRequestBody(profileSlot("FAKE", 60 * minute)) })
          .then((r) => r.status)
      )
      expect(status).toBe(200)
      yield* TestClock.adjust(50 * minute)
      yield* settle
      expect(yield* Ref.get(calls)).toBe(0)
      expect((yield* get(server.url)).body.AccessKeyId).toBe("FAKE")
    })))

  effect("on loopback, a request whose Host names another machine (DNS rebinding) gets nothing", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* startEcsServer({
        bindIp: "127.0.0.1",
        port: 0,
        token: Option.none(),
        tls: Option.none(),
        refresher: Option.none(),
        preload: profileSlot("K0", 60 * minute)
      })
      // node:http sends the Host header it is given, as a browser sends the rebound name.
      const withHost = (host: string) =>
        Effect.promise(() =>
          new Promise<{ status: number; body: string }>((resolve, reject) => {
            const request = http.request({ host: "127.0.0.1", port: server.port, path: "/", headers: { Host: host } })
            request.on("response", (response) => {
              let body = ""
              response.setEncoding("utf8").on("data", (d: string) => (body += d))
              response.on("end", () => resolve({ status: response.statusCode ?? 0, body }))
            })
            request.on("error", reject)
            request.end()
          })
        )
      const rebound = yield* withHost(`attacker.example:${server.port}`)
      expect(rebound.status).toBe(403)
      expect(rebound.body).not.toContain("K0")
      expect((yield* withHost(`localhost:${server.port}`)).body).toContain("K0")
    })))

  effect("a port in use is a clear error", () =>
    Effect.scoped(Effect.gen(function*() {
      const first = yield* startEcsServer({
        bindIp: "127.0.0.1",
        port: 0,
        token: Option.none(),
        tls: Option.none(),
        refresher: Option.none()
      })
      const second = yield* Effect.flip(startEcsServer({
        bindIp: "127.0.0.1",
        port: first.port,
        token: Option.none(),
        tls: Option.none(),
        refresher: Option.none()
      }))
      expect(second.message).toContain(`ECS server cannot listen on 127.0.0.1:${first.port}`)
    })))
})

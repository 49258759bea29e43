import { describe, expect, test } from "bun:test"
import { HashMap, Option, Redacted } from "effect"
import { checkAuthorization } from "../../../src/ecs/auth"
import { emptySlots, type Slot, type SlotState } from "../../../src/ecs/model"
import { type EcsRequest, routeRequest, type RouteContext } from "../../../src/ecs/routes"

const now = Date.UTC(2026, 5, 1, 12, 0, 0)
const token = Option.some(Redacted.make("s3cret-token"))
const ctx: RouteContext = { nowMs: now, token }
const bearer = "Bearer s3cret-token"

const loadBody = (profile: string, overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    Creds: {
      roleName: "Admin",
      accountId: 123456789,
      accessKeyId: `ASIA${profile.length}`,
      secretAccessKey: "secret",
      sessionToken: "session",
      expiration: now + 3_600_000,
      roleChaining: false,
      ...overrides
    },
    ProfileName: profile
  })

/** `authorization: null` sends no header at all. */
const req = (method: string, target: string, body = "", authorization: string | null = bearer): EcsRequest => ({
  method,
  target,
  authorization: authorization ?? undefined,
  body
})

/** Runs requests in order, threading the slots through, and returns every reply. */
const run = (requests: ReadonlyArray<EcsRequest>, at: RouteContext = ctx, start: SlotState = emptySlots) => {
  let state = start
  return requests.map((r) => {
    const result = routeRequest(r, state, at)
    state = result.state
    return { ...result.reply, changes: result.changes }
  })
}

const statusBody = (status: number, message: string) => ({ code: String(status), message })

describe("Host header (DNS rebinding)", () => {
  const withHost = (host: string | undefined, target = "/") => ({ ...req("PUT", target, loadBody("p")), host })
  const loopback: RouteContext = { ...ctx, loopbackOnly: true }

  test("a loopback server refuses requests that name another machine, also healthchecks, and changes nothing", () => {
    for (const host of ["evil.example:4144", "evil.example", "127.0.0.1.evil.example", "127.0.0.1@evil.example", "10.0.0.1:4144", "[::2]:4144", ""]) {
      const result = routeRequest(withHost(host), emptySlots, loopback)
      expect([host, result.reply.status]).toEqual([host, 403])
      expect(result.reply.body).toEqual(statusBody(403, "Invalid Host header"))
      expect(result.changes).toEqual([])
      expect(routeRequest({ ...req("GET", "/healthcheck"), host }, emptySlots, loopback).reply.status).toBe(403)
    }
  })

  test("loopback names and addresses, with or without a port, and no Host at all are served", () => {
    for (const host of ["127.0.0.1:4144", "127.0.0.1", "127.9.8.7:1", "localhost:4144", "LOCALHOST", "localhost.:80", "[::1]:4144", "[::1]", "[::ffff:127.0.0.1]:1", undefined]) {
      expect([host, routeRequest(withHost(host), emptySlots, loopback).reply.status]).toEqual([host, 200])
    }
  })

  test("a server bound beyond loopback serves any Host (clients reach it by any name)", () => {
    expect(routeRequest(withHost("ecs.internal.example:4144"), emptySlots, ctx).reply.status).toBe(200)
  })
})

describe("auth", () => {
  test("a missing token is 401, a wrong one 403, both with upstream's JSON body", () => {
    const [missing, wrong, right] = run([
      req("GET", "/", "", null),
      req("GET", "/", "", "Bearer nope"),
      req("GET", "/", "", bearer)
    ])
    expect(missing!.status).toBe(401)
    expect(missing!.body).toEqual(statusBody(401, "Authorization required"))
    expect(wrong!.status).toBe(403)
    expect(wrong!.body).toEqual(statusBody(403, "Invalid authorization token"))
    expect(right!.status).toBe(404) // allowed in; nothing loaded
  })

  test("the token is accepted with or without the Bearer scheme, never as a prefix or suffix", () => {
    expect(checkAuthorization("Bearer s3cret-token", token)).toBe("allowed")
    expect(checkAuthorization("s3cret-token", token)).toBe("allowed")
    expect(checkAuthorization("bearer  s3cret-token", token)).toBe("allowed")
    expect(checkAuthorization("Bearer s3cret-toke", token)).toBe("invalid")
    expect(checkAuthorization("Bearer s3cret-token2", token)).toBe("invalid")
    expect(checkAuthorization("", token)).toBe("missing")
  })

  test("without a configured token any header passes (upstream refused one, A.3)", () => {
    expect(checkAuthorization("Bearer whatever", Option.none())).toBe("allowed")
    expect(checkAuthorization(undefined, Option.none())).toBe("allowed")
  })

  test("healthchecks need no token", () => {
    const [health] = run([req("GET", "/healthcheck", "", null)])
    expect(health!.status).toBe(503)
    expect(health!.body).toEqual({ status: "no credentials loaded" })
  })
})

describe("default slot", () => {
  test("PUT / then GET / returns container credentials with a UTC Z expiration", () => {
    const [put, get, profile, health] = run([
      req("PUT", "/", loadBody("dev:Admin")),
      req("GET", "/"),
      req("GET", "/profile"),
      req("GET", "/healthcheck", "", null)
    ])
    expect(put!.status).toBe(200)
    expect(put!.body).toEqual(statusBody(200, "OK"))
    expect(get!.status).toBe(200)
    expect(get!.body).toEqual({
      AccessKeyId: "ASIA9",
      Expiration: "2026-06-01T13:00:00Z",
      RoleArn: "arn:aws:iam::000123456789:role/Admin",
      AccountId: "000123456789",
      SecretAccessKey: "secret",
      Token: "session"
    })
    expect(profile!.body).toEqual({
      ProfileName: "dev:Admin",
      AccountId: "000123456789",
      RoleName: "Admin",
      Expiration: (now + 3_600_000) / 1000,
      Expires: " 1h  0m"
    })
    expect(health!.body).toEqual({ status: "ok", profile: "dev:Admin", expires: "2026-06-01T13:00:00Z" })
  })

  test("DELETE / then GET / answers 404 instead of crashing (upstream A.2)", () => {
    const [, del, get, delAgain] = run([
      req("PUT", "/", loadBody("dev:Admin")),
      req("DELETE", "/"),
      req("GET", "/"),
      req("DELETE", "/")
    ])
    expect(del!.status).toBe(200)
    expect(get!.status).toBe(404)
    expect(get!.body).toEqual(statusBody(404, "Credentials unavailable"))
    expect(delAgain!.status).toBe(404)
  })

  test("only the exact target / is the default slot; other methods are 400", () => {
    const [, query, other, post] = run([
      req("PUT", "/", loadBody("dev:Admin")),
      req("GET", "/?x=1"),
      req("GET", "/foo"),
      req("POST", "/")
    ])
    expect(query!.body).toEqual(statusBody(404, "Credentials unavailable"))
    expect(other!.status).toBe(404)
    expect(post!.body).toEqual(statusBody(400, "Bad request"))
  })

  test("a bad load is 500 with the reason; expired credentials are refused", () => {
    const [noProfile, noKey, badJson, expired, zeroAccount] = run([
      req("PUT", "/", JSON.stringify({ Creds: {} })),
      req("PUT", "/", loadBody("p", { accessKeyId: "" })),
      req("PUT", "/", "{not json"),
      req("PUT", "/", loadBody("p", { expiration: now + 30_000 })),
      req("PUT", "/", loadBody("p", { accountId: 0 }))
    ])
    expect(noProfile!.body).toEqual(statusBody(500, "missing ProfileName"))
    expect(noKey!.body).toEqual(statusBody(500, "missing Creds.accessKeyId"))
    expect(badJson!.status).toBe(500)
    expect(expired!.body).toEqual(statusBody(404, "Credentials expired"))
    expect(zeroAccount!.body).toEqual(statusBody(500, "missing Creds.accountId"))
  })

  test("credentials within a minute of expiry are no longer served", () => {
    const [, fresh] = run([req("PUT", "/", loadBody("p", { expiration: now + 120_000 })), req("GET", "/")])
    expect(fresh!.status).toBe(200)
    const later = { ...ctx, nowMs: now + 61_000 }
    const state = routeRequest(req("PUT", "/", loadBody("p", { expiration: now + 120_000 })), emptySlots, ctx).state
    const [get, profile, health] = run(
      [req("GET", "/"), req("GET", "/profile"), req("GET", "/healthcheck")],
      later,
      state
    )
    expect(get!.body).toEqual(statusBody(404, "Credentials expired"))
    expect(profile!.body).toEqual(statusBody(404, "Credentials expired"))
    expect(health!.body).toEqual({ status: "credentials expired" })
  })

  test("accountId may be a string (upstream docs) and keeps its leading zeros", () => {
    const [, get] = run([req("PUT", "/", loadBody("p", { accountId: "000000000042" })), req("GET", "/")])
    expect((get!.body as Record<string, string>).AccountId).toBe("000000000042")
  })
})

describe("named slots", () => {
  test("PUT /slot/<p> stores under the body's ProfileName; list is sorted; GET returns each", () => {
    const replies = run([
      req("PUT", "/slot/zeta", loadBody("zeta")),
      req("PUT", "/slot/ignored", loadBody("alpha:Admin")),
      req("GET", "/slot"),
      req("GET", `/slot/${encodeURIComponent("alpha:Admin")}`),
      req("GET", "/slot/ignored"),
      req("GET", "/healthcheck/slot/zeta", "", null),
      req("GET", "/healthcheck/slot/nope", "", null)
    ])
    const [zeta, alpha, list, get, missing, health, healthMissing] = replies
    expect(zeta!.status).toBe(200)
    expect(alpha!.changes).toEqual([
      expect.objectContaining({ _tag: "Loaded", key: { _tag: "Named", name: "alpha:Admin" } })
    ])
    expect((list!.body as Array<{ ProfileName: string }>).map((e) => e.ProfileName)).toEqual(["alpha:Admin", "zeta"])
    expect(get!.status).toBe(200)
    expect(missing!.body).toEqual(statusBody(404, "Credentials unavailable"))
    expect(health!.body).toMatchObject({ status: "ok", profile: "zeta" })
    expect(healthMissing!.status).toBe(503)
    expect(healthMissing!.body).toEqual({ status: "slot not found" })
  })

  test("DELETE /slot/<p> removes one; DELETE /slot empties all (upstream docs, A.4)", () => {
    const [, , delOne, delMissing, list, delAll, listAfter] = run([
      req("PUT", "/slot/a", loadBody("a")),
      req("PUT", "/slot/b", loadBody("b")),
      req("DELETE", "/slot/a"),
      req("DELETE", "/slot/a"),
      req("GET", "/slot"),
      req("DELETE", "/slot"),
      req("GET", "/slot")
    ])
    expect(delOne!.status).toBe(200)
    expect(delMissing!.body).toEqual(statusBody(404, "Credentials unavailable"))
    expect((list!.body as Array<unknown>).length).toBe(1)
    expect(delAll!.status).toBe(200)
    expect(delAll!.changes).toEqual([{ _tag: "Removed", key: { _tag: "Named", name: "b" } }])
    expect(listAfter!.body).toEqual([])
  })

  test("expired slots are left out of the list; bad loads are 500; bad escapes 400", () => {
    const start = routeRequest(req("PUT", "/slot/old", loadBody("old", { expiration: now + 90_000 })), emptySlots, ctx)
      .state
    const later = { ...ctx, nowMs: now + 60_000 }
    const [list, expiredPut, badEscape, patch] = run([
      req("GET", "/slot"),
      req("PUT", "/slot/x", loadBody("x", { expiration: now + 1000 })),
      req("GET", "/slot/%E0%A4%A"),
      req("PATCH", "/slot/old")
    ], later, start)
    expect(list!.body).toEqual([])
    expect(expiredPut!.body).toEqual(statusBody(500, "expired creds"))
    expect(badEscape!.status).toBe(400)
    expect(patch!.status).toBe(400)
    expect(HashMap.size(start.named)).toBe(1)
  })

  test("other healthcheck paths and methods are 400", () => {
    const [other, post] = run([req("GET", "/healthcheck/x", "", null), req("POST", "/healthcheck", "", null)])
    expect(other!.status).toBe(400)
    expect(post!.status).toBe(400)
  })
})

describe("load request", () => {
  test("keeps the source of a profile load so the server can renew it", () => {
    const body = JSON.parse(loadBody("p"))
    body.Source = { SSO: "Default", RoleArn: "arn:aws-us-gov:iam::000123456789:role/Admin" }
    const result = routeRequest(req("PUT", "/", JSON.stringify(body)), emptySlots, ctx)
    const slot = Option.getOrThrow(result.state.default) as Slot
    expect(Option.getOrThrow(slot.source)).toEqual({
      sso: "Default",
      roleArn: "arn:aws-us-gov:iam::000123456789:role/Admin"
    })
    const get = routeRequest(req("GET", "/"), result.state, ctx)
    expect((get.reply.body as Record<string, string>).RoleArn).toBe("arn:aws-us-gov:iam::000123456789:role/Admin")
  })
})

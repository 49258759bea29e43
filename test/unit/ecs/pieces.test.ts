import { afterAll, describe, expect, test } from "bun:test"
import { Either } from "effect"
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { checkBearerToken } from "../../../src/cli/commands/setupEcs"
import { isLoopbackAddress, isLoopbackHostHeader, parseEcsServerAddress } from "../../../src/ecs/address"
import { leadTime, refreshDelay, retryDelay } from "../../../src/ecs/refreshPlan"
import { checkCertificate, checkPrivateKey } from "../../../src/ecs/tlsMaterial"

const minute = 60_000

describe("--server", () => {
  const ok = (value: string) => Either.getOrThrow(parseEcsServerAddress(value, "--server"))
  const reason = (value: string) =>
    Either.match(parseEcsServerAddress(value, "--server"), { onLeft: (e) => e.message, onRight: () => "accepted" })

  test("host:port, IPv4 and bracketed IPv6", () => {
    expect(ok("localhost:4144")).toEqual({ host: "localhost", port: 4144 })
    expect(ok("127.0.0.1:1")).toEqual({ host: "127.0.0.1", port: 1 })
    expect(ok("[::1]:65535")).toEqual({ host: "[::1]", port: 65535 })
  })

  test("bad values are errors that say what is expected (upstream panicked)", () => {
    expect(reason("localhost")).toBe(`invalid --server "localhost": expected host:port`)
    expect(reason("::1:4144")).toContain("put an IPv6 address in brackets")
    expect(reason("localhost:0")).toContain("from 1 to 65535")
    expect(reason("localhost:70000")).toContain("from 1 to 65535")
    expect(reason("http://localhost:4144")).toContain("invalid --server")
    expect(reason("[::1]4144")).toContain("[IPv6-address]:port")
  })
})

describe("loopback", () => {
  test("listen addresses that stay on this machine", () => {
    for (const ip of ["127.0.0.1", "127.1", "127.255.0.9", "::1", "0:0:0:0:0:0:0:1", "[::1]", "::ffff:127.0.0.1", "localhost"]) {
      expect([ip, isLoopbackAddress(ip)]).toEqual([ip, true])
    }
    for (const ip of ["0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "::ffff:10.0.0.1", "fe80::1%eth0", "128.0.0.1", "", "my-host"]) {
      expect([ip, isLoopbackAddress(ip)]).toEqual([ip, false])
    }
  })

  test("Host headers that name this machine", () => {
    expect(isLoopbackHostHeader(undefined)).toBe(true)
    for (const host of ["127.0.0.1:4144", "localhost", "[::1]:4144"]) expect(isLoopbackHostHeader(host)).toBe(true)
    for (const host of ["evil.example:4144", "localhost.evil.example", "127.0.0.1@evil.example", "[", ""]) {
      expect([host, isLoopbackHostHeader(host)]).toEqual([host, false])
    }
  })
})

describe("refresh plan", () => {
  test("hour-long credentials are renewed 15 minutes before expiry", () => {
    expect(leadTime(0, 60 * minute)).toBe(15 * minute)
    expect(refreshDelay(0, 0, 60 * minute)).toBe(45 * minute)
    expect(refreshDelay(50 * minute, 0, 60 * minute)).toBe(0)
  })

  test("short lifetimes are renewed halfway through the time they are served", () => {
    // 70 s credentials are served for 10 s (the last minute is never served): renew after 5 s.
    expect(refreshDelay(0, 0, 70_000)).toBe(5_000)
    // 20 minutes: served for 19, renewed after 9.5, still before the SDKs' 10-minute mandatory refresh.
    expect(refreshDelay(0, 0, 20 * minute)).toBe(9.5 * minute)
  })

  test("after a failure the next try comes within a minute, and never once nothing is served", () => {
    expect(retryDelay(0, 60 * minute)).toBe(minute)
    expect(retryDelay(0, 2 * minute)).toBe(30_000)
    expect(retryDelay(0, minute)).toBeUndefined()
  })
})

describe("setup ecs auth token rules", () => {
  test("upstream's messages for empty and Bearer-prefixed tokens", () => {
    const message = (t: string) => Either.match(checkBearerToken(t), { onLeft: (e) => e.message, onRight: () => "ok" })
    expect(message("")).toBe("no bearer token provided")
    expect(message("Bearer abc")).toBe("token should not start with 'Bearer '")
    expect(message("a b")).toContain("spaces")
    expect(message("abc123")).toBe("ok")
  })
})

const hasOpenssl = spawnSync("openssl", ["version"]).status === 0

describe.skipIf(!hasOpenssl)("setup ecs ssl material", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aws-sso-ecs-tls-"))
  const file = (name: string) => path.join(dir, name)
  const openssl = (...args: Array<string>) => {
    const r = spawnSync("openssl", args, { encoding: "utf8" })
    if (r.status !== 0) throw new Error(r.stderr)
  }
  openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
    file("key.pem"), "-out", file("cert.pem"), "-days", "1", "-subj", "/CN=localhost")
  openssl("ec", "-in", file("key.pem"), "-out", file("sec1.pem"))
  openssl("genpkey", "-algorithm", "ed25519", "-out", file("other.pem"))
  const read = (name: string) => fs.readFileSync(file(name), "utf8")

  test("a PEM certificate passes; anything else is refused", () => {
    expect(Either.isRight(checkCertificate(read("cert.pem")))).toBe(true)
    expect(Either.match(checkCertificate("hello"), { onLeft: (r) => r, onRight: () => "ok" })).toContain(
      "not a PEM certificate"
    )
    const broken = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
    expect(Either.isLeft(checkCertificate(broken))).toBe(true)
  })

  test("the key must be PKCS#8 and belong to the certificate", () => {
    const cert = Either.getOrThrow(checkCertificate(read("cert.pem")))
    expect(Either.isRight(checkPrivateKey(read("key.pem"), cert))).toBe(true)
    const left = (text: string) => Either.match(checkPrivateKey(text, cert), { onLeft: (r) => r, onRight: () => "ok" })
    expect(left(read("sec1.pem"))).toContain("PKCS#8")
    expect(left(read("other.pem"))).toBe("the key does not belong to the certificate")
    expect(left(read("cert.pem"))).toContain("not a PEM private key")
  })

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
})

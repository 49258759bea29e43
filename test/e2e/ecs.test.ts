/**
 * The ECS credential server from the compiled binary, on a random loopback port, with real
 * clients: the AWS SDK for JavaScript (under Node.js), Debian's AWS CLI v2 and boto3 fetch
 * credentials through AWS_CONTAINER_CREDENTIALS_FULL_URI + AWS_CONTAINER_AUTHORIZATION_TOKEN and
 * call the emulator's STS with them. The `ecs` client commands load, list and unload slots.
 */
import { afterEach, describe, expect, test } from "bun:test"
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { binaryPath } from "../support/cli"
import { cleanupWorlds, loginConfig, type World, world } from "./loginWorld"

const slow = 60_000
const bearer = "e2e-ecs-token-0123456789"
const probe = path.resolve(import.meta.dir, "ecsSdkProbe.mjs")
const adminArn = "arn:aws:iam::100000000002:role/AdministratorAccess"

const has = (command: string, args: ReadonlyArray<string>) => spawnSync(command, [...args]).status === 0
const hasNode = has("node", ["--version"])
const hasAwsCli = has("/usr/bin/aws", ["--version"])
const hasBoto3 = has("/usr/bin/python3", ["-c", "import boto3"])
const hasOpenssl = has("openssl", ["version"])
// A network namespace of the test's own, where 0.0.0.0 reaches nothing but its own loopback.
const hasUnshare = has("unshare", ["-rn", "true"])
for (const [ok, what] of [[hasNode, "node"], [hasAwsCli, "/usr/bin/aws"], [hasBoto3, "python3-boto3"], [
  hasOpenssl,
  "openssl"
], [hasUnshare, "unshare -rn (util-linux, user namespaces)"]] as const) {
  if (!ok) {
    console.warn(`ecs.test.ts: ${what} is missing, its checks are skipped (apt-get install -y awscli python3-boto3)`)
  }
}

interface Server {
  readonly url: string
  readonly port: number
  readonly stderr: () => string
  /** Resolves once stderr matches `pattern`. */
  readonly waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<void>
  /** Sends the signal and resolves to the exit code. */
  readonly stop: (signal?: NodeJS.Signals) => Promise<number | null>
}

const servers: Array<ChildProcessWithoutNullStreams> = []

afterEach(async () => {
  while (servers.length) {
    const child = servers.pop()!
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL")
      await new Promise((resolve) => child.once("close", resolve))
    }
  }
  await cleanupWorlds()
})

/** `wrap`: a command the server runs under, such as `unshare -rn` for a network namespace of its own. */
const startServer = (
  w: World,
  args: ReadonlyArray<string> = [],
  env: Record<string, string> = {},
  wrap: ReadonlyArray<string> = []
): Promise<Server> =>
  new Promise((resolve, reject) => {
    const command = [...wrap, binaryPath(), "ecs", "server", "--port", "0", ...args]
    const child = spawn(command[0]!, command.slice(1), {
      env: { ...w.sandbox.env, BROWSER_LOG: w.log("server-browser"), ...env },
      stdio: "pipe"
    })
    servers.push(child)
    child.stdin.end()
    let stderr = ""
    const waiters: Array<() => void> = []
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d
      for (const waiter of [...waiters]) waiter()
    })
    const exited = new Promise<number | null>((done) => child.on("close", (code) => done(code)))
    const waitFor = (pattern: RegExp, timeoutMs = 20_000) =>
      new Promise<void>((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`timed out waiting for ${pattern} in:\n${stderr}`)), timeoutMs)
        const check = () => {
          if (!pattern.test(stderr)) return
          clearTimeout(timer)
          waiters.splice(waiters.indexOf(check), 1)
          ok()
        }
        waiters.push(check)
        check()
      })
    exited.then((code) => reject(new Error(`ecs server exited (${code}) before listening:\n${stderr}`)))
    waitFor(/listening on (https?:\/\/[^\s]+) /).then(() => {
      const url = /listening on (https?:\/\/[^\s]+) /.exec(stderr)![1]!
      w.outputs.push("") // the server's output is checked for secrets through `stderr()`
      resolve({
        url,
        port: Number(new URL(url).port),
        stderr: () => stderr,
        waitFor,
        stop: (signal = "SIGINT") => {
          child.kill(signal)
          return exited
        }
      })
    }, reject)
  })

/** A logged-in world with the bearer token stored. */
const ecsWorld = async (extra = "", emulator = {}) => {
  const w = await world({ config: loginConfig("json", extra), emulator })
  expect((await w.run(["login"])).code).toBe(0)
  expect((await w.run(["setup", "ecs", "auth", "--bearer-token", bearer])).code).toBe(0)
  return w
}

/** What a container gets: the full URI of a slot (`<server>/` for the default one) and the token. */
const clientEnv = (w: World, uri: string, token = `Bearer ${bearer}`): Record<string, string> => ({
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  HOME: w.sandbox.home,
  AWS_CONTAINER_CREDENTIALS_FULL_URI: uri,
  AWS_CONTAINER_AUTHORIZATION_TOKEN: token,
  AWS_ENDPOINT_URL_STS: w.emu.url,
  AWS_REGION: "us-east-1",
  AWS_DEFAULT_REGION: "us-east-1",
  AWS_EC2_METADATA_DISABLED: "true",
  NODE_NO_WARNINGS: "1"
})

const runClient = (command: string, args: ReadonlyArray<string>, env: Record<string, string>) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(command, [...args], { env, stdio: "pipe" })
    let stdout = ""
    let stderr = ""
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d))
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d))
    child.stdin.end()
    child.on("close", (code) => resolve({ code, stdout, stderr }))
  })

/** The caller ARN each real client sees with the server's credentials. */
const sdkCaller = async (env: Record<string, string>, provider: "http" | "container") => {
  const r = await runClient("node", [probe, provider], env)
  expect(r.stderr).toBe("")
  expect(r.code).toBe(0)
  return JSON.parse(r.stdout) as { accessKeyId: string; arn: string; expiration: string }
}

const awsCliCaller = async (w: World, env: Record<string, string>) => {
  // Debian's AWS CLI 2.9 predates AWS_ENDPOINT_URL_STS, hence --endpoint-url.
  const r = await runClient("/usr/bin/aws", ["sts", "get-caller-identity", "--endpoint-url", w.emu.url, "--output",
    "json"], env)
  return { code: r.code, arn: r.code === 0 ? JSON.parse(r.stdout).Arn as string : "", stderr: r.stderr }
}

const botoCaller = async (w: World, env: Record<string, string>) => {
  const script = `import boto3\nprint(boto3.client("sts", endpoint_url=${JSON.stringify(w.emu.url)})` +
    `.get_caller_identity()["Arn"])`
  const r = await runClient("/usr/bin/python3", ["-c", script], env)
  return { code: r.code, arn: r.stdout.trim(), stderr: r.stderr }
}

const get = async (url: string, init: RequestInit = {}) => {
  const response = await fetch(url, init)
  return { status: response.status, body: await response.json() as Record<string, any> }
}
const auth = { headers: { Authorization: `Bearer ${bearer}` } }

const expectNoSecrets = (texts: ReadonlyArray<string>, secrets: ReadonlyArray<string>) => {
  for (const text of texts) for (const secret of secrets) expect(text.includes(secret)).toBe(false)
}

describe("ecs server with real clients", () => {
  test("the JS SDK (fromHttp, fromContainerMetadata), AWS CLI v2 and boto3 act as the loaded role", async () => {
    const w = await ecsWorld()
    const server = await startServer(w)
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(server.stderr()).toContain("HTTP Auth: enabled")
    const load = await w.run(["ecs", "load", "--arn", adminArn, "--server", `127.0.0.1:${server.port}`])
    expect(load.code).toBe(0)

    const env = clientEnv(w, `${server.url}/`)
    const expected = "arn:aws:sts::100000000002:assumed-role/AdministratorAccess/"
    const served = await get(`${server.url}/`, auth)
    expect(served.status).toBe(200)
    expect(served.body.Expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    if (hasNode) {
      const http = await sdkCaller(env, "http")
      expect(http.arn.startsWith(expected)).toBe(true)
      expect(http.accessKeyId).toBe(served.body.AccessKeyId)
      expect((await sdkCaller(env, "container")).arn.startsWith(expected)).toBe(true)
      // The token from a file (no trailing newline), as EKS pod identity hands it over.
      const tokenFile = path.join(w.sandbox.home, "ecs-token")
      fs.writeFileSync(tokenFile, `Bearer ${bearer}`)
      const { AWS_CONTAINER_AUTHORIZATION_TOKEN: _, ...withoutToken } = env
      const fromFile = await sdkCaller({ ...withoutToken, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile }, "http")
      expect(fromFile.arn.startsWith(expected)).toBe(true)
    }
    if (hasAwsCli) {
      const cli = await awsCliCaller(w, env)
      expect(cli.stderr).toBe("")
      expect(cli.arn.startsWith(expected)).toBe(true)
    }
    if (hasBoto3) {
      const boto = await botoCaller(w, env)
      expect(boto.stderr).toBe("")
      expect(boto.arn.startsWith(expected)).toBe(true)
    }
    // One log line per request, without the token or any key.
    expect(server.stderr()).toMatch(/127\.0\.0\.1 GET \/ 200 \d+ms/)
    expectNoSecrets([server.stderr(), ...w.outputs], [bearer, served.body.SecretAccessKey, served.body.Token])
  }, slow)

  test("requests without the right token are refused with a JSON body, also for the real clients", async () => {
    const w = await ecsWorld()
    const server = await startServer(w)
    expect((await w.run(["ecs", "load", "--arn", adminArn, "--server", `127.0.0.1:${server.port}`])).code).toBe(0)

    const missing = await get(`${server.url}/`)
    expect(missing).toEqual({ status: 401, body: { code: "401", message: "Authorization required" } })
    const wrong = await get(`${server.url}/`, { headers: { Authorization: "Bearer nope" } })
    expect(wrong).toEqual({ status: 403, body: { code: "403", message: "Invalid authorization token" } })
    expect((await get(`${server.url}/slot`)).status).toBe(401)
    expect((await get(`${server.url}/healthcheck`)).status).toBe(200) // no auth, no secrets

    const env = clientEnv(w, `${server.url}/`, "Bearer wrong-token")
    if (hasNode) expect((await runClient("node", [probe, "http"], env)).code).toBe(1)
    if (hasAwsCli) expect((await awsCliCaller(w, env)).code).not.toBe(0)
    if (hasBoto3) expect((await botoCaller(w, env)).code).not.toBe(0)

    // A client with another token stored gets a clear error.
    const other = await w.run(["setup", "ecs", "auth", "-t", "another-token"])
    expect(other.code).toBe(0)
    const list = await w.run(["ecs", "list", "--server", `127.0.0.1:${server.port}`])
    expect(list.code).toBe(1)
    expect(list.stderr).toContain("ECS Server HTTP error: 403 (Invalid authorization token)")
  }, slow)

  test("ecs load --slotted, list, profile and unload manage the slots", async () => {
    const w = await ecsWorld()
    const server = await startServer(w)
    const env = { AWS_SSO_ECS_SERVER: `127.0.0.1:${server.port}` }
    const ecs = (...args: Array<string>) => w.run(["ecs", ...args], env)

    const empty = await ecs("list")
    expect(empty.code).toBe(0)
    expect(empty.stdout).toBe("No profiles are stored in any named slots.\n")
    const none = await ecs("profile")
    expect(none.code).toBe(1)
    expect(none.stderr).toContain("aws-sso: no profile loaded in ECS Server")

    expect((await ecs("load", "--slotted", "--arn", adminArn)).code).toBe(0)
    expect((await ecs("load", "-s", "-A", "100000000001", "-R", "ReadOnly")).code).toBe(0)
    const list = await ecs("list")
    expect(list.code).toBe(0)
    const lines = list.stdout.trimEnd().split("\n")
    expect(lines[0]).toMatch(/^ProfileName\s+\| AccountIdPad \| RoleName\s+\| Expires\s*$/)
    expect(lines[1]).toMatch(/^=+$/)
    expect(lines.slice(2).map((l) => l.split(" | ")[0]!.trim())).toEqual([
      "Account1:ReadOnly",
      "Account2:AdministratorAccess"
    ])
    expect(lines[2]).toMatch(/\| 100000000001 \| ReadOnly\s+\|\s+\d+m$/)

    // The named slots serve their own credentials; the default one is still empty.
    const slot = await get(`${server.url}/slot/${encodeURIComponent("Account1:ReadOnly")}`, auth)
    expect(slot.body.RoleArn).toBe("arn:aws:iam::100000000001:role/ReadOnly")
    expect((await get(`${server.url}/`, auth)).status).toBe(404)
    if (hasNode) {
      const caller = await sdkCaller(clientEnv(w, `${server.url}/slot/Account1%3AReadOnly`), "http")
      expect(caller.arn).toStartWith("arn:aws:sts::100000000001:assumed-role/ReadOnly/")
    }

    expect((await ecs("load", "-p", "Account1:ReadOnly")).code).toBe(0)
    const profile = await ecs("profile")
    expect(profile.code).toBe(0)
    expect(profile.stdout).toMatch(/^ProfileName\s+\| AccountIdPad \| RoleName \| Expires\n=+\nAccount1:ReadOnly \|/)

    expect((await ecs("unload", "--profile", "Account2:AdministratorAccess")).code).toBe(0)
    expect((await ecs("list")).stdout).not.toContain("Account2")
    const again = await ecs("unload", "-p", "Account2:AdministratorAccess")
    expect(again.code).toBe(1)
    expect(again.stderr).toContain("ECS Server HTTP error: 404 (Credentials unavailable)")
    expect((await ecs("unload")).code).toBe(0)
    expect((await ecs("profile")).stderr).toContain("no profile loaded in ECS Server")

    // The loads went through `ecs load`, so they count as uses of the roles.
    const cache = JSON.parse(fs.readFileSync(path.join(w.sandbox.configDir, "cache.json"), "utf8"))
    expect(cache.SSO.Default.History).toContain(adminArn)
  }, slow)

  test("upstream's crash cases answer sanely: DELETE / then GET /, DELETE /slot", async () => {
    const w = await ecsWorld()
    const server = await startServer(w)
    expect((await w.run(["ecs", "load", "--arn", adminArn, "--server", `127.0.0.1:${server.port}`])).code).toBe(0)
    expect((await w.run(["ecs", "load", "-s", "--arn", adminArn, "--server", `127.0.0.1:${server.port}`])).code)
      .toBe(0)
    const del = await get(`${server.url}/`, { method: "DELETE", ...auth })
    expect(del).toEqual({ status: 200, body: { code: "200", message: "OK" } })
    expect(await get(`${server.url}/`, auth)).toEqual({
      status: 404,
      body: { code: "404", message: "Credentials unavailable" }
    })
    expect((await get(`${server.url}/slot`, { method: "DELETE", ...auth })).status).toBe(200)
    expect((await get(`${server.url}/slot`, auth)).body).toEqual([])
    expect((await get(`${server.url}/healthcheck`)).body).toEqual({ status: "no credentials loaded" })
    expect(await server.stop("SIGTERM")).toBe(0)
  }, slow)

  test("the server talks HTTPS after `setup ecs ssl`; the ecs commands and the JS SDK trust it", async () => {
    if (!hasOpenssl) return
    const w = await ecsWorld()
    const cert = path.join(w.sandbox.home, "ecs-cert.pem")
    const key = path.join(w.sandbox.home, "ecs-key.pem")
    const made = spawnSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
      "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost", "-addext",
      "subjectAltName=DNS:localhost,IP:127.0.0.1"])
    expect(made.status).toBe(0)
    const ssl = await w.run(["setup", "ecs", "ssl", "--certificate", cert, "--private-key", key])
    expect(ssl.code).toBe(0)
    expect((await w.run(["setup", "ecs", "ssl", "--print"])).stdout).toBe(fs.readFileSync(cert, "utf8"))

    const server = await startServer(w)
    expect(server.url).toStartWith("https://127.0.0.1:")
    expect(server.stderr()).toContain("SSL/TLS: enabled")
    // The client commands switch to HTTPS and trust the stored certificate by themselves.
    const load = await w.run(["ecs", "load", "--arn", adminArn, "--server", `localhost:${server.port}`])
    expect(load.code).toBe(0)
    expect(load.stderr).toContain(`https://localhost:${server.port}`)

    const env = { ...clientEnv(w, `https://localhost:${server.port}/`), NODE_EXTRA_CA_CERTS: cert, AWS_CA_BUNDLE: cert }
    const expected = "arn:aws:sts::100000000002:assumed-role/AdministratorAccess/"
    // (fromContainerMetadata, the SDK's older provider, speaks plain HTTP only.)
    if (hasNode) expect((await sdkCaller(env, "http")).arn).toStartWith(expected)
    // botocore (AWS CLI, boto3) fetches container credentials with its own HTTP session, which trusts
    // only its CA bundle and ignores AWS_CA_BUNDLE: a self-signed certificate cannot work there (as
    // upstream's docs warn), only one the system trust store knows.
    if (hasAwsCli) {
      const cli = await awsCliCaller(w, env)
      expect(cli.code).not.toBe(0)
      expect(cli.stderr).toContain("CERTIFICATE_VERIFY_FAILED")
    }
    if (hasBoto3) expect((await botoCaller(w, env)).stderr).toContain("CERTIFICATE_VERIFY_FAILED")
    // Plain HTTP is not served on the TLS port, and `--disable-ssl` turns TLS off.
    await expect(fetch(`http://127.0.0.1:${server.port}/healthcheck`)).rejects.toThrow()
    expect(await server.stop()).toBe(0)
    const plain = await startServer(w, ["--disable-ssl"])
    expect(plain.url).toStartWith("http://")
    expect(plain.stderr()).toContain("SSL/TLS: disabled")

    const sec1 = path.join(w.sandbox.home, "ecs-sec1.pem")
    expect(spawnSync("openssl", ["ec", "-in", key, "-out", sec1]).status).toBe(0)
    const refused = await w.run(["setup", "ecs", "ssl", "-c", cert, "-k", sec1])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain("PKCS#8")
    const deleted = await w.run(["setup", "ecs", "ssl", "--delete"])
    expect(deleted.code).toBe(0)
    expect((await w.run(["setup", "ecs", "ssl", "--print"])).stderr).toContain("aws-sso: no certificate found")
  }, slow)
})

describe("self-refresh", () => {
  test("credentials loaded from a profile are renewed before they expire, never a gap", async () => {
    // 70 s credentials are served for 10 s (not in their last minute), so the server renews them
    // every ~5 s; with the usual hour it would wait 45 minutes.
    const w = await ecsWorld("AutoLogin: true\n", { credentialTtlSeconds: 70 })
    const server = await startServer(w, ["--default", "Account1:ReadOnly"])
    await server.waitFor(/Default slot: Account1:ReadOnly/)
    const keys = new Set<string>()
    const started = Date.now()
    while (Date.now() - started < 14_000) {
      const reply = await get(`${server.url}/`, auth)
      expect(reply.status).toBe(200)
      keys.add(reply.body.AccessKeyId)
      await Bun.sleep(250)
    }
    expect(keys.size).toBeGreaterThanOrEqual(2)
    expect(server.stderr()).toMatch(/Refreshed the credentials of the default slot \(Account1:ReadOnly\)/)
    if (hasNode) {
      const latest = await sdkCaller(clientEnv(w, `${server.url}/`), "http")
      expect(latest.arn).toStartWith("arn:aws:sts::100000000001:assumed-role/ReadOnly/")
    }

    // When the SSO session ends, renewal fails quietly: a warning, never a browser (AutoLogin is on).
    w.emu.revokeAllTokens()
    await server.waitFor(/Cannot refresh the credentials of the default slot/, 20_000)
    expect(w.visits("server-browser")).toEqual([])
    await server.waitFor(/The credentials of the default slot \(Account1:ReadOnly\) expired/, 30_000)
    expect((await get(`${server.url}/`, auth)).body).toEqual({ code: "404", message: "Credentials expired" })
    expect(await server.stop()).toBe(0)
  }, slow)
})

describe("renewal only of what the user loaded", () => {
  test("made-up credentials PUT with another role's ARN as Source never become that role's credentials", async () => {
    // 70 s credentials are renewed ~5 s after they are loaded.
    const w = await ecsWorld("", { credentialTtlSeconds: 70 })
    const server = await startServer(w)
    const fake = "ASIAFAKEFAKEFAKEFAKE"
    const attack = await fetch(`${server.url}/slot/attack`, {
      method: "PUT",
      headers: auth.headers,
      body: JSON.stringify({
        Creds: {
          roleName: "ReadOnly",
          accountId: 100000000001,
          accessKeyId: fake,
          secretAccessKey: "made-up",
          sessionToken: "made-up",
          expiration: Date.now() + 70_000,
          roleChaining: false
        },
        ProfileName: "attack",
        Source: { SSO: "Default", RoleArn: adminArn }
      })
    })
    expect(attack.status).toBe(200)
    // The user's own load of that role, after the attack's, is renewed as usual.
    expect((await w.run(["ecs", "load", "-s", "--arn", adminArn, "--server", `127.0.0.1:${server.port}`])).code)
      .toBe(0)
    await server.waitFor(/Refreshed the credentials of slot /, 20_000)
    await Bun.sleep(1_000)
    expect(server.stderr()).not.toContain("Refreshed the credentials of slot attack")
    expect(server.stderr()).toMatch(/WARN .*slot attack is not renewed, only served until it expires: its credentials /)
    const served = await get(`${server.url}/slot/attack`, auth)
    expect(served.body.AccessKeyId).toBe(fake)
    expect(served.body.SecretAccessKey).toBe("made-up")
  }, slow)
})

describe("ecs server process", () => {
  test("SIGINT and SIGTERM stop it with exit 0; a busy port is a one-line error", async () => {
    const w = await ecsWorld()
    const first = await startServer(w)
    const busy = await w.run(["ecs", "server", "--port", String(first.port)])
    expect(busy.code).toBe(1)
    expect(busy.stderr).toContain(`aws-sso: ECS server cannot listen on 127.0.0.1:${first.port}`)
    expect(await first.stop("SIGINT")).toBe(0)
    expect(first.stderr()).toContain("SIGINT: stopping the ECS server")
    const second = await startServer(w)
    expect(await second.stop("SIGTERM")).toBe(0)
  }, slow)

  test("--disable-auth warns loudly and serves without a token; IPv6 loopback works", async () => {
    const w = await ecsWorld()
    const server = await startServer(w, ["--disable-auth", "--bind-ip", "::1"])
    expect(server.url).toMatch(/^http:\/\/\[::1\]:\d+$/)
    expect(server.stderr()).toMatch(/WARN .*HTTP Auth: DISABLED by --disable-auth/)
    const load = await w.run(["ecs", "load", "-s", "--arn", adminArn, "--server", `[::1]:${server.port}`])
    expect(load.code).toBe(0)
    expect((await get(`${server.url}/slot`)).body).toHaveLength(1)
  }, slow)

  test("--bind-ip beyond loopback needs a bearer token, or --allow-insecure-bind and a loud warning", async () => {
    const w = await world({ config: loginConfig("json") })
    // In a network namespace of its own when possible, so that a server that does not refuse
    // (the code before this check) listens on nothing but that namespace's loopback.
    const refused = async (args: ReadonlyArray<string>) => {
      if (!hasUnshare) return w.run(args)
      const r = spawnSync("unshare", ["-rn", binaryPath(), ...args], {
        env: w.sandbox.env,
        encoding: "utf8",
        timeout: 15_000
      })
      return { code: r.status, stdout: r.stdout, stderr: r.stderr }
    }
    // No token stored: refused before listening, for IPv4 and IPv6 wildcards and a LAN address
    // (the wildcards only inside the namespace).
    for (const ip of hasUnshare ? ["0.0.0.0", "::", "192.168.77.1"] : ["192.168.77.1"]) {
      const open = await refused(["ecs", "server", "--port", "0", "--bind-ip", ip])
      expect(open.code).toBe(1)
      expect(open.stderr).toContain(
        `aws-sso: refusing --bind-ip ${ip} without a bearer token (no bearer token is stored): anyone who can ` +
          "reach it could read the credentials; store one with 'aws-sso setup ecs auth', or pass --allow-insecure-bind"
      )
      expect(open.stderr).not.toContain("listening")
    }
    expect((await w.run(["setup", "ecs", "auth", "--bearer-token", bearer])).code).toBe(0)
    const disabled = await refused(["ecs", "server", "--port", "0", "--bind-ip", "192.168.77.1", "--disable-auth"])
    expect(disabled.code).toBe(1)
    expect(disabled.stderr).toContain("refusing --bind-ip 192.168.77.1 without a bearer token (--disable-auth is given)")
    if (!hasUnshare) return
    // The binds that are allowed listen inside a network namespace of their own: nothing leaves this host.
    const netns = ["unshare", "-rn"]
    const withToken = await startServer(w, ["--bind-ip", "0.0.0.0"], {}, netns)
    expect(withToken.url).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/)
    expect(withToken.stderr()).toMatch(/WARN .*beyond this host, over plain HTTP/)
    expect(withToken.stderr()).not.toContain("--allow-insecure-bind")
    expect(await withToken.stop()).toBe(0)
    const forced = await startServer(w, ["--bind-ip", "0.0.0.0", "--disable-auth", "--allow-insecure-bind"], {}, netns)
    expect(forced.stderr()).toMatch(
      /WARN .*!!! --allow-insecure-bind: the server listens on 0\.0\.0\.0, beyond this host, WITHOUT a bearer token/
    )
    expect(await forced.stop()).toBe(0)
  }, slow)

  test("client commands explain a server that is not there and a bad --server", async () => {
    const w = await ecsWorld()
    const down = await w.run(["ecs", "list", "--server", "127.0.0.1:9"])
    expect(down.code).toBe(1)
    expect(down.stderr).toContain("cannot reach the ECS server at http://127.0.0.1:9")
    const bad = await w.run(["ecs", "unload"], { AWS_SSO_ECS_SERVER: "::1:4144" })
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain(`invalid $AWS_SSO_ECS_SERVER "::1:4144": put an IPv6 address in brackets`)
  }, slow)
})

describe("setup ecs auth", () => {
  test("stores, refuses bad tokens with upstream's messages, and deletes", async () => {
    const w = await world()
    const store = () => JSON.parse(fs.readFileSync(path.join(w.sandbox.configDir, "store.json"), "utf8"))
    expect((await w.run(["setup", "ecs", "auth", "-t", "abc"])).code).toBe(0)
    expect(JSON.stringify(store())).toContain("abc")
    const prefixed = await w.run(["setup", "ecs", "auth", "-t", "Bearer abc"])
    expect(prefixed.stderr).toContain("aws-sso: token should not start with 'Bearer '")
    const empty = await w.run(["setup", "ecs", "auth", "-t", ""])
    expect(empty.stderr).toContain("aws-sso: no bearer token provided")
    const both = await w.run(["setup", "ecs", "auth", "-t", "x", "--delete"])
    expect(both.stderr).toContain("--bearer-token and --delete cannot be used together")
    expect((await w.sandbox.run(["setup", "ecs", "auth", "-t", "-"], { stdin: "from-stdin\n" })).code).toBe(0)
    expect(JSON.stringify(store())).toContain("from-stdin")
    expect((await w.run(["setup", "ecs", "auth", "--delete"])).code).toBe(0)
    expect(JSON.stringify(store())).not.toContain("from-stdin")
  }, slow)
})

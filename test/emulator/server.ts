/**
 * A local AWS emulator speaking the real wire protocols of SSO OIDC, the SSO portal, STS and the console
 * federation endpoint on one 127.0.0.1 port, so the official SDKs (and the AWS CLI, boto3, our binary) work
 * against it through `AWS_ENDPOINT_URL_SSO`, `_SSO_OIDC`, `_STS` and `_SIGNIN`. Paths never collide, so one
 * port serves all of them. Dependency-free `node:http`, which Bun runs as well.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http"
import { authorize, verifyDevice } from "./browser"
import { type ControlTarget, handleControl } from "./control"
import { type Counters, copyCounters, emptyCounters } from "./counters"
import { takeFault } from "./faults"
import { consoleLogin, federationParams, getSigninToken } from "./federation"
import { type Reply, type RequestContext, htmlReply, isReply, jsonReply, textReply } from "./http"
import { requestId } from "./ids"
import { Directory } from "./directory"
import {
  type EmulatorOptions,
  type KnobUpdate,
  type Knobs,
  type OperationName,
  applyKnobUpdate,
  resolveKnobs
} from "./knobs"
import { createToken, grantTypeOf, oidcFault, oidcThrottled, registerClient, startDeviceAuthorization } from "./oidc"
import { getRoleCredentials, listAccountRoles, listAccounts, logout, portalFault, portalThrottled } from "./portal"
import { TokenBucket } from "./ratelimit"
import { EmulatorState } from "./state"
import { assumeRole, getCallerIdentity, stsAccountOf, stsError, stsFault, stsParams, stsThrottled } from "./sts"

export type { Counters } from "./counters"
export type { EmulatorOptions, FaultRule, KnobUpdate, Knobs, OperationName, RateLimit } from "./knobs"

export interface Emulator {
  /** "http://127.0.0.1:PORT" */
  readonly url: string
  readonly port: number
  /** Endpoint overrides (and the region) for a client process; never secrets. */
  readonly env: Record<string, string>
  counters(): Counters
  resetCounters(): void
  setKnobs(k: KnobUpdate): void
  approveDevice(userCode: string): void
  denyDevice(userCode: string): void
  revokeAllTokens(): void
  stop(): Promise<void>
}

type Service = "oidc" | "portal" | "sts" | "federation" | "browser"

interface Route {
  readonly service: Service
  readonly operation: OperationName
  /** AWS API calls share the rate limit; browser pages and the federation endpoint do not. */
  readonly limited: boolean
  /** The account the call targets, for account-scoped fault rules. */
  readonly accountId: string | undefined
  readonly handle: () => Reply
}

const maxBodyBytes = 1024 * 1024

const throttledReply = (service: Service): Reply =>
  service === "oidc"
    ? oidcThrottled()
    : service === "portal"
      ? portalThrottled()
      : service === "sts"
        ? stsThrottled()
        : textReply(429, "Rate exceeded")

const faultReply = (service: Service, status: number): Reply =>
  service === "oidc"
    ? oidcFault(status)
    : service === "portal"
      ? portalFault(status)
      : service === "sts"
        ? stsFault(status)
        : textReply(status, `Injected fault (HTTP ${status})`)

const notFound = (ctx: RequestContext): Reply =>
  jsonReply(
    404,
    { message: `No operation at ${ctx.method} ${ctx.url.pathname}` },
    { "x-amzn-ErrorType": "UnknownOperationException" }
  )

const methodNotAllowed = (ctx: RequestContext): Reply =>
  jsonReply(
    405,
    { message: `${ctx.method} is not allowed on ${ctx.url.pathname}` },
    { "x-amzn-ErrorType": "UnknownOperationException" }
  )

const indexPage = (ctx: RequestContext): Reply =>
  htmlReply(
    200,
    "Local AWS emulator",
    `<p>SSO OIDC, SSO portal, STS and console federation for region ${ctx.knobs.region}.</p>` +
      "<p>Control API: <a href=\"/_emulator/counters\">/_emulator/counters</a>, " +
      "<a href=\"/_emulator/knobs\">/_emulator/knobs</a>, " +
      "<a href=\"/_emulator/credentials\">/_emulator/credentials</a>, " +
      "<a href=\"/_emulator/devices\">/_emulator/devices</a>.</p>"
  )

const resolveRoute = (ctx: RequestContext): Route | Reply => {
  const route = (
    service: Service,
    operation: OperationName,
    methods: ReadonlyArray<string>,
    handle: (ctx: RequestContext) => Reply,
    accountId?: string
  ): Route | Reply =>
    methods.includes(ctx.method)
      ? {
        service,
        operation,
        limited: service !== "browser" && service !== "federation",
        accountId,
        handle: () => handle(ctx)
      }
      : methodNotAllowed(ctx)
  const query = ctx.url.searchParams
  switch (ctx.url.pathname) {
    case "/client/register":
      return route("oidc", "RegisterClient", ["POST"], registerClient)
    case "/device_authorization":
      return route("oidc", "StartDeviceAuthorization", ["POST"], startDeviceAuthorization)
    case "/token":
      return route("oidc", "CreateToken", ["POST"], createToken)
    case "/authorize":
      return route("browser", "Authorize", ["GET"], authorize)
    case "/device":
      return route("browser", "VerifyDevice", ["GET"], verifyDevice)
    case "/assignment/accounts":
      return route("portal", "ListAccounts", ["GET"], listAccounts)
    case "/assignment/roles":
      return route("portal", "ListAccountRoles", ["GET"], listAccountRoles, query.get("account_id") ?? undefined)
    case "/federation/credentials":
      return route("portal", "GetRoleCredentials", ["GET"], getRoleCredentials, query.get("account_id") ?? undefined)
    case "/logout":
      return route("portal", "Logout", ["POST"], logout)
    case "/federation": {
      const params = federationParams(ctx)
      const action = params.get("Action")
      if (action === "getSigninToken") {
        return route("federation", "GetSigninToken", ["GET", "POST"], (c) => getSigninToken(c, params))
      }
      if (action === "login") {
        return route("federation", "ConsoleLogin", ["GET", "POST"], (c) => consoleLogin(c, params))
      }
      return textReply(400, "Action must be getSigninToken or login")
    }
    case "/": {
      const params = stsParams(ctx)
      const action = params.get("Action")
      if (action === null) {
        return ctx.method === "GET" ? indexPage(ctx) : stsError("MissingAction", "Action is required", 400)
      }
      const accountId = stsAccountOf(ctx, params)
      if (action === "AssumeRole") {
        return route("sts", "AssumeRole", ["GET", "POST"], (c) => assumeRole(c, params), accountId)
      }
      if (action === "GetCallerIdentity") {
        return route("sts", "GetCallerIdentity", ["GET", "POST"], (c) => getCallerIdentity(c, params), accountId)
      }
      return stsError("InvalidAction", `Could not find operation ${action} for version 2011-06-15`, 400)
    }
    default:
      return notFound(ctx)
  }
}

const readBody = async (req: IncomingMessage): Promise<string | undefined> => {
  const chunks: Array<Buffer> = []
  let size = 0
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk))
    size += buffer.length
    if (size > maxBodyBytes) return undefined
    chunks.push(buffer)
  }
  return Buffer.concat(chunks).toString("utf8")
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

const listen = (server: Server, port: number): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once("error", reject)
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject)
      const address = server.address()
      if (address === null || typeof address === "string") reject(new Error("emulator: no TCP address"))
      else resolve(address.port)
    })
  })

export const startEmulator = async (options: EmulatorOptions = {}): Promise<Emulator> => {
  let knobs: Knobs = resolveKnobs(options)
  let counters = emptyCounters()
  let bucket = knobs.rateLimit === undefined ? undefined : new TokenBucket(knobs.rateLimit, Date.now())
  const state = new EmulatorState()
  const log = options.log
  let baseUrl = ""

  const setKnobs = (update: unknown): void => {
    const previous = knobs.rateLimit
    knobs = applyKnobUpdate(knobs, update)
    if (knobs.rateLimit !== previous) {
      bucket = knobs.rateLimit === undefined ? undefined : new TokenBucket(knobs.rateLimit, Date.now())
    }
  }

  const decideDevice = (userCode: string, decision: "approved" | "denied"): void => {
    const device = state.findDeviceByUserCode(userCode)
    if (device === undefined) throw new Error(`no device authorization has user code ${userCode}`)
    if (device.expiresAtMs <= Date.now()) throw new Error(`the device authorization ${userCode} has expired`)
    const done = decision === "approved" ? ["approved", "consumed"] : ["denied"]
    if (done.includes(device.status)) return
    if (device.status !== "pending") throw new Error(`the device authorization ${userCode} was already decided`)
    device.status = decision
  }

  const control: ControlTarget = {
    state,
    counters: () => copyCounters(counters),
    resetCounters: () => {
      counters = emptyCounters()
    },
    knobs: () => ({ ...knobs, faults: [...knobs.faults] }),
    setKnobs,
    approveDevice: (userCode) => decideDevice(userCode, "approved"),
    denyDevice: (userCode) => decideDevice(userCode, "denied"),
    revokeAllTokens: () => state.revokeAllTokens()
  }

  const answer = async (req: IncomingMessage, body: string): Promise<{ reply: Reply; operation?: OperationName }> => {
    const url = new URL(req.url ?? "/", baseUrl)
    const isControl = url.pathname.startsWith("/_emulator/")
    if (!isControl && knobs.latencyMs > 0) await sleep(knobs.latencyMs)
    const ctx: RequestContext = {
      method: req.method ?? "GET",
      url,
      headers: req.headers,
      body,
      nowMs: Date.now(),
      baseUrl,
      state,
      knobs,
      directory: new Directory(knobs.accounts, knobs.rolesPerAccount)
    }
    if (isControl) return { reply: handleControl(ctx, control) }
    const route = resolveRoute(ctx)
    if (isReply(route)) return { reply: route }
    const operation = route.operation
    counters.calls[operation] += 1
    if (operation === "CreateToken") {
      const grant = grantTypeOf(body) ?? "(none)"
      counters.grants[grant] = (counters.grants[grant] ?? 0) + 1
    }
    if (route.limited && bucket !== undefined && !bucket.take(ctx.nowMs)) {
      counters.throttled += 1
      return { reply: throttledReply(route.service), operation }
    }
    const faultStatus = takeFault(knobs.faults, operation, route.accountId)
    if (faultStatus !== undefined) {
      counters.faults += 1
      return { reply: faultReply(route.service, faultStatus), operation }
    }
    return { reply: route.handle(), operation }
  }

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const startedMs = Date.now()
    let result: { reply: Reply; operation?: OperationName }
    try {
      const body = await readBody(req)
      result = body === undefined ? { reply: textReply(413, "Request body too large") } : await answer(req, body)
    } catch (error) {
      // Only the error's class name: messages could echo request data.
      log?.(`emulator: internal error ${error instanceof Error ? error.name : "unknown"}`)
      result = { reply: textReply(500, "Internal emulator error") }
    }
    const { reply } = result
    const payload = Buffer.from(reply.body, "utf8")
    res.writeHead(reply.status, {
      ...reply.headers,
      "x-amzn-RequestId": requestId(),
      "Content-Length": String(payload.length)
    })
    res.end(payload)
    const path = new URL(req.url ?? "/", "http://x").pathname
    log?.(`${req.method ?? "?"} ${path} ${result.operation ?? "-"} ${reply.status} ${Date.now() - startedMs}ms`)
  }

  const server = createServer((req, res) => {
    void onRequest(req, res)
  })
  const port = await listen(server, options.port ?? 0)
  baseUrl = `http://127.0.0.1:${port}`

  return {
    url: baseUrl,
    port,
    env: {
      AWS_ENDPOINT_URL_SSO: baseUrl,
      AWS_ENDPOINT_URL_SSO_OIDC: baseUrl,
      AWS_ENDPOINT_URL_STS: baseUrl,
      AWS_ENDPOINT_URL_SIGNIN: baseUrl,
      AWS_REGION: knobs.region
    },
    counters: control.counters,
    resetCounters: control.resetCounters,
    setKnobs: (k: KnobUpdate) => setKnobs(k),
    approveDevice: control.approveDevice,
    denyDevice: control.denyDevice,
    revokeAllTokens: control.revokeAllTokens,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)))
        // SDK clients keep connections alive; without this close() would wait for them to time out.
        server.closeAllConnections()
      })
  }
}

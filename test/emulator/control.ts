/**
 * `/_emulator/*`: the JSON control API for tests in other processes (the compiled binary's end-to-end tests,
 * the demo). No auth: the server only listens on 127.0.0.1. Secrets never appear in these answers; only
 * identifiers a client may legitimately print (access key ids, sign-in tokens in console URLs).
 */
import type { Counters } from "./counters"
import { type Reply, type RequestContext, jsonReply, parseJsonObject } from "./http"
import { KnobError, type Knobs } from "./knobs"
import type { EmulatorState } from "./state"
import { isoSeconds } from "./sts"

export interface ControlTarget {
  readonly state: EmulatorState
  counters(): Counters
  resetCounters(): void
  knobs(): Knobs
  /** Throws KnobError on an invalid update. */
  setKnobs(update: unknown): void
  /** Throws when no device authorization has this user code. */
  approveDevice(userCode: string): void
  denyDevice(userCode: string): void
  revokeAllTokens(): void
}

const problem = (status: number, message: string): Reply => jsonReply(status, { message })

const ok = (): Reply => jsonReply(200, { ok: true })

const listCredentials = (state: EmulatorState): Reply =>
  jsonReply(
    200,
    [...state.credentials.values()].map((creds) => ({
      accessKeyId: creds.accessKeyId,
      accountId: creds.accountId,
      roleName: creds.roleName,
      roleArn: creds.roleArn,
      sessionName: creds.sessionName,
      issuedBy: creds.issuedBy,
      chained: creds.chained,
      ...(creds.sourceAccessKeyId === undefined ? {} : { sourceAccessKeyId: creds.sourceAccessKeyId }),
      ...(creds.externalId === undefined ? {} : { externalId: creds.externalId }),
      ...(creds.sourceIdentity === undefined ? {} : { sourceIdentity: creds.sourceIdentity }),
      issuedAt: isoSeconds(creds.issuedAtMs),
      expiration: isoSeconds(creds.expiresAtMs),
      expiresAtMs: creds.expiresAtMs
    }))
  )

const listSigninTokens = (state: EmulatorState): Reply =>
  jsonReply(
    200,
    [...state.signinTokens.values()].map((signin) => ({
      signinToken: signin.token,
      accessKeyId: signin.accessKeyId,
      accountId: signin.accountId,
      roleArn: signin.roleArn,
      ...(signin.sessionDurationSeconds === undefined ? {} : { sessionDuration: signin.sessionDurationSeconds }),
      used: signin.used,
      issuedAt: isoSeconds(signin.issuedAtMs),
      expiration: isoSeconds(signin.expiresAtMs)
    }))
  )

const listDevices = (state: EmulatorState): Reply =>
  jsonReply(
    200,
    [...state.devicesByCode.values()].map((device) => ({
      userCode: device.userCode,
      status: device.status,
      startUrl: device.startUrl,
      expiration: isoSeconds(device.expiresAtMs)
    }))
  )

const decideDevice = (ctx: RequestContext, decide: (userCode: string) => void): Reply => {
  const userCode = ctx.url.searchParams.get("user_code")
  if (userCode === null || userCode === "") return problem(400, "user_code is required")
  try {
    decide(userCode)
    return ok()
  } catch (error) {
    return problem(404, error instanceof Error ? error.message : String(error))
  }
}

const updateKnobs = (ctx: RequestContext, target: ControlTarget): Reply => {
  const update = parseJsonObject(ctx.body)
  if (update === undefined) return problem(400, "the body must be a JSON object")
  try {
    target.setKnobs(update)
  } catch (error) {
    if (error instanceof KnobError) return problem(400, error.message)
    throw error
  }
  return jsonReply(200, target.knobs())
}

export const handleControl = (ctx: RequestContext, target: ControlTarget): Reply => {
  const route = `${ctx.method} ${ctx.url.pathname}`
  switch (route) {
    case "GET /_emulator/health":
      return ok()
    case "GET /_emulator/counters":
      return jsonReply(200, target.counters())
    case "POST /_emulator/reset-counters":
      target.resetCounters()
      return ok()
    case "GET /_emulator/knobs":
      return jsonReply(200, target.knobs())
    case "POST /_emulator/knobs":
      return updateKnobs(ctx, target)
    case "POST /_emulator/revoke":
      target.revokeAllTokens()
      return ok()
    case "POST /_emulator/approve":
      return decideDevice(ctx, (code) => target.approveDevice(code))
    case "POST /_emulator/deny":
      return decideDevice(ctx, (code) => target.denyDevice(code))
    case "GET /_emulator/credentials":
      return listCredentials(target.state)
    case "GET /_emulator/signin-tokens":
      return listSigninTokens(target.state)
    case "GET /_emulator/devices":
      return listDevices(target.state)
    default:
      return problem(404, `no control route ${route}`)
  }
}

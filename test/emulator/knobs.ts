/**
 * Emulator options, their defaults and run-time updates. Options arrive both from code and as JSON over the
 * control API, so updates are validated by hand here (the emulator stays dependency-free).
 */
import { isRecord } from "./http"

/** The AWS operation names the emulator counts, plus the browser pages it serves. */
export const operationNames = [
  "RegisterClient",
  "StartDeviceAuthorization",
  "CreateToken",
  "ListAccounts",
  "ListAccountRoles",
  "GetRoleCredentials",
  "Logout",
  "AssumeRole",
  "GetCallerIdentity",
  "GetSigninToken",
  "Authorize",
  "VerifyDevice",
  "ConsoleLogin"
] as const

export type OperationName = (typeof operationNames)[number]

export const isOperationName = (name: string): name is OperationName =>
  (operationNames as ReadonlyArray<string>).includes(name)

export interface RateLimit {
  ratePerSecond: number
  burst?: number
}

export interface FaultRule {
  /** An operation name such as "ListAccountRoles", or "*" for every AWS API operation (not browser pages). */
  operation: string
  /** HTTP status to answer with: 500, 503, 429, 401... */
  status: number
  /** How many matching calls fail; default 1. */
  count?: number
  /** Only calls that target this account (portal account_id, AssumeRole RoleArn, caller's account). */
  accountId?: string
}

export interface EmulatorOptions {
  port?: number
  accounts?: number
  rolesPerAccount?: number
  latencyMs?: number
  rateLimit?: RateLimit
  accessTokenTtlSeconds?: number
  refreshTokenTtlSeconds?: number
  credentialTtlSeconds?: number
  deviceCodeTtlSeconds?: number
  deviceInterval?: number
  registrationTtlSeconds?: number
  autoApprove?: boolean
  region?: string
  /** ListAccounts / ListAccountRoles page size when the client sends no max_result; default 20. */
  pageSize?: number
  /** One line per request (method, path, operation, status); never carries tokens or secrets. */
  log?: (line: string) => void
}

/** A run-time change. `rateLimit: null` switches rate limiting off; `faults` replaces the rule list. */
export type KnobUpdate = Partial<Omit<EmulatorOptions, "rateLimit"> & { faults: FaultRule[] }> & {
  rateLimit?: RateLimit | null
}

export interface Knobs {
  accounts: number
  rolesPerAccount: number
  latencyMs: number
  rateLimit: RateLimit | undefined
  accessTokenTtlSeconds: number
  refreshTokenTtlSeconds: number
  credentialTtlSeconds: number
  deviceCodeTtlSeconds: number
  deviceInterval: number
  registrationTtlSeconds: number
  autoApprove: boolean
  region: string
  pageSize: number
  faults: FaultRule[]
}

const day = 24 * 60 * 60

export const defaultKnobs: Knobs = {
  accounts: 3,
  rolesPerAccount: 2,
  latencyMs: 0,
  rateLimit: undefined,
  accessTokenTtlSeconds: 8 * 60 * 60,
  refreshTokenTtlSeconds: 90 * day,
  credentialTtlSeconds: 60 * 60,
  deviceCodeTtlSeconds: 600,
  deviceInterval: 1,
  registrationTtlSeconds: 90 * day,
  autoApprove: true,
  region: "us-east-1",
  pageSize: 20,
  faults: []
}

export class KnobError extends Error {
  override readonly name = "KnobError"
}

const numericKnobs = [
  "latencyMs",
  "accessTokenTtlSeconds",
  "refreshTokenTtlSeconds",
  "credentialTtlSeconds",
  "deviceCodeTtlSeconds",
  "deviceInterval",
  "registrationTtlSeconds"
] as const

const integerKnobs = ["accounts", "rolesPerAccount", "pageSize"] as const

const nonNegative = (key: string, value: unknown): number => {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new KnobError(`knob ${key} must be a non-negative number`)
  }
  return value
}

const decodeRateLimit = (value: unknown): RateLimit | undefined => {
  if (value === null || value === undefined) return undefined
  if (!isRecord(value)) throw new KnobError("knob rateLimit must be an object or null")
  const ratePerSecond = nonNegative("rateLimit.ratePerSecond", value["ratePerSecond"])
  if (ratePerSecond === 0) throw new KnobError("knob rateLimit.ratePerSecond must be above 0 (use null to disable)")
  if (value["burst"] === undefined) return { ratePerSecond }
  const burst = nonNegative("rateLimit.burst", value["burst"])
  if (burst < 1) throw new KnobError("knob rateLimit.burst must be at least 1")
  return { ratePerSecond, burst }
}

const decodeFault = (value: unknown, index: number): FaultRule => {
  if (!isRecord(value)) throw new KnobError(`fault ${index} must be an object`)
  const { operation, status, count, accountId } = value
  if (typeof operation !== "string" || operation.length === 0) {
    throw new KnobError(`fault ${index}: operation must be a non-empty string`)
  }
  if (typeof status !== "number" || !Number.isInteger(status) || status < 400 || status > 599) {
    throw new KnobError(`fault ${index}: status must be an HTTP error status (400-599)`)
  }
  if (count !== undefined && (typeof count !== "number" || !Number.isInteger(count) || count < 1)) {
    throw new KnobError(`fault ${index}: count must be a positive integer`)
  }
  if (accountId !== undefined && typeof accountId !== "string") {
    throw new KnobError(`fault ${index}: accountId must be a string`)
  }
  return {
    operation,
    status,
    count: count ?? 1,
    ...(accountId === undefined ? {} : { accountId })
  }
}

/** Applies a (possibly untrusted, JSON-decoded) update to the knobs and returns the new knobs. */
export const applyKnobUpdate = (knobs: Knobs, update: unknown): Knobs => {
  if (!isRecord(update)) throw new KnobError("knobs must be a JSON object")
  const next: Knobs = { ...knobs, faults: [...knobs.faults] }
  for (const key of numericKnobs) {
    if (update[key] !== undefined) next[key] = nonNegative(key, update[key])
  }
  for (const key of integerKnobs) {
    if (update[key] === undefined) continue
    const value = nonNegative(key, update[key])
    if (!Number.isInteger(value)) throw new KnobError(`knob ${key} must be an integer`)
    next[key] = value
  }
  if (next.pageSize < 1) throw new KnobError("knob pageSize must be at least 1")
  if ("rateLimit" in update) next.rateLimit = decodeRateLimit(update["rateLimit"])
  if (update["autoApprove"] !== undefined) {
    if (typeof update["autoApprove"] !== "boolean") throw new KnobError("knob autoApprove must be a boolean")
    next.autoApprove = update["autoApprove"]
  }
  if (update["region"] !== undefined) {
    if (typeof update["region"] !== "string" || update["region"] === "") {
      throw new KnobError("knob region must be a non-empty string")
    }
    next.region = update["region"]
  }
  if (update["faults"] !== undefined) {
    if (!Array.isArray(update["faults"])) throw new KnobError("knob faults must be an array")
    next.faults = update["faults"].map(decodeFault)
  }
  return next
}

/** The knobs for a new emulator: defaults overridden by the options (port and log are not knobs). */
export const resolveKnobs = (options: EmulatorOptions): Knobs => {
  const { port: _port, log: _log, ...rest } = options
  return applyKnobUpdate(defaultKnobs, rest)
}

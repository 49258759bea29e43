/** Per-operation call counts, so tests can assert how many round trips a client made (retries included). */
import { type OperationName, operationNames } from "./knobs"

export interface Counters {
  /** Every request that reached an operation, including ones then throttled or failed by a fault rule. */
  calls: Record<OperationName, number>
  /** CreateToken calls per `grantType`. */
  grants: Record<string, number>
  /** Requests refused by the rate limit. */
  throttled: number
  /** Requests failed by a fault rule. */
  faults: number
}

const zeroCalls = (): Record<OperationName, number> => {
  const calls: Partial<Record<OperationName, number>> = {}
  for (const name of operationNames) calls[name] = 0
  return calls as Record<OperationName, number>
}

export const emptyCounters = (): Counters => ({ calls: zeroCalls(), grants: {}, throttled: 0, faults: 0 })

export const copyCounters = (counters: Counters): Counters => ({
  calls: { ...counters.calls },
  grants: { ...counters.grants },
  throttled: counters.throttled,
  faults: counters.faults
})

/** Fault injection: the next `count` calls of an operation (optionally for one account) fail with a status. */
import type { FaultRule, OperationName } from "./knobs"

/** Browser pages are not API operations, so a "*" rule leaves them alone. */
const pageOperations: ReadonlyArray<OperationName> = ["Authorize", "VerifyDevice", "ConsoleLogin"]

const matches = (rule: FaultRule, operation: OperationName, accountId: string | undefined): boolean => {
  const operationMatches =
    rule.operation === operation || (rule.operation === "*" && !pageOperations.includes(operation))
  return operationMatches && (rule.accountId === undefined || rule.accountId === accountId)
}

/**
 * Finds the first rule matching the call and uses up one of its counts (dropping it when spent).
 * Returns the status to fail with, or undefined when the call should proceed.
 */
export const takeFault = (
  rules: Array<FaultRule>,
  operation: OperationName,
  accountId: string | undefined
): number | undefined => {
  const index = rules.findIndex((rule) => matches(rule, operation, accountId))
  const rule = rules[index]
  if (rule === undefined) return undefined
  const remaining = (rule.count ?? 1) - 1
  if (remaining <= 0) rules.splice(index, 1)
  else rules[index] = { ...rule, count: remaining }
  return rule.status
}

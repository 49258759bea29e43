/**
 * Role chaining (`Via`, spec 7.8): a role with `Via` is reached by first getting credentials for
 * the `Via` role (which may itself have a `Via`), then STS AssumeRole hop by hop. Pure: the chain
 * is computed from what config.yaml and the cache say about each role.
 */
import { Either, Option } from "effect"
import type { RoleCatalog } from "../cache/model"
import { parseRoleArn } from "../cache/model"
import { normalizeAccountId, roleArn } from "../config/accountId"
import type { SsoInstance } from "../config/Settings"
import { RoleChainLoop, ViaInvalid } from "./errors"

/** What chaining needs to know about one role. */
export interface RoleFacts {
  /** The ARN (or `<account>:<role>`) of the role to assume this one from; "" = straight from AWS SSO. */
  readonly via: string
  readonly externalId?: string | undefined
  readonly sourceIdentity?: string | undefined
}

export type RoleFactsLookup = (arn: string) => RoleFacts

/** One hop: the role, its account and name, and the AssumeRole extras configured for it. */
export interface ChainLink {
  readonly arn: string
  readonly accountId: string
  readonly roleName: string
  readonly externalId?: string | undefined
  readonly sourceIdentity?: string | undefined
}

/**
 * What config.yaml (ExternalId, SourceIdentity, and Via, which wins as the more recent source) and
 * the cache (Via of roles restored from an older config) say about a role.
 */
export const roleFactsLookup = (catalog: RoleCatalog, sso: SsoInstance): RoleFactsLookup => (arn) => {
  const target = parseRoleArn(arn)
  if (Option.isNone(target)) return { via: "" }
  const { accountId, roleName } = target.value
  const configured = sso.Accounts[accountId]?.Roles[roleName]
  const cached = catalog.Accounts[accountId]?.Roles[roleName]
  return {
    via: configured?.Via || cached?.Via || "",
    externalId: configured?.ExternalId || undefined,
    sourceIdentity: configured?.SourceIdentity || undefined
  }
}

const shortForm = /^(\d+):([^:]+)$/

/** A `Via` value as a role ARN: a full ARN as is, `<account>:<role>` in the instance's partition. */
export const viaArn = (via: string, partition: string): Option.Option<string> => {
  if (Option.isSome(parseRoleArn(via))) return Option.some(via)
  const short = shortForm.exec(via)
  if (short?.[1] === undefined || short[2] === undefined) return Option.none()
  return Option.map(Either.getRight(normalizeAccountId(short[1])), (id) => roleArn(partition, id, short[2]!))
}

/**
 * The hops to `arn`, first the role fetched from AWS SSO, last `arn` itself. A chain that comes
 * back to a role already in it fails with `RoleChainLoop` (upstream panics).
 */
export const roleChain = (
  arn: string,
  lookup: RoleFactsLookup,
  partition: string
): Either.Either<ReadonlyArray<ChainLink>, RoleChainLoop | ViaInvalid> => {
  const links: Array<ChainLink> = []
  const seen = new Set<string>()
  let current = arn
  for (;;) {
    if (seen.has(current)) {
      return Either.left(new RoleChainLoop({ chain: [...links.map((l) => l.arn), current] }))
    }
    seen.add(current)
    const target = parseRoleArn(current)
    if (Option.isNone(target)) {
      return Either.left(new ViaInvalid({ arn: links[0]?.arn ?? arn, via: current }))
    }
    const facts = lookup(current)
    links.push({
      arn: current,
      ...target.value,
      externalId: facts.externalId,
      sourceIdentity: facts.sourceIdentity
    })
    if (facts.via === "") return Either.right(links.reverse())
    const next = viaArn(facts.via, partition)
    if (Option.isNone(next)) return Either.left(new ViaInvalid({ arn: current, via: facts.via }))
    current = next.value
  }
}

/** Upstream's session name for a hop: `<previousRole>@<previousAccount12>`, within STS's 64 characters. */
export const chainSessionName = (previous: ChainLink): string =>
  `${previous.roleName}@${previous.accountId}`.replace(/[^\w+=,.@-]/g, "_").slice(-64)

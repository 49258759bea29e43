/**
 * What the ECS credential server holds and speaks: slots of role credentials kept in memory only,
 * the load request of `PUT /` and `PUT /slot/<p>`, and the JSON replies of upstream's API (§5).
 */
import { Either, HashMap, Option, Redacted, Schema } from "effect"
import { normalizeAccountId, roleArn } from "../config/accountId"
import { formatRemainingPadded } from "../domain/duration"
import { isoUtcSeconds } from "../credentials/outputs"

/**
 * Where credentials came from when a profile of an SSO instance produced them (`ecs load`,
 * `--default`). Only such slots are refreshed by the server; raw credentials PUT by other clients
 * are served until they expire. Upstream ignores unknown JSON fields, so the Go server accepts it.
 */
export interface SlotSource {
  readonly sso: string
  readonly roleArn: string
}

export interface SlotCredentials {
  readonly accountId: string
  readonly roleName: string
  readonly accessKeyId: string
  readonly secretAccessKey: Redacted.Redacted<string>
  readonly sessionToken: Redacted.Redacted<string>
  /** Unix milliseconds. */
  readonly expiration: number
  readonly roleChaining: boolean
}

export interface Slot {
  readonly profileName: string
  readonly credentials: SlotCredentials
  readonly source: Option.Option<SlotSource>
}

/** The default slot (`/`) and the named slots (`/slot/<profile>`). */
export interface SlotState {
  readonly default: Option.Option<Slot>
  readonly named: HashMap.HashMap<string, Slot>
}

export const emptySlots: SlotState = { default: Option.none(), named: HashMap.empty() }

/** Identifies a slot for the refresher: the default one or a named one. */
export type SlotKey = { readonly _tag: "Default" } | { readonly _tag: "Named"; readonly name: string }

export const defaultKey: SlotKey = { _tag: "Default" }
export const namedKey = (name: string): SlotKey => ({ _tag: "Named", name })
export const slotKeyId = (key: SlotKey): string => key._tag === "Default" ? "/" : `/slot/${key.name}`

export const getSlot = (state: SlotState, key: SlotKey): Option.Option<Slot> =>
  key._tag === "Default" ? state.default : HashMap.get(state.named, key.name)

export const setSlot = (state: SlotState, key: SlotKey, slot: Slot): SlotState =>
  key._tag === "Default"
    ? { ...state, default: Option.some(slot) }
    : { ...state, named: HashMap.set(state.named, key.name, slot) }

/** Upstream's margin: credentials that expire within a minute are not handed out. */
export const expiryMarginMs = 60_000

export const isSlotExpired = (slot: Slot, nowMs: number): boolean =>
  slot.credentials.expiration <= nowMs + expiryMarginMs

export const slotRoleArn = (slot: Slot): string =>
  Option.match(slot.source, {
    onNone: () => roleArn("aws", slot.credentials.accountId, slot.credentials.roleName),
    onSome: (source) => source.roleArn
  })

// The wire form is decoded leniently so that a missing field gets upstream's one-line reason
// instead of a schema dump.
const LoadCreds = Schema.Struct({
  roleName: Schema.optional(Schema.String),
  // Upstream sends a JSON number; its docs show a string. Both are accepted (Appendix A.4).
  accountId: Schema.optional(Schema.Union(Schema.Number, Schema.String)),
  accessKeyId: Schema.optional(Schema.String),
  secretAccessKey: Schema.optional(Schema.String),
  sessionToken: Schema.optional(Schema.String),
  expiration: Schema.optional(Schema.Number),
  roleChaining: Schema.optional(Schema.Boolean)
})

const LoadSource = Schema.Struct({
  SSO: Schema.String,
  RoleArn: Schema.String
})

export const LoadRequest = Schema.Struct({
  Creds: Schema.optional(Schema.NullOr(LoadCreds)),
  ProfileName: Schema.optional(Schema.String),
  Source: Schema.optional(Schema.NullOr(LoadSource))
})
export type LoadRequest = typeof LoadRequest.Type

const decodeLoadJson = Schema.decodeUnknownEither(Schema.parseJson(LoadRequest))

/** A load request body as a slot, or the one-line reason it is not acceptable. */
export const parseLoadRequest = (body: string): Either.Either<Slot, string> => {
  const decoded = decodeLoadJson(body)
  if (Either.isLeft(decoded)) return Either.left("invalid JSON body for a credentials load request")
  const request = decoded.right
  if (!request.ProfileName) return Either.left("missing ProfileName")
  const creds = request.Creds
  if (!creds) return Either.left("missing Creds")
  if (!creds.roleName) return Either.left("missing Creds.roleName")
  if (creds.accountId === undefined || creds.accountId === 0 || creds.accountId === "") {
    return Either.left("missing Creds.accountId")
  }
  const accountId = normalizeAccountId(creds.accountId)
  if (Either.isLeft(accountId)) return Either.left(`Creds.accountId: ${accountId.left}`)
  if (!creds.accessKeyId) return Either.left("missing Creds.accessKeyId")
  if (!creds.secretAccessKey) return Either.left("missing Creds.secretAccessKey")
  if (!creds.sessionToken) return Either.left("missing Creds.sessionToken")
  if (!creds.expiration) return Either.left("missing Creds.expiration")
  const source = request.Source
    ? Option.some({ sso: request.Source.SSO, roleArn: request.Source.RoleArn })
    : Option.none()
  return Either.right({
    profileName: request.ProfileName,
    credentials: {
      accountId: accountId.right,
      roleName: creds.roleName,
      accessKeyId: creds.accessKeyId,
      secretAccessKey: Redacted.make(creds.secretAccessKey),
      sessionToken: Redacted.make(creds.sessionToken),
      expiration: creds.expiration,
      roleChaining: creds.roleChaining ?? false
    },
    source
  })
}

/** The body `ecs load` sends; `accountId` is a number as upstream's client sends it. */
export const loadRequestBody = (slot: Slot): string =>
  JSON.stringify({
    Creds: {
      roleName: slot.credentials.roleName,
      accountId: Number(slot.credentials.accountId),
      accessKeyId: slot.credentials.accessKeyId,
      secretAccessKey: Redacted.value(slot.credentials.secretAccessKey),
      sessionToken: Redacted.value(slot.credentials.sessionToken),
      expiration: slot.credentials.expiration,
      roleChaining: slot.credentials.roleChaining
    },
    ProfileName: slot.profileName,
    ...Option.match(slot.source, {
      onNone: () => ({}),
      onSome: (source) => ({ Source: { SSO: source.sso, RoleArn: source.roleArn } })
    })
  })

/**
 * The container-credentials reply. `Expiration` is UTC with `Z` because the JS SDK rejects any
 * offset (upstream sends local time); `AccountId` is read by botocore.
 */
export const credentialsReply = (slot: Slot) => ({
  AccessKeyId: slot.credentials.accessKeyId,
  Expiration: isoUtcSeconds(slot.credentials.expiration),
  RoleArn: slotRoleArn(slot),
  AccountId: slot.credentials.accountId,
  SecretAccessKey: Redacted.value(slot.credentials.secretAccessKey),
  Token: Redacted.value(slot.credentials.sessionToken)
})

/** One entry of `GET /slot` and the reply of `GET /profile`. */
export const ProfileEntry = Schema.Struct({
  ProfileName: Schema.String,
  AccountId: Schema.String,
  RoleName: Schema.String,
  /** Unix seconds. */
  Expiration: Schema.Number,
  Expires: Schema.String
})
export type ProfileEntry = typeof ProfileEntry.Type

export const profileEntry = (slot: Slot, nowMs: number): ProfileEntry => ({
  ProfileName: slot.profileName,
  AccountId: slot.credentials.accountId,
  RoleName: slot.credentials.roleName,
  Expiration: Math.floor(slot.credentials.expiration / 1000),
  Expires: formatRemainingPadded(slot.credentials.expiration - nowMs)
})

/** Upstream's `{"code":"<status>","message":"<text>"}` body of errors and OKs. */
export const StatusBody = Schema.Struct({ code: Schema.String, message: Schema.String })

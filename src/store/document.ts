/**
 * The whole content of a store as one value, and its two on-disk JSON layouts: the single keyring
 * record (upstream 4.3, used by the keyring and `file` backends) and the clear-text JSON store
 * (upstream 4.4). Pure: no I/O here.
 */
import { Either, ParseResult, type Redacted, Schema } from "effect"
import { StoreCorrupt } from "./errors"
import { ClientRegistration, RoleCredentials, TokenRecord } from "./records"

/** Everything one store holds. Map keys are the stored keys (see `StoreKeys`). */
export interface StoreDocument {
  readonly registrations: Readonly<Record<string, ClientRegistration>>
  readonly tokens: Readonly<Record<string, TokenRecord>>
  readonly roleCredentials: Readonly<Record<string, RoleCredentials>>
  /** Upstream's unused `StaticCredentials`, kept as found so that our rewrites do not drop them. */
  readonly staticCredentials: Readonly<Record<string, unknown>>
  readonly ecsBearerToken: Redacted.Redacted<string> | undefined
  readonly ecsPrivateKey: Redacted.Redacted<string> | undefined
  readonly ecsCertChain: string | undefined
}

export const emptyDocument: StoreDocument = {
  registrations: {},
  tokens: {},
  roleCredentials: {},
  staticCredentials: {},
  ecsBearerToken: undefined,
  ecsPrivateKey: undefined,
  ecsCertChain: undefined
}

/** How registrations and tokens of an SSO instance are keyed; the two layouts differ. */
export interface StoreKeys {
  readonly registration: (sso: string) => string
  readonly token: (sso: string) => string
}

export const keyringRecordKeys: StoreKeys = {
  registration: (sso) => `client-data:${sso}`,
  token: (sso) => `token-response:${sso}`
}

export const jsonStoreKeys: StoreKeys = {
  registration: (sso) => sso,
  token: (sso) => sso
}

// Go leaves a map nil (JSON null) when it never initialised it.
const MapOf = <A, I>(value: Schema.Schema<A, I>) =>
  Schema.optional(Schema.NullOr(Schema.Record({ key: Schema.String, value })))
const Text = Schema.optional(Schema.String)

/** Upstream's single keyring record (section 4.3); top-level names are Go field names. */
const KeyringRecordJson = Schema.Struct({
  RegisterClientData: MapOf(ClientRegistration),
  CreateTokenResponse: MapOf(TokenRecord),
  RoleCredentials: MapOf(RoleCredentials),
  StaticCredentials: MapOf(Schema.Unknown),
  EcsBearerToken: Text,
  EcsPrivateKey: Text,
  EcsCertChain: Text
})

/** Upstream's clear-text JSON store (section 4.4): other top-level names, no key prefixes. */
const JsonStoreJson = Schema.Struct({
  RegisterClient: MapOf(ClientRegistration),
  StartDeviceAuth: MapOf(Schema.Unknown),
  CreateTokenResponse: MapOf(TokenRecord),
  RoleCredentials: MapOf(RoleCredentials),
  StaticCredentials: MapOf(Schema.Unknown),
  EcsBearerToken: Text,
  EcsPrivateKey: Text,
  EcsCertChain: Text
})

const SecretText = Schema.Redacted(Schema.String)
const decodeSecretText = (value: string | undefined): Redacted.Redacted<string> | undefined =>
  value ? Schema.decodeSync(SecretText)(value) : undefined
const encodeSecretText = (value: Redacted.Redacted<string> | undefined): string =>
  value === undefined ? "" : Schema.encodeSync(SecretText)(value)

// Go's encoder sorts map keys; doing the same keeps files diffable and identical across tools.
const sortedRecord = <A>(record: Readonly<Record<string, A>>): Record<string, A> =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))

const issueWords: Record<string, string> = {
  Missing: "missing",
  Unexpected: "unexpected",
  Forbidden: "not allowed",
  Type: "wrong type"
}

// Schema messages quote the offending value, which may be a secret: report paths and kinds only.
const describeParseError = (error: ParseResult.ParseError): string => {
  const issues = ParseResult.ArrayFormatter.formatErrorSync(error)
  const shown = issues.slice(0, 3).map((issue) => {
    const where = issue.path.length === 0 ? "(top level)" : issue.path.map(String).join(".")
    return `${where}: ${issueWords[issue._tag] ?? "invalid value"}`
  })
  return shown.join("; ") + (issues.length > 3 ? `; and ${issues.length - 3} more` : "")
}

const parseJsonText = (text: string, location: string): Either.Either<unknown, StoreCorrupt> =>
  Either.try({
    try: (): unknown => JSON.parse(text),
    catch: () => new StoreCorrupt({ location, detail: "not valid JSON" })
  })

const decodeWith = <A, I>(schema: Schema.Schema<A, I>, text: string, location: string) =>
  parseJsonText(text, location).pipe(
    Either.flatMap((json) =>
      Schema.decodeUnknownEither(schema, { errors: "all" })(json).pipe(
        Either.mapLeft((error) => new StoreCorrupt({ location, detail: describeParseError(error) }))
      )
    )
  )

/** The fields both layouts share, as decoded. */
interface WireCommon {
  readonly CreateTokenResponse?: Readonly<Record<string, TokenRecord>> | null | undefined
  readonly RoleCredentials?: Readonly<Record<string, RoleCredentials>> | null | undefined
  readonly StaticCredentials?: Readonly<Record<string, unknown>> | null | undefined
  readonly EcsBearerToken?: string | undefined
  readonly EcsPrivateKey?: string | undefined
  readonly EcsCertChain?: string | undefined
}

/** Both layouts decode to the same document; they differ only in where registrations live. */
const documentFromWire = (
  wire: WireCommon,
  registrations: Readonly<Record<string, ClientRegistration>> | null | undefined
): StoreDocument => ({
  registrations: registrations ?? {},
  tokens: wire.CreateTokenResponse ?? {},
  roleCredentials: wire.RoleCredentials ?? {},
  staticCredentials: wire.StaticCredentials ?? {},
  ecsBearerToken: decodeSecretText(wire.EcsBearerToken),
  ecsPrivateKey: decodeSecretText(wire.EcsPrivateKey),
  ecsCertChain: wire.EcsCertChain || undefined
})

/** Decodes upstream's keyring record JSON. */
export const decodeKeyringRecord = (text: string, location: string): Either.Either<StoreDocument, StoreCorrupt> =>
  decodeWith(KeyringRecordJson, text, location).pipe(
    Either.map((wire) => documentFromWire(wire, wire.RegisterClientData))
  )

/** Upstream's keyring record JSON: every field present (Go has no omitempty there), compact. */
export const encodeKeyringRecord = (document: StoreDocument): string =>
  JSON.stringify(
    Schema.encodeSync(KeyringRecordJson)({
      RegisterClientData: sortedRecord(document.registrations),
      CreateTokenResponse: sortedRecord(document.tokens),
      RoleCredentials: sortedRecord(document.roleCredentials),
      StaticCredentials: sortedRecord(document.staticCredentials),
      EcsBearerToken: encodeSecretText(document.ecsBearerToken),
      EcsPrivateKey: encodeSecretText(document.ecsPrivateKey),
      EcsCertChain: document.ecsCertChain ?? ""
    })
  )

/** Decodes upstream's JSON store file. */
export const decodeJsonStore = (text: string, location: string): Either.Either<StoreDocument, StoreCorrupt> =>
  decodeWith(JsonStoreJson, text, location).pipe(
    Either.map((wire) => documentFromWire(wire, wire.RegisterClient))
  )

const nonEmptyMap = <A>(record: Readonly<Record<string, A>>): Record<string, A> | undefined =>
  Object.keys(record).length === 0 ? undefined : sortedRecord(record)

/** Upstream's JSON store file: every key omitted when empty, 2-space indent. */
export const encodeJsonStore = (document: StoreDocument): string =>
  JSON.stringify(
    Schema.encodeSync(JsonStoreJson)({
      RegisterClient: nonEmptyMap(document.registrations),
      CreateTokenResponse: nonEmptyMap(document.tokens),
      RoleCredentials: nonEmptyMap(document.roleCredentials),
      StaticCredentials: nonEmptyMap(document.staticCredentials),
      EcsBearerToken: encodeSecretText(document.ecsBearerToken) || undefined,
      EcsPrivateKey: encodeSecretText(document.ecsPrivateKey) || undefined,
      EcsCertChain: document.ecsCertChain || undefined
    }),
    null,
    2
  )

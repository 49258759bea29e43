/**
 * The records kept in the secure store. Their encoded form is upstream's JSON (Go field tags,
 * including the capitalised `IdToken`/`RefreshToken` and the numeric `accountId`), so a store written
 * by the Go tool decodes here and ours decodes there. Secrets are `Redacted` once decoded.
 */
import { Option, Schema } from "effect"

export const deviceCodeGrant = "urn:ietf:params:oauth:grant-type:device_code"

// Go writes these as int64; a fraction would make the Go tool fail to read the store.
const EpochSeconds = Schema.Int
const EpochMillis = Schema.Int

const Secret = Schema.Redacted(Schema.String)

// Go always writes the field, with "" meaning "none".
const optionalSecretOrEmpty = Schema.optionalToOptional(Schema.String, Secret, {
  decode: (value) => Option.filter(value, (s) => s !== ""),
  encode: (value) => Option.some(Option.getOrElse(value, () => ""))
})

// Upstream: "an absent or empty value means [device_code]" (registrations from before PKCE).
const grantTypesWithDefault = Schema.optionalToRequired(
  Schema.Array(Schema.String),
  Schema.Array(Schema.String),
  {
    decode: (value) => Option.match(Option.filter(value, (a) => a.length > 0), {
      onNone: () => [deviceCodeGrant],
      onSome: (a) => a
    }),
    encode: (value) => Option.some(value)
  }
)

/** A 12-digit AWS account id, stored by upstream as a JSON number (leading zeros dropped). */
export const AccountIdFromNumber = Schema.transform(
  Schema.Int.pipe(Schema.between(0, 999_999_999_999)),
  Schema.String.pipe(Schema.pattern(/^\d{12}$/)),
  {
    strict: true,
    decode: (n) => String(n).padStart(12, "0"),
    encode: (s) => Number(s)
  }
)

/** An SSO-OIDC client registration (upstream `RegisterClientData`), keyed by SSO instance name. */
export class ClientRegistration extends Schema.Class<ClientRegistration>("ClientRegistration")({
  authorizationEndpoint: Schema.optional(Schema.String),
  clientId: Schema.String,
  clientIdIssuedAt: EpochSeconds,
  clientSecret: Secret,
  clientSecretExpiresAt: EpochSeconds,
  tokenEndpoint: Schema.optional(Schema.String),
  grantTypes: grantTypesWithDefault,
  /** Ours only (the Go tool ignores it and drops it when it rewrites the store). */
  issuerUrl: Schema.optional(Schema.String),
  /** Ours only, as `issuerUrl`. */
  scopes: Schema.optional(Schema.Array(Schema.String)),
  /** Ours only, as `issuerUrl`. */
  redirectUri: Schema.optional(Schema.String)
}) {}

/** An SSO access token (upstream `CreateTokenResponse`), keyed by SSO instance name. */
export class TokenRecord extends Schema.Class<TokenRecord>("TokenRecord")({
  accessToken: Secret,
  /** Seconds, as returned by AWS. */
  expiresIn: Schema.optionalWith(Schema.Int, { default: () => 0 }),
  /** Unix seconds, computed locally as now + expiresIn. */
  expiresAt: EpochSeconds,
  idToken: optionalSecretOrEmpty.pipe(Schema.fromKey("IdToken")),
  refreshToken: optionalSecretOrEmpty.pipe(Schema.fromKey("RefreshToken")),
  tokenType: Schema.optionalWith(Schema.String, { default: () => "" })
}) {}

/** STS credentials of one role, keyed by role ARN. */
export class RoleCredentials extends Schema.Class<RoleCredentials>("RoleCredentials")({
  roleName: Schema.String,
  accountId: AccountIdFromNumber,
  accessKeyId: Schema.String,
  secretAccessKey: Secret,
  sessionToken: Secret,
  /** Unix milliseconds (upstream keeps milliseconds here, seconds in the cache). */
  expiration: EpochMillis,
  /** True when the credentials came from AssumeRole (a `Via` chain). */
  roleChaining: Schema.optionalWith(Schema.Boolean, { default: () => false })
}) {}

/** The ECS server's TLS material: a PEM certificate chain and, optionally, its PKCS#8 PEM key. */
export class EcsCertificate extends Schema.Class<EcsCertificate>("EcsCertificate")({
  certChain: Schema.String,
  privateKey: Schema.optional(Secret)
}) {}

/** Upstream's early-expiry rules (section 4.3), for callers deciding whether a record is usable. */
export const isTokenExpired = (token: TokenRecord, nowMillis: number): boolean =>
  token.expiresAt <= Math.floor(nowMillis / 1000) + 60

export const areRoleCredentialsExpired = (credentials: RoleCredentials, nowMillis: number): boolean =>
  credentials.expiration <= nowMillis + 60_000

export const isRegistrationExpired = (registration: ClientRegistration, nowMillis: number): boolean =>
  registration.clientSecretExpiresAt <= Math.floor(nowMillis / 1000) + 3600

/**
 * What the SSO-OIDC and portal calls return, as our own types. The live adapters decode the SDK
 * outputs with these schemas, which also wrap every secret in `Redacted`.
 */
import { Schema } from "effect"

const optionalString = Schema.optionalWith(Schema.String, { nullable: true })
const optionalSecret = Schema.optionalWith(Schema.Redacted(Schema.String), { nullable: true })

/** A RegisterClient result. Timestamps are epoch **seconds**. */
export const RegisteredClient = Schema.Struct({
  clientId: Schema.String,
  clientSecret: Schema.Redacted(Schema.String),
  clientIdIssuedAt: Schema.optionalWith(Schema.Number, { nullable: true }),
  clientSecretExpiresAt: Schema.Number,
  /** In the model but not returned by AWS today. */
  authorizationEndpoint: optionalString,
  tokenEndpoint: optionalString
})
export type RegisteredClient = typeof RegisteredClient.Type

const defaultPollSeconds = 5

const PollInterval = Schema.transform(Schema.Number, Schema.Number, {
  strict: true,
  decode: (seconds) => (seconds > 0 ? seconds : defaultPollSeconds),
  encode: (seconds) => seconds
})

/** A StartDeviceAuthorization result; `expiresIn` and `interval` are seconds. */
export const DeviceAuthorization = Schema.Struct({
  deviceCode: Schema.String,
  userCode: Schema.String,
  verificationUri: Schema.String,
  verificationUriComplete: Schema.String,
  expiresIn: Schema.Number,
  /** 5 s when AWS sends none (or zero), as upstream and the AWS CLI assume. */
  interval: Schema.optionalWith(PollInterval, { nullable: true, default: () => defaultPollSeconds })
})
export type DeviceAuthorization = typeof DeviceAuthorization.Type

/** A CreateToken result; `expiresIn` is seconds from when the response arrived. */
export const TokenResponse = Schema.Struct({
  accessToken: Schema.Redacted(Schema.String),
  tokenType: Schema.optionalWith(Schema.String, { nullable: true, default: () => "Bearer" }),
  expiresIn: Schema.Number,
  refreshToken: optionalSecret,
  idToken: optionalSecret
})
export type TokenResponse = typeof TokenResponse.Type

/** One account assigned to the user. Name and e-mail are optional in the model; absent ones are "". */
export const AccountInfo = Schema.Struct({
  accountId: Schema.String,
  accountName: Schema.optionalWith(Schema.String, { nullable: true, default: () => "" }),
  emailAddress: Schema.optionalWith(Schema.String, { nullable: true, default: () => "" })
})
export type AccountInfo = typeof AccountInfo.Type

/** One permission set (role) assigned to the user in an account. */
export const RoleInfo = Schema.Struct({
  accountId: Schema.String,
  roleName: Schema.String
})
export type RoleInfo = typeof RoleInfo.Type

export const AccountsPage = Schema.Struct({
  accountList: Schema.optionalWith(Schema.Array(AccountInfo), { nullable: true, default: () => [] }),
  nextToken: optionalString
})

export const RolesPage = Schema.Struct({
  roleList: Schema.optionalWith(Schema.Array(RoleInfo), { nullable: true, default: () => [] }),
  nextToken: optionalString
})

/** GetRoleCredentials' credentials. `expiration` is epoch **milliseconds**. */
export const RoleCredentials = Schema.Struct({
  accessKeyId: Schema.NonEmptyString,
  secretAccessKey: Schema.Redacted(Schema.NonEmptyString),
  sessionToken: Schema.Redacted(Schema.NonEmptyString),
  expiration: Schema.Number
})
export type RoleCredentials = typeof RoleCredentials.Type

export const RoleCredentialsOutput = Schema.Struct({ roleCredentials: RoleCredentials })

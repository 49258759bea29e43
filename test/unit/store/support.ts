/**
 * Shared samples for the store tests: one record of each kind, a round trip over all of them, and
 * temp-folder store options.
 */
import { expect } from "bun:test"
import { Effect, Option, Redacted, Schema } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import type { SecureStoreOptions } from "../../../src/store/layer"
import { ClientRegistration, EcsCertificate, RoleCredentials, TokenRecord } from "../../../src/store/records"
import type { SecureStoreShape } from "../../../src/store/SecureStore"

export const tempDir = (prefix = "aws-sso-store-") => fs.mkdtempSync(path.join(os.tmpdir(), prefix))

export const storeOptions = (dir: string, overrides: Partial<SecureStoreOptions> = {}): SecureStoreOptions => ({
  backend: "file",
  jsonStoreFile: path.join(dir, "aws-sso", "store.json"),
  secureDir: path.join(dir, "aws-sso", "secure"),
  lockFile: path.join(dir, "aws-sso", "storage.lock"),
  secretServiceCollection: "awsssocli",
  password: Effect.succeed(Redacted.make("correct horse")),
  configFile: path.join(dir, "aws-sso", "config.yaml"),
  ...overrides
})

export const sampleRegistration = new ClientRegistration({
  clientId: "client-id-1",
  clientIdIssuedAt: 1_700_000_000,
  clientSecret: Redacted.make("client-secret-value-1"),
  clientSecretExpiresAt: 1_707_776_000,
  grantTypes: ["authorization_code", "refresh_token"],
  authorizationEndpoint: "https://oidc.us-east-1.amazonaws.com/authorize"
})

export const sampleToken = new TokenRecord({
  accessToken: Redacted.make("access-token-value-1"),
  expiresIn: 28_800,
  expiresAt: 1_700_028_800,
  refreshToken: Redacted.make("refresh-token-value-1"),
  tokenType: "Bearer"
})

export const sampleRoleArn = "arn:aws:iam::012345678901:role/AdministratorAccess"

export const sampleRoleCredentials = new RoleCredentials({
  roleName: "AdministratorAccess",
  accountId: "012345678901",
  accessKeyId: "ASIAEXAMPLEKEY",
  secretAccessKey: Redacted.make("secret-access-key-value-1"),
  sessionToken: Redacted.make("session-token-value-1"),
  expiration: 1_700_003_600_000
})

export const sampleCertificate = new EcsCertificate({
  certChain: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
  privateKey: Redacted.make("-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n")
})

/** Every secret text of the samples, to check that none leaks into files or messages where it must not. */
export const sampleSecrets = [
  "client-secret-value-1",
  "access-token-value-1",
  "refresh-token-value-1",
  "secret-access-key-value-1",
  "session-token-value-1"
]

/** The encoded (JSON) form of a record, for comparisons that look through `Redacted`. */
export const plain = <A, I>(schema: Schema.Schema<A, I>, value: A): I => Schema.encodeSync(schema)(value)

/** Writes one record of each kind, reads them back, deletes them, and checks every step. */
export const roundTripEveryRecord = (store: SecureStoreShape, sso = "Default") =>
  Effect.gen(function*() {
    expect(Option.isNone(yield* store.getRegistration(sso))).toBe(true)
    yield* store.putRegistration(sso, sampleRegistration)
    yield* store.putToken(sso, sampleToken)
    yield* store.putRoleCredentials(sampleRoleArn, sampleRoleCredentials)
    yield* store.putEcsBearerToken(Redacted.make("ecs-bearer-token-1"))
    yield* store.putEcsCertificate(sampleCertificate)

    const registration = Option.getOrThrow(yield* store.getRegistration(sso))
    expect(plain(ClientRegistration, registration)).toEqual(plain(ClientRegistration, sampleRegistration))
    const token = Option.getOrThrow(yield* store.getToken(sso))
    expect(plain(TokenRecord, token)).toEqual(plain(TokenRecord, sampleToken))
    const credentials = Option.getOrThrow(yield* store.getRoleCredentials(sampleRoleArn))
    expect(plain(RoleCredentials, credentials)).toEqual(plain(RoleCredentials, sampleRoleCredentials))
    expect(yield* store.listRoleCredentialArns()).toEqual([sampleRoleArn])
    expect(Redacted.value(Option.getOrThrow(yield* store.getEcsBearerToken()))).toBe("ecs-bearer-token-1")
    const certificate = Option.getOrThrow(yield* store.getEcsCertificate())
    expect(plain(EcsCertificate, certificate)).toEqual(plain(EcsCertificate, sampleCertificate))
    expect(Option.isNone(yield* store.getToken("Other"))).toBe(true)

    yield* store.deleteToken(sso)
    yield* store.deleteRegistration(sso)
    yield* store.deleteRoleCredentials(sampleRoleArn)
    yield* store.deleteEcsBearerToken()
    yield* store.deleteEcsCertificate()
    expect(Option.isNone(yield* store.getToken(sso))).toBe(true)
    expect(Option.isNone(yield* store.getRegistration(sso))).toBe(true)
    expect(Option.isNone(yield* store.getRoleCredentials(sampleRoleArn))).toBe(true)
    expect(yield* store.listRoleCredentialArns()).toEqual([])
    expect(Option.isNone(yield* store.getEcsBearerToken())).toBe(true)
    expect(Option.isNone(yield* store.getEcsCertificate())).toBe(true)
    // Deleting what is not there is not an error.
    yield* store.deleteToken(sso)
    yield* store.deleteRoleCredentials(sampleRoleArn)
  })

import { describe, expect, test } from "bun:test"
import { Either, Redacted, Schema } from "effect"
import {
  decodeJsonStore,
  decodeKeyringRecord,
  emptyDocument,
  encodeJsonStore,
  encodeKeyringRecord
} from "../../../src/store/document"
import {
  areRoleCredentialsExpired,
  ClientRegistration,
  deviceCodeGrant,
  isRegistrationExpired,
  isTokenExpired,
  RoleCredentials,
  TokenRecord
} from "../../../src/store/records"
import { sampleRoleCredentials, sampleToken } from "./support"

// A keyring record as the Go tool writes it (json.Marshal: Go field names, sorted map keys, compact).
const goKeyringRecord = {
  RegisterClientData: {
    "client-data:Default": {
      clientId: "cid-1",
      clientIdIssuedAt: 1700000000,
      clientSecret: "go-client-secret",
      clientSecretExpiresAt: 1707776000,
      grantTypes: ["authorization_code", "refresh_token"]
    }
  },
  CreateTokenResponse: {
    "token-response:Default": {
      accessToken: "go-access-token",
      expiresIn: 28800,
      expiresAt: 1700028800,
      IdToken: "",
      RefreshToken: "go-refresh-token",
      tokenType: "Bearer"
    }
  },
  RoleCredentials: {
    "arn:aws:iam::012345678901:role/Admin": {
      roleName: "Admin",
      accountId: 12345678901,
      accessKeyId: "ASIAGO",
      secretAccessKey: "go-secret-access-key",
      sessionToken: "go-session-token",
      expiration: 1700003600000,
      roleChaining: true
    }
  },
  StaticCredentials: {
    "arn:aws:iam::123456789012:user/foo": {
      Profile: "",
      userName: "foo",
      accountId: 123456789012,
      accessKeyId: "AKIAGO",
      secretAccessKey: "go-static-secret",
      Tags: null
    }
  },
  EcsBearerToken: "go-ecs-token",
  EcsPrivateKey: "",
  EcsCertChain: ""
}

// An old JSON store as upstream's fixture shape: no grantTypes, no roleChaining, region|url keys.
const goJsonStore = `{
  "RegisterClient": {
    "us-east-1|https://d-1234567890.awsapps.com/start": {
      "clientId": "cid-2",
      "clientIdIssuedAt": 1629947379,
      "clientSecret": "old-secret",
      "clientSecretExpiresAt": 1637723379
    }
  },
  "CreateTokenResponse": {
    "us-east-1|https://d-1234567890.awsapps.com/start": {
      "accessToken": "old-token",
      "expiresIn": 28800,
      "expiresAt": 1637469677,
      "IdToken": "",
      "RefreshToken": "",
      "tokenType": "Bearer"
    }
  },
  "RoleCredentials": {
    "arn:aws:iam::012344553243:role/AWSAdministratorAccess": {
      "roleName": "AWSAdministratorAccess",
      "accountId": 12344553243,
      "accessKeyId": "not a real access key id",
      "secretAccessKey": "not a real access key",
      "sessionToken": "not a real session token",
      "expiration": 1637444478000
    }
  }
}`

const decodeOrThrow = <A, E>(either: Either.Either<A, E>): A =>
  Either.getOrThrowWith(either, (error) => new Error(String(error)))

describe("store records", () => {
  test("a Go-written keyring record decodes, with secrets redacted and account ids padded to 12 digits", () => {
    const document = decodeOrThrow(decodeKeyringRecord(JSON.stringify(goKeyringRecord), "test"))
    const registration = document.registrations["client-data:Default"]
    expect(registration?.clientId).toBe("cid-1")
    expect(String(registration?.clientSecret)).toBe("<redacted>")
    expect(registration && Redacted.value(registration.clientSecret)).toBe("go-client-secret")
    const token = document.tokens["token-response:Default"]
    expect(token?.idToken).toBeUndefined()
    expect(token?.refreshToken && Redacted.value(token.refreshToken)).toBe("go-refresh-token")
    const credentials = document.roleCredentials["arn:aws:iam::012345678901:role/Admin"]
    expect(credentials?.accountId).toBe("012345678901")
    expect(credentials?.roleChaining).toBe(true)
    expect(document.ecsBearerToken && Redacted.value(document.ecsBearerToken)).toBe("go-ecs-token")
    expect(document.ecsPrivateKey).toBeUndefined()
  })

  test("re-encoding a Go-written keyring record gives back the same JSON, StaticCredentials included", () => {
    const document = decodeOrThrow(decodeKeyringRecord(JSON.stringify(goKeyringRecord), "test"))
    expect(JSON.parse(encodeKeyringRecord(document))).toEqual(goKeyringRecord)
  })

  test("Go's nil maps (null) read as empty and are written back as {}", () => {
    const text = JSON.stringify({ RegisterClientData: null, CreateTokenResponse: null, RoleCredentials: null })
    const document = decodeOrThrow(decodeKeyringRecord(text, "test"))
    expect(JSON.parse(encodeKeyringRecord(document))).toEqual({
      RegisterClientData: {},
      CreateTokenResponse: {},
      RoleCredentials: {},
      StaticCredentials: {},
      EcsBearerToken: "",
      EcsPrivateKey: "",
      EcsCertChain: ""
    })
  })

  test("an old JSON store reads: absent grantTypes mean device_code, empty tokens mean none", () => {
    const document = decodeOrThrow(decodeJsonStore(goJsonStore, "store.json"))
    const key = "us-east-1|https://d-1234567890.awsapps.com/start"
    expect(document.registrations[key]?.grantTypes).toEqual([deviceCodeGrant])
    expect(document.tokens[key]?.refreshToken).toBeUndefined()
    const credentials = document.roleCredentials["arn:aws:iam::012344553243:role/AWSAdministratorAccess"]
    expect(credentials?.accountId).toBe("012344553243")
    expect(credentials?.roleChaining).toBe(false)
  })

  test("the JSON store layout omits empty keys and indents by two spaces", () => {
    expect(encodeJsonStore(emptyDocument)).toBe("{}")
    const text = encodeJsonStore({ ...emptyDocument, tokens: { Default: sampleToken } })
    expect(Object.keys(JSON.parse(text))).toEqual(["CreateTokenResponse"])
    expect(text).toContain("\n  \"CreateTokenResponse\": {\n    \"Default\": {\n      \"accessToken\"")
    expect(JSON.parse(text).CreateTokenResponse.Default).toEqual({
      accessToken: "access-token-value-1",
      expiresIn: 28800,
      expiresAt: 1700028800,
      IdToken: "",
      RefreshToken: "refresh-token-value-1",
      tokenType: "Bearer"
    })
  })

  test("role credentials encode the account id as a JSON number, as upstream's int64", () => {
    const encoded = Schema.encodeSync(RoleCredentials)(sampleRoleCredentials)
    expect(encoded.accountId).toBe(12345678901)
    expect(encoded.expiration).toBe(1_700_003_600_000)
  })

  test("a type mismatch is a StoreCorrupt naming the path, never the offending value", () => {
    const bad = structuredClone(goKeyringRecord) as Record<string, any>
    bad.RoleCredentials["arn:aws:iam::012345678901:role/Admin"].sessionToken = ["TOP-SECRET-VALUE"]
    const result = decodeKeyringRecord(JSON.stringify(bad), "the keyring")
    expect(Either.isLeft(result)).toBe(true)
    const message = Either.isLeft(result) ? result.left.message : ""
    expect(message).toContain("the keyring")
    expect(message).toContain("RoleCredentials.arn:aws:iam::012345678901:role/Admin.sessionToken")
    expect(message).not.toContain("TOP-SECRET-VALUE")
    expect(Either.isLeft(decodeJsonStore("{ \"RegisterClient\": [", "store.json"))).toBe(true)
  })

  test("secrets stay hidden when a record is printed or serialised by accident", () => {
    const text = `${String(sampleToken)} ${JSON.stringify(sampleToken)} ${JSON.stringify(sampleRoleCredentials)}`
    expect(text).not.toContain("access-token-value-1")
    expect(text).not.toContain("refresh-token-value-1")
    expect(text).not.toContain("secret-access-key-value-1")
    expect(text).not.toContain("session-token-value-1")
  })

  test("expiry rules: token 60 s early, role credentials 60 s early (ms), registration 1 h early", () => {
    const now = 1_700_000_000_000
    const token = (expiresAt: number) => new TokenRecord({ ...sampleToken, expiresAt })
    expect(isTokenExpired(token(1_700_000_060), now)).toBe(true)
    expect(isTokenExpired(token(1_700_000_061), now)).toBe(false)
    const credentials = (expiration: number) => new RoleCredentials({ ...sampleRoleCredentials, expiration })
    expect(areRoleCredentialsExpired(credentials(now + 60_000), now)).toBe(true)
    expect(areRoleCredentialsExpired(credentials(now + 60_001), now)).toBe(false)
    const registration = (clientSecretExpiresAt: number) =>
      new ClientRegistration({
        clientId: "c",
        clientIdIssuedAt: 0,
        clientSecret: Redacted.make("s"),
        clientSecretExpiresAt,
        grantTypes: [deviceCodeGrant]
      })
    expect(isRegistrationExpired(registration(1_700_003_600), now)).toBe(true)
    expect(isRegistrationExpired(registration(1_700_003_601), now)).toBe(false)
  })
})

/**
 * The secure store: SSO client registrations, access tokens, role credentials and the ECS server's
 * secrets. Backends (OS keyring, encrypted file, clear-text JSON) are chosen by `makeSecureStoreLayer`
 * in `./layer`; this module holds the service tag and an in-memory layer for tests of other modules.
 */
import { Context, Effect, Layer, type Option, type Redacted, Ref } from "effect"
import { emptyDocument, keyringRecordKeys, type StoreDocument } from "./document"
import { makeDocumentStore } from "./documentStore"
import type { SecureStoreError } from "./errors"
import type { ClientRegistration, EcsCertificate, RoleCredentials, TokenRecord } from "./records"

export type StoreBackend = "json" | "file" | "keychain" | "wincred" | "secret-service" | "kwallet" | "pass" | "memory"

export interface SecureStoreShape {
  readonly backend: StoreBackend
  readonly getRegistration: (sso: string) => Effect.Effect<Option.Option<ClientRegistration>, SecureStoreError>
  readonly putRegistration: (sso: string, registration: ClientRegistration) => Effect.Effect<void, SecureStoreError>
  readonly deleteRegistration: (sso: string) => Effect.Effect<void, SecureStoreError>
  readonly getToken: (sso: string) => Effect.Effect<Option.Option<TokenRecord>, SecureStoreError>
  readonly putToken: (sso: string, token: TokenRecord) => Effect.Effect<void, SecureStoreError>
  readonly deleteToken: (sso: string) => Effect.Effect<void, SecureStoreError>
  readonly getRoleCredentials: (arn: string) => Effect.Effect<Option.Option<RoleCredentials>, SecureStoreError>
  readonly putRoleCredentials: (arn: string, credentials: RoleCredentials) => Effect.Effect<void, SecureStoreError>
  readonly deleteRoleCredentials: (arn: string) => Effect.Effect<void, SecureStoreError>
  /** ARNs of every stored role credential, sorted. */
  readonly listRoleCredentialArns: () => Effect.Effect<ReadonlyArray<string>, SecureStoreError>
  readonly getEcsBearerToken: () => Effect.Effect<Option.Option<Redacted.Redacted<string>>, SecureStoreError>
  readonly putEcsBearerToken: (token: Redacted.Redacted<string>) => Effect.Effect<void, SecureStoreError>
  readonly deleteEcsBearerToken: () => Effect.Effect<void, SecureStoreError>
  readonly getEcsCertificate: () => Effect.Effect<Option.Option<EcsCertificate>, SecureStoreError>
  readonly putEcsCertificate: (certificate: EcsCertificate) => Effect.Effect<void, SecureStoreError>
  readonly deleteEcsCertificate: () => Effect.Effect<void, SecureStoreError>
}

/** Builds an in-memory store, optionally pre-filled; for tests of the modules that use the store. */
export const makeMemoryStore = (initial: StoreDocument = emptyDocument): Effect.Effect<SecureStoreShape> =>
  Effect.gen(function*() {
    const state = yield* Ref.make(initial)
    const writer = yield* Effect.makeSemaphore(1)
    return makeDocumentStore({
      backend: "memory",
      keys: keyringRecordKeys,
      load: Ref.get(state),
      save: (document) => Ref.set(state, document),
      exclusive: writer.withPermits(1)
    })
  })

/** Where secrets live: registrations, tokens, role credentials and the ECS server's secrets. */
export class SecureStore extends Context.Tag("aws-sso/SecureStore")<SecureStore, SecureStoreShape>() {
  /** A fresh, empty, Ref-backed store per layer build. */
  static readonly layerMemory: Layer.Layer<SecureStore> = Layer.effect(SecureStore, makeMemoryStore())
}

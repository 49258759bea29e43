/**
 * Turns "load the whole document / save the whole document" into the SecureStore operations.
 * Every change is a read-modify-write cycle inside `exclusive` (the cross-process lock for the
 * persistent backends), so concurrent aws-sso processes never lose each other's updates, unlike
 * upstream's last-writer-wins. Reads load the current document each time, so they see other
 * processes' writes.
 */
import { Effect, Option } from "effect"
import type { StoreDocument, StoreKeys } from "./document"
import type { SecureStoreError } from "./errors"
import { EcsCertificate } from "./records"
import type { SecureStoreShape, StoreBackend } from "./SecureStore"

export interface DocumentIo {
  readonly backend: StoreBackend
  readonly keys: StoreKeys
  readonly load: Effect.Effect<StoreDocument, SecureStoreError>
  readonly save: (document: StoreDocument) => Effect.Effect<void, SecureStoreError>
  readonly exclusive: <A, E>(effect: Effect.Effect<A, E>) => Effect.Effect<A, E | SecureStoreError>
}

type Entries<A> = Readonly<Record<string, A>>

const lookup = <A>(entries: Entries<A>, key: string): A | undefined =>
  Object.hasOwn(entries, key) ? entries[key] : undefined

const withEntry = <A>(entries: Entries<A>, key: string, value: A): Entries<A> => ({ ...entries, [key]: value })

const withoutEntry = <A>(entries: Entries<A>, key: string): Entries<A> | undefined => {
  if (!Object.hasOwn(entries, key)) return undefined
  const { [key]: _removed, ...rest } = entries
  return rest
}

export const makeDocumentStore = (io: DocumentIo): SecureStoreShape => {
  const read = <A>(pick: (document: StoreDocument) => A | undefined) =>
    io.load.pipe(Effect.map((document) => Option.fromNullable(pick(document))))

  // `change` returns undefined when there is nothing to change, so deleting a missing entry writes nothing.
  const update = (change: (document: StoreDocument) => StoreDocument | undefined) =>
    io.exclusive(
      Effect.gen(function*() {
        const next = change(yield* io.load)
        if (next !== undefined) yield* io.save(next)
      })
    )

  return {
    backend: io.backend,
    getRegistration: (sso) => read((d) => lookup(d.registrations, io.keys.registration(sso))),
    putRegistration: (sso, registration) =>
      update((d) => ({ ...d, registrations: withEntry(d.registrations, io.keys.registration(sso), registration) })),
    deleteRegistration: (sso) =>
      update((d) => {
        const registrations = withoutEntry(d.registrations, io.keys.registration(sso))
        return registrations && { ...d, registrations }
      }),
    getToken: (sso) => read((d) => lookup(d.tokens, io.keys.token(sso))),
    putToken: (sso, token) => update((d) => ({ ...d, tokens: withEntry(d.tokens, io.keys.token(sso), token) })),
    deleteToken: (sso) =>
      update((d) => {
        const tokens = withoutEntry(d.tokens, io.keys.token(sso))
        return tokens && { ...d, tokens }
      }),
    getRoleCredentials: (arn) => read((d) => lookup(d.roleCredentials, arn)),
    putRoleCredentials: (arn, credentials) =>
      update((d) => ({ ...d, roleCredentials: withEntry(d.roleCredentials, arn, credentials) })),
    deleteRoleCredentials: (arn) =>
      update((d) => {
        const roleCredentials = withoutEntry(d.roleCredentials, arn)
        return roleCredentials && { ...d, roleCredentials }
      }),
    listRoleCredentialArns: () => io.load.pipe(Effect.map((d) => Object.keys(d.roleCredentials).sort())),
    getEcsBearerToken: () => read((d) => d.ecsBearerToken),
    putEcsBearerToken: (token) => update((d) => ({ ...d, ecsBearerToken: token })),
    deleteEcsBearerToken: () =>
      update((d) => (d.ecsBearerToken === undefined ? undefined : { ...d, ecsBearerToken: undefined })),
    getEcsCertificate: () =>
      read((d) =>
        d.ecsCertChain === undefined && d.ecsPrivateKey === undefined
          ? undefined
          : new EcsCertificate({ certChain: d.ecsCertChain ?? "", privateKey: d.ecsPrivateKey })
      ),
    putEcsCertificate: (certificate) =>
      update((d) => ({
        ...d,
        ecsCertChain: certificate.certChain || undefined,
        ecsPrivateKey: certificate.privateKey
      })),
    deleteEcsCertificate: () =>
      update((d) =>
        d.ecsCertChain === undefined && d.ecsPrivateKey === undefined
          ? undefined
          : { ...d, ecsCertChain: undefined, ecsPrivateKey: undefined }
      )
  }
}

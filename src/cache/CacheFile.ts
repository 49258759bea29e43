/**
 * cache.json on disk: loading (a missing or broken file is an empty, expired cache, never an error),
 * atomic saves under the cross-process lock, read-modify-write cycles, expiry, pruning, History and
 * the cached credentials' expiry times.
 */
import { Clock, Context, Effect, Layer, Option } from "effect"
import * as fs from "node:fs"
import { Settings, type LoadedSettings } from "../config/load"
import { Paths } from "../config/paths"
import { atomicWrite } from "../os/atomicWrite"
import { describeFsError, errorCode, type FileWriteError, type LockError, type LockTimeout } from "../os/errors"
import { withFileLock } from "../os/lock"
import { configHash } from "./configHash"
import { expiryReason } from "./expiry"
import { addHistory, pruneHistory } from "./history"
import {
  type CacheDocument,
  type CachedRole,
  decodeCache,
  emptyCache,
  encodeCache,
  type InstanceCache,
  instanceOf,
  parseRoleArn,
  withInstance
} from "./model"

/** Why a save failed: the write itself, or the lock around it. */
export type CacheSaveFailure = FileWriteError | LockTimeout | LockError

export interface CacheStoreShape {
  /** Path of cache.json. */
  readonly file: string
  /** The cache as stored, with stale History dropped; missing, unreadable or corrupt reads as empty. */
  readonly load: Effect.Effect<CacheDocument>
  /** Replaces cache.json atomically (mode 0600) under the lock. */
  readonly save: (doc: CacheDocument) => Effect.Effect<void, CacheSaveFailure>
  /**
   * Under the lock: reads the current cache, lets `f` compute a result and the next document, and
   * saves it unless `f` returned the same document object.
   */
  readonly modify: <A, E, R>(
    f: (doc: CacheDocument) => Effect.Effect<readonly [A, CacheDocument], E, R>
  ) => Effect.Effect<A, E | CacheSaveFailure, R>
  /** `modify` for a pure change; returns the saved document. */
  readonly update: (f: (doc: CacheDocument) => CacheDocument) => Effect.Effect<CacheDocument, CacheSaveFailure>
  /** `configHash` of the selected instance under the current config. */
  readonly configHash: string
  /** config.yaml's mtime in epoch seconds (0 when it cannot be read). */
  readonly configModifiedAt: Effect.Effect<number>
  /** Why the selected instance's cache must be refreshed (spec 8.5 plus a changed `ConfigHash`). */
  readonly expiry: (doc: CacheDocument) => Effect.Effect<Option.Option<string>>
  /** Drops the instances that config.yaml no longer defines. */
  readonly pruneInstances: (doc: CacheDocument) => CacheDocument
  /** Puts a role at the top of the selected instance's History and saves. */
  readonly recordUse: (arn: string) => Effect.Effect<void, CacheSaveFailure>
  /** Records when a role's cached STS credentials expire (epoch seconds; 0 = none) and saves. */
  readonly setExpires: (arn: string, epochSeconds: number) => Effect.Effect<void, CacheSaveFailure>
  /** Forgets every cached credential expiry of an instance (logout) and saves. */
  readonly clearAllExpires: (ssoName: string) => Effect.Effect<void, CacheSaveFailure>
}

/** The role cache of this run. */
export class CacheStore extends Context.Tag("aws-sso/CacheStore")<CacheStore, CacheStoreShape>() {
  static readonly layer: Layer.Layer<CacheStore, never, Paths | Settings> = Layer.effect(
    CacheStore,
    Effect.gen(function*() {
      const paths = yield* Paths
      const settings = yield* Settings
      return makeCacheStore({ file: paths.cacheFile, lockFile: paths.lockFile, settings })
    })
  )
}

export interface CacheStoreOptions {
  readonly file: string
  readonly lockFile: string
  readonly settings: LoadedSettings
}

/** Epoch seconds from the Effect clock. */
export const nowSeconds: Effect.Effect<number> = Effect.map(Clock.currentTimeMillis, (ms) => Math.floor(ms / 1000))

type ReadResult =
  | { readonly _tag: "Missing" }
  | { readonly _tag: "Unreadable"; readonly reason: string }
  | { readonly _tag: "Text"; readonly text: string }

const readText = (file: string): Effect.Effect<ReadResult> =>
  Effect.sync((): ReadResult => {
    try {
      return { _tag: "Text", text: fs.readFileSync(file, "utf8") }
    } catch (error) {
      const code = errorCode(error)
      return code === "ENOENT" || code === "ENOTDIR"
        ? { _tag: "Missing" }
        : { _tag: "Unreadable", reason: describeFsError(error) }
    }
  })

const mapRoles = (instance: InstanceCache, f: (role: CachedRole) => CachedRole): InstanceCache => {
  const accounts: Record<string, InstanceCache["Roles"]["Accounts"][string]> = {}
  for (const [id, account] of Object.entries(instance.Roles.Accounts)) {
    const roles: Record<string, CachedRole> = {}
    for (const [name, role] of Object.entries(account.Roles)) roles[name] = f(role)
    accounts[id] = { ...account, Roles: roles }
  }
  return { ...instance, Roles: { ...instance.Roles, Accounts: accounts } }
}

/** Sets one role's `Expires`; the same document when the role is not cached or already has it. */
export const setRoleExpires = (doc: CacheDocument, ssoName: string, arn: string, epoch: number): CacheDocument => {
  const target = parseRoleArn(arn)
  const instance = instanceOf(doc, ssoName)
  if (Option.isNone(target)) return doc
  const role = instance.Roles.Accounts[target.value.accountId]?.Roles[target.value.roleName]
  if (role === undefined || role.Expires === epoch) return doc
  return withInstance(doc, ssoName, mapRoles(instance, (r) => (r === role ? { ...r, Expires: epoch } : r)))
}

/** Sets every role's `Expires` of an instance to 0. */
export const clearExpires = (doc: CacheDocument, ssoName: string): CacheDocument =>
  Object.hasOwn(doc.SSO, ssoName)
    ? withInstance(doc, ssoName, mapRoles(instanceOf(doc, ssoName), (r) => r.Expires === 0 ? r : { ...r, Expires: 0 }))
    : doc

export const makeCacheStore = (options: CacheStoreOptions): CacheStoreShape => {
  const { file, lockFile, settings } = options
  const { config, ssoName } = settings
  const hash = configHash(config.ProfileFormat, settings.sso)

  const load = Effect.gen(function*() {
    const read = yield* readText(file)
    if (read._tag === "Missing") {
      yield* Effect.logDebug(`no role cache at ${file} yet`)
      return emptyCache
    }
    if (read._tag === "Unreadable") {
      yield* Effect.logWarning(`cannot read the role cache ${file} (${read.reason}); it will be rebuilt`)
      return emptyCache
    }
    const decoded = decodeCache(read.text)
    if (decoded._tag === "Left") {
      yield* Effect.logWarning(`ignoring the corrupt role cache ${file} (${decoded.left}); it will be rebuilt`)
      return emptyCache
    }
    const now = yield* nowSeconds
    const SSO: Record<string, InstanceCache> = {}
    for (const [name, instance] of Object.entries(decoded.right.SSO)) {
      SSO[name] = pruneHistory(instance, now, config.HistoryMinutes)
    }
    return { ...decoded.right, SSO }
  })

  const write = (doc: CacheDocument) => atomicWrite(file, encodeCache(doc), { mode: 0o600 })

  const modify = <A, E, R>(f: (doc: CacheDocument) => Effect.Effect<readonly [A, CacheDocument], E, R>) =>
    withFileLock(
      lockFile,
      Effect.gen(function*() {
        const current = yield* load
        const [result, next] = yield* f(current)
        if (next !== current) yield* write(next)
        return result
      })
    )

  const update = (f: (doc: CacheDocument) => CacheDocument) =>
    modify((doc) => Effect.sync(() => {
      const next = f(doc)
      return [next, next] as const
    }))

  const configModifiedAt = Effect.sync(() => {
    try {
      return Math.floor(fs.statSync(settings.file).mtimeMs / 1000)
    } catch {
      return 0
    }
  })

  return {
    file,
    load,
    save: (doc) => withFileLock(lockFile, write(doc)),
    modify,
    update,
    configHash: hash,
    configModifiedAt,
    expiry: (doc) =>
      Effect.gen(function*() {
        return expiryReason(doc, {
          ssoName,
          cacheRefreshHours: config.CacheRefresh,
          configModifiedAt: yield* configModifiedAt,
          configHash: hash,
          nowSeconds: yield* nowSeconds
        })
      }),
    pruneInstances: (doc) => {
      const kept = Object.entries(doc.SSO).filter(([name]) => Object.hasOwn(config.SSOConfig, name))
      return kept.length === Object.keys(doc.SSO).length ? doc : { ...doc, SSO: Object.fromEntries(kept) }
    },
    recordUse: (arn) =>
      Effect.flatMap(nowSeconds, (now) =>
        update((doc) => {
          const instance = instanceOf(doc, ssoName)
          const next = addHistory(instance, arn, now, config.HistoryLimit)
          return next === instance ? doc : withInstance(doc, ssoName, next)
        })).pipe(Effect.asVoid),
    setExpires: (arn, epochSeconds) =>
      update((doc) => setRoleExpires(doc, ssoName, arn, epochSeconds)).pipe(Effect.asVoid),
    clearAllExpires: (name) => update((doc) => clearExpires(doc, name)).pipe(Effect.asVoid)
  }
}

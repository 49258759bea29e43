/**
 * aws-sso list: the cached roles as a table (or CSV), with the columns, order and filter the user
 * picks. It never talks to AWS: an expired cache only gets a warning (upstream changelog #1219).
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import { Clock, Config, Effect, Option } from "effect"
import { CacheStore, nowSeconds } from "../../cache/CacheFile"
import { instanceRoles } from "../../cache/model"
import { profileNamer } from "../../cache/profileName"
import { type LoadedSettings, Settings } from "../../config/load"
import { SecureStore } from "../../store/SecureStore"
import { processEnv, withSettings, withStore } from "../context"
import { ListFlagsConflict, NoCachedRoles } from "../listing/errors"
import {
  buildListing,
  chooseFields,
  listTitle,
  renderFieldList,
  renderListingCsv,
  renderListingTable
} from "../listing/listing"

export interface RoleListingOptions {
  readonly fields: ReadonlyArray<string>
  readonly sort: string
  readonly reverse: boolean
  readonly prefix?: string | undefined
  readonly csv: boolean
  /** Warn when the cache has expired; off when the caller already said why it was not refreshed. */
  readonly warnIfExpired: boolean
}

/** How long the stored SSO session has left, for the table title; unknown when the store cannot say. */
const sessionRemainingMs = Effect.gen(function*() {
  const store = yield* SecureStore
  const settings = yield* Settings
  const token = yield* store.getToken(settings.ssoName)
  const now = yield* Clock.currentTimeMillis
  return Option.match(token, { onNone: () => undefined, onSome: (t) => t.expiresAt * 1000 - now })
}).pipe(
  Effect.catchAll((error) =>
    Effect.as(Effect.logDebug(`Unable to read the SSO session expiry: ${error.message}`), undefined)
  )
)

/** Prints the selected instance's cached roles; the table form reads the session expiry from the store. */
const printRoles = <R>(options: RoleListingOptions, sessionRemaining: Effect.Effect<number | undefined, never, R>) =>
  Effect.gen(function*() {
    const settings = yield* Settings
    const cache = yield* CacheStore
    const doc = yield* cache.load
    const now = yield* nowSeconds
    const roles = yield* instanceRoles(doc, settings.ssoName, profileNamer(settings.config.ProfileFormat, now))
    const listing = yield* buildListing(roles, { ...options, nowSeconds: now })
    if (roles.length === 0) return yield* new NoCachedRoles({ ssoName: settings.ssoName })
    if (options.warnIfExpired && Option.isSome(yield* cache.expiry(doc))) {
      yield* Effect.logWarning("Cache has expired. Results may be out of date.")
    }
    const text = options.csv
      ? renderListingCsv(listing)
      : renderListingTable(listing, listTitle(settings.ssoName, yield* sessionRemaining))
    yield* Effect.sync(() => process.stdout.write(text))
  }).pipe(Effect.provide(CacheStore.layer))

/** The table with the session expiry in its title; needs the secure store (`withStore`). */
export const printRoleTable = (options: Omit<RoleListingOptions, "csv">) =>
  printRoles({ ...options, csv: false }, sessionRemainingMs)

const options = {
  listFields: Options.boolean("list-fields").pipe(
    Options.withAlias("f"),
    Options.withDescription("List the available fields and exit")
  ),
  csv: Options.boolean("csv").pipe(Options.withDescription("Print CSV instead of a table")),
  prefix: Options.text("prefix").pipe(
    Options.withAlias("P"),
    Options.withDescription("Only roles whose <FieldName> starts with <Prefix>, as <FieldName>=<Prefix>"),
    Options.optional
  ),
  sort: Options.text("sort").pipe(
    Options.withAlias("s"),
    Options.withDescription("Sort by this field (env AWS_SSO_FIELD_SORT)"),
    Options.withFallbackConfig(Config.string("AWS_SSO_FIELD_SORT")),
    Options.withDefault("AccountId")
  ),
  reverse: Options.boolean("reverse").pipe(
    Options.withDescription("Reverse the sort order (env AWS_SSO_FIELD_SORT_REVERSE)"),
    Options.withFallbackConfig(Config.boolean("AWS_SSO_FIELD_SORT_REVERSE"))
  )
}

const fieldArgs = Args.text({ name: "field" }).pipe(
  Args.withDescription("Fields to show (env AWS_SSO_FIELDS, comma-separated; default: ListFields)"),
  Args.repeated
)

/** aws-sso list [field...] */
export const commandList = Command.make(
  "list",
  { ...options, fields: fieldArgs },
  ({ csv, fields, listFields, prefix, reverse, sort }) =>
    Effect.gen(function*() {
      if (listFields && csv) return yield* new ListFlagsConflict()
      if (listFields) return yield* Effect.sync(() => process.stdout.write(renderFieldList()))
      const listing = (settings: LoadedSettings): RoleListingOptions => ({
        fields: chooseFields(fields, processEnv().AWS_SSO_FIELDS, settings.config.ListFields),
        sort,
        reverse,
        prefix: Option.getOrUndefined(prefix),
        csv,
        warnIfExpired: true
      })
      // CSV feeds shell completion: no secure store, so no keyring or password prompt on every <Tab>.
      return yield* csv
        ? withSettings(Effect.flatMap(Settings, (settings) => printRoles(listing(settings), Effect.succeed(undefined))))
        : withStore(Effect.flatMap(Settings, (settings) => printRoles(listing(settings), sessionRemainingMs)))
    })
).pipe(Command.withDescription("List the cached AWS roles (no AWS calls; `aws-sso cache` refreshes them)"))

/**
 * aws-sso setup profiles (alias `config-profiles`): write one `[profile]` per role of the selected
 * SSO instance into ~/.aws/config, inside the instance's marked block (spec 1.3, 4.9).
 *
 * Upstream runs it at the REQUIRED level; here a token is needed only when the role cache has
 * expired and must be rebuilt first. Upstream's `--diff` does not mean "instead of writing"
 * (Appendix A.13): without `--force` the diff is always shown before the question, with `--force`
 * `--diff` prints it before writing. Without a terminal and without `--force` nothing is written.
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import { Effect, Option } from "effect"
import * as path from "node:path"
import { Authenticator } from "../../auth/Authenticator"
import { blockText } from "../../awsconfig/block"
import { ProfilesFlagsConflict } from "../../awsconfig/errors"
import { makeTokenMirror } from "../../awsconfig/tokenMirror"
import { CacheStore } from "../../cache/CacheFile"
import { Settings } from "../../config/load"
import { expandHome, Paths } from "../../config/paths"
import { type ConfigProfilesFormat, ConfigProfilesFormatValues } from "../../config/Settings"
import { SecureStore } from "../../store/SecureStore"
import { withStore } from "../context"
import { renderInstanceBlock, updateAwsConfigFile } from "../profilesUpdate"
import { refreshRoleCache, roleCacheExpiry } from "./cache"

const options = {
  diff: Options.boolean("diff").pipe(
    Options.withDescription("Print the changes to the file (with --force: print them, then write)")
  ),
  force: Options.boolean("force").pipe(Options.withDescription("Write the changes without asking")),
  print: Options.boolean("print").pipe(
    Options.withDescription("Print the block of profiles instead of changing any file")
  ),
  awsConfig: Options.text("aws-config").pipe(
    Options.withDescription("The AWS config file to update (default: $AWS_CONFIG_FILE, else ~/.aws/config)"),
    Options.optional
  ),
  format: Options.choice("format", ConfigProfilesFormatValues).pipe(
    Options.withDescription(
      "credential_process: profiles run aws-sso (default); sso-session: the AWS CLI's native " +
        "[sso-session] profiles (default: ConfigProfilesFormat)"
    ),
    Options.optional
  )
}

type Flags = Command.Command.ParseConfig<typeof options>

/** Rebuilds the role cache first when it has expired; only then is an SSO token needed. */
const refreshExpiredCache = Effect.gen(function*() {
  const expired = yield* roleCacheExpiry
  if (Option.isNone(expired)) return
  yield* Effect.logDebug(`The role cache needs a refresh: ${expired.value}`)
  const auth = yield* Authenticator
  const token = yield* auth.requireToken
  yield* Effect.logInfo("Refreshing AWS SSO role cache, please wait...")
  const result = yield* refreshRoleCache({ token })
  if (result.added.length + result.deleted.length > 0) {
    yield* Effect.logInfo(`Updated cache: added=${result.added.length}, deleted=${result.deleted.length}`)
  }
})

/**
 * Puts the current SSO token into the AWS CLI token cache of the instance's `[sso-session]`, so the
 * native profiles work at once; later logins and refreshes keep it current only with
 * `ConfigProfilesFormat: sso-session`.
 */
const syncAwsCliToken = Effect.gen(function*() {
  const settings = yield* Settings
  const paths = yield* Paths
  const auth = yield* Authenticator
  const store = yield* SecureStore
  const mirror = makeTokenMirror({
    enabled: true,
    home: paths.home,
    ssoName: settings.ssoName,
    startUrl: settings.sso.StartUrl,
    ssoRegion: settings.sso.SSORegion,
    store
  })
  const token = yield* auth.validToken
  if (Option.isSome(token)) {
    yield* mirror.saved(token.value)
  } else {
    yield* Effect.logWarning(
      "There is no valid AWS SSO session: run `aws-sso login` to give the AWS CLI and SDKs a token for these profiles"
    )
  }
  if (settings.config.ConfigProfilesFormat !== "sso-session") {
    yield* Effect.logWarning(
      `ConfigProfilesFormat is not sso-session in ${settings.file}, so logins and token refreshes will not ` +
        `update the AWS CLI token cache (${mirror.file}); set \`ConfigProfilesFormat: sso-session\` to keep it current`
    )
  }
})

const setupProfiles = (flags: Flags) =>
  Effect.gen(function*() {
    if (flags.diff && flags.print) return yield* new ProfilesFlagsConflict()
    return yield* withStore(
      Effect.gen(function*() {
        const settings = yield* Settings
        const paths = yield* Paths
        const cache = yield* CacheStore
        const format: ConfigProfilesFormat = Option.getOrElse(flags.format, () => settings.config.ConfigProfilesFormat)
        const file = Option.match(flags.awsConfig, {
          onNone: () => paths.awsConfigFile,
          onSome: (given) => path.resolve(expandHome(given, paths.home))
        })
        yield* refreshExpiredCache
        const block = yield* renderInstanceBlock(yield* cache.load, format)
        if (flags.print) return yield* Effect.sync(() => void process.stdout.write(blockText(block)))
        const outcome = yield* updateAwsConfigFile(file, block, flags.force ? "force" : "ask", flags.diff)
        if (format === "sso-session" && (outcome === "written" || outcome === "unchanged")) yield* syncAwsCliToken
      }).pipe(Effect.provide(CacheStore.layer)),
      { command: "setup profiles" }
    )
  })

const description = "Add a profile for every role to ~/.aws/config, in a block managed by aws-sso"

/** aws-sso setup profiles */
export const commandSetupProfiles = Command.make("profiles", options, setupProfiles).pipe(
  Command.withDescription(description)
)

/** aws-sso config-profiles: the older name of `setup profiles`, kept for scripts and muscle memory. */
export const commandConfigProfiles = Command.make("config-profiles", options, setupProfiles).pipe(
  Command.withDescription(`${description} (same as \`setup profiles\`)`)
)

/**
 * `AutoConfigCheck` (spec 8.6): after `aws-sso cache` added or removed roles, offer the same update
 * of the selected instance's block in `$AWS_CONFIG_FILE` / `~/.aws/config` that `setup profiles`
 * makes, in the `ConfigProfilesFormat` of config.yaml. On a terminal it shows the diff and asks;
 * without one it prints the diff and says to run `aws-sso setup profiles`. The role cache is already
 * saved at this point, so a problem here is a warning, not a failed `cache`.
 */
import { Effect } from "effect"
import { CacheStore } from "../cache/CacheFile"
import { Settings } from "../config/load"
import { Paths } from "../config/paths"
import { renderInstanceBlock, updateAwsConfigFile } from "./profilesUpdate"

/** Which roles the refresh that triggers the check added and removed (ARNs, sorted). */
export interface RoleCacheChange {
  readonly added: ReadonlyArray<string>
  readonly deleted: ReadonlyArray<string>
}

/**
 * Called by the `cache` command only when `AutoConfigCheck` is on, `--no-config-check` is absent
 * and the refresh changed the role list.
 */
export const runAutoConfigCheck = (
  change: RoleCacheChange
): Effect.Effect<void, never, Settings | Paths | CacheStore> =>
  Effect.gen(function*() {
    const settings = yield* Settings
    const paths = yield* Paths
    const cache = yield* CacheStore
    const file = paths.awsConfigFile
    yield* Effect.logDebug(
      `AutoConfigCheck: ${change.added.length} role(s) added, ${change.deleted.length} removed; checking ${file}`
    )
    yield* Effect.flatMap(
      renderInstanceBlock(yield* cache.load, settings.config.ConfigProfilesFormat),
      (block) => updateAwsConfigFile(file, block, "offer", true)
    ).pipe(Effect.catchAll((error) => Effect.logWarning(`AutoConfigCheck: ${file} was not updated: ${error.message}`)))
  })

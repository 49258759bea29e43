/**
 * A minimal program around `selectRoleInteractively`, compiled like the real binary, so the
 * selector can be driven through a pseudo-terminal before the commands that use it exist.
 * Usage: selector <config.yaml> <cache.json>; prints the chosen role's ARN on stdout, fails the
 * way the CLI does (`aws-sso: <message>` on stderr and the error's exit code).
 */
import { Effect, Either } from "effect"
import * as fs from "node:fs"
import { buildInfo, formatVersion } from "../../src/buildInfo"
import { decodeCache, instanceRoles } from "../../src/cache/model"
import { profileNamer } from "../../src/cache/profileName"
import { reportExit } from "../../src/cli/errors"
import { selectRoleInteractively } from "../../src/cli/select"
import { loadSettings } from "../../src/config/load"

const [configFile = "", cacheFile = ""] = process.argv.slice(2)

const program = Effect.gen(function*() {
  const settings = yield* loadSettings(configFile, {}, {})
  const doc = Either.getOrThrow(decodeCache(fs.readFileSync(cacheFile, "utf8")))
  const roles = yield* instanceRoles(doc, settings.ssoName, profileNamer(settings.config.ProfileFormat))
  const role = yield* selectRoleInteractively(roles, settings)
  process.stdout.write(`${role.Arn}\n`)
})

if (configFile === "version") {
  // The build checks every binary it makes with `<binary> version`.
  process.stdout.write(`${formatVersion(buildInfo)}\n`)
} else {
  Effect.runPromiseExit(program).then((exit) =>
    process.exit(reportExit(exit, (line) => process.stderr.write(`${line}\n`)))
  )
}

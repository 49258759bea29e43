import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import { Effect, Either, Option } from "effect"
import { Settings } from "../../config/load"
import { clearAssignments, credentialAssignments, regionToExport } from "../../credentials/environment"
import { NoRoleSelected } from "../../credentials/errors"
import { credentialServicesLayer, credentialValues, getRoleCredentials } from "../../credentials/resolve"
import { detectShell, renderShell, type ShellDialect } from "../../credentials/shells"
import { processEnv, withSettings, withToken } from "../context"
import {
  parseArnFlag,
  parseSelection,
  type RoleSelection,
  resolveSelection,
  roleSelectionOptions
} from "../roleSelection"
import { CurrentRoleUnknown, UnsupportedShell } from "./roleCommandErrors"
import { configuredRegion, roleIdentity } from "./roleEnvironment"

const options = {
  ...roleSelectionOptions,
  clear: Options.boolean("clear").pipe(
    Options.withAlias("c"),
    Options.withDescription("Print the commands that remove the variables eval set (no login needed)")
  ),
  noRegion: Options.boolean("no-region").pipe(
    Options.withAlias("n"),
    Options.withDescription("Do not set AWS_DEFAULT_REGION and AWS_REGION")
  ),
  overwriteRegion: Options.boolean("overwrite-region").pipe(
    Options.withAlias("O"),
    Options.withDescription("Set the region even when AWS_DEFAULT_REGION or AWS_REGION is already your own")
  ),
  refresh: Options.boolean("refresh").pipe(
    Options.withAlias("r"),
    Options.withDescription("Fetch new credentials for the current role ($AWS_SSO_ROLE_ARN)")
  )
}

type EvalFlags = Command.Command.ParseConfig<typeof options>

const shellOf = (env: Readonly<Record<string, string | undefined>>): Either.Either<ShellDialect, UnsupportedShell> => {
  const dialect = detectShell(env)
  return dialect === undefined ? Either.left(new UnsupportedShell({ shell: env.SHELL ?? "" })) : Either.right(dialect)
}

/**
 * Upstream's precedence: `--refresh` (the role of `$AWS_SSO_ROLE_ARN`), then `--profile`, `--arn`,
 * `--account` + `--role`. Eval reads no other variable: its output usually replaces them.
 */
const evalSelection = (
  flags: EvalFlags,
  env: Readonly<Record<string, string | undefined>>
) =>
  Either.gen(function*() {
    if (flags.refresh) {
      const current = env.AWS_SSO_ROLE_ARN ?? ""
      if (current === "") return yield* Either.left(new CurrentRoleUnknown())
      const selection: RoleSelection = yield* parseArnFlag(current, "$AWS_SSO_ROLE_ARN")
      return selection
    }
    const given = yield* parseSelection(flags)
    if (Option.isNone(given)) {
      const accepted = "--refresh, --clear, --profile, --arn, or --account and --role"
      return yield* Either.left(new NoRoleSelected({ accepted }))
    }
    return given.value
  })

const printClear = (flags: EvalFlags, dialect: ShellDialect) =>
  withSettings(Effect.gen(function*() {
    const settings = yield* Settings
    const envVarTags = settings.config.EnvVarTags
    const lines = clearAssignments({ noRegion: flags.noRegion, env: processEnv(), envVarTags })
    process.stdout.write(renderShell(dialect, lines))
  }))

const printCredentials = (selection: RoleSelection, flags: EvalFlags, dialect: ShellDialect) =>
  withToken("eval", () =>
    Effect.gen(function*() {
      const settings = yield* Settings
      const role = yield* resolveSelection(selection)
      // --refresh really fetches new credentials (upstream re-printed the cached ones, Appendix A.7).
      const credentials = yield* getRoleCredentials(role, { forceRefresh: flags.refresh })
      const env = processEnv()
      const region = regionToExport({
        noRegion: flags.noRegion,
        overwrite: flags.overwriteRegion,
        resolved: configuredRegion(settings, role),
        env
      })
      const lines = credentialAssignments(
        roleIdentity(role),
        credentialValues(credentials),
        region,
        settings.config.EnvVarTags
      )
      process.stdout.write(renderShell(dialect, lines))
    }).pipe(Effect.provide(credentialServicesLayer(processEnv()))))

/** aws-sso eval: print shell commands that export a role's credentials (use as `eval $(aws-sso eval -p X)`). */
export const commandEval = Command.make("eval", options, (flags) =>
  Effect.gen(function*() {
    const env = processEnv()
    const dialect = yield* shellOf(env)
    if (flags.clear) return yield* printClear(flags, dialect)
    const selection = yield* evalSelection(flags, env)
    return yield* printCredentials(selection, flags, dialect)
  })).pipe(Command.withDescription("Print shell commands that export a role's AWS credentials (for eval)"))

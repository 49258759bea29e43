import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import { Effect, Either, Option } from "effect"
import type { FlatRole } from "../../cache/model"
import { Settings } from "../../config/load"
import { credentialAssignments, type EnvAssignment, regionToExport } from "../../credentials/environment"
import { credentialServicesLayer, credentialValues, getRoleCredentials } from "../../credentials/resolve"
import { processEnv, withToken } from "../context"
import {
  parseSelection,
  type RoleSelection,
  resolveSelection,
  roleEnvNames,
  roleSelectionOptions
} from "../roleSelection"
import { runForeground } from "./childProcess"
import { CommandExited, EnvironmentConflict, NestedExec } from "./roleCommandErrors"
import {
  configuredRegion,
  isInteractive,
  roleIdentity,
  selectorNeedsTerminal,
  selectRoleInteractively
} from "./roleEnvironment"

type Env = Readonly<Record<string, string | undefined>>

const options = {
  ...roleSelectionOptions,
  noRegion: Options.boolean("no-region").pipe(
    Options.withAlias("n"),
    Options.withDescription("Do not set AWS_DEFAULT_REGION and AWS_REGION")
  ),
  stsRefresh: Options.boolean("sts-refresh").pipe(
    Options.withDescription("Fetch new credentials even when the cached ones are still good")
  ),
  overwriteEnv: Options.boolean("overwrite-env").pipe(
    Options.withAlias("O"),
    Options.withDescription("Remove every AWS_* variable from the command's environment before adding the role's")
  ),
  command: Args.text({ name: "command" }).pipe(
    Args.withDescription("The command and its arguments (default: $SHELL); everything after it is passed on as is"),
    Args.repeated
  )
}

type ExecFlags = Command.Command.ParseConfig<typeof options>

/**
 * Variables that show the shell already runs with credentials of an `exec` or an `eval`. Not
 * AWS_SSO_ROLE_ARN: users set that one themselves to choose the role (upstream's env for --arn).
 */
const nestingMarkers = ["AWS_SSO_PROFILE", "AWS_SSO_SESSION_EXPIRATION"] as const

/** Variables the AWS SDKs would prefer over, or mix with, the ones we set (present counts, even empty). */
const conflictingVariables = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"] as const

/** Without `-O`: refuse to run inside another exec, or next to credentials the user set. */
export const checkEnvironment = (
  env: Env,
  overwrite: boolean
): Either.Either<void, NestedExec | EnvironmentConflict> => {
  if (overwrite) return Either.void
  for (const variable of nestingMarkers) {
    const value = env[variable]
    if (value !== undefined && value !== "") return Either.left(new NestedExec({ variable, value }))
  }
  for (const variable of conflictingVariables) {
    if (Object.hasOwn(env, variable) && env[variable] !== undefined) {
      return Either.left(new EnvironmentConflict({ variable }))
    }
  }
  return Either.void
}

/** The command to run: the given one, else the user's shell (`cmd.exe` on Windows, xonsh inside xonsh). */
export const commandLine = (
  given: ReadonlyArray<string>,
  env: Env,
  platform: NodeJS.Platform = process.platform
): { readonly program: string; readonly args: ReadonlyArray<string> } => {
  const [program, ...args] = given
  if (program !== undefined) return { program, args }
  if (env.XONSH_VERSION) return { program: "xonsh", args: [] }
  if (platform === "win32") return { program: "cmd.exe", args: [] }
  return { program: env.SHELL || "/bin/sh", args: [] }
}

/**
 * The command's environment: ours (without any `AWS_*` when overwriting), then the role's variables;
 * an assignment without a value removes the variable.
 */
export const childEnvironment = (
  env: Env,
  assignments: ReadonlyArray<EnvAssignment>,
  overwrite: boolean
): Record<string, string> => {
  const result: Record<string, string> = {}
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || (overwrite && name.startsWith("AWS_"))) continue
    result[name] = value
  }
  for (const [name, value] of assignments) {
    if (value === undefined) delete result[name]
    else result[name] = value
  }
  return result
}

const runWithRole = (selection: Option.Option<RoleSelection>, flags: ExecFlags, env: Env) =>
  withToken("exec", () =>
    Effect.gen(function*() {
      const settings = yield* Settings
      const role: FlatRole = yield* Option.match(selection, {
        onSome: resolveSelection,
        onNone: () => selectRoleInteractively("exec")
      })
      const credentials = yield* getRoleCredentials(role, { forceRefresh: flags.stsRefresh })
      const region = regionToExport({
        noRegion: flags.noRegion,
        overwrite: flags.overwriteEnv,
        resolved: configuredRegion(settings, role),
        env
      })
      const assignments = credentialAssignments(
        roleIdentity(role),
        credentialValues(credentials),
        region,
        settings.config.EnvVarTags
      )
      const { args, program } = commandLine(flags.command, env)
      yield* Effect.logDebug(`running ${program} as ${role.Arn}`)
      const call = { program, args, env: childEnvironment(env, assignments, flags.overwriteEnv) }
      // The exit status leaves as a failure raised inside the uninterruptible region: a Ctrl-C meant
      // for the child also interrupts us, and only a failure survives that interruption.
      return yield* runForeground(call).pipe(
        Effect.flatMap((exitCode) => Effect.fail(new CommandExited({ exitCode }))),
        Effect.uninterruptible
      )
    }).pipe(Effect.provide(credentialServicesLayer(env))))

/**
 * aws-sso exec: run a command (default: a shell) with a role's credentials in its environment, and
 * exit with its exit status (upstream turned every failure into 1, Appendix A.9).
 */
export const commandExec = Command.make("exec", options, (flags) =>
  Effect.gen(function*() {
    const env = processEnv()
    const selection = yield* parseSelection(flags, { env, envNames: roleEnvNames })
    yield* checkEnvironment(env, flags.overwriteEnv)
    if (Option.isNone(selection) && !isInteractive()) {
      return yield* selectorNeedsTerminal()
    }
    return yield* runWithRole(selection, flags, env)
  })).pipe(Command.withDescription("Run a command with a role's AWS credentials in its environment"))

import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import { Config, Effect, Either, Option, Redacted } from "effect"
import { StsClient } from "../../aws/StsClient"
import { CacheStore } from "../../cache/CacheFile"
import { findByArn, type FlatRole } from "../../cache/model"
import { Settings } from "../../config/load"
import {
  consoleHomeUrl,
  type ConsoleCredentials,
  consoleLoginUrl,
  consoleMinutes,
  federationEndpoint,
  fetchSigninToken
} from "../../console/federation"
import { CallerNotAssumedRole } from "../../console/errors"
import { parseAssumedRoleArn } from "../../console/identity"
import { userOwnsRegion } from "../../credentials/environment"
import { credentialServicesLayer, getRoleCredentials } from "../../credentials/resolve"
import { isUrlActionName, UrlOpener, type UrlActionName, validateUrlAction } from "../../os/urlAction"
import { processEnv, withStore, withToken } from "../context"
import {
  cachedRolesWithProfiles,
  parseSelection,
  type RoleSelection,
  resolveSelection,
  roleEnvNames,
  roleSelectionOptions
} from "../roleSelection"
import { UrlActionFlagInvalid } from "./login"
import { configuredRegion, isInteractive, selectorNeedsTerminal, selectRoleInteractively } from "./roleEnvironment"

type Env = Readonly<Record<string, string | undefined>>

const options = {
  ...roleSelectionOptions,
  duration: Options.integer("duration").pipe(
    Options.withAlias("d"),
    Options.withDescription("Console session length in minutes, 15 to 720 (default: ConsoleDuration)"),
    Options.optional
  ),
  prompt: Options.boolean("prompt").pipe(
    Options.withAlias("P"),
    Options.withDescription("Pick the role interactively, even when the environment names one")
  ),
  region: Options.text("region").pipe(
    Options.withDescription("Region the console opens in (default: $AWS_DEFAULT_REGION, else the role's)"),
    Options.withFallbackConfig(Config.string("AWS_DEFAULT_REGION")),
    Options.optional
  ),
  stsRefresh: Options.boolean("sts-refresh").pipe(
    Options.withDescription("Fetch new credentials even when the cached ones are still good")
  ),
  urlAction: Options.text("url-action").pipe(
    Options.withAlias("u"),
    Options.withDescription(
      "How to hand over the console URL: open, print, printurl, clip, ansi-osc52, exec, granted-containers or " +
        "open-url-in-container (default: UrlAction)"
    ),
    Options.optional
  )
}

type ConsoleFlags = Command.Command.ParseConfig<typeof options>

/** Which role the console opens for, by upstream's precedence (spec 1.3 `console`). */
type ConsoleTarget =
  | { readonly _tag: "Selector" }
  | { readonly _tag: "Role"; readonly selection: RoleSelection }
  | { readonly _tag: "EnvCredentials"; readonly credentials: ConsoleCredentials }

const consoleTarget = (flags: ConsoleFlags, env: Env) =>
  Either.gen(function*() {
    if (flags.prompt) return { _tag: "Selector" } as ConsoleTarget
    const selection = yield* parseSelection(flags, { env, envNames: roleEnvNames })
    if (Option.isSome(selection)) return { _tag: "Role", selection: selection.value } as ConsoleTarget
    const { AWS_ACCESS_KEY_ID: id, AWS_SECRET_ACCESS_KEY: secret, AWS_SESSION_TOKEN: token } = env
    if (id && secret && token) {
      const credentials = {
        accessKeyId: id,
        secretAccessKey: Redacted.make(secret),
        sessionToken: Redacted.make(token)
      }
      return { _tag: "EnvCredentials", credentials } as ConsoleTarget
    }
    if (env.AWS_PROFILE) {
      const selection: RoleSelection = { _tag: "ByProfile", profile: env.AWS_PROFILE, source: "AWS_PROFILE" }
      return { _tag: "Role", selection } as ConsoleTarget
    }
    return { _tag: "Selector" } as ConsoleTarget
  })

const parseUrlActionFlag = (value: Option.Option<string>) =>
  Option.match(value, {
    onNone: () => Either.right(undefined),
    onSome: (text) =>
      isUrlActionName(text) ? Either.right(text) : Either.left(new UrlActionFlagInvalid({ value: text }))
  })

/** `--region` (or `$AWS_DEFAULT_REGION`), else the user's own `$AWS_REGION`, else the role's configured one. */
const consoleRegion = (flag: Option.Option<string>, env: Env, configured: string): string =>
  Option.getOrElse(Option.filter(flag, (r) => r !== ""), () =>
    userOwnsRegion(env) && env.AWS_REGION ? env.AWS_REGION : configured)

interface ConsoleSession {
  readonly credentials: ConsoleCredentials
  /** Role-chained credentials cannot have their session extended, so SessionDuration is left out. */
  readonly chained: boolean
  readonly region: string
  /** The Firefox container: the profile name and the role's `Color` / `Icon` tags. */
  readonly container: { readonly name: string; readonly color?: string | undefined; readonly icon?: string | undefined }
}

const containerOf = (role: FlatRole) => ({
  // Roles without a profile name still get a stable container (upstream's fallback never fired, A.10).
  name: role.Profile !== "" ? role.Profile : `${role.AccountIdPad}:${role.RoleName}`,
  color: role.Tags["Color"],
  icon: role.Tags["Icon"]
})

/** Trades the credentials for a sign-in token and hands the login URL to the URL action. */
const openConsole = (session: ConsoleSession, flags: ConsoleFlags, action: UrlActionName | undefined) =>
  Effect.gen(function*() {
    const settings = yield* Settings
    const env = processEnv()
    const minutes = yield* consoleMinutes(Option.getOrUndefined(flags.duration), settings.config.ConsoleDuration)
    const chosen = action ?? settings.config.UrlAction
    const checked = yield* validateUrlAction(chosen, settings.config.UrlExecCommand)
    const endpoint = federationEndpoint(settings.sso.SSORegion, env)
    const sessionSeconds = session.chained ? undefined : minutes * 60
    const signinToken = yield* fetchSigninToken(endpoint, session.credentials, sessionSeconds)
    const url = consoleLoginUrl(endpoint, {
      issuer: settings.sso.StartUrl,
      destination: consoleHomeUrl(session.region),
      signinToken
    })
    yield* Effect.logDebug(`opening the console in ${session.region} through ${endpoint}`)
    yield* (yield* UrlOpener).open(url, checked, session.container)
  })

const consoleForRole = (target: ConsoleTarget, flags: ConsoleFlags, action: UrlActionName | undefined) =>
  withToken("console", () =>
    Effect.gen(function*() {
      const settings = yield* Settings
      const env = processEnv()
      const role = yield* target._tag === "Role"
        ? resolveSelection(target.selection)
        : selectRoleInteractively("console")
      const credentials = yield* getRoleCredentials(role, { forceRefresh: flags.stsRefresh })
      yield* openConsole({
        credentials,
        chained: credentials.roleChaining || role.Via !== "",
        region: consoleRegion(flags.region, env, configuredRegion(settings, role)),
        container: containerOf(role)
      }, flags, action)
    }).pipe(Effect.provide(credentialServicesLayer(processEnv()))))

/**
 * The console for credentials from the environment (`AWS_ACCESS_KEY_ID`...): STS says whose they are;
 * a role from the cache lends its profile name, tags, region and History entry. No SSO login needed.
 */
const consoleForEnvCredentials = (
  credentials: ConsoleCredentials,
  flags: ConsoleFlags,
  action: UrlActionName | undefined
) =>
  withStore(
    Effect.gen(function*() {
      const settings = yield* Settings
      const env = processEnv()
      const identity = yield* (yield* StsClient).getCallerIdentity(credentials)
      const assumed = parseAssumedRoleArn(identity.arn)
      if (Option.isNone(assumed)) return yield* new CallerNotAssumedRole({ arn: identity.arn })
      const roles = yield* cachedRolesWithProfiles
      const cached = findByArn(roles, assumed.value.roleArn)
      if (Option.isSome(cached)) {
        yield* (yield* CacheStore).recordUse(cached.value.Arn).pipe(
          Effect.catchAll((error) =>
            Effect.logWarning(`Unable to record ${cached.value.Arn} in History: ${error.message}`)
          )
        )
      }
      const fallbackRegion = settings.sso.DefaultRegion || settings.config.DefaultRegion
      yield* openConsole({
        credentials,
        chained: Option.match(cached, { onNone: () => false, onSome: (role) => role.Via !== "" }),
        region: consoleRegion(
          flags.region,
          env,
          Option.match(cached, { onNone: () => fallbackRegion, onSome: (role) => configuredRegion(settings, role) })
        ),
        container: Option.match(cached, {
          onSome: containerOf,
          onNone: () => ({ name: `${assumed.value.accountId}:${assumed.value.roleName}` })
        })
      }, flags, action)
    }).pipe(Effect.provide(credentialServicesLayer(processEnv())))
  )

/** aws-sso console: open the AWS console signed in as a role. */
export const commandConsole = Command.make("console", options, (flags) =>
  Effect.gen(function*() {
    const env = processEnv()
    // Flag mistakes are reported before any login or AWS call.
    const duration = Option.getOrUndefined(flags.duration)
    if (duration !== undefined && duration !== 0) yield* consoleMinutes(duration, duration)
    const action = yield* parseUrlActionFlag(flags.urlAction)
    const target = yield* consoleTarget(flags, env)
    switch (target._tag) {
      case "EnvCredentials":
        return yield* consoleForEnvCredentials(target.credentials, flags, action)
      case "Selector":
        if (!isInteractive()) {
          return yield* selectorNeedsTerminal()
        }
        return yield* consoleForRole(target, flags, action)
      case "Role":
        return yield* consoleForRole(target, flags, action)
    }
  })).pipe(Command.withDescription("Open the AWS console in a browser, signed in as a role"))

/**
 * aws-sso ecs: the ECS container-credentials server (`ecs server`) and the commands that load,
 * list and unload its credentials (`ecs load`, `ecs list`, `ecs profile`, `ecs unload`).
 * `ecs docker` is not part of this build.
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import { Clock, Config, Context, Deferred, Effect, Layer, Option } from "effect"
import { Authenticator } from "../../auth/Authenticator"
import type { FlatRole } from "../../cache/model"
import { Settings } from "../../config/load"
import { formatRemainingPadded } from "../../domain/duration"
import { credentialServicesLayer, getRoleCredentials } from "../../credentials/resolve"
import type { RoleCredentials } from "../../store/records"
import { SecureStore } from "../../store/SecureStore"
import {
  defaultEcsPort,
  defaultEcsServer,
  type EcsServerAddress,
  isLoopbackAddress,
  parseEcsServerAddress
} from "../../ecs/address"
import { sameCredentials } from "../../ecs/auth"
import { makeEcsClient } from "../../ecs/client"
import { EcsFlagsInvalid } from "../../ecs/errors"
import type { ProfileEntry, Slot, SlotCredentials } from "../../ecs/model"
import { type SlotRefresher, startEcsServer } from "../../ecs/server"
import { renderTable } from "../listing/table"
import { processEnv, withStore, withToken } from "../context"
import { parseArnFlag, parseSelection, resolveSelection, roleEnvNames, roleSelectionOptions } from "../roleSelection"
import { isInteractive, selectorNeedsTerminal, selectRoleInteractively } from "./roleEnvironment"

const serverOption = Options.text("server").pipe(
  Options.withDescription("The ECS server as host:port (IPv6 in brackets: [::1]:4144)"),
  Options.withFallbackConfig(Config.string("AWS_SSO_ECS_SERVER")),
  Options.withDefault(defaultEcsServer)
)

const parseServer = (value: string) =>
  parseEcsServerAddress(value, value === processEnv().AWS_SSO_ECS_SERVER ? "$AWS_SSO_ECS_SERVER" : "--server")

const slotCredentials = (credentials: RoleCredentials): SlotCredentials => ({
  accountId: credentials.accountId,
  roleName: credentials.roleName,
  accessKeyId: credentials.accessKeyId,
  secretAccessKey: credentials.secretAccessKey,
  sessionToken: credentials.sessionToken,
  expiration: credentials.expiration,
  roleChaining: credentials.roleChaining
})

const profileNameOf = (role: FlatRole): string =>
  role.Profile !== "" ? role.Profile : `${role.AccountIdPad}:${role.RoleName}`

/** A slot for a role's credentials, marked as coming from this SSO instance so the server can renew it. */
const slotOf = (ssoName: string, role: FlatRole, credentials: RoleCredentials): Slot => ({
  profileName: profileNameOf(role),
  credentials: slotCredentials(credentials),
  source: Option.some({ sso: ssoName, roleArn: role.Arn })
})

/** The client of the ECS server, with the token and certificate the store holds (as upstream). */
const ecsClient = (address: EcsServerAddress) =>
  Effect.gen(function*() {
    const store = yield* SecureStore
    const token = yield* store.getEcsBearerToken()
    const certificate = yield* store.getEcsCertificate()
    if (Option.isNone(token)) {
      yield* Effect.logWarning("No ECS server bearer token stored (`aws-sso setup ecs auth`): sending none")
    }
    if (Option.isNone(certificate)) {
      yield* Effect.logDebug("No ECS server certificate stored (`aws-sso setup ecs ssl`): using plain HTTP")
    }
    return makeEcsClient({ address, token, certChain: Option.map(certificate, (c) => c.certChain) })
  })

// ---------------------------------------------------------------------------------------------
// ecs server

/**
 * Waits for SIGINT or SIGTERM. While the server runs it owns these signals, so that stopping it is
 * a clean exit (0) instead of the interruption the CLI reports for other commands.
 */
const stopSignal = Effect.acquireRelease(
  Effect.gen(function*() {
    const received = yield* Deferred.make<NodeJS.Signals>()
    const signals: ReadonlyArray<NodeJS.Signals> = ["SIGINT", "SIGTERM"]
    const saved = signals.map((signal) => [signal, process.listeners(signal)] as const)
    const handler = (signal: NodeJS.Signals) => void Deferred.unsafeDone(received, Effect.succeed(signal))
    for (const signal of signals) {
      process.removeAllListeners(signal)
      process.on(signal, handler)
    }
    return { received, saved, handler }
  }),
  ({ handler, saved }) =>
    Effect.sync(() => {
      for (const [signal, listeners] of saved) {
        process.off(signal, handler)
        for (const listener of listeners) process.on(signal, listener)
      }
    })
).pipe(Effect.flatMap(({ received }) => Deferred.await(received)))

const serverOptions = {
  bindIp: Options.text("bind-ip").pipe(
    Options.withDescription("Address to listen on"),
    Options.withDefault("127.0.0.1")
  ),
  port: Options.integer("port").pipe(
    Options.withDescription("Port to listen on (0: any free port, logged at start)"),
    Options.withDefault(defaultEcsPort)
  ),
  defaultProfile: Options.text("default").pipe(
    Options.withAlias("d"),
    Options.withDescription("Load this profile's credentials into the default slot before serving"),
    Options.optional
  ),
  disableAuth: Options.boolean("disable-auth").pipe(
    Options.withDescription("Serve without the bearer token (any local process can read the credentials)")
  ),
  disableSsl: Options.boolean("disable-ssl").pipe(
    Options.withDescription("Serve plain HTTP even when a certificate and key are stored")
  ),
  allowInsecureBind: Options.boolean("allow-insecure-bind").pipe(
    Options.withDescription(
      "Serve on a --bind-ip beyond loopback without a bearer token (anyone who can reach it gets the credentials)"
    )
  )
}

/**
 * Renews slots without ever opening a browser, whatever `AutoLogin` says: while the SSO token can
 * be refreshed silently renewals succeed; after that they fail with the login hint and are retried
 * until the slot's credentials run out (an `aws-sso login` in the meantime lets them succeed again).
 */
const silentRefresher = Effect.gen(function*() {
  const settings = yield* Settings
  const silentAuth = yield* Layer.build(Authenticator.layer({ command: "ecs server", interactive: false }))
  // The silent Authenticator replaces the command's, which may log in through the browser.
  const context = Context.merge(
    yield* Effect.context<Exclude<Effect.Effect.Context<ReturnType<typeof getRoleCredentials>>, Authenticator>>(),
    silentAuth
  )
  const refresher: SlotRefresher = {
    sso: settings.ssoName,
    fetch: (source) =>
      Effect.gen(function*() {
        const selection = yield* parseArnFlag(source.roleArn, "slot source")
        const role = yield* resolveSelection(selection)
        return slotCredentials(yield* getRoleCredentials(role, { recordHistory: false }))
      }).pipe(Effect.provide(context)),
    // `ecs load` sends the credentials `getRoleCredentials` stored under the role's ARN.
    issued: (source, credentials) =>
      Effect.flatMap(SecureStore, (store) => store.getRoleCredentials(source.roleArn)).pipe(
        Effect.map(Option.exists((stored) => sameCredentials(credentials, stored))),
        Effect.provide(context)
      )
  }
  return refresher
})

const portOutOfRange = (port: number) => port < 0 || port > 65535

/** aws-sso ecs server: serve role credentials to containers and SDKs over the ECS credentials API. */
const commandEcsServer = Command.make("server", serverOptions, (flags) =>
  Effect.gen(function*() {
    if (portOutOfRange(flags.port)) {
      return yield* new EcsFlagsInvalid({ reason: `invalid --port ${flags.port}: expected 0 to 65535` })
    }
    const body = Effect.gen(function*() {
      const store = yield* SecureStore
      const settings = yield* Settings
      const token = flags.disableAuth ? Option.none() : yield* store.getEcsBearerToken()
      const beyondLoopback = !isLoopbackAddress(flags.bindIp)
      if (beyondLoopback && Option.isNone(token)) {
        const why = flags.disableAuth ? "--disable-auth is given" : "no bearer token is stored"
        if (!flags.allowInsecureBind) {
          return yield* new EcsFlagsInvalid({
            reason: `refusing --bind-ip ${flags.bindIp} without a bearer token (${why}): anyone who can reach ` +
              `it could read the credentials; store one with 'aws-sso setup ecs auth', or pass --allow-insecure-bind`
          })
        }
        yield* Effect.logWarning(
          `!!! --allow-insecure-bind: the server listens on ${flags.bindIp}, beyond this host, WITHOUT a bearer ` +
            `token (${why}): anyone who can reach this address can read every credential it serves !!!`
        )
      }
      if (flags.disableAuth) {
        yield* Effect.logWarning("!!! HTTP Auth: DISABLED by --disable-auth: any process that can connect to the " +
          "server can read the credentials it serves !!!")
      } else if (Option.isNone(token)) {
        yield* Effect.logWarning("HTTP Auth: disabled. Use 'aws-sso setup ecs auth' to enable")
      } else {
        yield* Effect.logInfo("HTTP Auth: enabled")
      }
      const certificate = flags.disableSsl ? Option.none() : yield* store.getEcsCertificate()
      const tls = Option.flatMap(certificate, (c) =>
        Option.map(Option.fromNullable(c.privateKey), (key) => ({ cert: c.certChain, key })))
      if (beyondLoopback && Option.isNone(tls)) {
        yield* Effect.logWarning(`The server listens on ${flags.bindIp}, beyond this host, over plain HTTP: ` +
          "the bearer token and the credentials cross the network in clear text ('aws-sso setup ecs ssl')")
      }
      if (Option.isSome(tls)) yield* Effect.logInfo("SSL/TLS: enabled")
      else if (Option.isSome(certificate)) {
        yield* Effect.logWarning("SSL/TLS: disabled: the stored certificate has no private key " +
          "(`aws-sso setup ecs ssl --certificate <file> --private-key <file>`)")
      } else {
        yield* Effect.logWarning("SSL/TLS: disabled.  Use 'aws-sso setup ecs ssl' to enable")
      }

      const preload = yield* Option.match(flags.defaultProfile, {
        onNone: () => Effect.succeed<Slot | undefined>(undefined),
        onSome: (profile) =>
          Effect.gen(function*() {
            const role = yield* resolveSelection({ _tag: "ByProfile", profile, source: "--default" })
            const credentials = yield* getRoleCredentials(role)
            return slotOf(settings.ssoName, role, credentials)
          })
      })
      const refresher = yield* silentRefresher
      yield* Effect.scoped(Effect.gen(function*() {
        const server = yield* startEcsServer({
          bindIp: flags.bindIp,
          port: flags.port,
          token,
          tls,
          refresher: Option.some(refresher),
          preload
        })
        yield* Effect.logInfo(
          `ECS server listening on ${server.url} (AWS_CONTAINER_CREDENTIALS_FULL_URI=${server.url}/)`
        )
        if (preload !== undefined) yield* Effect.logInfo(`Default slot: ${preload.profileName}`)
        const signal = yield* stopSignal
        yield* Effect.logInfo(`${signal}: stopping the ECS server`)
      }))
    }).pipe(Effect.provide(credentialServicesLayer(processEnv())))
    // `--default` needs a login (upstream's REQUIRED level); without it the server starts logged out.
    return yield* Option.isSome(flags.defaultProfile)
      ? withToken("ecs server", () => Effect.scoped(body))
      : withStore(Effect.scoped(body), { command: "ecs server" })
  })).pipe(Command.withDescription("Run the ECS credentials server (foreground; Ctrl-C stops it)"))

// ---------------------------------------------------------------------------------------------
// ecs load / list / profile / unload

const loadOptions = {
  ...roleSelectionOptions,
  stsRefresh: Options.boolean("sts-refresh").pipe(
    Options.withDescription("Fetch new STS credentials even if the cached ones are still valid")
  ),
  server: serverOption,
  slotted: Options.boolean("slotted").pipe(
    Options.withAlias("s"),
    Options.withDescription("Load into the slot named after the profile instead of the default slot")
  )
}

/** aws-sso ecs load: put a role's credentials into the server's default slot, or its own slot. */
const commandEcsLoad = Command.make("load", loadOptions, (flags) =>
  Effect.gen(function*() {
    const env = processEnv()
    const address = yield* parseServer(flags.server)
    const selection = yield* parseSelection(flags, { env, envNames: roleEnvNames, exclusions: "profile" })
    // Nobody could answer the selector: say so before any login.
    if (Option.isNone(selection) && !isInteractive()) return yield* selectorNeedsTerminal()
    return yield* withToken("ecs load", () =>
      Effect.gen(function*() {
        const settings = yield* Settings
        const role = yield* Option.match(selection, {
          onNone: () => selectRoleInteractively("ecs load"),
          onSome: resolveSelection
        })
        const credentials = yield* getRoleCredentials(role, { forceRefresh: flags.stsRefresh })
        const slot = slotOf(settings.ssoName, role, credentials)
        const client = yield* ecsClient(address)
        yield* client.load(slot, flags.slotted)
        const where = flags.slotted ? `slot ${client.baseUrl}/slot/${encodeURIComponent(slot.profileName)}` :
          `the default slot of ${client.baseUrl}`
        yield* Effect.logInfo(`Loaded ${slot.profileName} into ${where}`)
      }).pipe(Effect.provide(credentialServicesLayer(env))))
  })).pipe(Command.withDescription("Load a role's credentials into the ECS server"))

/** Upstream's columns; `Expires` is computed here from the epoch, so it is right when printed. */
const entriesTable = (entries: ReadonlyArray<ProfileEntry>, nowMs: number): string =>
  renderTable(
    ["ProfileName", "AccountIdPad", "RoleName", "Expires"],
    entries.map((e) => [e.ProfileName, e.AccountId, e.RoleName, formatRemainingPadded(e.Expiration * 1000 - nowMs)])
  )

const byProfileName = (a: ProfileEntry, b: ProfileEntry): number =>
  a.ProfileName < b.ProfileName ? -1 : a.ProfileName > b.ProfileName ? 1 : 0

/** aws-sso ecs list: the named slots of the server. */
const commandEcsList = Command.make("list", { server: serverOption }, (flags) =>
  Effect.gen(function*() {
    const address = yield* parseServer(flags.server)
    return yield* withStore(Effect.gen(function*() {
      const client = yield* ecsClient(address)
      const entries = yield* client.list
      if (entries.length === 0) {
        process.stdout.write("No profiles are stored in any named slots.\n")
        return
      }
      const now = yield* Clock.currentTimeMillis
      process.stdout.write(entriesTable([...entries].sort(byProfileName), now))
    }), { command: "ecs list" })
  })).pipe(Command.withDescription("List the profiles loaded into named slots of the ECS server"))

/** aws-sso ecs profile: the profile in the server's default slot. */
const commandEcsProfile = Command.make("profile", { server: serverOption }, (flags) =>
  Effect.gen(function*() {
    const address = yield* parseServer(flags.server)
    return yield* withStore(Effect.gen(function*() {
      const client = yield* ecsClient(address)
      const entry = yield* client.profile
      const now = yield* Clock.currentTimeMillis
      process.stdout.write(entriesTable([entry], now))
    }), { command: "ecs profile" })
  })).pipe(Command.withDescription("Show the profile in the default slot of the ECS server"))

const unloadOptions = {
  profile: Options.text("profile").pipe(
    Options.withAlias("p"),
    Options.withDescription("The named slot to empty (default: the default slot)"),
    Options.optional
  ),
  server: serverOption
}

/**
 * aws-sso ecs unload: empty the default slot or a named one. It opens the store for the token and
 * certificate (upstream did not, and crashed: Appendix A.1).
 */
const commandEcsUnload = Command.make("unload", unloadOptions, (flags) =>
  Effect.gen(function*() {
    const address = yield* parseServer(flags.server)
    const profile = Option.filter(flags.profile, (p) => p !== "")
    return yield* withStore(Effect.gen(function*() {
      const client = yield* ecsClient(address)
      yield* client.unload(profile)
      yield* Effect.logInfo(Option.match(profile, {
        onNone: () => "Unloaded the default slot",
        onSome: (name) => `Unloaded slot ${name}`
      }))
    }), { command: "ecs unload" })
  })).pipe(Command.withDescription("Remove credentials from the ECS server"))

/** aws-sso ecs … */
export const commandEcs = Command.make("ecs", {}, () => Effect.void).pipe(
  Command.withDescription("Serve role credentials over the ECS container credentials API"),
  Command.withSubcommands([commandEcsServer, commandEcsLoad, commandEcsList, commandEcsProfile, commandEcsUnload])
)

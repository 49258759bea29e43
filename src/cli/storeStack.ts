/**
 * What `withStore` adds to a command (./context.ts): the store chosen by `SecureStore`, the AWS
 * clients and URL opener of the selected instance, and the Authenticator over them. A module of
 * its own so that commands which never open the store do not load it.
 */
import { Effect, Layer } from "effect"
import { Authenticator } from "../auth/Authenticator"
import { OidcClient } from "../aws/OidcClient"
import { PortalClient } from "../aws/PortalClient"
import { Settings } from "../config/load"
import { Paths } from "../config/paths"
import { UrlOpener } from "../os/urlAction"
import { makeSecureStoreLayer } from "../store/layer"
import { filePassword } from "./passwordPrompt"

/** What the Authenticator is told about the command (see `StoreOptions` in ./context). */
export interface StoreStackOptions {
  readonly command?: string | undefined
  readonly interactive?: boolean | undefined
}

// ./context owns the one read of the process environment; this module must not import it back.
type Env = Readonly<Record<string, string | undefined>>

/** The store chosen by `SecureStore` (unset: the OS keyring when it answers, else the encrypted file). */
const secureStoreLayer = (env: Env) => Layer.unwrapEffect(
  Effect.gen(function*() {
    const settings = yield* Settings
    const paths = yield* Paths
    return makeSecureStoreLayer({
      backend: settings.config.SecureStore,
      jsonStoreFile: settings.config.JsonStore,
      secureDir: paths.secureDir,
      lockFile: paths.lockFile,
      secretServiceCollection: settings.config.SecretServiceCollection,
      password: filePassword(env),
      configFile: settings.file
    })
  })
)

/** The SSO-OIDC and portal clients of the selected instance; the SDK loads on their first call. */
const awsClientsLayer = (env: Env) => Layer.unwrapEffect(
  Effect.map(Settings, (settings) => {
    const cfg = { region: settings.sso.SSORegion, env, maxAttempts: settings.config.MaxRetry }
    return Layer.merge(OidcClient.layer(cfg), PortalClient.layer(cfg))
  })
)

const urlOpenerLayer = (env: Env) => Layer.unwrapEffect(
  Effect.gen(function*() {
    const settings = yield* Settings
    const paths = yield* Paths
    return UrlOpener.layer({
      browser: settings.config.Browser,
      urlExecCommand: settings.config.UrlExecCommand,
      home: paths.home,
      env
    })
  })
)

export const storeStackLayer = (options: StoreStackOptions, env: Env) =>
  Authenticator.layer({ command: options.command, interactive: options.interactive }).pipe(
    Layer.provideMerge(Layer.mergeAll(secureStoreLayer(env), awsClientsLayer(env), urlOpenerLayer(env)))
  )


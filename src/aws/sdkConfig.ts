/**
 * The constructor options both SDK clients share, derived from our explicit environment, and a
 * lazily created, scoped SDK client.
 */
import { Effect, Scope } from "effect"
import { type AwsService, type EndpointEnv, endpointFlags, serviceEndpoint } from "./endpoints"

/** What `OidcClient.layer` and `PortalClient.layer` are built from. */
export interface AwsClientConfig {
  /** The SSO region (`SSORegion`). */
  readonly region: string
  /** The environment to resolve endpoint overrides and FIPS / dual-stack from (usually `process.env`). */
  readonly env: EndpointEnv
  /** SDK attempts per call, first one included (upstream `MaxRetry`, default 10). OIDC only. */
  readonly maxAttempts: number
}

/** The subset of SDK client options we set. */
export interface SdkClientOptions {
  readonly region: string
  readonly endpoint?: string
  readonly useFipsEndpoint: boolean
  readonly useDualstackEndpoint: boolean
  readonly maxAttempts: number
  readonly retryMode: "standard"
  readonly credentials: () => Promise<never>
}

// Every operation we call is modelled `smithy.api#noAuth`, so the SDK never asks for credentials.
// Should that ever change, failing loudly beats the default chain silently reading the user's
// AWS profiles and signing SSO calls with them.
const noCredentials = (): Promise<never> =>
  Promise.reject(new Error("SSO OIDC and portal calls are unsigned; no AWS credentials are used"))

/**
 * Options for an SSO client. Our environment is explicit, so an `AWS_ENDPOINT_URL_*` override in it
 * becomes `endpoint` here (with FIPS / dual-stack off, which the SDK rejects together with a custom
 * endpoint); without one the SDK's own endpoint rules run with our FIPS / dual-stack flags.
 */
export const sdkClientOptions = (service: AwsService, cfg: AwsClientConfig, maxAttempts: number): SdkClientOptions => {
  const resolved = serviceEndpoint(service, cfg.region, cfg.env)
  return {
    region: cfg.region,
    ...(resolved.overriddenBy === undefined ? {} : { endpoint: resolved.url }),
    useFipsEndpoint: resolved.useFips,
    useDualstackEndpoint: resolved.useDualstack,
    maxAttempts: Math.max(1, Math.floor(maxAttempts)),
    retryMode: "standard",
    credentials: noCredentials
  }
}

// Both clients read the same variables; say what is wrong with them once per process, not per client.
const warned = new Set<string>()

/** Logs unreadable `AWS_USE_FIPS_ENDPOINT` / `AWS_USE_DUALSTACK_ENDPOINT` values once. */
export const warnAboutEndpointFlags = (env: EndpointEnv): Effect.Effect<void> =>
  Effect.forEach(endpointFlags(env).warnings, (warning) =>
    Effect.suspend(() => {
      if (warned.has(warning)) return Effect.void
      warned.add(warning)
      return Effect.logWarning(warning)
    }), { discard: true })

/**
 * An SDK client created on first use, not when the layer is built: with the layers provided at the
 * CLI root, commands that never reach AWS then never load the SDK (start-up time). It belongs to
 * the layer's scope and is destroyed with it.
 */
export const lazySdkClient = <C extends { destroy(): void }>(
  create: () => Promise<C>
): Effect.Effect<Effect.Effect<C>, never, Scope.Scope> =>
  Effect.gen(function*() {
    const scope = yield* Effect.scope
    return yield* Effect.cached(
      Effect.acquireRelease(Effect.promise(create), (client) => Effect.sync(() => client.destroy())).pipe(
        Scope.extend(scope)
      )
    )
  })

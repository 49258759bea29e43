/**
 * Where the AWS calls go: partitions, the SSO-OIDC / portal / STS hosts with FIPS and dual-stack,
 * the `AWS_ENDPOINT_URL_*` overrides, the PKCE `/authorize` URL and the console federation URL.
 *
 * Pure: every function takes the environment as an argument, so the caller decides which
 * environment counts and tests need no process state.
 */

/** Environment variables as the caller sees them (usually `process.env`). */
export type EndpointEnv = Readonly<Record<string, string | undefined>>

export type Partition = "aws" | "aws-cn" | "aws-us-gov" | "aws-eusc"

/** The services whose endpoints the SDK endpoint rules compute. */
export type AwsService = "oidc" | "portal" | "sts"

/** Services that `AWS_ENDPOINT_URL_<SUFFIX>` can move, including console sign-in. */
export type OverridableService = AwsService | "signin"

interface PartitionInfo {
  readonly regionPattern: RegExp
  readonly dnsSuffix: string
  readonly dualStackSuffix: string
}

// The region patterns and suffixes of the SDK partition data (aws-wire §10).
const partitionInfo: Record<Partition, PartitionInfo> = {
  "aws": {
    regionPattern: /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/,
    dnsSuffix: "amazonaws.com",
    dualStackSuffix: "api.aws"
  },
  "aws-cn": {
    regionPattern: /^cn-\w+-\d+$/,
    dnsSuffix: "amazonaws.com.cn",
    dualStackSuffix: "api.amazonwebservices.com.cn"
  },
  "aws-us-gov": { regionPattern: /^us-gov-\w+-\d+$/, dnsSuffix: "amazonaws.com", dualStackSuffix: "api.aws" },
  "aws-eusc": {
    regionPattern: /^eusc-(de)-\w+-\d+$/,
    dnsSuffix: "amazonaws.eu",
    dualStackSuffix: "api.amazonwebservices.eu"
  }
}

const matchOrder: ReadonlyArray<Partition> = ["aws-us-gov", "aws-cn", "aws-eusc", "aws"]

/** The partition a region belongs to; like the SDK, regions it does not recognise count as `aws`. */
export const partitionOf = (region: string): Partition =>
  matchOrder.find((id) => partitionInfo[id].regionPattern.test(region) || region === `${id}-global`) ?? "aws"

/** FIPS and dual-stack as requested through the environment, plus warnings for values we could not read. */
export interface EndpointFlags {
  readonly useFips: boolean
  readonly useDualstack: boolean
  readonly warnings: ReadonlyArray<string>
}

interface ParsedBool {
  readonly value: boolean
  readonly warning?: string
}

// The Go SDK (what upstream uses) compares with strings.EqualFold against "true"/"false"; the JS SDK
// throws on anything else. We accept the same words in any case and treat other values as false
// with a warning rather than failing a command that may not even talk to AWS.
const parseEnvBool = (name: string, raw: string | undefined): ParsedBool => {
  const text = raw?.trim() ?? ""
  if (text === "") return { value: false }
  const lower = text.toLowerCase()
  if (lower === "true") return { value: true }
  if (lower === "false") return { value: false }
  return { value: false, warning: `ignoring ${name}=${JSON.stringify(raw)}: expected "true" or "false"` }
}

/** Reads `AWS_USE_FIPS_ENDPOINT` and `AWS_USE_DUALSTACK_ENDPOINT`. */
export const endpointFlags = (env: EndpointEnv): EndpointFlags => {
  const fips = parseEnvBool("AWS_USE_FIPS_ENDPOINT", env.AWS_USE_FIPS_ENDPOINT)
  const dualstack = parseEnvBool("AWS_USE_DUALSTACK_ENDPOINT", env.AWS_USE_DUALSTACK_ENDPOINT)
  return {
    useFips: fips.value,
    useDualstack: dualstack.value,
    warnings: [fips.warning, dualstack.warning].filter((w): w is string => w !== undefined)
  }
}

// The SDKs build the variable name from the service id ("SSO OIDC" -> SSO_OIDC, "Signin" -> SIGNIN).
const overrideSuffix: Record<OverridableService, string> = {
  oidc: "SSO_OIDC",
  portal: "SSO",
  sts: "STS",
  signin: "SIGNIN"
}

/** The variable that overrides one service's endpoint. */
export const overrideVariable = (service: OverridableService): string => `AWS_ENDPOINT_URL_${overrideSuffix[service]}`

/**
 * The configured endpoint URL for a service, resolved as the SDKs do: the service variable, then
 * the global `AWS_ENDPOINT_URL`; empty values count as unset, and
 * `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` disables both.
 */
export const endpointOverride = (service: OverridableService, env: EndpointEnv): string | undefined =>
  findOverride(service, env)?.url

const findOverride = (
  service: OverridableService,
  env: EndpointEnv
): { readonly url: string; readonly variable: string } | undefined => {
  if (parseEnvBool("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS).value) {
    return undefined
  }
  for (const variable of [overrideVariable(service), "AWS_ENDPOINT_URL"]) {
    const url = env[variable]?.trim()
    if (url) return { url, variable }
  }
  return undefined
}

// Host prefixes from the endpoint rule sets: the FIPS variant renames the first label.
const hostPrefix: Record<AwsService, { readonly standard: string; readonly fips: string }> = {
  oidc: { standard: "oidc", fips: "oidc-fips" },
  portal: { standard: "portal.sso", fips: "portal.sso-fips" },
  sts: { standard: "sts", fips: "sts-fips" }
}

/**
 * The host the SDK endpoint rules compute for a service in a region. GovCloud's standard hosts are
 * already FIPS-validated, so its FIPS variant (without dual-stack) keeps the standard name.
 */
export const serviceHost = (
  service: AwsService,
  region: string,
  flags: { readonly useFips: boolean; readonly useDualstack: boolean }
): string => {
  const partition = partitionOf(region)
  const info = partitionInfo[partition]
  const prefix = hostPrefix[service]
  const suffix = flags.useDualstack ? info.dualStackSuffix : info.dnsSuffix
  const fipsLabel = flags.useFips && !(partition === "aws-us-gov" && !flags.useDualstack)
  return `${fipsLabel ? prefix.fips : prefix.standard}.${region}.${suffix}`
}

/** A resolved service endpoint. */
export interface ServiceEndpoint {
  /** Base URL without a trailing slash. */
  readonly url: string
  /** The environment variable the URL came from, when it is an override. */
  readonly overriddenBy?: string
  /**
   * FIPS / dual-stack as they apply to this service. Always false with an override: the SDK
   * endpoint rules reject FIPS or dual-stack together with a custom endpoint.
   */
  readonly useFips: boolean
  readonly useDualstack: boolean
}

const trimTrailingSlashes = (url: string): string => url.replace(/\/+$/, "")

/** The endpoint for OIDC, the portal or STS: the override when one is set, else the computed host. */
export const serviceEndpoint = (service: AwsService, region: string, env: EndpointEnv): ServiceEndpoint => {
  const override = findOverride(service, env)
  if (override !== undefined) {
    const url = trimTrailingSlashes(override.url)
    return { url, overriddenBy: override.variable, useFips: false, useDualstack: false }
  }
  const { useDualstack, useFips } = endpointFlags(env)
  return { url: `https://${serviceHost(service, region, { useFips, useDualstack })}`, useFips, useDualstack }
}

/**
 * The browser `/authorize` endpoint of the PKCE flow: the resolved OIDC endpoint plus `/authorize`,
 * so `AWS_ENDPOINT_URL_SSO_OIDC` moves it together with the OIDC API calls. A path in the override
 * is kept, because the SDK also sends the API calls below that path.
 */
export const authorizeUrl = (region: string, env: EndpointEnv): string =>
  `${serviceEndpoint("oidc", region, env).url}/authorize`

/**
 * The `/authorize` URL when RegisterClient returned an `authorizationEndpoint` (AWS currently does
 * not): a trailing `/` trimmed and `/authorize` appended when missing.
 */
export const authorizeUrlFromRegistration = (authorizationEndpoint: string): string => {
  const base = trimTrailingSlashes(authorizationEndpoint.trim())
  return base.endsWith("/authorize") ? base : `${base}/authorize`
}

/** The query of a PKCE authorization request. */
export interface AuthorizeParams {
  readonly clientId: string
  readonly redirectUri: string
  readonly state: string
  readonly codeChallenge: string
  /** Default `["sso:account:access"]`; sent space-separated as `scope`. */
  readonly scopes?: ReadonlyArray<string>
}

/**
 * The full URL the browser opens for a PKCE login. Keys are in sorted order, as upstream's Go
 * `url.Values` encodes them; the challenge method is always S256.
 */
export const authorizeRequestUrl = (base: string, params: AuthorizeParams): string => {
  const query = new URLSearchParams([
    ["client_id", params.clientId],
    ["code_challenge", params.codeChallenge],
    ["code_challenge_method", "S256"],
    ["redirect_uri", params.redirectUri],
    ["response_type", "code"],
    ["scope", (params.scopes ?? ["sso:account:access"]).join(" ")],
    ["state", params.state]
  ])
  return `${base}?${query.toString()}`
}

// Console sign-in has no regional requirement in aws, aws-cn and aws-us-gov, so the global hosts
// are used there. The EU sovereign cloud has no global sign-in host in any source (aws-wire §6,
// §10: only `{region}.signin.amazonaws-eusc.eu`), so it gets the regional one.
const federationHost = (region: string): string => {
  switch (partitionOf(region)) {
    case "aws-cn":
      return "signin.amazonaws.cn"
    case "aws-us-gov":
      return "signin.amazonaws-us-gov.com"
    case "aws-eusc":
      return `${region}.signin.amazonaws-eusc.eu`
    case "aws":
      return "signin.aws.amazon.com"
  }
}

/**
 * The console sign-in federation endpoint (`getSigninToken` and the login URL):
 * `<AWS_ENDPOINT_URL_SIGNIN or AWS_ENDPOINT_URL>/federation`, else the partition's sign-in host.
 * FIPS / dual-stack do not apply: the console sign-in page has no such variants for most partitions.
 */
export const federationUrl = (region: string, env: EndpointEnv): string => {
  const override = endpointOverride("signin", env)
  return override !== undefined
    ? `${trimTrailingSlashes(override)}/federation`
    : `https://${federationHost(region)}/federation`
}

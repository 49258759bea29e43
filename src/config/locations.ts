/**
 * Where aws-sso keeps its files, as pure functions of HOME, XDG_CONFIG_HOME and the path
 * variables. Free of Effect so that the `process` fast path can use it without loading it.
 */
import * as fs from "node:fs"
import * as path from "node:path"

/** The environment variables that decide paths. */
export interface PathEnv {
  readonly HOME?: string | undefined
  readonly USERPROFILE?: string | undefined
  readonly XDG_CONFIG_HOME?: string | undefined
  readonly AWS_SSO_CONFIG?: string | undefined
  readonly AWS_CONFIG_FILE?: string | undefined
  readonly AWS_SHARED_CREDENTIALS_FILE?: string | undefined
}

export interface PathsShape {
  readonly home: string
  /** `~/.aws-sso` when it exists, else `$XDG_CONFIG_HOME/aws-sso`, else `~/.config/aws-sso`. */
  readonly configDir: string
  /** `--config`, else `$AWS_SSO_CONFIG`, else `<configDir>/config.yaml`; `~` expanded. */
  readonly configFile: string
  readonly cacheFile: string
  /** Default for `JsonStore`. */
  readonly jsonStoreFile: string
  /** Folder of the encrypted `file` store. */
  readonly secureDir: string
  readonly lockFile: string
  readonly awsConfigFile: string
  readonly awsCredentialsFile: string
}

export const isDirectory = (p: string): boolean => {
  try {
    return fs.statSync(p).isDirectory()
  } catch {
    return false
  }
}

/** Expands a leading `~` or `~/` against `home`. */
export const expandHome = (p: string, home: string): string =>
  p === "~" ? home : p.startsWith("~/") || p.startsWith("~\\") ? path.join(home, p.slice(2)) : p

/** Pure path resolution; `dirExists` is injected so it can be tested without a disk. */
export const resolvePaths = (
  env: PathEnv,
  configFlag: string | undefined,
  dirExists: (p: string) => boolean
): PathsShape => {
  const home = env.HOME || env.USERPROFILE || "/"
  const legacy = path.join(home, ".aws-sso")
  const xdg = env.XDG_CONFIG_HOME ? expandHome(env.XDG_CONFIG_HOME, home) : undefined
  const configDir = dirExists(legacy)
    ? legacy
    : path.join(xdg ?? path.join(home, ".config"), "aws-sso")
  const configSource = configFlag || env.AWS_SSO_CONFIG
  return {
    home,
    configDir,
    configFile: configSource ? expandHome(configSource, home) : path.join(configDir, "config.yaml"),
    cacheFile: path.join(configDir, "cache.json"),
    jsonStoreFile: path.join(configDir, "store.json"),
    secureDir: path.join(configDir, "secure"),
    lockFile: path.join(configDir, "storage.lock"),
    awsConfigFile: env.AWS_CONFIG_FILE ? expandHome(env.AWS_CONFIG_FILE, home) : path.join(home, ".aws", "config"),
    awsCredentialsFile: env.AWS_SHARED_CREDENTIALS_FILE
      ? expandHome(env.AWS_SHARED_CREDENTIALS_FILE, home)
      : path.join(home, ".aws", "credentials")
  }
}

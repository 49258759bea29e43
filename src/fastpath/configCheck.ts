/**
 * Which loads of config.yaml a full run found clean (valid, without a single warning), so that a
 * command which needs nothing from the config but its validity (`time`, which sits in shell
 * prompts) can answer without loading it again while the file's bytes are the same. A load is
 * keyed by what besides the file decides its outcome: the instance override, the browser override
 * and the environment variables the loader reads. Nothing secret is in it.
 */
import * as fs from "node:fs"
import * as path from "node:path"

export const configCheckVersion = 1

/** Clean loads kept; the oldest go first. */
export const maxCleanLoads = 16

export interface ConfigCheck {
  readonly version: number
  /** Absolute path of the config file, and the SHA-256 hex of its bytes. */
  readonly configFile: string
  readonly configSha256: string
  /** `loadKey`s of the loads that succeeded without warnings. */
  readonly clean: ReadonlyArray<string>
}

export const configCheckFile = (configDir: string): string => path.join(configDir, "fast-start-config.json")

export interface LoadInputs {
  /** `--sso`, else `$AWS_SSO`. */
  readonly sso: string | undefined
  /** `--browser`, else `$AWS_SSO_BROWSER`. */
  readonly browser: string | undefined
  readonly env: { readonly SSH_TTY?: string | undefined; readonly WSL_DISTRO_NAME?: string | undefined }
}

export const loadKey = (inputs: LoadInputs): string =>
  JSON.stringify([inputs.sso ?? null, inputs.browser ?? null, inputs.env.SSH_TTY ?? null, inputs.env.WSL_DISTRO_NAME ?? null])

/** `previous`'s clean loads when it describes the same file and bytes, with `key` added last. */
export const withCleanLoad = (
  previous: ConfigCheck | undefined,
  base: Omit<ConfigCheck, "clean">,
  key: string
): ConfigCheck => {
  const same = previous !== undefined && previous.configFile === base.configFile &&
    previous.configSha256 === base.configSha256
  const kept = (same ? previous.clean : []).filter((k) => k !== key)
  return { ...base, clean: [...kept.slice(-(maxCleanLoads - 1)), key] }
}

export const readConfigCheck = (file: string): ConfigCheck | undefined => {
  try {
    const value = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<ConfigCheck>
    return value.version === configCheckVersion && typeof value.configFile === "string" &&
        typeof value.configSha256 === "string" && Array.isArray(value.clean)
      ? (value as ConfigCheck)
      : undefined
  } catch {
    return undefined
  }
}

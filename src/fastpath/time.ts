/**
 * `aws-sso time` in a shell prompt: when a full run already loaded this exact config.yaml with
 * the same overrides and found it clean (./configCheck.ts), the answer depends on nothing but
 * `$AWS_SSO_SESSION_EXPIRATION`, so it is printed without Effect, @effect/cli or the YAML loader.
 * Anything else (a changed or never-checked config, a malformed time, an unusual flag) returns
 * undefined and the full command runs, with its validation, warnings and errors.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { isDirectory, type PathEnv, resolvePaths } from "../config/locations"
import { sessionTimeLeft } from "../domain/duration"
import { sha256Hex } from "../domain/sha256"
import { configCheckFile, loadKey, readConfigCheck } from "./configCheck"
import { parseCommandArgs, ssoOverride } from "./request"

export interface TimeEnv extends PathEnv {
  readonly AWS_SSO?: string | undefined
  readonly AWS_SSO_BROWSER?: string | undefined
  readonly AWS_SSO_SESSION_EXPIRATION?: string | undefined
  readonly SSH_TTY?: string | undefined
  readonly WSL_DISTRO_NAME?: string | undefined
}

const noFlags: ReadonlyMap<string, never> = new Map<string, never>()

export const tryTimeFastPath = (
  args: ReadonlyArray<string>,
  env: TimeEnv,
  nowMillis: number,
  write: (text: string) => void = (text) => process.stdout.write(text)
): number | undefined => {
  try {
    const parsed = parseCommandArgs(args, "time", noFlags)
    if (parsed === undefined) return undefined
    const paths = resolvePaths(env, parsed.globals.get("config"), isDirectory)
    const check = readConfigCheck(configCheckFile(paths.configDir))
    if (check === undefined || check.configFile !== path.resolve(paths.configFile)) return undefined
    const browser = parsed.globals.has("browser") ? parsed.globals.get("browser") : env.AWS_SSO_BROWSER
    if (!check.clean.includes(loadKey({ sso: ssoOverride(parsed.globals, env), browser, env }))) return undefined
    if (sha256Hex(fs.readFileSync(paths.configFile)) !== check.configSha256) return undefined
    const text = sessionTimeLeft(env.AWS_SSO_SESSION_EXPIRATION, nowMillis)
    if (text === undefined) return undefined
    write(text)
    return 0
  } catch {
    // Whatever went wrong here, the full path will meet it again and report it properly.
    return undefined
  }
}

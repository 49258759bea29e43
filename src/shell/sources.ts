/**
 * `CompletionSources` read from disk: config.yaml (with its defaults, so profile names come out as
 * the commands resolve them) and cache.json, read without the lock because nothing is written.
 * Anything missing or broken simply offers nothing: a TAB press must never print an error.
 */
import { Effect, Either } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { decodeCache, type FlatRole, instanceRoles, catalogRoles, instanceOf } from "../cache/model"
import { profileNamer } from "../cache/profileName"
import { type LoadedSettings, loadSettings } from "../config/load"
import { expandHome, type PathEnv, resolvePaths } from "../config/paths"
import type { CompletionSources, DirEntry } from "./complete"

export interface DiskSourcesEnv extends PathEnv {
  /** The instance when no `--sso` was typed. */
  readonly AWS_SSO?: string | undefined
  readonly SSH_TTY?: string | undefined
  readonly WSL_DISTRO_NAME?: string | undefined
}

const isDirectory = (p: string): boolean => {
  try {
    return fs.statSync(p).isDirectory()
  } catch {
    return false
  }
}

const memo = <A>(f: (key: string) => A): (key: string) => A => {
  const seen = new Map<string, A>()
  return (key) => {
    if (!seen.has(key)) seen.set(key, f(key))
    return seen.get(key)!
  }
}

/** Roles with their profile names; a ProfileFormat that fails to render leaves the names empty. */
const rolesOf = (settings: LoadedSettings, cacheText: string, nowSeconds: number): ReadonlyArray<FlatRole> => {
  const doc = decodeCache(cacheText)
  if (Either.isLeft(doc)) return []
  const named = instanceRoles(doc.right, settings.ssoName, profileNamer(settings.config.ProfileFormat, nowSeconds))
  return Either.getOrElse(named, () => catalogRoles(settings.ssoName, instanceOf(doc.right, settings.ssoName).Roles))
}

/** Sources over the files of the user `env` describes; `cwd` anchors relative paths. */
export const diskSources = (env: DiskSourcesEnv, nowSeconds: number, cwd: string): CompletionSources => {
  const home = env.HOME || env.USERPROFILE || "/"
  const pathsFor = (config: string | undefined) => resolvePaths(env, config, isDirectory)
  const settingsFor = memo((key: string): LoadedSettings | undefined => {
    const [config, sso] = JSON.parse(key) as [string | undefined, string]
    const paths = pathsFor(config)
    const locations = { jsonStoreFile: paths.jsonStoreFile, home: paths.home }
    const loaded = loadSettings(paths.configFile, { sso }, env, locations)
    return Either.getOrUndefined(Effect.runSync(Effect.either(loaded)))
  })
  // An empty override means "DefaultSSO", as in the loader.
  const load = (config: string | undefined, sso: string) => settingsFor(JSON.stringify([config, sso]))
  return {
    // Without the instance override: a mistyped --sso must not hide the names to choose from.
    ssoNames: (selection) => Object.keys(load(selection.config, "")?.config.SSOConfig ?? {}),
    roles: (selection) => {
      const settings = load(selection.config, selection.sso ?? env.AWS_SSO ?? "")
      if (settings === undefined) return []
      try {
        return rolesOf(settings, fs.readFileSync(pathsFor(selection.config).cacheFile, "utf8"), nowSeconds)
      } catch {
        return []
      }
    },
    listDirectory: (dir) => {
      const expanded = dir === "" ? cwd : path.resolve(cwd, expandHome(dir, home))
      try {
        return fs.readdirSync(expanded, { withFileTypes: true }).map((e): DirEntry => ({
          name: e.name,
          isDirectory: e.isDirectory() || (e.isSymbolicLink() && isDirectory(path.join(expanded, e.name)))
        }))
      } catch {
        return []
      }
    }
  }
}

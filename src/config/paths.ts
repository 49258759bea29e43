/**
 * Where aws-sso keeps its files. Every path the tool touches comes from here, computed once
 * from HOME, XDG_CONFIG_HOME and the path variables, so tests can point HOME anywhere.
 */
import { Context, Layer } from "effect"
import { isDirectory, type PathEnv, type PathsShape, resolvePaths } from "./locations"

export { expandHome, type PathEnv, type PathsShape, resolvePaths } from "./locations"

/** The resolved file locations of this run. */
export class Paths extends Context.Tag("aws-sso/Paths")<Paths, PathsShape>() {
  static readonly layer = (env: PathEnv, configFlag?: string) =>
    Layer.succeed(Paths, resolvePaths(env, configFlag, isDirectory))
}


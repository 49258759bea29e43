/**
 * The path the shell scripts call aws-sso by (upstream: the running binary's absolute path). The
 * OS reports the binary's real path, which for Homebrew or Nix is a versioned folder that an
 * upgrade removes; the name the user ran it by (through PATH or a symlink) survives upgrades, so
 * that is preferred when it leads to the same file.
 */
import * as fs from "node:fs"
import * as path from "node:path"

export interface ExecutableInput {
  /** `process.execPath`. */
  readonly execPath: string
  /** `process.argv0`: how the user typed the program name. */
  readonly argv0: string
  /** `process.argv[1]`: a virtual path inside a compiled binary, else the script run from source. */
  readonly script: string | undefined
  readonly pathEnv: string | undefined
  readonly cwd: string
  readonly realpath?: (file: string) => string
}

const tryRealpath = (realpath: (file: string) => string, file: string): string | undefined => {
  try {
    return realpath(file)
  } catch {
    return undefined
  }
}

// Bun's compiled executables run their bundled entry from a virtual folder.
const isCompiledEntry = (script: string | undefined): boolean =>
  script === undefined || script.startsWith("/$bunfs/") || script.includes("~BUN")

export const scriptExecutable = (input: ExecutableInput): string => {
  // Run from source, the runtime is not aws-sso: rely on PATH.
  if (!isCompiledEntry(input.script)) return "aws-sso"
  const realpath = input.realpath ?? fs.realpathSync
  const real = tryRealpath(realpath, input.execPath) ?? input.execPath
  const typed = input.argv0
  const candidates = typed.includes("/")
    ? [path.resolve(input.cwd, typed)]
    : typed === ""
    ? []
    : (input.pathEnv ?? "").split(path.delimiter).filter((d) => d !== "").map((d) => path.join(d, typed))
  const stable = candidates.find((c) => path.isAbsolute(c) && tryRealpath(realpath, c) === real)
  if (stable !== undefined) return stable
  return real.startsWith("/nix/store/") ? "aws-sso" : real
}

/** The path for this process. */
export const currentScriptExecutable = (pathEnv: string | undefined): string =>
  scriptExecutable({
    execPath: process.execPath,
    argv0: process.argv0,
    script: process.argv[1],
    pathEnv,
    cwd: process.cwd()
  })

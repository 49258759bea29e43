/**
 * The program that `credential_process` lines run: `ConfigProfilesBinaryPath` when set, else the
 * absolute, symlink-free path of this executable (upstream: the running binary's path).
 */
import * as fs from "node:fs"
import { commandWord } from "./block"

export interface BinaryPathInput {
  /** `ConfigProfilesBinaryPath`; used as written (it may be a whole command such as `/usr/bin/env aws-sso`). */
  readonly configured?: string | undefined
  /** `process.execPath`: the compiled binary, or the JS runtime when run from source. */
  readonly execPath: string
  /** `process.argv[1]`: inside the compiled binary a virtual path, else the entry script. */
  readonly script?: string | undefined
  readonly realpath?: (file: string) => string
}

export interface BinaryPath {
  readonly command: string
  readonly warning?: string | undefined
}

// Bun's compiled executables run their bundled entry from a virtual folder.
const isVirtualEntry = (script: string): boolean => script.startsWith("/$bunfs/") || script.includes("~BUN")

const safeRealpath = (realpath: (file: string) => string, file: string): string => {
  try {
    return realpath(file)
  } catch {
    return file
  }
}

export const resolveBinaryPath = (input: BinaryPathInput): BinaryPath => {
  if (input.configured !== undefined && input.configured.trim() !== "") return { command: input.configured }
  const realpath = input.realpath ?? fs.realpathSync
  const executable = safeRealpath(realpath, input.execPath)
  // Nix store paths change with every update, and the old one is garbage-collected later.
  if (executable.startsWith("/nix/store/")) {
    return {
      command: "aws-sso",
      warning: `aws-sso runs from the Nix store (${executable}); the profiles run plain \`aws-sso\` from PATH ` +
        "(set ConfigProfilesBinaryPath to choose another command)"
    }
  }
  if (input.script === undefined || input.script === "" || isVirtualEntry(input.script)) {
    return { command: commandWord(executable) }
  }
  // Run from source (`bun src/main.ts`): the runtime needs the script too.
  return { command: `${commandWord(executable)} ${commandWord(safeRealpath(realpath, input.script))}` }
}

/** The command of this process. */
export const currentBinaryPath = (configured: string | undefined): BinaryPath =>
  resolveBinaryPath({ configured, execPath: process.execPath, script: process.argv[1] })

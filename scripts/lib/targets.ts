/**
 * The five release targets: what Bun calls them, which @napi-rs/keyring platform package carries
 * their addon, and what their executable header must say.
 */

export type TargetName = "linux-x64" | "linux-arm64" | "darwin-x64" | "darwin-arm64" | "windows-x64"

export type ExecutableFormat = "elf" | "macho" | "pe"

export type CpuArch = "x64" | "arm64"

export interface Target {
  readonly name: TargetName
  readonly bunTarget: Bun.Build.CompileTarget
  /** Suffix napi-rs uses for both the package (`@napi-rs/keyring-<suffix>`) and the file (`keyring.<suffix>.node`). */
  readonly napiSuffix: string
  readonly format: ExecutableFormat
  readonly arch: CpuArch
  readonly exe: "" | ".exe"
}

const target = (
  name: TargetName,
  bunTarget: Bun.Build.CompileTarget,
  napiSuffix: string,
  format: ExecutableFormat,
  arch: CpuArch
): Target => ({ name, bunTarget, napiSuffix, format, arch, exe: format === "pe" ? ".exe" : "" })

export const targets: ReadonlyArray<Target> = [
  target("linux-x64", "bun-linux-x64", "linux-x64-gnu", "elf", "x64"),
  target("linux-arm64", "bun-linux-arm64", "linux-arm64-gnu", "elf", "arm64"),
  target("darwin-x64", "bun-darwin-x64", "darwin-x64", "macho", "x64"),
  target("darwin-arm64", "bun-darwin-arm64", "darwin-arm64", "macho", "arm64"),
  target("windows-x64", "bun-windows-x64", "win32-x64-msvc", "pe", "x64")
]

export const findTarget = (name: string): Target | undefined => targets.find((t) => t.name === name)

/** `process.platform`/`process.arch` of the machine running the build, as one of our targets (if it is one). */
export const hostTarget = (platform: string = process.platform, arch: string = process.arch): Target | undefined => {
  const os = platform === "win32" ? "windows" : platform
  return findTarget(`${os}-${arch}`)
}

export const keyringPackageName = (t: Target): string => `@napi-rs/keyring-${t.napiSuffix}`

export const keyringAddonFileName = (t: Target): string => `keyring.${t.napiSuffix}.node`

export const binaryFileName = (t: Target): string => `aws-sso${t.exe}`

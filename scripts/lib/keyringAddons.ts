/**
 * Finds the `.node` file of @napi-rs/keyring for a target. `npm ci` installs only the host's
 * platform package, so the others come from the npm registry (`npm pack`), are checked against
 * `npm view … dist.integrity` and the lockfile, and are kept under `.cache/keyring/<target>/`.
 */
import { Either, Schema } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { BuildFailure } from "./failure"
import { extractFromTarGz, matchesIntegrity } from "./tarball"
import type { Target } from "./targets"
import { keyringAddonFileName, keyringPackageName } from "./targets"

export interface KeyringAddonFile {
  readonly target: Target
  readonly version: string
  readonly nodeFile: string
  readonly origin: "node_modules" | "cache" | "registry"
}

const Manifest = Schema.Struct({ version: Schema.String })
const LockedPackage = Schema.Struct({
  version: Schema.optional(Schema.String),
  integrity: Schema.optional(Schema.String)
})
const Lockfile = Schema.Struct({
  packages: Schema.optionalWith(Schema.Record({ key: Schema.String, value: LockedPackage }), { default: () => ({}) })
})
const PublishedIntegrity = Schema.parseJson(Schema.NonEmptyString)
const PackResult = Schema.parseJson(Schema.NonEmptyArray(Schema.Struct({ filename: Schema.NonEmptyString })))

/** Decodes a JSON file, or undefined when it is missing or does not have the expected shape. */
const readJsonFile = <A, I>(schema: Schema.Schema<A, I>, file: string): A | undefined => {
  if (!fs.existsSync(file)) return undefined
  return Either.getOrUndefined(Schema.decodeUnknownEither(Schema.parseJson(schema))(fs.readFileSync(file, "utf8")))
}

/** The version of the installed `@napi-rs/keyring`; every platform addon must match it. */
export const installedKeyringVersion = (root: string): string => {
  const manifest = path.join(root, "node_modules", "@napi-rs", "keyring", "package.json")
  const version = readJsonFile(Manifest, manifest)?.version
  if (version === undefined) {
    throw new BuildFailure(`@napi-rs/keyring is not installed (no ${manifest}); run npm ci first`)
  }
  return version
}

/** The integrity package-lock.json pins for a platform package, when it records that exact version. */
export const lockfileIntegrity = (root: string, packageName: string, version: string): string | undefined => {
  const entry = readJsonFile(Lockfile, path.join(root, "package-lock.json"))?.packages[`node_modules/${packageName}`]
  return entry?.version === version ? entry.integrity : undefined
}

const installedAddon = (root: string, target: Target, version: string): string | undefined => {
  const dir = path.join(root, "node_modules", keyringPackageName(target))
  const manifest = path.join(dir, "package.json")
  const nodeFile = path.join(dir, keyringAddonFileName(target))
  if (!fs.existsSync(nodeFile)) return undefined
  return readJsonFile(Manifest, manifest)?.version === version ? nodeFile : undefined
}

/** The first informative `npm error` line: not the code/errno fields, not a stack frame. */
export const npmErrorSummary = (stderr: string): string =>
  stderr.split("\n")
    .filter((line) => line.startsWith("npm error "))
    .map((line) => line.slice("npm error ".length).replace(/^\d{3}\s+/, "").trim())
    .find((line) => line !== "" && !/^(code|errno|syscall)\b/.test(line) && !line.startsWith("at ")) ?? ""

/** Runs npm with these arguments in `cwd` and returns its stdout; throws BuildFailure when npm fails. */
export type Npm = (args: ReadonlyArray<string>, cwd: string) => string

export const npm: Npm = (args, cwd) => {
  const command = process.platform === "win32" ? "npm.cmd" : "npm"
  const result = Bun.spawnSync([command, ...args], { cwd, stdout: "pipe", stderr: "pipe" })
  if (result.exitCode !== 0) {
    const reason = npmErrorSummary(result.stderr.toString())
    throw new BuildFailure(`npm ${args.join(" ")} failed (exit ${result.exitCode})${reason ? `: ${reason}` : ""}`)
  }
  return result.stdout.toString()
}

const writeAtomically = (file: string, bytes: Uint8Array | string): void => {
  const temp = `${file}.${process.pid}.tmp`
  fs.writeFileSync(temp, bytes)
  fs.renameSync(temp, file)
}

/** Writes the addon out of a verified tarball unless an identical copy is already there. */
const extractAddon = (tarball: Uint8Array, target: Target, nodeFile: string): void => {
  const inside = `package/${keyringAddonFileName(target)}`
  const bytes = extractFromTarGz(tarball, inside)
  if (bytes === undefined) throw new BuildFailure(`${keyringPackageName(target)} tarball has no ${inside}`)
  const current = fs.existsSync(nodeFile) ? fs.readFileSync(nodeFile) : undefined
  if (current === undefined || !current.equals(bytes)) writeAtomically(nodeFile, bytes)
}

const fetchTarball = (
  npm: Npm,
  root: string,
  cacheDir: string,
  spec: string,
  pinned: string | undefined
): { readonly tarball: Uint8Array; readonly integrity: string } => {
  const published = Either.getOrUndefined(
    Schema.decodeUnknownEither(PublishedIntegrity)(npm(["view", spec, "dist.integrity", "--json"], root))
  )
  if (published === undefined) throw new BuildFailure(`npm view ${spec} dist.integrity returned no integrity`)
  if (pinned !== undefined && pinned !== published) {
    throw new BuildFailure(`${spec}: registry integrity ${published} differs from package-lock.json's ${pinned}`)
  }
  const staging = fs.mkdtempSync(path.join(cacheDir, "pack-"))
  try {
    const packed = Either.getOrUndefined(
      Schema.decodeUnknownEither(PackResult)(npm(["pack", spec, "--json", "--pack-destination", staging], root))
    )
    if (packed === undefined) throw new BuildFailure(`npm pack ${spec} did not report the tarball it wrote`)
    const filename = packed[0].filename
    const tarball = fs.readFileSync(path.join(staging, path.basename(filename)))
    if (!matchesIntegrity(tarball, published)) {
      throw new BuildFailure(`${spec}: the downloaded tarball does not match the registry's integrity ${published}`)
    }
    return { tarball, integrity: published }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true })
  }
}

/**
 * The keyring addon for `target`, from node_modules when npm installed it for this host, else
 * from the verified cache, else from the registry. Any failure stops the build.
 */
export const resolveKeyringAddon = (
  root: string,
  target: Target,
  version: string,
  runNpm: Npm = npm
): KeyringAddonFile => {
  const installed = installedAddon(root, target, version)
  if (installed !== undefined) return { target, version, nodeFile: installed, origin: "node_modules" }

  const packageName = keyringPackageName(target)
  const spec = `${packageName}@${version}`
  const cacheDir = path.join(root, ".cache", "keyring", target.name, version)
  const tarballFile = path.join(cacheDir, `${target.napiSuffix}.tgz`)
  const integrityFile = path.join(cacheDir, "integrity")
  const nodeFile = path.join(cacheDir, keyringAddonFileName(target))
  const pinned = lockfileIntegrity(root, packageName, version)
  fs.mkdirSync(cacheDir, { recursive: true })

  // A cached tarball is trusted only while it still hashes to the integrity it was fetched with.
  const recorded = fs.existsSync(integrityFile) ? fs.readFileSync(integrityFile, "utf8").trim() : undefined
  const expected = pinned ?? recorded
  if (expected !== undefined && fs.existsSync(tarballFile)) {
    const tarball = fs.readFileSync(tarballFile)
    if (matchesIntegrity(tarball, expected)) {
      extractAddon(tarball, target, nodeFile)
      return { target, version, nodeFile, origin: "cache" }
    }
  }

  const fetched = (() => {
    try {
      return fetchTarball(runNpm, root, cacheDir, spec, pinned)
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      throw new BuildFailure(`cannot get the keyring addon for ${target.name} (${spec}): ${reason}`)
    }
  })()
  writeAtomically(tarballFile, fetched.tarball)
  writeAtomically(integrityFile, `${fetched.integrity}\n`)
  extractAddon(fetched.tarball, target, nodeFile)
  return { target, version, nodeFile, origin: "registry" }
}

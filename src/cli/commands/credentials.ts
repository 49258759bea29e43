import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import { Config, Effect, Either, Option } from "effect"
import * as fs from "node:fs"
import { UnsafeConfigText } from "../../awsconfig/errors"
import { sectionNameProblem, valueProblem } from "../../awsconfig/iniText"
import { expandHome, Paths } from "../../config/paths"
import type { CredentialValues } from "../../credentials/environment"
import { NoCredentialsToWrite } from "../../credentials/errors"
import { credentialsStanza, mergeCredentialsFile } from "../../credentials/outputs"
import { credentialServicesLayer, credentialValues, getRoleCredentials } from "../../credentials/resolve"
import { roleLockFile } from "../../credentials/singleFlight"
import { atomicWrite } from "../../os/atomicWrite"
import { describeFsError, errorCode, FileWriteError } from "../../os/errors"
import { withFileLock } from "../../os/lock"
import { processEnv, withStore } from "../context"
import { findSelectedRole, selectionContext } from "../roleSelection"

const options = {
  file: Options.text("file").pipe(
    Options.withAlias("f"),
    Options.withDescription(
      "Write to this credentials file instead of stdout (default $AWS_SHARED_CREDENTIALS_FILE); " +
        "other profiles in it are kept as they are"
    ),
    Options.withFallbackConfig(Config.string("AWS_SHARED_CREDENTIALS_FILE")),
    Options.optional
  ),
  append: Options.boolean("append").pipe(
    Options.withAlias("a"),
    Options.withDescription(
      "With --file: move the written profiles to the end of the file (default: replace them where they are)"
    )
  ),
  profile: Options.text("profile").pipe(
    Options.withAlias("p"),
    Options.withDescription("Profile to write; repeat the flag or separate names with commas"),
    Options.repeated
  )
}

/** `-p a,b -p c` -> a, b, c: in order, blanks dropped, each once. */
export const profileList = (values: ReadonlyArray<string>): ReadonlyArray<string> => [
  ...new Set(values.flatMap((v) => v.split(",")).map((p) => p.trim()).filter((p) => p !== ""))
]

/**
 * The new text of a credentials file. The named profiles' sections are replaced where they stand
 * and new ones added at the end; with `append`, their old sections are dropped and all of them
 * written at the end. Every other line stays byte for byte.
 */
export const updatedCredentialsFile = (
  existing: string,
  stanzas: ReadonlyMap<string, string>,
  append: boolean
): string => {
  if (!append) return mergeCredentialsFile(existing, stanzas)
  const removed = mergeCredentialsFile(existing, new Map([...stanzas.keys()].map((name) => [name, ""])))
  return mergeCredentialsFile(removed, stanzas)
}

/**
 * Refuses a profile name or a value from AWS that a parser would read differently from how the
 * stanza writes it: a line break would add a section or a `credential_process` line, which the JS
 * SDK's fromIni runs. The secrets are never shown, only what is wrong with them.
 */
export const unsafeStanzaText = (profile: string, c: CredentialValues): Either.Either<void, UnsafeConfigText> => {
  const problems: ReadonlyArray<readonly [string, string, string | undefined]> = [
    ["the profile name", profile, sectionNameProblem(profile)],
    [`the access key ID of ${profile}`, c.accessKeyId, valueProblem(c.accessKeyId)],
    [`the secret access key of ${profile}`, "…", valueProblem(c.secretAccessKey)],
    [`the session token of ${profile}`, "…", valueProblem(c.sessionToken)]
  ]
  const found = problems.find(([, , reason]) => reason !== undefined)
  return found === undefined
    ? Either.void
    : Either.left(new UnsafeConfigText({ what: found[0], text: found[1], reason: found[2]! }))
}

const readExisting = (file: string) =>
  Effect.try({
    try: () => {
      try {
        return fs.readFileSync(file, "utf8")
      } catch (error) {
        if (errorCode(error) === "ENOENT") return ""
        throw error
      }
    },
    catch: (error) => new FileWriteError({ path: file, reason: `cannot read it: ${describeFsError(error)}` })
  })

/** Updates `file` under a lock, so two runs writing different profiles both land. */
const writeCredentialsFile = (file: string, stanzas: ReadonlyMap<string, string>, append: boolean) =>
  Effect.gen(function*() {
    const paths = yield* Paths
    yield* withFileLock(
      roleLockFile(paths.configDir, `credentials-file:${file}`),
      Effect.gen(function*() {
        const existing = yield* readExisting(file)
        yield* atomicWrite(file, updatedCredentialsFile(existing, stanzas, append), { mode: 0o600 })
      })
    )
    yield* Effect.logInfo(`Wrote credentials for ${[...stanzas.keys()].join(", ")} to ${file}`)
  })

/**
 * aws-sso credentials: INI credentials of cached profiles, for tools that only read
 * ~/.aws/credentials. To stdout, or merged into `--file` (mode 0600, written atomically).
 */
export const commandCredentials = Command.make("credentials", options, (flags) =>
  Effect.gen(function*() {
    const profiles = profileList(flags.profile)
    if (profiles.length === 0) return yield* new NoCredentialsToWrite()
    return yield* withStore(
      Effect.gen(function*() {
        const ctx = yield* selectionContext
        const stanzas = new Map<string, string>()
        for (const profile of profiles) {
          const role = yield* findSelectedRole({ _tag: "ByProfile", profile, source: "--profile" }, ctx)
          const credentials = yield* getRoleCredentials(role)
          const values = credentialValues(credentials)
          yield* unsafeStanzaText(profile, values)
          stanzas.set(profile, credentialsStanza(profile, values))
        }
        yield* Option.match(flags.file, {
          onNone: () => Effect.sync(() => process.stdout.write([...stanzas.values()].join("") + "\n")),
          onSome: (file) =>
            Effect.flatMap(Paths, (paths) => writeCredentialsFile(expandHome(file, paths.home), stanzas, flags.append))
        })
      }).pipe(Effect.provide(credentialServicesLayer(processEnv()))),
      { command: "credentials" }
    )
  })).pipe(Command.withDescription("Write AWS credentials of one or more profiles in ~/.aws/credentials format"))

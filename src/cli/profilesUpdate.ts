/**
 * The command side of the ~/.aws/config writer, shared by `setup profiles` and AutoConfigCheck:
 * build the selected instance's block from the role cache, then show the diff and ask, write
 * without asking (`--force`), or only report when there is no terminal to ask on.
 */
import { Clock, Effect, Either, Option } from "effect"
import type { CacheDocument } from "../cache/model"
import { instanceRoles } from "../cache/model"
import { profileNamer } from "../cache/profileName"
import { Settings } from "../config/load"
import { Paths } from "../config/paths"
import type { ConfigProfilesFormat } from "../config/Settings"
import { currentBinaryPath } from "../awsconfig/binaryPath"
import { type RenderedBlock, renderBlock, ssoSessionName } from "../awsconfig/block"
import { AwsConfigDuplicateSections, ConfirmationRequired } from "../awsconfig/errors"
import { applyProfilesUpdate, awsConfigLockFile, planProfilesUpdate, type ProfilesPlan } from "../awsconfig/update"

/** The selected instance's block in `format`, from the cached roles. */
export const renderInstanceBlock = (doc: CacheDocument, format: ConfigProfilesFormat) =>
  Effect.gen(function*() {
    const settings = yield* Settings
    const { config, ssoName, sso } = settings
    const now = Math.floor((yield* Clock.currentTimeMillis) / 1000)
    const roles = yield* Either.match(instanceRoles(doc, ssoName, profileNamer(config.ProfileFormat, now)), {
      onLeft: Effect.fail,
      onRight: Effect.succeed
    })
    const binary = format === "credential_process"
      ? currentBinaryPath(config.ConfigProfilesBinaryPath)
      : { command: "" }
    if (binary.warning !== undefined) yield* Effect.logWarning(binary.warning)
    const block = yield* Either.match(
      renderBlock({
        ssoName,
        format,
        roles,
        binaryPath: binary.command,
        configVariables: config.ConfigVariables,
        session: { name: ssoSessionName(ssoName), startUrl: sso.StartUrl, region: sso.SSORegion }
      }),
      { onLeft: Effect.fail, onRight: Effect.succeed }
    )
    for (const key of block.shadowedVariables) {
      yield* Effect.logWarning(`ConfigVariables: "${key}" is left out, the ${format} profiles set it themselves`)
    }
    if (roles.length === 0) yield* Effect.logWarning(`The role cache has no roles for the AWS SSO instance ${ssoName}`)
    return block
  })

/** True when a question can be asked: stdin and stderr (where the question goes) are terminals. */
export const canAsk = (): boolean => process.stdin.isTTY === true && process.stderr.isTTY === true

/** Asks a yes/no question on stderr and reads one line; only "y" or "yes" is a yes, end of input a no. */
export const askYesNo = (question: string): Effect.Effect<boolean> =>
  Effect.async<boolean>((resume) => {
    const stdin = process.stdin
    let typed = ""
    const cleanup = () => {
      stdin.off("data", onData)
      stdin.off("end", onEnd)
      stdin.pause()
    }
    const finish = (answer: boolean) => {
      cleanup()
      resume(Effect.succeed(answer))
    }
    const onData = (chunk: Buffer | string) => {
      typed += chunk.toString()
      const newline = typed.indexOf("\n")
      if (newline >= 0) finish(/^\s*y(es)?\s*$/i.test(typed.slice(0, newline)))
    }
    const onEnd = () => finish(false)
    process.stderr.write(`${question} [y/N] `)
    stdin.on("data", onData)
    stdin.on("end", onEnd)
    stdin.resume()
    return Effect.sync(cleanup)
  })

const colourDiff = (diff: string): string =>
  diff.split(/(?<=\n)/).map((line) =>
    line.startsWith("+++") || line.startsWith("---")
      ? `\x1b[1m${line.replace(/\n$/, "")}\x1b[0m\n`
      : line.startsWith("+")
      ? `\x1b[32m${line.replace(/\n$/, "")}\x1b[0m\n`
      : line.startsWith("-")
      ? `\x1b[31m${line.replace(/\n$/, "")}\x1b[0m\n`
      : line.startsWith("@@")
      ? `\x1b[36m${line.replace(/\n$/, "")}\x1b[0m\n`
      : line
  ).join("")

/** Prints a diff on stdout, coloured on a terminal. */
export const printDiff = (diff: string): Effect.Effect<void> =>
  Effect.sync(() => void process.stdout.write(process.stdout.isTTY === true ? colourDiff(diff) : diff))

/**
 * What to do with a change:
 * - `force`: write it (printing the diff first when `showDiff`);
 * - `ask`: print the diff and ask on the terminal; without one, fail asking for `--force`;
 * - `offer`: as `ask`, but without a terminal only print the diff and say how to apply it (AutoConfigCheck).
 */
export type UpdateMode = "force" | "ask" | "offer"

export type UpdateOutcome = "unchanged" | "written" | "declined" | "pending"

export const updateAwsConfigFile = (
  file: string,
  block: RenderedBlock,
  mode: UpdateMode,
  showDiff: boolean
) =>
  Effect.gen(function*() {
    const paths = yield* Paths
    const plan: ProfilesPlan = yield* planProfilesUpdate(file, block)
    if (plan.diff === "") {
      yield* Effect.logInfo(`No changes needed in ${file}`)
      return "unchanged" as UpdateOutcome
    }
    if (plan.duplicates.length > 0) return yield* new AwsConfigDuplicateSections({ file, sections: plan.duplicates })
    if (mode !== "force" || showDiff) yield* printDiff(plan.diff)
    if (mode !== "force") {
      if (!canAsk()) {
        if (mode === "ask") return yield* new ConfirmationRequired({ file })
        yield* Effect.logInfo(`${file} was not changed: run \`aws-sso setup profiles\` to apply the diff above`)
        return "pending" as UpdateOutcome
      }
      if (!(yield* askYesNo(`Modify ${file} with proposed changes?`))) {
        yield* Effect.logInfo(`${file} was not changed`)
        return "declined" as UpdateOutcome
      }
    }
    const result = yield* applyProfilesUpdate(plan, awsConfigLockFile(paths.lockFile))
    yield* Effect.logInfo(
      Option.match(result.backup, {
        onNone: () => `Wrote ${file}`,
        onSome: (backup) => `Wrote ${file} (the previous version is in ${backup})`
      })
    )
    return "written" as UpdateOutcome
  })

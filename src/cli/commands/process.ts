import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import { Effect, Option } from "effect"
import { Settings } from "../../config/load"
import { Paths } from "../../config/paths"
import { processJson } from "../../credentials/outputs"
import { credentialServicesLayer, credentialValues, getRoleCredentials } from "../../credentials/resolve"
import type { ProcessRequest } from "../../fastpath/request"
import { saveFastPathSnapshot } from "../../fastpath/save"
import { cacheStamp } from "../../fastpath/snapshot"
import { SecureStore } from "../../store/SecureStore"
import { processEnv, withStore } from "../context"
import { stsRefreshFlagName } from "../flagNames"
import { rootCommand } from "../globals"
import { requireSelection, resolveSelection, roleSelectionOptions } from "../roleSelection"

export const stsRefreshOption = Options.boolean(stsRefreshFlagName.name).pipe(
  Options.withDescription("Fetch new STS credentials even if the cached ones are still valid")
)

const options = { ...roleSelectionOptions, stsRefresh: stsRefreshOption }

/**
 * aws-sso process: credentials for `credential_process` in ~/.aws/config. The SDKs run it with no
 * terminal, so it never prompts and never opens a browser (AutoLogin is ignored): without a token
 * it fails with the login hint. stdout carries the JSON alone, without a newline.
 */
export const commandProcess = Command.make("process", options, (flags) =>
  Effect.gen(function*() {
    // Env vars are not honoured here (as upstream): the SDK's environment is not the user's shell.
    const selection = yield* requireSelection(flags, "--arn or --account and --role", { exclusions: "all" })
    // The request as the fast path will read it from argv (src/fastpath/request.ts).
    const request: ProcessRequest = {
      arn: Option.getOrUndefined(flags.arn),
      account: Option.getOrUndefined(flags.account),
      role: Option.getOrUndefined(flags.role),
      profile: Option.getOrUndefined(flags.profile),
      sso: Option.getOrUndefined((yield* rootCommand).sso)
    }
    return yield* withStore(
      Effect.gen(function*() {
        const paths = yield* Paths
        // Taken before the cache is read, so a cache saved meanwhile invalidates this answer.
        const byArn = selection._tag === "ByArn" && selection.arn !== ""
        const cache = byArn ? undefined : cacheStamp(paths.cacheFile)
        const role = yield* resolveSelection(selection)
        // Upstream's `process` leaves History alone: the SDKs call it for every AWS call.
        const credentials = yield* getRoleCredentials(role, { forceRefresh: flags.stsRefresh, recordHistory: false })
        const json = processJson(credentialValues(credentials))
        // The next identical request may then answer from the store without this machinery.
        yield* saveFastPathSnapshot(yield* Settings, paths.configDir, (yield* SecureStore).backend, {
          request,
          answer: { arn: role.Arn, cache }
        })
        yield* Effect.sync(() => process.stdout.write(json))
      }).pipe(Effect.provide(credentialServicesLayer(processEnv()))),
      { command: "process", interactive: false }
    )
  })).pipe(Command.withDescription("Print AWS credentials for credential_process in ~/.aws/config"))

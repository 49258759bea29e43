import * as Command from "@effect/cli/Command"
import { Console } from "effect"
import { buildInfo, formatVersion } from "../../buildInfo"

/** aws-sso version: print the version and build information. Needs no config. */
export const commandVersion = Command.make("version", {}, () => Console.log(formatVersion(buildInfo))).pipe(
  Command.withDescription("Print version and exit")
)

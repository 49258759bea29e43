/** Shared helpers for the config tests. */
import { Effect, Either } from "effect"
import * as path from "node:path"
import type { ConfigInvalid } from "../../../src/config/errors"
import { type LoadedSettings, parseSettingsText } from "../../../src/config/load"
import type { SettingsEnv, SettingsOverrides } from "../../../src/config/resolve"

export const fixtures = path.resolve(import.meta.dir, "../../fixtures/config")
export const fixture = (name: string) => path.join(fixtures, name)

/** The file name used in messages of inline configs. */
export const FILE = "/home/user/.config/aws-sso/config.yaml"

export const minimal = `SSOConfig:
  Default:
    SSORegion: us-east-1
    StartUrl: https://d-1234567890.awsapps.com/start
`

export const parse = (
  text: string,
  overrides: SettingsOverrides = {},
  env: SettingsEnv = {}
): Either.Either<LoadedSettings, ConfigInvalid> =>
  Effect.runSync(Effect.either(parseSettingsText(text, FILE, overrides, env)))

export const parseOk = (text: string, overrides: SettingsOverrides = {}, env: SettingsEnv = {}): LoadedSettings => {
  const result = parse(text, overrides, env)
  if (Either.isLeft(result)) throw new Error(`expected success, got: ${result.left.message}`)
  return result.right
}

export const parseError = (text: string, overrides: SettingsOverrides = {}, env: SettingsEnv = {}): string => {
  const result = parse(text, overrides, env)
  if (Either.isRight(result)) throw new Error("expected a ConfigInvalid, got settings")
  return result.left.message
}

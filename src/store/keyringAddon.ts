/**
 * Loads the @napi-rs/keyring native addon. Only the keyring store calls this, lazily, so no other
 * command pays for the addon. `bun build --compile` does not embed the addon behind the package's
 * dynamic `require`; scripts/build.ts therefore swaps this module for one with a literal `require`
 * of the target's `.node` file (scripts/lib/keyringLoader.ts), with the same exports and the same
 * error. When run from source, the package resolves it itself.
 */
import type * as Keyring from "@napi-rs/keyring"

export type KeyringAddon = typeof Keyring

export const keyringAddonTarget: string = "source"

/** Throws (never falls back to another store) when the addon cannot load; the message names the way out. */
export const loadKeyringAddon = (): KeyringAddon => {
  try {
    return require("@napi-rs/keyring") as KeyringAddon
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause)
    throw new Error(
      `the keyring addon for ${process.platform}-${process.arch} could not be loaded; ` +
        `set "SecureStore: file" in config.yaml to use the file store (@napi-rs/keyring: ${reason})`,
      { cause }
    )
  }
}

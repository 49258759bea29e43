/**
 * The password of the encrypted `file` store: `$AWS_SSO_FILE_PASSWORD`, else typed on the
 * terminal without echo (twice for a new store), else a clear error. The prompt goes to stderr
 * because stdout may be read by another program (`eval`, `process`).
 */
import { Effect, Redacted } from "effect"
import type { PasswordRequest } from "../store/layer"
import { StoreError } from "../store/errors"

const unlockFailed = (reason: string) => new StoreError({ backend: "file", operation: "unlock the store", reason })

/** Reads one line from a TTY stdin in raw mode, echoing nothing; Ctrl-C or Ctrl-D aborts. */
const readHidden = (prompt: string): Effect.Effect<Redacted.Redacted<string>, StoreError> =>
  Effect.async<Redacted.Redacted<string>, StoreError>((resume) => {
    const stdin = process.stdin
    let typed = ""
    const finish = (result: Effect.Effect<Redacted.Redacted<string>, StoreError>) => {
      stdin.off("data", onData)
      stdin.setRawMode(false)
      stdin.pause()
      process.stderr.write("\n")
      resume(result)
    }
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString("utf8")) {
        if (char === "\r" || char === "\n") return finish(Effect.succeed(Redacted.make(typed)))
        if (char === "\u0003" || char === "\u0004") return finish(Effect.fail(unlockFailed("password entry aborted")))
        if (char === "\u007f" || char === "\b") typed = typed.slice(0, -1)
        else if (char >= " ") typed += char
      }
    }
    process.stderr.write(prompt)
    stdin.setRawMode(true)
    stdin.resume()
    stdin.on("data", onData)
    return Effect.sync(() => {
      stdin.off("data", onData)
      stdin.setRawMode(false)
      stdin.pause()
    })
  })

const promptPassword = (request: PasswordRequest): Effect.Effect<Redacted.Redacted<string>, StoreError> =>
  request.isNewStore
    ? Effect.gen(function*() {
      const first = yield* readHidden("Select password: ")
      const second = yield* readHidden("Verify password: ")
      if (Redacted.value(first) !== Redacted.value(second)) return yield* unlockFailed("the passwords do not match")
      return first
    })
    : readHidden(`Enter passphrase to unlock ${request.secureDir}: `)

/** The `file` store's password source for this process. */
export const filePassword = (env: Readonly<Record<string, string | undefined>>) =>
(request: PasswordRequest): Effect.Effect<Redacted.Redacted<string>, StoreError> => {
  const fromEnv = env.AWS_SSO_FILE_PASSWORD
  if (fromEnv) return Effect.succeed(Redacted.make(fromEnv))
  if (process.stdin.isTTY) return promptPassword(request)
  return Effect.fail(
    unlockFailed("no password: set AWS_SSO_FILE_PASSWORD (stdin is not a terminal, so it cannot be asked for)")
  )
}

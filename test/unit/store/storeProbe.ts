/**
 * Child process for the Secret Service tests: builds the store from the JSON options in argv[2]
 * (in a fresh process, so it sees this process's D-Bus environment) and prints
 * {"backend": ...} or {"error": tag, "message": ...}.
 */
import { Effect, Logger, Redacted } from "effect"
import { makeSecureStore } from "../../../src/store/layer"

const options = JSON.parse(process.argv[2] ?? "{}")

const program = makeSecureStore({ ...options, password: Effect.succeed(Redacted.make("probe password")) }).pipe(
  Effect.map((store) => ({ backend: store.backend })),
  Effect.catchAll((error) => Effect.succeed({ error: error._tag, message: error.message })),
  Effect.provide(Logger.remove(Logger.defaultLogger))
)

Effect.runPromise(program).then((result) => console.log(JSON.stringify(result)))

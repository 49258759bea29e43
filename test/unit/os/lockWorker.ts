/**
 * Child process for the lock tests. Modes:
 *   increment <lock> <counter> <log> <go>: waits for <go> to exist, then under the lock reads the
 *     counter, sleeps a little (to make lost updates likely without a lock), writes counter + 1
 *     atomically and appends "<pid> <old>" to <log>. Exits 3 if it ever reads a torn counter.
 *   hold-and-die <lock> <ready>: takes the lock, creates <ready>, then kills itself with SIGKILL.
 */
import { Effect } from "effect"
import * as fs from "node:fs"
import { atomicWrite } from "../../../src/os/atomicWrite"
import { withFileLock } from "../../../src/os/lock"

const [mode, lock = "", ...rest] = process.argv.slice(2)

const waitFor = (file: string) =>
  Effect.gen(function*() {
    while (!fs.existsSync(file)) yield* Effect.sleep("2 millis")
  })

const increment = (counter: string, log: string, go: string) =>
  Effect.gen(function*() {
    yield* waitFor(go)
    yield* withFileLock(
      lock,
      Effect.gen(function*() {
        const text = fs.existsSync(counter) ? fs.readFileSync(counter, "utf8") : "0"
        if (!/^\d+$/.test(text)) {
          console.error(`torn counter: ${JSON.stringify(text)}`)
          process.exit(3)
        }
        const value = Number(text)
        yield* Effect.sleep(`${5 + Math.floor(Math.random() * 10)} millis`)
        yield* atomicWrite(counter, String(value + 1))
        fs.appendFileSync(log, `${process.pid} ${value}\n`)
      }),
      { timeout: "60 seconds" }
    )
  })

const holdAndDie = (ready: string) =>
  withFileLock(
    lock,
    Effect.sync(() => {
      fs.writeFileSync(ready, "")
      process.kill(process.pid, "SIGKILL")
    })
  )

const program = mode === "increment"
  ? increment(rest[0] ?? "", rest[1] ?? "", rest[2] ?? "")
  : holdAndDie(rest[0] ?? "")

Effect.runPromise(program).then(
  () => process.exit(0),
  (error) => {
    console.error(String(error))
    process.exit(2)
  }
)

/**
 * Logs go to stderr, one line each, so stdout stays clean for `process`, `eval` and `credentials`
 * output that other programs read. Colour only when stderr is a terminal.
 */
import { FiberRef, FiberRefs, HashMap, Layer, List, Logger, LogLevel } from "effect"
import type { LogLevelName } from "./globals"

export const levelOf: Record<LogLevelName, LogLevel.LogLevel> = {
  error: LogLevel.Error,
  warn: LogLevel.Warning,
  info: LogLevel.Info,
  debug: LogLevel.Debug,
  trace: LogLevel.Trace
}

const colours: Record<string, string> = { ERROR: "31", FATAL: "31", WARN: "33", INFO: "36", DEBUG: "90", TRACE: "90" }

const render = (value: unknown): string =>
  Array.isArray(value) ? value.map(render).join(" ") : typeof value === "string" ? value : String(value)

/** `--lines` / `LogLines`: known from the flag before parsing, from the config once it is loaded. */
export const logLines = FiberRef.unsafeMake(false)

/** A stderr logger; `lines` adds annotations and spans, the closest a compiled binary has to source lines. */
export const stderrLogger = (opts: { readonly colour: boolean }) =>
  Logger.make<unknown, void>(({ annotations, context, date, logLevel, message, spans }) => {
    const label = logLevel.label
    const head = opts.colour ? `\x1b[${colours[label] ?? "0"}m${label}\x1b[0m` : label
    let line = `${head} ${render(message)}`
    if (FiberRefs.getOrDefault(context, logLines)) {
      const extra = [
        ...Array.from(HashMap.toEntries(annotations), ([k, v]) => `${k}=${render(v)}`),
        ...List.toArray(spans).map((s) => `${s.label}=${date.getTime() - s.startTime}ms`)
      ]
      line = `${date.toISOString()} ${line}${extra.length ? ` ${extra.join(" ")}` : ""}`
    }
    process.stderr.write(line + "\n")
  })

export const loggerLayer = (level: LogLevelName, lines: boolean) =>
  Layer.mergeAll(
    Logger.replace(Logger.defaultLogger, stderrLogger({ colour: process.stderr.isTTY === true })),
    Logger.minimumLogLevel(levelOf[level]),
    Layer.locallyScoped(logLines, lines)
  )

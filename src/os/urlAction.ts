/**
 * The URL actions (`UrlAction`, `AuthUrlAction`, `--url-action`): how a login or console URL is
 * handed to the user.
 */
import { Array as Arr, Context, Effect, Either, Layer, Ref, Schema } from "effect"
import { expandHome } from "../config/paths"
import { UrlActionValues } from "../config/Settings"
import { copyToClipboard } from "./clipboard"
import { containerUrl } from "./containers"
import { openerCall, type ProcessEnv, type ProgramCall, spawnDetached } from "./opener"
import { UrlActionFailed, UrlActionInvalid } from "./urlActionErrors"

/** The accepted url-action names: the same list config.yaml's `UrlAction` accepts. */
export const UrlActionName = Schema.Literal(...UrlActionValues)
export type UrlActionName = typeof UrlActionName.Type

export const urlActionNames: ReadonlyArray<UrlActionName> = UrlActionName.literals

export const isUrlActionName = Schema.is(UrlActionName)

/** The actions that run UrlExecCommand. */
const execActions: ReadonlyArray<UrlActionName> = ["exec", "granted-containers", "open-url-in-container"]

/** The Firefox container a URL should open in. */
export interface ContainerInfo {
  readonly name: string
  readonly color?: string | undefined
  readonly icon?: string | undefined
}

export interface UrlOpenerShape {
  /** Hands `url` to the user per `action`; `container` is used by the two container actions. */
  readonly open: (
    url: string,
    action: UrlActionName,
    container?: ContainerInfo
  ) => Effect.Effect<void, UrlActionFailed | UrlActionInvalid>
}

export interface UrlOpenerConfig {
  /** `--browser` / `AWS_SSO_BROWSER` / config `Browser`; used by `open` instead of the OS opener. */
  readonly browser?: string | undefined
  readonly urlExecCommand: ReadonlyArray<string>
  readonly home: string
  /** Where human-facing text goes; defaults to process stderr. */
  readonly stderr?: ((s: string) => void) | undefined
  readonly platform?: NodeJS.Platform | undefined
  /** The environment helper programs inherit (and whose PATH finds them); defaults to process.env. */
  readonly env?: ProcessEnv | undefined
}

/** One call recorded by `UrlOpener.layerRecording`. */
export interface OpenedUrl {
  readonly url: string
  readonly action: UrlActionName
  readonly container?: ContainerInfo | undefined
}

/** Hands URLs to the user: opens, prints, copies or passes them to a configured command. */
export class UrlOpener extends Context.Tag("aws-sso/UrlOpener")<UrlOpener, UrlOpenerShape>() {
  static readonly layer = (cfg: UrlOpenerConfig): Layer.Layer<UrlOpener> => Layer.succeed(this, makeUrlOpener(cfg))

  /** Opens nothing; appends every call to `opened` so tests can assert on it. */
  static readonly layerRecording = (opened: Ref.Ref<ReadonlyArray<OpenedUrl>>): Layer.Layer<UrlOpener> =>
    Layer.succeed(this, {
      open: (url, action, container) => Ref.update(opened, Arr.append({ url, action, container }))
    })
}

/**
 * Checks a url-action name, and for the actions that run UrlExecCommand that the command has a
 * program plus at least one argument containing `%s` (upstream panics on an empty one).
 */
export const validateUrlAction = (
  action: string,
  urlExecCommand: ReadonlyArray<string> | undefined
): Either.Either<UrlActionName, UrlActionInvalid> => {
  if (!isUrlActionName(action)) {
    return Either.left(new UrlActionInvalid({ action, problem: `expected one of ${urlActionNames.join(", ")}` }))
  }
  if (!execActions.includes(action)) return Either.right(action)
  const command = urlExecCommand ?? []
  if (command.length < 2) {
    return Either.left(
      new UrlActionInvalid({
        action,
        problem: `UrlExecCommand needs a program and at least one argument, got ${command.length} element(s)`
      })
    )
  }
  if (!command.slice(1).some((arg) => arg.includes("%s"))) {
    return Either.left(new UrlActionInvalid({ action, problem: "no UrlExecCommand argument contains %s for the URL" }))
  }
  return Either.right(action)
}

/**
 * The UrlExecCommand call for `url`: element 0 is the program (`~` expanded), and `%s` in any later
 * element becomes the URL. Every `%s` is replaced, where upstream's Sprintf would fill only the first.
 */
export const urlExecCall = (
  action: UrlActionName,
  urlExecCommand: ReadonlyArray<string>,
  url: string,
  home: string
): Either.Either<ProgramCall, UrlActionInvalid> =>
  Either.map(validateUrlAction(action, urlExecCommand), () => ({
    program: expandHome(urlExecCommand[0] ?? "", home),
    args: urlExecCommand.slice(1).map((arg) => arg.replaceAll("%s", url))
  }))

/** The OSC 52 "set clipboard" escape; terminals that support it copy the payload for us, even over SSH. */
export const osc52 = (text: string): string => `\x1b]52;c;${Buffer.from(text, "utf8").toString("base64")}\x07`

/** True on an SSH session or inside WSL, where a local browser is unlikely to reach us. */
export const isRemoteHost = (env: ProcessEnv): boolean => Boolean(env.SSH_TTY) || Boolean(env.WSL_DISTRO_NAME)

const copiedMessage = "Please open URL copied to clipboard.\n"

const makeUrlOpener = (cfg: UrlOpenerConfig): UrlOpenerShape => {
  const platform = cfg.platform ?? process.platform
  const env: ProcessEnv = cfg.env ?? process.env
  const writeStderr = cfg.stderr ?? ((s: string) => void process.stderr.write(s))
  const stderr = (s: string) => Effect.sync(() => writeStderr(s))
  const browser = cfg.browser ? expandHome(cfg.browser, cfg.home) : undefined

  const openInBrowser = (url: string) =>
    spawnDetached(openerCall(platform, url, browser), env).pipe(
      Effect.mapError((e) =>
        new UrlActionFailed({
          action: "open",
          reason: browser
            ? `browser ${e.message}; check --browser / Browser, or use --url-action print`
            : `${e.message}; use --url-action print to show the URL instead`
        })
      ),
      Effect.zipRight(Effect.logInfo("Opening URL")),
      Effect.annotateLogs("browser", browser ?? "default browser")
    )

  const runExec = (url: string, action: UrlActionName) =>
    Effect.gen(function*() {
      const call = yield* urlExecCall(action, cfg.urlExecCommand, url, cfg.home)
      yield* Effect.logDebug("Running UrlExecCommand").pipe(Effect.annotateLogs("program", call.program))
      // Upstream adds HOME explicitly so wrappers started from minimal environments still find profiles.
      yield* spawnDetached(call, { ...env, HOME: cfg.home }).pipe(
        Effect.mapError((e) => new UrlActionFailed({ action, reason: `UrlExecCommand program ${e.message}` }))
      )
    })

  return {
    open: (url, action, container) => {
      switch (action) {
        case "print":
          return stderr(`Please open the following URL in your browser:\n\n${url}\n\n`)
        case "printurl":
          return stderr(`${url}\n`)
        case "ansi-osc52":
          return stderr(osc52(url) + copiedMessage)
        case "clip":
          return copyToClipboard(url, platform, env).pipe(Effect.zipRight(stderr(copiedMessage)))
        case "open":
          return openInBrowser(url)
        case "exec":
          return runExec(url, action)
        case "granted-containers":
        case "open-url-in-container":
          return containerUrl(action, url, container ?? { name: "" }).pipe(
            Effect.flatMap((wrapped) => runExec(wrapped, action))
          )
      }
    }
  }
}

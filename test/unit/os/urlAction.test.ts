import { describe, expect, test } from "bun:test"
import { Effect, Either, Layer, Logger, Ref } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import {
  type ContainerInfo,
  isRemoteHost,
  type OpenedUrl,
  type UrlActionName,
  UrlOpener,
  type UrlOpenerConfig,
  validateUrlAction
} from "../../../src/os/urlAction"
import { live } from "../../support/effect"

const url = "https://example.com/start#/?a=1&b=2"

const tempDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), "aws-sso-url-"))

/**
 * Writes an executable shell script that records its arguments (one per line), HOME and, when
 * `withStdin`, its stdin. It writes to a temp name and renames, so a poller never sees half a file.
 */
const writeRecorder = (
  dir: string,
  name: string,
  opts: { readonly withStdin?: boolean; readonly then?: string } = {}
): { readonly script: string; readonly argsFile: string; readonly stdinFile: string } => {
  const script = path.join(dir, name)
  const argsFile = `${script}.args`
  const stdinFile = `${script}.stdin`
  const lines = [
    "#!/bin/sh",
    opts.withStdin ? `/bin/cat > '${stdinFile}.tmp' && /bin/mv '${stdinFile}.tmp' '${stdinFile}'` : "",
    `for a in "$@"; do printf '%s\\n' "$a"; done > '${argsFile}.tmp'`,
    `printf 'HOME=%s\\n' "$HOME" >> '${argsFile}.tmp'`,
    `/bin/mv '${argsFile}.tmp' '${argsFile}'`,
    opts.then ?? ""
  ]
  fs.writeFileSync(script, lines.join("\n") + "\n", { mode: 0o755 })
  return { script, argsFile, stdinFile }
}

const writeScript = (dir: string, name: string, body: string): string => {
  const script = path.join(dir, name)
  fs.writeFileSync(script, `#!/bin/sh\n${body}\n`, { mode: 0o755 })
  return script
}

/** Detached children report nothing back, so their effects are observed by polling. */
const waitForFile = (file: string, timeoutMs = 5000) =>
  Effect.promise(async () => {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      if (fs.existsSync(file)) return fs.readFileSync(file, "utf8")
      await Bun.sleep(25)
    }
    throw new Error(`timed out waiting for ${file}`)
  })

/** Arguments as recorded by `writeRecorder`, without the trailing HOME line. */
const argsOf = (recorded: string): ReadonlyArray<string> =>
  recorded.trimEnd().split("\n").filter((line) => !line.startsWith("HOME="))

interface Harness {
  readonly stderr: Array<string>
  readonly logs: Array<string>
  readonly open: (
    url: string,
    action: UrlActionName,
    container?: ContainerInfo
  ) => ReturnType<UrlOpener["Type"]["open"]>
}

/** Builds the live UrlOpener with captured stderr and logs. */
const harness = (cfg: Partial<UrlOpenerConfig>): Harness => {
  const stderr: Array<string> = []
  const logs: Array<string> = []
  const logger = Logger.make(({ logLevel, message }) => {
    const text = Array.isArray(message) ? message.join(" ") : String(message)
    logs.push(`${logLevel.label} ${text}`)
  })
  const layer = Layer.merge(
    UrlOpener.layer({
      urlExecCommand: [],
      home: "/nonexistent-home",
      platform: "linux",
      env: { PATH: "/nonexistent-bin" },
      ...cfg,
      stderr: (s) => stderr.push(s)
    }),
    Logger.replace(Logger.defaultLogger, logger)
  )
  return {
    stderr,
    logs,
    open: (u, action, container) =>
      Effect.flatMap(UrlOpener, (opener) => opener.open(u, action, container)).pipe(Effect.provide(layer))
  }
}

describe("text actions", () => {
  live("print writes the prompt and the URL to stderr", () =>
    Effect.gen(function*() {
      const h = harness({})
      yield* h.open(url, "print")
      expect(h.stderr.join("")).toBe(`Please open the following URL in your browser:\n\n${url}\n\n`)
    }))

  live("printurl writes only the URL and a newline", () =>
    Effect.gen(function*() {
      const h = harness({})
      yield* h.open(url, "printurl")
      expect(h.stderr.join("")).toBe(`${url}\n`)
    }))

  live("ansi-osc52 writes the OSC 52 escape with the base64 URL, then the copied message", () =>
    Effect.gen(function*() {
      const h = harness({})
      yield* h.open(url, "ansi-osc52")
      expect(h.stderr.join("")).toBe(
        "\x1b]52;c;aHR0cHM6Ly9leGFtcGxlLmNvbS9zdGFydCMvP2E9MSZiPTI=\x07" +
          "Please open URL copied to clipboard.\n"
      )
    }))
})

describe("clip", () => {
  live("feeds the URL to xclip on Linux and tells the user", () =>
    Effect.gen(function*() {
      const bin = tempDir()
      const xclip = writeRecorder(bin, "xclip", { withStdin: true })
      const h = harness({ env: { PATH: bin } })
      yield* h.open(url, "clip")
      // The action waits for the tool, so its output is already there.
      expect(fs.readFileSync(xclip.stdinFile, "utf8")).toBe(url)
      expect(argsOf(fs.readFileSync(xclip.argsFile, "utf8"))).toEqual(["-in", "-selection", "clipboard"])
      expect(h.stderr.join("")).toBe("Please open URL copied to clipboard.\n")
    }))

  live("falls back to xsel when xclip is missing", () =>
    Effect.gen(function*() {
      const bin = tempDir()
      const xsel = writeRecorder(bin, "xsel", { withStdin: true })
      yield* harness({ env: { PATH: bin } }).open(url, "clip")
      expect(fs.readFileSync(xsel.stdinFile, "utf8")).toBe(url)
      expect(argsOf(fs.readFileSync(xsel.argsFile, "utf8"))).toEqual(["--input", "--clipboard"])
    }))

  live("prefers wl-copy under Wayland even when xclip exists", () =>
    Effect.gen(function*() {
      const bin = tempDir()
      const xclip = writeRecorder(bin, "xclip", { withStdin: true })
      const wl = writeRecorder(bin, "wl-copy", { withStdin: true })
      yield* harness({ env: { PATH: bin, WAYLAND_DISPLAY: "wayland-0" } }).open(url, "clip")
      expect(fs.readFileSync(wl.stdinFile, "utf8")).toBe(url)
      expect(fs.existsSync(xclip.stdinFile)).toBe(false)
    }))

  live("uses pbcopy on macOS", () =>
    Effect.gen(function*() {
      const bin = tempDir()
      writeRecorder(bin, "xclip", { withStdin: true })
      const pbcopy = writeRecorder(bin, "pbcopy", { withStdin: true })
      yield* harness({ env: { PATH: bin }, platform: "darwin" }).open(url, "clip")
      expect(fs.readFileSync(pbcopy.stdinFile, "utf8")).toBe(url)
    }))

  live("a missing clipboard tool is a clear error that names the tools tried", () =>
    Effect.gen(function*() {
      const h = harness({ env: { PATH: tempDir() } })
      const error = yield* Effect.flip(h.open(url, "clip"))
      expect(error._tag).toBe("UrlActionFailed")
      expect(error.message).toBe(
        "url-action \"clip\" failed: no clipboard tool found in PATH (tried xclip, xsel, wl-copy, " +
          "termux-clipboard-set); use --url-action print instead"
      )
      expect(h.stderr).toEqual([])
    }))

  live("a failing clipboard tool reports its status and first stderr line", () =>
    Effect.gen(function*() {
      const bin = tempDir()
      writeScript(bin, "xclip", "/bin/cat > /dev/null\necho \"Error: Can't open display: (null)\" >&2\nexit 1")
      const h = harness({ env: { PATH: bin } })
      const error = yield* Effect.flip(h.open(url, "clip"))
      expect(error.message).toBe(
        `url-action "clip" failed: ${bin}/xclip exited with status 1: Error: Can't open display: (null)`
      )
      expect(error.message).not.toContain(url)
      expect(h.stderr).toEqual([])
    }))
})

describe("open", () => {
  live("starts xdg-open with the URL on Linux and logs it", () =>
    Effect.gen(function*() {
      const bin = tempDir()
      const opener = writeRecorder(bin, "xdg-open")
      const h = harness({ env: { PATH: bin } })
      yield* h.open(url, "open")
      expect(argsOf(yield* waitForFile(opener.argsFile))).toEqual([url])
      expect(h.logs).toContain("INFO Opening URL")
      expect(h.stderr).toEqual([])
    }))

  live("starts the configured Browser instead of the OS opener", () =>
    Effect.gen(function*() {
      const bin = tempDir()
      const opener = writeRecorder(bin, "xdg-open")
      const browser = writeRecorder(tempDir(), "my-browser")
      yield* harness({ env: { PATH: bin }, browser: browser.script }).open(url, "open")
      expect(argsOf(yield* waitForFile(browser.argsFile))).toEqual([url])
      expect(fs.existsSync(opener.argsFile)).toBe(false)
    }))

  live("uses `open -a <browser>` on macOS", () =>
    Effect.gen(function*() {
      const bin = tempDir()
      const opener = writeRecorder(bin, "open")
      yield* harness({ env: { PATH: bin }, platform: "darwin", browser: "Firefox" }).open(url, "open")
      expect(argsOf(yield* waitForFile(opener.argsFile))).toEqual(["-a", "Firefox", url])
    }))

  live("uses `cmd /c start \"\"` on Windows with & escaped for cmd", () =>
    Effect.gen(function*() {
      const bin = tempDir()
      const cmd = writeRecorder(bin, "cmd")
      yield* harness({ env: { PATH: bin }, platform: "win32" }).open(url, "open")
      expect(argsOf(yield* waitForFile(cmd.argsFile))).toEqual([
        "/c",
        "start",
        "",
        "https://example.com/start#/?a=1^&b=2"
      ])
    }))

  live("a missing opener is a one-line error suggesting --url-action print", () =>
    Effect.gen(function*() {
      const h = harness({ env: { PATH: tempDir() } })
      const error = yield* Effect.flip(h.open(url, "open"))
      expect(error.message).toBe(
        "url-action \"open\" failed: xdg-open was not found in PATH; use --url-action print to show the URL instead"
      )
      expect(h.logs).toEqual([])
    }))

  live("a missing Browser names the browser setting", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(harness({ browser: "/nonexistent/firefox" }).open(url, "open"))
      expect(error.message).toBe(
        "url-action \"open\" failed: browser /nonexistent/firefox was not found; " +
          "check --browser / Browser, or use --url-action print"
      )
    }))
})

describe("exec", () => {
  live("substitutes the URL only in the arguments that contain %s and adds HOME", () =>
    Effect.gen(function*() {
      const home = tempDir()
      const rec = writeRecorder(tempDir(), "launcher")
      const h = harness({
        home,
        env: { PATH: process.env.PATH, HOME: "/somewhere-else" },
        urlExecCommand: [rec.script, "--new-window", "%s", "target=%s&again=%s", "100%"]
      })
      yield* h.open(url, "exec")
      const recorded = yield* waitForFile(rec.argsFile)
      expect(argsOf(recorded)).toEqual(["--new-window", url, `target=${url}&again=${url}`, "100%"])
      expect(recorded).toContain(`HOME=${home}\n`)
    }))

  live("expands ~ in the program against the configured home", () =>
    Effect.gen(function*() {
      const home = tempDir()
      fs.mkdirSync(path.join(home, "bin"))
      const rec = writeRecorder(path.join(home, "bin"), "open-url")
      yield* harness({ home, urlExecCommand: ["~/bin/open-url", "%s"] }).open(url, "exec")
      expect(argsOf(yield* waitForFile(rec.argsFile))).toEqual([url])
    }))

  live("starts the command without waiting for it to exit", () =>
    Effect.gen(function*() {
      const rec = writeRecorder(tempDir(), "slow", { then: "/bin/sleep 3" })
      const started = Date.now()
      yield* harness({ urlExecCommand: [rec.script, "%s"] }).open(url, "exec")
      expect(Date.now() - started).toBeLessThan(2000)
      expect(argsOf(yield* waitForFile(rec.argsFile))).toEqual([url])
    }))

  const invalidCommands: ReadonlyArray<[ReadonlyArray<string>, string]> = [
    [[], "UrlExecCommand needs a program and at least one argument, got 0 element(s)"],
    [["firefox"], "UrlExecCommand needs a program and at least one argument, got 1 element(s)"],
    [["firefox", "--new-tab"], "no UrlExecCommand argument contains %s for the URL"],
    [["%s", "--new-tab"], "no UrlExecCommand argument contains %s for the URL"]
  ]
  for (const [command, problem] of invalidCommands) {
    live(`rejects UrlExecCommand ${JSON.stringify(command)} with UrlActionInvalid`, () =>
      Effect.gen(function*() {
        for (const action of ["exec", "granted-containers", "open-url-in-container"] as const) {
          const error = yield* Effect.flip(harness({ urlExecCommand: command }).open(url, action, { name: "dev" }))
          expect(error._tag).toBe("UrlActionInvalid")
          expect(error.message).toBe(`invalid url-action "${action}": ${problem}`)
        }
      }))
  }

  live("a missing program is UrlActionFailed naming the program, not the URL", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(harness({ urlExecCommand: ["/nonexistent/browser", "%s"] }).open(url, "exec"))
      expect(error.message).toBe(
        "url-action \"exec\" failed: UrlExecCommand program /nonexistent/browser was not found"
      )
    }))

  live("a program found nowhere in PATH says so", () =>
    Effect.gen(function*() {
      const h = harness({ env: { PATH: tempDir() }, urlExecCommand: ["firefox", "%s"] })
      const error = yield* Effect.flip(h.open(url, "exec"))
      expect(error.message).toBe("url-action \"exec\" failed: UrlExecCommand program firefox was not found in PATH")
    }))
})

describe("container actions", () => {
  const escapedUrl = "https%3A%2F%2Fexample.com%2Fstart%23%2F%3Fa%3D1%26b%3D2"

  live("granted-containers passes the ext+granted-containers URL through UrlExecCommand", () =>
    Effect.gen(function*() {
      const rec = writeRecorder(tempDir(), "firefox")
      const h = harness({ urlExecCommand: [rec.script, "--new-tab", "%s"] })
      yield* h.open(url, "granted-containers", { name: "Default", color: "green", icon: "dollar" })
      expect(argsOf(yield* waitForFile(rec.argsFile))).toEqual([
        "--new-tab",
        `ext+granted-containers:name=Default&url=${escapedUrl}&color=green&icon=dollar`
      ])
      expect(h.logs).toEqual([])
    }))

  live("open-url-in-container uses ext+container: and picks missing colour and icon from the name", () =>
    Effect.gen(function*() {
      const rec = writeRecorder(tempDir(), "firefox")
      yield* harness({ urlExecCommand: [rec.script, "%s"] }).open(url, "open-url-in-container", { name: "Default" })
      // "Default" bytes sum to 709; 709 mod 256 = 197; 197 mod 8 = 5 (red), 197 mod 12 = 5 (vacation).
      expect(argsOf(yield* waitForFile(rec.argsFile))).toEqual([
        `ext+container:name=Default&url=${escapedUrl}&color=red&icon=vacation`
      ])
    }))

  live("an invalid colour or icon is replaced by the pick and logged as a warning", () =>
    Effect.gen(function*() {
      const rec = writeRecorder(tempDir(), "firefox")
      const h = harness({ urlExecCommand: [rec.script, "%s"] })
      yield* h.open(url, "granted-containers", { name: "dev", color: "rainbow", icon: "fence" })
      // "dev" bytes sum to 319; 319 mod 256 = 63; 63 mod 8 = 7 (purple), 63 mod 12 = 3 (cart).
      expect(argsOf(yield* waitForFile(rec.argsFile))).toEqual([
        `ext+granted-containers:name=dev&url=${escapedUrl}&color=purple&icon=cart`
      ])
      expect(h.logs).toEqual([
        "WARN Invalid container color \"rainbow\"; using \"purple\"",
        "WARN Invalid container icon \"fence\"; using \"cart\""
      ])
    }))
})

describe("stdio of started programs", () => {
  // `eval` output goes to stdout, so a helper program writing there would corrupt the shell code.
  test("an exec'd program cannot write to our stdout", () => {
    const dir = tempDir()
    const marker = path.join(dir, "ran")
    const script = writeScript(dir, "noisy", `echo LEAKED\necho LEAKED >&2\n: > '${marker}'`)
    const root = path.resolve(import.meta.dir, "../../..")
    const driver = `
      import { Effect } from "effect"
      import * as fs from "node:fs"
      import { UrlOpener } from "./src/os/urlAction"
      const program = Effect.flatMap(UrlOpener, (o) => o.open("https://example.com/", "exec"))
      await Effect.runPromise(Effect.provide(program, UrlOpener.layer({
        urlExecCommand: [${JSON.stringify(script)}, "%s"], home: ${JSON.stringify(dir)}, stderr: () => {}
      })))
      while (!fs.existsSync(${JSON.stringify(marker)})) await Bun.sleep(25)
      console.log("done")
    `
    const result = Bun.spawnSync([process.execPath, "-e", driver], { cwd: root, stdout: "pipe", stderr: "pipe" })
    expect(result.stderr.toString()).toBe("")
    expect(result.stdout.toString()).toBe("done\n")
    expect(result.exitCode).toBe(0)
  })
})

describe("validateUrlAction", () => {
  test("accepts every action that needs no command", () => {
    for (const action of ["open", "print", "printurl", "clip", "ansi-osc52"] as const) {
      expect(validateUrlAction(action, undefined)).toEqual(Either.right(action))
    }
  })

  test("accepts exec and container actions with a usable UrlExecCommand", () => {
    for (const action of ["exec", "granted-containers", "open-url-in-container"] as const) {
      expect(validateUrlAction(action, ["firefox", "--new-tab", "%s"])).toEqual(Either.right(action))
    }
  })

  test("rejects an unknown action with the list of valid ones", () => {
    const result = validateUrlAction("firefox", undefined)
    expect(Either.isLeft(result) && result.left.message).toBe(
      "invalid url-action \"firefox\": expected one of open, print, printurl, clip, ansi-osc52, exec, " +
        "granted-containers, open-url-in-container"
    )
  })

  test("rejects exec without a UrlExecCommand", () => {
    const result = validateUrlAction("exec", undefined)
    expect(Either.isLeft(result) && result.left.message).toBe(
      "invalid url-action \"exec\": UrlExecCommand needs a program and at least one argument, got 0 element(s)"
    )
  })
})

describe("isRemoteHost", () => {
  test("is true on SSH or WSL and false otherwise", () => {
    expect(isRemoteHost({ SSH_TTY: "/dev/pts/3" })).toBe(true)
    expect(isRemoteHost({ WSL_DISTRO_NAME: "Ubuntu" })).toBe(true)
    expect(isRemoteHost({ SSH_TTY: "", WSL_DISTRO_NAME: "" })).toBe(false)
    expect(isRemoteHost({ HOME: "/home/me" })).toBe(false)
  })
})

describe("layerRecording", () => {
  live("records calls instead of opening anything", () =>
    Effect.gen(function*() {
      const opened = yield* Ref.make<ReadonlyArray<OpenedUrl>>([])
      yield* Effect.flatMap(UrlOpener, (o) =>
        Effect.zipRight(o.open(url, "print"), o.open(url, "granted-containers", { name: "dev" }))).pipe(
          Effect.provide(UrlOpener.layerRecording(opened))
        )
      expect(yield* Ref.get(opened)).toEqual([
        { url, action: "print", container: undefined },
        { url, action: "granted-containers", container: { name: "dev" } }
      ])
    }))
})

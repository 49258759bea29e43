/**
 * Running Debian's AWS CLI v2 (`/usr/bin/aws`, package `awscli`) and a pseudo-terminal in the
 * ~/.aws/config tests.
 *
 * Debian ships AWS CLI 2.9, which predates `AWS_ENDPOINT_URL_<SERVICE>` (2.13). A tiny CLI plugin
 * (the AWS CLI's own extension mechanism, `[plugins]` in ~/.aws/config) gives it that one feature:
 * it points the SSO, SSO-OIDC and STS requests at the URLs in those variables, so every call the
 * CLI makes, including the ones inside its credential providers, reaches the emulator.
 */
import { spawn, spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import type { RunResult } from "../support/cli"

export const awsCliPath = "/usr/bin/aws"

/** Why the AWS CLI tests cannot run here, or undefined when they can. */
export const awsCliMissing = ((): string | undefined => {
  if (!fs.existsSync(awsCliPath)) return `${awsCliPath} is not installed (Debian package awscli)`
  const version = spawnSync(awsCliPath, ["--version"], { encoding: "utf8" })
  if (version.status !== 0 || !/^aws-cli\/2\./.test(version.stdout)) return `${awsCliPath} is not AWS CLI v2`
  return undefined
})()

const pluginSource = `"""Test shim: AWS CLI >= 2.13's AWS_ENDPOINT_URL_<SERVICE>, for SSO, SSO-OIDC and STS."""
import os
from urllib.parse import urlsplit, urlunsplit

_ENV = {"sso": "AWS_ENDPOINT_URL_SSO", "sso-oidc": "AWS_ENDPOINT_URL_SSO_OIDC", "sts": "AWS_ENDPOINT_URL_STS"}


def _redirect(request, event_name="", **kwargs):
    parts = event_name.split(".")
    target = os.environ.get(_ENV.get(parts[1] if len(parts) > 1 else "", ""), "")
    if target:
        old = urlsplit(request.url)
        new = urlsplit(target)
        request.url = urlunsplit((new.scheme, new.netloc, old.path, old.query, old.fragment))


def awscli_initialize(cli):
    cli.register_first("request-created", _redirect)
`

/** Writes the plugin under `dir` and returns the `[plugins]` section that loads it. */
export const emulatorPluginSection = (dir: string): string => {
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, "emulator_endpoints.py"), pluginSource)
  return `[plugins]\ncli_legacy_plugin_path = ${dir}\nemulator_endpoints = emulator_endpoints\n`
}

const run = (file: string, args: ReadonlyArray<string>, env: Record<string, string>, timeoutMs = 60_000) =>
  new Promise<RunResult>((resolve, reject) => {
    const child = spawn(file, [...args], { env, stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d))
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d))
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs)
    child.on("error", reject)
    child.on("close", (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr })
    })
  })

/** `aws <args>` with exactly `env` (plus no pager and a region). */
export const runAwsCli = (args: ReadonlyArray<string>, env: Record<string, string>): Promise<RunResult> =>
  run(awsCliPath, args, { AWS_PAGER: "", AWS_DEFAULT_REGION: "us-east-1", ...env })

const ptyDriver = `
import os, pty, select, sys, time
wait_for = os.environ.pop("PTY_WAIT_FOR").encode()
answer = os.environ.pop("PTY_ANSWER").encode()
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
out = b""
sent = False
deadline = time.time() + 50
while time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.1)
    if fd in ready:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        out += data
        if not sent and wait_for in out:
            os.write(fd, answer)
            sent = True
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(out)
sys.exit(os.waitstatus_to_exitcode(status))
`

export const python = fs.existsSync("/usr/bin/python3") ? "/usr/bin/python3" : undefined

/**
 * Runs `file args` on a pseudo-terminal (stdin, stdout and stderr all on it) and types `answer` once
 * the output shows `waitFor`. stdout of the result is everything the terminal showed.
 */
export const runOnTerminal = (
  file: string,
  args: ReadonlyArray<string>,
  env: Record<string, string>,
  waitFor: string,
  answer: string
): Promise<RunResult> =>
  run(python!, ["-c", ptyDriver, file, ...args], { ...env, PTY_WAIT_FOR: waitFor, PTY_ANSWER: answer })

/**
 * `npm run demo`: the main flow of aws-sso as a user sees it, against the local AWS emulator,
 * in a throwaway HOME (your real ~/.aws and ~/.aws-sso are never read or written).
 */
import { spawn, spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { startEmulator } from "../test/emulator/server"

const root = path.resolve(import.meta.dir, "..")
const binary = path.join(root, "dist", process.platform === "win32" ? "aws-sso.exe" : "aws-sso")
const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s)

const build = spawnSync(process.execPath, ["scripts/build.ts", "--require-keyring"], { cwd: root, stdio: "inherit" })
if (build.status !== 0) process.exit(build.status ?? 1)

const emulator = await startEmulator({ accounts: 4, rolesPerAccount: 2 })
const home = fs.mkdtempSync(path.join(os.tmpdir(), "aws-sso-demo-"))
const configDir = path.join(home, ".aws-sso")
fs.mkdirSync(configDir, { mode: 0o700 })
fs.writeFileSync(
  path.join(configDir, "config.yaml"),
  `# Written by npm run demo. The "browser" is a script that visits the URL, which approves the login.
SSOConfig:
  Default:
    SSORegion: us-east-1
    StartUrl: https://d-0000000000.awsapps.com/start
DefaultRegion: us-east-1
UrlAction: exec
UrlExecCommand:
  - ${process.execPath}
  - ${path.join(root, "test", "support", "browser.ts")}
  - "%s"
SecureStore: json
`,
  { mode: 0o600 }
)

// Only the endpoint variables: a region in the environment would (rightly) make eval/exec leave it alone.
const { AWS_REGION: _region, ...endpoints } = emulator.env
const env: Record<string, string> = {
  HOME: home,
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  ...endpoints
}

// Asynchronous on purpose: the emulator answers from this process's event loop.
const step = async (title: string, args: Array<string>, extraEnv: Record<string, string> = {}) => {
  console.log(`\n${bold(`# ${title}`)}\n${bold(`$ aws-sso ${args.join(" ")}`)}`)
  const child = spawn(binary, args, { env: { ...env, ...extraEnv }, stdio: ["ignore", "inherit", "inherit"] })
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve))
  if (code !== 0) {
    console.log(`(exit code ${code})`)
    failures++
  }
  return code
}

let failures = 0
console.log(`AWS emulator listening on ${emulator.url}; HOME=${home}`)
await step("Which build is this?", ["version"])
await step("Log in (PKCE: the demo's browser visits the authorize page, which redirects back to aws-sso)", ["login"])
await step("Logging in again reuses the stored token without a browser", ["login"])
await step("Every account and role you may assume (the cache was filled at login)", ["list"])
const arn = "arn:aws:iam::100000000001:role/AdministratorAccess"
await step("Credentials as shell exports (the values are quoted for bash)", ["eval", "--arn", arn], {
  SHELL: "/bin/bash"
})
await step("Run a command with those credentials; it sees the role's variables", [
  "exec",
  "--arn",
  arn,
  "--",
  "sh",
  "-c",
  'echo "AWS_SSO_ROLE_ARN=$AWS_SSO_ROLE_ARN AWS_DEFAULT_REGION=$AWS_DEFAULT_REGION"'
])
await step("What the AWS SDKs and CLI read through credential_process (reused while > 15 min remain)", [
  "process",
  "--arn",
  arn
])
process.stdout.write("\n")
const inAnHour = new Date(Date.now() + 61 * 60_000).toISOString().replace(/\.\d+Z$/, "Z")
await step("How long do my exported credentials last? (shell-prompt helper)", ["time"], {
  AWS_SSO_SESSION_EXPIRATION: inAnHour
})
process.stdout.write("\n")
await step("Log out: the token is deleted here and revoked at AWS", ["logout"])

await emulator.stop()
fs.rmSync(home, { recursive: true, force: true })
console.log(failures === 0 ? "\ndemo finished" : `\ndemo finished with ${failures} failing step(s)`)
process.exit(failures === 0 ? 0 : 1)

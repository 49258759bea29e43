/**
 * Real AWS clients using `aws-sso process` as their `credential_process`: the AWS CLI v2
 * (`/usr/bin/aws`, Debian's package; the `aws` on PATH may be v1), boto3, and the AWS SDK for
 * JavaScript's `fromProcess`. Each signs an STS GetCallerIdentity with what the binary printed,
 * and the emulator answers with the role's assumed-role ARN only for credentials it issued.
 */
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts"
import { fromProcess } from "@aws-sdk/credential-providers"
import { afterEach, describe, expect, test } from "bun:test"
import { spawn, spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { binaryPath } from "../support/cli"
import { cleanupWorlds, world, type World } from "./loginWorld"

afterEach(cleanupWorlds)

const slow = 90_000
const awsCli = "/usr/bin/aws"
const arn = "arn:aws:iam::100000000001:role/AdministratorAccess"
const assumedPrefix = "arn:aws:sts::100000000001:assumed-role/AdministratorAccess/"

const hasAwsCli = fs.existsSync(awsCli)
const hasBoto3 = spawnSync("python3", ["-c", "import boto3"], { stdio: "ignore" }).status === 0

if (!hasAwsCli) console.warn(`realClients: skipping the AWS CLI test: ${awsCli} is missing (apt-get install awscli)`)
if (!hasBoto3) {
  console.warn("realClients: skipping the boto3 test: python3 cannot import boto3 (apt-get install python3-boto3)")
}

interface Ran {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs a client asynchronously: the emulator lives in this process and must keep answering. */
const runClient = (command: string, args: ReadonlyArray<string>, env: Record<string, string>): Promise<Ran> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { env, stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d))
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d))
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000)
    child.on("error", reject)
    child.on("close", (status) => {
      clearTimeout(timer)
      resolve({ status, stdout, stderr })
    })
  })

interface Setup {
  readonly w: World
  /** The temporary AWS config with profile `p`. */
  readonly awsConfig: string
  /** A clean environment for the client: the sandbox HOME, the AWS config, STS at the emulator. */
  readonly env: Record<string, string>
}

/**
 * A logged-in sandbox and an AWS config whose profile `p` runs the binary as credential_process.
 * The command line sets its own environment with `env -i`, so it works the same whether the SDK
 * passes its environment on (botocore, JS) or not.
 */
const setup = async (): Promise<Setup> => {
  const w = await world()
  expect((await w.run(["login"])).code).toBe(0)
  w.emu.resetCounters()
  const childEnv = Object.entries({ ...w.sandbox.env, BROWSER_LOG: w.log("process-browser") })
    .map(([k, v]) => `${k}=${v}`)
  const command = ["/usr/bin/env", "-i", ...childEnv, binaryPath(), "process", "--arn", arn].join(" ")
  const awsConfig = path.join(w.sandbox.home, "aws-config")
  fs.writeFileSync(awsConfig, `[profile p]\nregion = us-east-1\ncredential_process = ${command}\n`)
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: w.sandbox.home,
    AWS_CONFIG_FILE: awsConfig,
    AWS_SHARED_CREDENTIALS_FILE: path.join(w.sandbox.home, "no-credentials"),
    AWS_ENDPOINT_URL_STS: w.emu.url,
    AWS_REGION: "us-east-1",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_PAGER: "",
    AWS_EC2_METADATA_DISABLED: "true"
  }
  return { w, awsConfig, env }
}

/** Every call must have gone through our credentials: one fetch, then the emulator saw the signed call. */
const expectServedByProcess = (w: World) => {
  expect(w.emu.counters().calls.GetRoleCredentials).toBe(1)
  expect(w.emu.counters().calls.GetCallerIdentity).toBeGreaterThanOrEqual(1)
  expect(w.visits("process-browser")).toEqual([])
}

describe("real clients with credential_process = aws-sso process", () => {
  test.skipIf(!hasAwsCli)("AWS CLI v2: sts get-caller-identity --profile p", async () => {
    const { w, env } = await setup()
    // Older CLI v2 releases ignore AWS_ENDPOINT_URL_STS; --endpoint-url covers them (it is the STS client here).
    const r = await runClient(
      awsCli,
      ["sts", "get-caller-identity", "--profile", "p", "--endpoint-url", w.emu.url, "--output", "json"],
      env
    )
    expect(r.stderr).toBe("")
    expect(r.status).toBe(0)
    const identity = JSON.parse(r.stdout)
    expect(identity.Account).toBe("100000000001")
    expect(identity.Arn.startsWith(assumedPrefix)).toBe(true)
    expectServedByProcess(w)
  }, slow)

  test.skipIf(!hasBoto3)("boto3: sts get_caller_identity with profile p", async () => {
    const { w, env } = await setup()
    const script = [
      "import boto3, json, sys",
      "session = boto3.Session(profile_name='p')",
      "sts = session.client('sts', endpoint_url=sys.argv[1], region_name='us-east-1')",
      "print(json.dumps(sts.get_caller_identity()))"
    ].join("\n")
    const r = await runClient("python3", ["-c", script, w.emu.url], env)
    expect(r.stderr).toBe("")
    expect(r.status).toBe(0)
    const identity = JSON.parse(r.stdout)
    expect(identity.Account).toBe("100000000001")
    expect(identity.Arn.startsWith(assumedPrefix)).toBe(true)
    expectServedByProcess(w)
  }, slow)

  test("AWS SDK for JavaScript: fromProcess credentials sign STS GetCallerIdentity", async () => {
    const { w, awsConfig } = await setup()
    const credentials = fromProcess({ profile: "p", configFilepath: awsConfig, filepath: awsConfig + ".none" })
    const resolved = await credentials()
    expect(resolved.accessKeyId).toMatch(/^ASIA/)
    expect(resolved.expiration).toBeInstanceOf(Date)
    expect(resolved.expiration!.getTime()).toBeGreaterThan(Date.now() + 15 * 60_000)
    const sts = new STSClient({ endpoint: w.emu.url, region: "us-east-1", credentials })
    try {
      const identity = await sts.send(new GetCallerIdentityCommand({}))
      expect(identity.Account).toBe("100000000001")
      expect(identity.Arn!.startsWith(assumedPrefix)).toBe(true)
    } finally {
      sts.destroy()
    }
    expectServedByProcess(w)
  }, slow)
})

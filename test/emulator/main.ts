/**
 * `npm run emulator`: starts the emulator in the foreground, prints the endpoint overrides to paste into a
 * shell, and runs until SIGINT/SIGTERM.
 */
import type { EmulatorOptions } from "./knobs"
import { startEmulator } from "./server"

const usage = `usage: bun test/emulator/main.ts [options]

  --port N                 listen on 127.0.0.1:N (default: a random free port)
  --accounts N             number of accounts (default 3)
  --roles N                roles per account (default 2)
  --latency MS             delay added to every AWS API response
  --rate RPS               token-bucket rate limit over all AWS API calls
  --burst N                bucket size for --rate (default: one second's worth)
  --no-auto-approve        show approve/deny pages instead of approving at once
  --region R               region reported in the printed environment (default us-east-1)
  --access-token-ttl S     SSO access token lifetime (default 28800)
  --refresh-token-ttl S    refresh token lifetime (default 90 days)
  --credential-ttl S       role credential lifetime (default 3600)
  --device-ttl S           device code lifetime (default 600)
  --interval S             device polling interval (default 1)
  --registration-ttl S     client registration lifetime (default 90 days)
  --page-size N            default ListAccounts/ListAccountRoles page size (default 20)
  --verbose                log one line per request (never tokens or secrets)
`

const numericFlags: Record<string, (options: EmulatorOptions, value: number) => void> = {
  "--port": (o, v) => (o.port = v),
  "--accounts": (o, v) => (o.accounts = v),
  "--roles": (o, v) => (o.rolesPerAccount = v),
  "--latency": (o, v) => (o.latencyMs = v),
  "--rate": (o, v) => (o.rateLimit = { ...o.rateLimit, ratePerSecond: v }),
  "--burst": (o, v) => (o.rateLimit = { ratePerSecond: o.rateLimit?.ratePerSecond ?? v, burst: v }),
  "--access-token-ttl": (o, v) => (o.accessTokenTtlSeconds = v),
  "--refresh-token-ttl": (o, v) => (o.refreshTokenTtlSeconds = v),
  "--credential-ttl": (o, v) => (o.credentialTtlSeconds = v),
  "--device-ttl": (o, v) => (o.deviceCodeTtlSeconds = v),
  "--interval": (o, v) => (o.deviceInterval = v),
  "--registration-ttl": (o, v) => (o.registrationTtlSeconds = v),
  "--page-size": (o, v) => (o.pageSize = v)
}

const fail = (message: string): never => {
  process.stderr.write(`emulator: ${message}\n\n${usage}`)
  process.exit(2)
}

const parseArgs = (args: ReadonlyArray<string>): EmulatorOptions => {
  const options: EmulatorOptions = {}
  for (let i = 0; i < args.length; i++) {
    const flag = args[i] ?? ""
    if (flag === "--help" || flag === "-h") {
      process.stdout.write(usage)
      process.exit(0)
    }
    if (flag === "--no-auto-approve") options.autoApprove = false
    else if (flag === "--verbose") options.log = (line) => process.stderr.write(`${line}\n`)
    else if (flag === "--region") options.region = args[++i] ?? fail("--region needs a value")
    else {
      const apply = numericFlags[flag] ?? fail(`unknown option ${flag}`)
      const text = args[++i] ?? fail(`${flag} needs a value`)
      const value = Number(text)
      if (text.trim() === "" || !Number.isFinite(value) || value < 0) fail(`${flag} needs a non-negative number`)
      apply(options, value)
    }
  }
  return options
}

const emulator = await startEmulator(parseArgs(process.argv.slice(2))).catch((error: unknown) =>
  fail(error instanceof Error ? error.message : String(error))
)

process.stdout.write(
  `AWS emulator listening on ${emulator.url}\n\n# paste into a shell:\n` +
    Object.entries(emulator.env)
      .map(([name, value]) => `export ${name}=${value}\n`)
      .join("") +
    `\n# control API: ${emulator.url}/_emulator/counters, /_emulator/knobs, /_emulator/credentials\n`
)

const shutdown = (): void => {
  void emulator.stop().finally(() => process.exit(0))
}
process.once("SIGINT", shutdown)
process.once("SIGTERM", shutdown)

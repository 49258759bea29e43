/**
 * Set-up shared by the `eval`, `exec` and `console` end-to-end tests: a logged-in sandbox against the
 * emulator with a role cache as `aws-sso cache` leaves it, plus helpers to read what the emulator issued.
 */
import { expect } from "bun:test"
import * as fs from "node:fs"
import * as path from "node:path"
import type { EmulatorOptions } from "../emulator/server"
import { loginConfig, storeJson, world, type World } from "./loginWorld"

export const admin1 = "arn:aws:iam::100000000001:role/AdministratorAccess"
export const readOnly1 = "arn:aws:iam::100000000001:role/ReadOnly"
export const admin2 = "arn:aws:iam::100000000002:role/AdministratorAccess"
/** Reached by role chaining from `admin1` (config.yaml `Via`). */
export const readOnly2 = "arn:aws:iam::100000000002:role/ReadOnly"

/** Profile names: the default ProfileFormat for account 1's admin role, explicit ones for the others. */
export const profiles = {
  admin1: "Account1:AdministratorAccess",
  readOnly1: "ro1",
  admin2: "admin2",
  readOnly2: "chained"
} as const

/** config.yaml: the login config plus per-role regions, tags and one `Via` role. */
export const roleConfig = (extra = "") =>
  loginConfig(
    "json",
    `DefaultRegion: eu-central-1
EnvVarTags: [Team, Color]
${extra}`
  ).replace(
    "    StartUrl: https://d-0000000000.awsapps.com/start\n",
    `    StartUrl: https://d-0000000000.awsapps.com/start
    Accounts:
      "100000000001":
        DefaultRegion: eu-west-1
        Tags:
          Team: platform
        Roles:
          ReadOnly:
            Profile: ro1
            DefaultRegion: us-west-2
            Tags:
              Color: red
              Icon: dollar
      "100000000002":
        Roles:
          AdministratorAccess:
            Profile: admin2
          ReadOnly:
            Profile: chained
            Via: ${admin1}
`
  )

const role = (arn: string, extra: Record<string, unknown> = {}) => ({ Arn: arn, ...extra })

/** A role cache as `aws-sso cache` would leave it for `roleConfig`. */
export const writeRoleCache = (w: World) => {
  const now = Math.floor(Date.now() / 1000)
  const doc = {
    Version: 4,
    ConfigCreatedAt: now + 60,
    SSO: {
      Default: {
        LastUpdate: now,
        Roles: {
          Accounts: {
            "100000000001": {
              Alias: "Account 1",
              EmailAddress: "acct1@example.com",
              Tags: { Team: "platform" },
              DefaultRegion: "eu-west-1",
              Roles: {
                AdministratorAccess: role(admin1, { DefaultRegion: "eu-west-1" }),
                ReadOnly: role(readOnly1, {
                  Profile: "ro1",
                  DefaultRegion: "us-west-2",
                  Tags: { Team: "platform", Color: "red", Icon: "dollar" }
                })
              }
            },
            "100000000002": {
              Alias: "Account 2",
              EmailAddress: "acct2@example.com",
              Roles: {
                AdministratorAccess: role(admin2, { Profile: "admin2" }),
                ReadOnly: role(readOnly2, { Profile: "chained", Via: admin1 })
              }
            }
          },
          SSORegion: "us-east-1",
          StartUrl: "https://d-0000000000.awsapps.com/start",
          DefaultRegion: ""
        }
      }
    }
  }
  fs.writeFileSync(path.join(w.sandbox.configDir, "cache.json"), JSON.stringify(doc, null, 2), { mode: 0o600 })
}

/** A logged-in world with the role cache written and the emulator's counters at zero. */
export const loggedIn = async (options: { emulator?: EmulatorOptions; extraConfig?: string } = {}): Promise<World> => {
  const w = await world({ emulator: options.emulator, config: roleConfig(options.extraConfig) })
  const login = await w.run(["login"])
  expect(login.code).toBe(0)
  writeRoleCache(w)
  w.emu.resetCounters()
  return w
}

export const readCache = (w: World): any =>
  JSON.parse(fs.readFileSync(path.join(w.sandbox.configDir, "cache.json"), "utf8"))

/** What the emulator lists at a control route. */
export const control = async (w: World, route: string): Promise<any> => {
  const response = await fetch(`${w.emu.url}/_emulator/${route}`)
  expect(response.status).toBe(200)
  return response.json()
}

export interface IssuedCredentials {
  readonly accessKeyId: string
  readonly roleArn: string
  readonly issuedBy: string
  readonly chained: boolean
}

export const issuedCredentials = (w: World): Promise<ReadonlyArray<IssuedCredentials>> => control(w, "credentials")

/** The role credentials the store holds for `arn` (clear text: the sandbox uses the json store). */
export const storedCredentials = (w: World, arn: string) => storeJson(w).RoleCredentials?.[arn]

/** stderr without the json store's warning, for "nothing else was said" checks. */
export const problems = (stderr: string): string =>
  stderr.split("\n").filter((l) => l !== "" && !l.includes("Using insecure json file")).join("\n")

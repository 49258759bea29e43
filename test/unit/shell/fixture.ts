/**
 * A sandbox HOME with a config.yaml and a cache.json holding a few roles of two instances, written
 * with the real cache codec, for the completion tests (unit and e2e).
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import {
  type CachedAccount,
  type CacheDocument,
  CACHE_VERSION,
  encodeCache,
  type InstanceCache
} from "../../../src/cache/model"

export const config = `DefaultSSO: Primary
ProfileFormat: "{{ .AccountIdPad }}:{{ .RoleName }}"
SSOConfig:
  Primary:
    SSORegion: us-east-1
    StartUrl: https://d-0000000001.awsapps.com/start
  Secondary:
    SSORegion: eu-west-1
    StartUrl: https://d-0000000002.awsapps.com/start
`

const role = (accountId: string, name: string, profile = "") => ({
  Arn: `arn:aws:iam::${accountId}:role/${name}`,
  DefaultRegion: "",
  Expires: 0,
  Profile: profile,
  Tags: {},
  Via: ""
})

const account = (id: string, alias: string, roles: ReadonlyArray<string>, profiles: Record<string, string> = {}) =>
  [id, {
    Alias: alias,
    Name: "",
    EmailAddress: `${alias}@example.com`,
    Tags: {},
    Roles: Object.fromEntries(roles.map((r) => [r, role(id, r, profiles[r] ?? "")])),
    DefaultRegion: ""
  } satisfies CachedAccount] as const

const instance = (region: string, accounts: ReadonlyArray<readonly [string, CachedAccount]>): InstanceCache => ({
  LastUpdate: 1_700_000_000,
  ConfigHash: "",
  History: [],
  Roles: {
    Accounts: Object.fromEntries(accounts),
    SSORegion: region,
    StartUrl: "https://example.awsapps.com/start",
    DefaultRegion: ""
  }
})

export const cache: CacheDocument = {
  Version: CACHE_VERSION,
  ConfigCreatedAt: 0,
  SSO: {
    Primary: instance("us-east-1", [
      account("000012345678", "dev", ["AdministratorAccess", "ReadOnly"]),
      account("210987654321", "prod", ["ReadOnly", "Billing"], { Billing: "prod-billing" })
    ]),
    Secondary: instance("eu-west-1", [account("555555555555", "other", ["PowerUser"])])
  }
}

/** The profile names `Primary` has under the fixture's ProfileFormat. */
export const primaryProfiles = [
  "000012345678:AdministratorAccess",
  "000012345678:ReadOnly",
  "210987654321:ReadOnly",
  "prod-billing"
]

export interface ShellHome {
  readonly home: string
  readonly configDir: string
  readonly cleanup: () => void
}

/** A fresh HOME with `~/.aws-sso/config.yaml` and `~/.aws-sso/cache.json`. */
export const makeShellHome = (): ShellHome => {
  const home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "aws-sso-shell-")))
  const configDir = path.join(home, ".aws-sso")
  fs.mkdirSync(configDir, { mode: 0o700 })
  fs.writeFileSync(path.join(configDir, "config.yaml"), config, { mode: 0o600 })
  fs.writeFileSync(path.join(configDir, "cache.json"), encodeCache(cache), { mode: 0o600 })
  return { home, configDir, cleanup: () => fs.rmSync(home, { recursive: true, force: true }) }
}

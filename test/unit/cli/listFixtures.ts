/**
 * Roles for the `list` / `tags` tests, built the way the commands build them: a cache.json text read by
 * the real codec and flattened by `instanceRoles` with the `{{ .AccountIdPad }}:{{ .RoleName }}` namer.
 */
import { Either } from "effect"
import { decodeCache, type FlatRole, instanceRoles } from "../../../src/cache/model"

/** "now" of every test, in epoch seconds. */
export const NOW = 1_750_000_000

const cacheJson = {
  Version: 4,
  ConfigCreatedAt: 1,
  SSO: {
    Default: {
      LastUpdate: NOW - 60,
      Roles: {
        SSORegion: "us-east-1",
        StartUrl: "https://d-0000000000.awsapps.com/start",
        DefaultRegion: "us-east-1",
        Accounts: {
          // Plain integer keys as upstream writes them: 9999 sorts before 100000 only numerically.
          "100000": {
            Alias: "alpha",
            EmailAddress: "a@example.com",
            Roles: {
              ReadOnly: { Arn: "arn:aws:iam::000000100000:role/ReadOnly", Expires: NOW + 5 * 3600 + 5 * 60 + 30 },
              Admin: { Arn: "arn:aws:iam::000000100000:role/Admin", Expires: NOW - 10 }
            }
          },
          "9999": {
            Alias: "Zeta",
            Name: "Zeta Prod",
            EmailAddress: "z@example.com",
            DefaultRegion: "eu-west-1",
            Tags: { Team: "core" },
            Roles: {
              Admin: { Arn: "arn:aws:iam::000000009999:role/Admin", Expires: NOW + 45 * 60 },
              Billing: {
                Arn: "arn:aws:iam::000000009999:role/Billing",
                Profile: "zeta-billing",
                DefaultRegion: "eu-central-1",
                Tags: { Role: "Billing", History: "Zeta:Billing,1749999000" }
              }
            }
          },
          "555555555555": {
            Alias: "alpha",
            EmailAddress: "dup@example.com",
            Roles: {
              Admin: {
                Arn: "arn:aws:iam::555555555555:role/Admin",
                Via: "arn:aws:iam::000000009999:role/Admin"
              }
            }
          }
        }
      }
    }
  }
}

const decoded = decodeCache(JSON.stringify(cacheJson))
if (Either.isLeft(decoded)) throw new Error(decoded.left)

const padNamer = (role: FlatRole) => Either.right(`${role.AccountIdPad}:${role.RoleName}`)
const flattened = instanceRoles(decoded.right, "Default", padNamer)
if (Either.isLeft(flattened)) throw new Error(flattened.left.message)

/** Five roles, in the order cache.json lists them (already sorted by account ID and role name). */
export const roles: ReadonlyArray<FlatRole> = flattened.right

export const arnsOf = (list: ReadonlyArray<FlatRole>) => list.map((role) => role.Arn)

/** The roles in a scrambled order, so that sorting is really tested. */
export const scrambled: ReadonlyArray<FlatRole> = [roles[3]!, roles[0]!, roles[4]!, roles[2]!, roles[1]!]

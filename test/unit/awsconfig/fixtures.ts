/** Roles and block inputs for the ~/.aws/config writer tests. */
import { Either } from "effect"
import { type BlockInput, type RenderedBlock, renderBlock } from "../../../src/awsconfig/block"
import type { FlatRole } from "../../../src/cache/model"

export const role = (accountId: string, roleName: string, profile: string, region = ""): FlatRole => ({
  Id: 0,
  AccountId: Number(accountId),
  AccountIdPad: accountId,
  AccountName: "",
  AccountAlias: "",
  EmailAddress: "",
  Expires: 0,
  Arn: `arn:aws:iam::${accountId}:role/${roleName}`,
  RoleName: roleName,
  Profile: profile,
  DefaultRegion: region,
  SSO: "Default",
  SSORegion: "us-east-1",
  StartUrl: "https://d-0000000000.awsapps.com/start",
  Tags: {},
  Via: ""
})

export const input = (overrides: Partial<BlockInput> = {}): BlockInput => ({
  ssoName: "Default",
  format: "credential_process",
  roles: [
    role("222222222222", "ReadOnly", "prod:ReadOnly"),
    role("111111111111", "Admin", "dev:Admin", "eu-west-1")
  ],
  binaryPath: "/usr/local/bin/aws-sso",
  configVariables: {},
  session: { name: "aws-sso-Default", startUrl: "https://d-0000000000.awsapps.com/start", region: "us-east-1" },
  ...overrides
})

export const render = (overrides: Partial<BlockInput> = {}): RenderedBlock =>
  Either.getOrThrowWith(renderBlock(input(overrides)), (error) => new Error(error.message))

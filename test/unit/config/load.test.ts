import { describe, expect, test } from "bun:test"
import { Effect, Either, Layer } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { loadSettings, Settings } from "../../../src/config/load"
import { Paths, resolvePaths } from "../../../src/config/paths"
import { effect } from "../../support/effect"
import { fixture } from "./helpers"

const locations = { home: "/home/alice", jsonStoreFile: "/cfg/store.json" }
const load = (file: string, overrides = {}, env = {}) =>
  Effect.runSync(Effect.either(loadSettings(file, overrides, env, locations)))

const errorOf = (file: string, overrides = {}, env = {}) => {
  const result = load(file, overrides, env)
  if (Either.isRight(result)) throw new Error("expected an error")
  return result.left
}

describe("one-line errors naming file, line and key", () => {
  test("bad indentation is a YAML syntax error", () => {
    const file = fixture("bad-indent.yaml")
    const error = errorOf(file)
    expect(error._tag).toBe("ConfigInvalid")
    expect(error.message).toBe(`${file}:4:1: StartUrl: All mapping items must start at the same column`)
  })

  test("an AuthWorkflow other than pkce or device_code", () => {
    const file = fixture("bad-auth-workflow.yaml")
    expect(errorOf(file).message).toBe(`${file}:5:1: AuthWorkflow: "browser" is not one of pkce, device_code`)
  })

  test("an account ID longer than 12 digits", () => {
    const file = fixture("bad-account-id.yaml")
    expect(errorOf(file).message).toBe(
      `${file}:8:7: SSOConfig.Default.Accounts.12345678901234: invalid account ID "12345678901234"`
    )
  })

  test("an unknown DefaultSSO names the DefaultSSO line", () => {
    const file = fixture("two-instances.yaml")
    expect(errorOf(file).message).toBe(`${file}:8:1: DefaultSSO: invalid SSO name 'Office'. Valid options: Home, Work`)
  })

  test("an unknown --sso names the flag, not the file", () => {
    const file = fixture("two-instances.yaml")
    expect(errorOf(file, { sso: "Play" }).message).toBe(
      "--sso/$AWS_SSO: invalid SSO name 'Play'. Valid options: Home, Work"
    )
  })

  test("messages are a single line", () => {
    for (const name of ["bad-indent.yaml", "bad-auth-workflow.yaml", "bad-account-id.yaml", "two-instances.yaml"]) {
      expect(errorOf(fixture(name)).message).not.toContain("\n")
    }
  })
})

describe("reading the file", () => {
  test("a missing file is ConfigNotFound naming the path", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "aws-sso-config-")), "config.yaml")
    const error = errorOf(file)
    expect(error._tag).toBe("ConfigNotFound")
    expect(error.message).toBe(`config file ${file} does not exist`)
  })

  test("a directory in place of the file is ConfigInvalid", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aws-sso-config-"))
    const error = errorOf(dir)
    expect(error._tag).toBe("ConfigInvalid")
    expect(error.message).toBe(`${dir}: is a directory, not a file`)
  })

  test("a relative path is reported as absolute, and the hash is the sha256 of the bytes", () => {
    const file = fixture("one-instance.yaml")
    const result = load(path.relative(process.cwd(), file))
    if (Either.isLeft(result)) throw result.left
    expect(result.right.file).toBe(file)
    const expected = new Bun.CryptoHasher("sha256").update(fs.readFileSync(file)).digest("hex")
    expect(result.right.hash).toBe(expected)
  })
})

describe("a realistic full config", () => {
  const result = load(fixture("full.yaml"), {}, {})
  if (Either.isLeft(result)) throw new Error(result.left.message)
  const { config, sso, warnings } = result.right

  test("loads without warnings and selects DefaultSSO", () => {
    expect(warnings).toEqual([])
    expect(result.right.ssoName).toBe("Default")
    expect(sso.Name).toBe("Default")
    expect(Object.keys(config.SSOConfig).sort()).toEqual(["Default", "GovCloud"])
  })

  test("every top-level option is read", () => {
    expect(config).toMatchObject({
      DefaultSSO: "Default",
      DefaultRegion: "us-east-1",
      AuthWorkflow: "device_code",
      CacheRefresh: 24,
      AutoConfigCheck: true,
      AutoLogin: true,
      Threads: 10,
      MaxRetry: 8,
      MaxBackoff: 7,
      Browser: "/usr/bin/firefox",
      UrlAction: "exec",
      UrlExecCommand: ["/usr/bin/firefox", "--new-tab", "%s"],
      ConfigProfilesUrlAction: "exec",
      ConfigProfilesBinaryPath: "/usr/local/bin/aws-sso",
      ConsoleDuration: 120,
      LogLevel: "warn",
      LogLines: true,
      HistoryLimit: 5,
      HistoryMinutes: 90,
      ProfileFormat: "{{ .AccountIdPad }}:{{ .RoleName }}",
      ConfigVariables: { output: "json", cli_pager: "", retry_attempts: 3, use_fips_endpoint: false },
      AccountPrimaryTag: ["AccountName", "Email"],
      FirstTag: "Type",
      FullTextSearch: false,
      ListFields: ["AccountIdPad", "AccountName", "RoleName", "Profile"],
      EnvVarTags: ["Team", "Type"],
      SecureStore: "json",
      JsonStore: "/home/alice/aws-sso/store.json",
      SecretServiceCollection: "aws",
      OnePassword: { Vault: "AWS", AuthType: "service-account", Account: "me@example.com" }
    })
    expect(config.PromptColors.DescriptionBGColor).toBe("Blue")
    expect(config.PromptColors.SelectedSuggestionBGColor).toBe("Purple")
    expect(config.PromptColors.DescriptionTextColor).toBe("Black")
  })

  test("accounts are keyed by 12-digit IDs and roles carry ARNs", () => {
    expect(Object.keys(sso.Accounts).sort()).toEqual(["000001111111", "012345678901"])
    const prod = sso.Accounts["000001111111"]
    expect(prod?.Name).toBe("Production")
    expect(prod?.Tags).toEqual({ Type: "Production", Team: "Platform" })
    expect(prod?.Roles["AdministratorAccess"]).toEqual({
      RoleName: "AdministratorAccess",
      AccountId: "000001111111",
      Arn: "arn:aws:iam::000001111111:role/AdministratorAccess",
      Profile: "prod-admin",
      Tags: { Admin: "Yes" }
    })
    expect(prod?.Roles["ReadOnly"]?.DefaultRegion).toBe("eu-west-1")
    expect(prod?.Roles["PowerUser"]?.Arn).toBe("arn:aws:iam::000001111111:role/PowerUser")
    const dev = sso.Accounts["012345678901"]
    expect(dev?.Tags).toEqual({ Type: "Development", CostCenter: "4711" })
    expect(dev?.Roles["Developer"]).toMatchObject({
      Via: "arn:aws:iam::000001111111:role/AdministratorAccess",
      ExternalId: "abc123",
      SourceIdentity: "alice"
    })
  })

  test("a GovCloud instance gets the aws-us-gov partition", () => {
    const gov = config.SSOConfig["GovCloud"]
    expect(gov?.Partition).toBe("aws-us-gov")
    expect(gov?.AuthUrlAction).toBe("print")
    expect(gov?.Accounts["072668187369"]?.Roles["Auditor"]?.Arn).toBe(
      "arn:aws-us-gov:iam::072668187369:role/Auditor"
    )
  })
})

describe("Settings.layer", () => {
  effect("reads Paths.configFile and applies the overrides", () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "aws-sso-home-"))
    const configFile = path.join(home, "config.yaml")
    fs.copyFileSync(fixture("two-instances.yaml"), configFile)
    const paths = Paths.layer({ HOME: home }, configFile)
    return Effect.gen(function*() {
      const settings = yield* Settings
      expect(settings.file).toBe(configFile)
      expect(settings.ssoName).toBe("Home")
      expect(settings.config.LogLevel).toBe("debug")
      expect(settings.config.JsonStore).toBe(resolvePaths({ HOME: home }, configFile, () => false).jsonStoreFile)
    }).pipe(Effect.provide(Settings.layer({ sso: "Home", level: "debug" }, {}).pipe(Layer.provide(paths))))
  })

  effect("fails with ConfigNotFound when the file is missing", () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "aws-sso-home-"))
    const paths = Paths.layer({ HOME: home })
    return Effect.gen(function*() {
      const error = yield* Effect.flip(Effect.provide(Settings, Settings.layer({}, {}).pipe(Layer.provide(paths))))
      expect(error._tag).toBe("ConfigNotFound")
      expect(error.message).toBe(`config file ${path.join(home, ".config", "aws-sso", "config.yaml")} does not exist`)
    })
  })
})

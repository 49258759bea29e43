import { describe, expect, test } from "bun:test"
import { DEFAULT_PROFILE_FORMAT } from "../../../src/config/Settings"
import { FILE, minimal, parseError, parseOk } from "./helpers"

const withInstance = (extra: string) => minimal + extra

describe("defaults", () => {
  test("every option has upstream's default when absent", () => {
    const { config } = parseOk(minimal)
    const { SSOConfig: _, ...rest } = config
    expect(rest).toEqual({
      DefaultSSO: "Default",
      AuthWorkflow: "pkce",
      DefaultRegion: "us-east-1",
      CacheRefresh: 168,
      AutoConfigCheck: false,
      AutoLogin: false,
      Threads: 5,
      MaxRetry: 10,
      MaxBackoff: 5,
      UrlAction: "open",
      UrlExecCommand: [],
      ConfigProfilesFormat: "credential_process",
      ConfigProfilesUrlAction: "open",
      ConsoleDuration: 60,
      LogLevel: "info",
      LogLines: false,
      HistoryLimit: 10,
      HistoryMinutes: 1440,
      ProfileFormat: "{{ FirstItem .AccountName (.AccountAlias | nospace) }}:{{ .RoleName }}",
      ConfigVariables: {},
      AccountPrimaryTag: ["AccountName", "AccountAlias", "Email"],
      FullTextSearch: true,
      PromptColors: {
        DescriptionBGColor: "Turquoise",
        DescriptionTextColor: "Black",
        InputBGColor: "DefaultColor",
        InputTextColor: "DefaultColor",
        PrefixBackgroundColor: "DefaultColor",
        PrefixTextColor: "Blue",
        PreviewSuggestionBGColor: "DefaultColor",
        PreviewSuggestionTextColor: "Green",
        ScrollbarBGColor: "Cyan",
        ScrollbarThumbColor: "LightGrey",
        SelectedDescriptionBGColor: "DarkGray",
        SelectedDescriptionTextColor: "White",
        SelectedSuggestionBGColor: "DarkGray",
        SelectedSuggestionTextColor: "White",
        SuggestionBGColor: "Cyan",
        SuggestionTextColor: "White"
      },
      ListFields: ["AccountIdPad", "AccountAlias", "RoleName", "Profile", "Expires"],
      EnvVarTags: [],
      JsonStore: "/home/user/.config/aws-sso/store.json",
      SecretServiceCollection: "awsssocli",
      OnePassword: { AuthType: "desktop" },
      FirefoxOpenUrlInContainer: false
    })
    for (const key of ["Browser", "ConfigProfilesBinaryPath", "FirstTag", "SecureStore", "ConfigUrlAction"]) {
      expect(Object.hasOwn(config, key) && config[key as keyof typeof config] !== undefined).toBe(false)
    }
  })

  test("an instance without Accounts has none, and empty enum-like values mean the default", () => {
    const { sso, config } = parseOk(withInstance("UrlAction: ''\nSecureStore: ''\nProfileFormat: ~\n"))
    expect(sso.Accounts).toEqual({})
    expect(config.UrlAction).toBe("open")
    expect(config.SecureStore).toBeUndefined()
    expect(config.ProfileFormat).toBe(DEFAULT_PROFILE_FORMAT)
  })

  test("an empty AccountPrimaryTag still means the default (upstream behaviour)", () => {
    expect(parseOk(withInstance("AccountPrimaryTag: []\n")).config.AccountPrimaryTag).toEqual([
      "AccountName",
      "AccountAlias",
      "Email"
    ])
  })

  test("an unknown prompt colour is DefaultColor; colour names match in any case", () => {
    const { config } = parseOk(withInstance("PromptColors:\n  inputbgcolor: blue\n  SuggestionBGColor: Mauve\n"))
    expect(config.PromptColors.InputBGColor).toBe("Blue")
    expect(config.PromptColors.SuggestionBGColor).toBe("DefaultColor")
  })
})

describe("AuthWorkflow", () => {
  test("absent: device_code over SSH or in WSL, pkce otherwise", () => {
    expect(parseOk(minimal, {}, { SSH_TTY: "/dev/pts/0" }).config.AuthWorkflow).toBe("device_code")
    expect(parseOk(minimal, {}, { WSL_DISTRO_NAME: "Ubuntu" }).config.AuthWorkflow).toBe("device_code")
    expect(parseOk(minimal, {}, { SSH_TTY: "" }).config.AuthWorkflow).toBe("pkce")
  })

  test("a value in the file wins over the environment; an empty value is pkce", () => {
    expect(parseOk(withInstance("AuthWorkflow: pkce\n"), {}, { SSH_TTY: "x" }).config.AuthWorkflow).toBe("pkce")
    expect(parseOk(withInstance("AuthWorkflow: ''\n"), {}, { SSH_TTY: "x" }).config.AuthWorkflow).toBe("pkce")
    expect(parseOk(withInstance("authworkflow: device_code\n")).config.AuthWorkflow).toBe("device_code")
  })
})

describe("weak typing", () => {
  test("keys match in any case; user keys keep their spelling", () => {
    const { sso, config } = parseOk(`ssoconfig:
  MyOrg:
    ssoRegion: eu-west-1
    startURL: https://x.awsapps.com/start
    ACCOUNTS:
      "111111111111":
        name: Lab
        tags: { costCenter: "42" }
        roles:
          adminRole: { PROFILE: lab-admin }
threads: 3
defaultsso: MyOrg
`)
    expect(config.Threads).toBe(3)
    expect(sso.Name).toBe("MyOrg")
    expect(sso.StartUrl).toBe("https://x.awsapps.com/start")
    const lab = sso.Accounts["111111111111"]
    expect(lab?.Name).toBe("Lab")
    expect(lab?.Tags).toEqual({ costCenter: "42" })
    expect(lab?.Roles["adminRole"]?.Profile).toBe("lab-admin")
  })

  test("the same key twice in different case is an error", () => {
    expect(parseError(withInstance("Threads: 2\nthreads: 3\n"))).toBe(
      `${FILE}:6:1: Threads: key given twice (first on line 5)`
    )
  })

  test("a scalar where a list is expected becomes a one-element list", () => {
    const { config } = parseOk(withInstance("ListFields: AccountId\nEnvVarTags: Team\n"))
    expect(config.ListFields).toEqual(["AccountId"])
    expect(config.EnvVarTags).toEqual(["Team"])
  })

  test("a list of single-key maps where a map is expected is merged", () => {
    const { sso, config } = parseOk(`SSOConfig:
  Default:
    SSORegion: us-east-1
    StartUrl: https://d-1234567890.awsapps.com/start
    Accounts:
      "000000000001":
        Tags:
          - Type: Main
          - Owner: ops
ConfigVariables:
  - output: json
`)
    expect(sso.Accounts["000000000001"]?.Tags).toEqual({ Type: "Main", Owner: "ops" })
    expect(config.ConfigVariables).toEqual({ output: "json" })
  })

  test("numbers and booleans become strings as written; strings become numbers and booleans", () => {
    const { sso, config } = parseOk(`SSOConfig:
  Default:
    SSORegion: us-east-1
    StartUrl: https://d-1234567890.awsapps.com/start
    Accounts:
      "000000000001":
        Name: 0123
        Tags: { Prod: true, Level: 1.50 }
        Roles:
          Admin: { Profile: 5 }
Threads: "7"
AutoLogin: "true"
AutoConfigCheck: 1
FullTextSearch: F
`)
    const account = sso.Accounts["000000000001"]
    expect(account?.Name).toBe("0123")
    expect(account?.Tags).toEqual({ Prod: "true", Level: "1.50" })
    expect(account?.Roles["Admin"]?.Profile).toBe("5")
    expect(config.Threads).toBe(7)
    expect(config.AutoLogin).toBe(true)
    expect(config.AutoConfigCheck).toBe(true)
    expect(config.FullTextSearch).toBe(false)
  })

  test("values of the wrong kind are errors at their key", () => {
    expect(parseError(withInstance("Threads: many\n"))).toBe(`${FILE}:5:1: Threads: expected an integer, got "many"`)
    expect(parseError(withInstance("ListFields:\n  a: b\n"))).toBe(
      `${FILE}:5:1: ListFields: expected a list, got a map`
    )
    expect(parseError(withInstance("AutoLogin: yes\n"))).toBe(
      `${FILE}:5:1: AutoLogin: expected true or false, got "yes"`
    )
    expect(parseError(withInstance("PromptColors: red\n"))).toBe(`${FILE}:5:1: PromptColors: expected a map, got "red"`)
    expect(parseError("SSOConfig: [a, b]\n")).toBe(`${FILE}:1:1: SSOConfig: expected a map, got a list`)
    expect(parseError("just text\n")).toBe(`${FILE}:1:1: expected a map, got "just text"`)
  })

  test("YAML anchors and merge keys are followed", () => {
    const { config } = parseOk(`base: &base
  SSORegion: us-east-1
  StartUrl: https://d-1234567890.awsapps.com/start
SSOConfig:
  One:
    <<: *base
  Two:
    <<: *base
    SSORegion: cn-north-1
DefaultSSO: Two
`)
    expect(config.SSOConfig["One"]?.SSORegion).toBe("us-east-1")
    expect(config.SSOConfig["Two"]?.SSORegion).toBe("cn-north-1")
    expect(config.SSOConfig["Two"]?.StartUrl).toBe("https://d-1234567890.awsapps.com/start")
  })
})

describe("account IDs", () => {
  const accounts = (keys: ReadonlyArray<string>) =>
    withInstance("") +
    "    Accounts:\n" +
    keys.map((key) => `      ${key}:\n        Roles:\n          Admin:\n`).join("")

  test("integers, leading zeros (quoted or not) and scientific floats become 12-digit strings", () => {
    const { sso } = parseOk(accounts(["123456789012", "\"000000000042\"", "012345678901", "7.2668187369e+10", "'7'"]))
    expect(Object.keys(sso.Accounts).sort()).toEqual([
      "000000000007",
      "000000000042",
      "012345678901",
      "072668187369",
      "123456789012"
    ])
    expect(sso.Accounts["012345678901"]?.AccountId).toBe("012345678901")
  })

  test("a null role is allowed and still gets its ARN", () => {
    const { sso } = parseOk(accounts(["012345678901"]))
    expect(sso.Accounts["012345678901"]?.Roles["Admin"]).toEqual({
      RoleName: "Admin",
      AccountId: "012345678901",
      Arn: "arn:aws:iam::012345678901:role/Admin",
      Tags: {}
    })
  })

  test("too long, negative, fractional and non-numeric IDs are errors at the key", () => {
    const at = (key: string) => parseError(accounts(["000000000001", key]))
    expect(at("1234567890123")).toBe(
      `${FILE}:9:7: SSOConfig.Default.Accounts.1234567890123: invalid account ID "1234567890123"`
    )
    expect(at("-12")).toBe(`${FILE}:9:7: SSOConfig.Default.Accounts.-12: invalid account ID "-12"`)
    expect(at("1.5")).toBe(`${FILE}:9:7: SSOConfig.Default.Accounts.1.5: invalid account ID "1.5"`)
    expect(at("prod")).toBe(`${FILE}:9:7: SSOConfig.Default.Accounts.prod: invalid account ID "prod"`)
    expect(at("0x1F")).toBe(`${FILE}:9:7: SSOConfig.Default.Accounts.0x1F: invalid account ID "0x1F"`)
  })

  test("two keys for the same account are an error", () => {
    expect(parseError(accounts(["42", "\"000000000042\""]))).toBe(
      `${FILE}:9:7: SSOConfig.Default.Accounts.000000000042: account ID given twice (first on line 6)`
    )
  })
})

describe("partitions", () => {
  const arnIn = (region: string) => {
    const { sso } = parseOk(`SSOConfig:
  Default:
    SSORegion: ${region}
    StartUrl: https://x/start
    Accounts:
      1: { Roles: { Viewer: {} } }
`)
    return [sso.Partition, sso.Accounts["000000000001"]?.Roles["Viewer"]?.Arn]
  }

  test("the partition follows the SSO region", () => {
    expect(arnIn("us-east-1")).toEqual(["aws", "arn:aws:iam::000000000001:role/Viewer"])
    expect(arnIn("cn-north-1")).toEqual(["aws-cn", "arn:aws-cn:iam::000000000001:role/Viewer"])
    expect(arnIn("us-gov-west-1")).toEqual(["aws-us-gov", "arn:aws-us-gov:iam::000000000001:role/Viewer"])
    expect(arnIn("eusc-de-east-1")).toEqual(["aws-eusc", "arn:aws-eusc:iam::000000000001:role/Viewer"])
  })
})

describe("warnings", () => {
  test("unknown keys are warnings with their line, not failures", () => {
    const settings = parseOk(`SSOConfig:
  Default:
    SSORegion: us-east-1
    StartUrl: https://d-1234567890.awsapps.com/start
    Colour: blue
Treads: 4
`)
    expect(settings.config.Threads).toBe(5)
    expect(settings.warnings).toEqual([
      `${FILE}:5:5: SSOConfig.Default.Colour: unknown key, ignored`,
      `${FILE}:6:1: Treads: unknown key, ignored`
    ])
  })

  test("deprecated keys are migrated and named in warnings", () => {
    const { config, warnings } = parseOk(withInstance(`FirefoxOpenUrlInContainer: true
ConfigUrlAction: clip
UrlExecCommand: [/usr/bin/firefox, "%s"]
ListFields: [AccountIdStr, RoleName, ExpiresStr, ARN]
ProfileFormat: "{{ AccountIdStr .AccountId }}:{{ .RoleName }}"
`))
    expect(config.UrlAction).toBe("open-url-in-container")
    expect(config.ConfigProfilesUrlAction).toBe("clip")
    expect(config.ListFields).toEqual(["AccountIdPad", "RoleName", "Expires", "Arn"])
    expect(config.ProfileFormat).toBe("{{ .AccountIdPad }}:{{ .RoleName }}")
    expect(warnings).toEqual([
      `${FILE}:5:1: FirefoxOpenUrlInContainer: deprecated, use "UrlAction: open-url-in-container" instead`,
      `${FILE}:6:1: ConfigUrlAction: deprecated, use ConfigProfilesUrlAction instead`,
      `${FILE}:8:14: ListFields.0: AccountIdStr is deprecated, use AccountIdPad instead`,
      `${FILE}:8:38: ListFields.2: ExpiresStr is deprecated, use Expires instead`,
      `${FILE}:8:50: ListFields.3: ARN is deprecated, use Arn instead`,
      `${FILE}:9:1: ProfileFormat: "AccountIdStr .AccountId" is deprecated, use ".AccountIdPad" instead`
    ])
  })

  test("ConfigUrlAction does not replace a ConfigProfilesUrlAction that is set", () => {
    const { config, warnings } = parseOk(withInstance("ConfigProfilesUrlAction: open\nConfigUrlAction: clip\n"))
    expect(config.ConfigProfilesUrlAction).toBe("open")
    expect(warnings).toHaveLength(1)
  })

  test("FirefoxOpenUrlInContainer: false only warns", () => {
    const { config, warnings } = parseOk(withInstance("FirefoxOpenUrlInContainer: false\n"))
    expect(config.UrlAction).toBe("open")
    expect(warnings).toEqual([
      `${FILE}:5:1: FirefoxOpenUrlInContainer: deprecated, use "UrlAction: open-url-in-container" instead`
    ])
  })

  test("ConfigUrlAction print becomes open; a value ConfigProfilesUrlAction cannot take is an error", () => {
    expect(parseOk(withInstance("ConfigUrlAction: print\n")).config.ConfigProfilesUrlAction).toBe("open")
    expect(parseError(withInstance("ConfigUrlAction: firefox\n"))).toBe(
      `${FILE}:5:1: ConfigUrlAction: "firefox" is not one of open, clip, ansi-osc52, exec, granted-containers, ` +
        "open-url-in-container"
    )
  })
})

describe("SSO instance selection", () => {
  const two = `SSOConfig:
  Work: { SSORegion: us-east-1, StartUrl: https://work/start }
  Home: { SSORegion: eu-west-1, StartUrl: https://home/start }
`
  test("a single instance is used whatever DefaultSSO says", () => {
    expect(parseOk(minimal.replace("Default:", "Solo:")).ssoName).toBe("Solo")
    expect(parseOk(minimal + "DefaultSSO: Other\n").ssoName).toBe("Default")
  })

  test("DefaultSSO picks among several, --sso wins over it", () => {
    expect(parseOk(two + "DefaultSSO: Home\n").ssoName).toBe("Home")
    expect(parseOk(two + "DefaultSSO: Home\n", { sso: "Work" }).sso.StartUrl).toBe("https://work/start")
    expect(parseOk(two + "DefaultSSO: Nope\n", { sso: "Work" }).ssoName).toBe("Work")
  })

  test("an explicit --sso must name an instance even when there is only one", () => {
    expect(parseError(minimal, { sso: "Other" })).toBe(
      "--sso/$AWS_SSO: invalid SSO name 'Other'. Valid options: Default"
    )
  })

  test("an absent DefaultSSO with several instances reports the default name without a line", () => {
    expect(parseError(two)).toBe(`${FILE}: DefaultSSO: invalid SSO name 'Default'. Valid options: Home, Work`)
  })

  test("zero instances", () => {
    expect(parseError("SSOConfig: {}\n")).toBe(`${FILE}:1:1: SSOConfig: no AWS SSO providers have been configured`)
    expect(parseError("")).toBe(`${FILE}: SSOConfig: no AWS SSO providers have been configured`)
  })

  test("an instance needs SSORegion and StartUrl", () => {
    expect(parseError("SSOConfig:\n  Default:\n    SSORegion: us-east-1\n")).toBe(
      `${FILE}:2:3: SSOConfig.Default.StartUrl: required key is missing`
    )
    expect(parseError("SSOConfig:\n  Default:\n    SSORegion: ''\n    StartUrl: https://x/start\n")).toBe(
      `${FILE}:3:5: SSOConfig.Default.SSORegion: must not be empty`
    )
  })
})

describe("validation", () => {
  test("exec together with a container action", () => {
    const config = "UrlAction: exec\nConfigProfilesUrlAction: open-url-in-container\nUrlExecCommand: [a, '%s']\n"
    expect(parseError(withInstance(config))).toBe(
      `${FILE}:5:1: UrlAction: must not select exec and a Firefox container option ` +
        "(UrlAction: exec, ConfigProfilesUrlAction: open-url-in-container)"
    )
  })

  test("UrlExecCommand must have a program and an argument containing %s", () => {
    expect(parseError(withInstance("UrlAction: exec\n"))).toBe(
      `${FILE}:5:1: UrlExecCommand: needs the program and at least one argument containing %s, ` +
        "because UrlAction is exec"
    )
    expect(parseError(withInstance("UrlAction: granted-containers\nUrlExecCommand: [firefox, --new-tab]\n"))).toBe(
      `${FILE}:6:1: UrlExecCommand: needs the program and at least one argument containing %s, ` +
        "because UrlAction is granted-containers"
    )
    expect(parseError(withInstance("    AuthUrlAction: open-url-in-container\nUrlExecCommand: '%s'\n"))).toBe(
      `${FILE}:6:1: UrlExecCommand: needs the program and at least one argument containing %s, ` +
        "because SSOConfig.Default.AuthUrlAction is open-url-in-container"
    )
    expect(parseOk(withInstance("UrlAction: exec\nUrlExecCommand: [firefox, '%s']\n")).config.UrlAction).toBe("exec")
  })

  test("ranges of ConsoleDuration, Threads, MaxRetry and MaxBackoff", () => {
    expect(parseError(withInstance("ConsoleDuration: 14\n"))).toBe(
      `${FILE}:5:1: ConsoleDuration: must be between 15 and 720 minutes, got 14`
    )
    expect(parseError(withInstance("ConsoleDuration: 721\n"))).toBe(
      `${FILE}:5:1: ConsoleDuration: must be between 15 and 720 minutes, got 721`
    )
    expect(parseOk(withInstance("ConsoleDuration: 15\n")).config.ConsoleDuration).toBe(15)
    expect(parseOk(withInstance("ConsoleDuration: 720\n")).config.ConsoleDuration).toBe(720)
    expect(parseError(withInstance("Threads: 0\n"))).toBe(`${FILE}:5:1: Threads: must be at least 1, got 0`)
    expect(parseError(withInstance("MaxRetry: -1\n"))).toBe(`${FILE}:5:1: MaxRetry: must not be negative, got -1`)
    expect(parseError(withInstance("MaxBackoff: -2\n"))).toBe(`${FILE}:5:1: MaxBackoff: must not be negative, got -2`)
  })

  test("enum values", () => {
    expect(parseError(withInstance("LogLevel: verbose\n"))).toBe(
      `${FILE}:5:1: LogLevel: "verbose" is not one of error, warn, info, debug, trace`
    )
    expect(parseError(withInstance("OnePassword:\n  AuthType: sso\n"))).toBe(
      `${FILE}:6:3: OnePassword.AuthType: "sso" is not one of desktop, service-account`
    )
    expect(parseError(withInstance("    AuthUrlAction: browser\n"))).toBe(
      `${FILE}:5:5: SSOConfig.Default.AuthUrlAction: "browser" is not one of open, print, printurl, clip, ` +
        "ansi-osc52, exec, granted-containers, open-url-in-container"
    )
  })

  test("YAML syntax errors: tabs and duplicate keys", () => {
    expect(parseError("SSOConfig:\n\tDefault: {}\n")).toBe(`${FILE}:2:1: Default: Tabs are not allowed as indentation`)
    expect(parseError(withInstance("Threads: 1\nThreads: 2\n"))).toBe(`${FILE}:6:1: Threads: Map keys must be unique`)
  })
})

describe("overrides", () => {
  test("--level, --lines and --browser replace the file's values", () => {
    const { config } = parseOk(withInstance("LogLevel: error\nBrowser: firefox\n"), {
      level: "trace",
      lines: true,
      browser: "chromium"
    })
    expect(config.LogLevel).toBe("trace")
    expect(config.LogLines).toBe(true)
    expect(config.Browser).toBe("chromium")
  })

  test("absent or empty overrides keep the file's values", () => {
    const { config } = parseOk(withInstance("LogLevel: error\nBrowser: firefox\nLogLines: true\n"), {
      browser: "",
      lines: false
    })
    expect(config.LogLevel).toBe("error")
    expect(config.Browser).toBe("firefox")
    expect(config.LogLines).toBe(true)
  })

  test("--threads applies only when it is not 5", () => {
    expect(parseOk(withInstance("Threads: 8\n"), { threads: 5 }).config.Threads).toBe(8)
    expect(parseOk(withInstance("Threads: 8\n"), { threads: 2 }).config.Threads).toBe(2)
    expect(parseError(minimal, { threads: 0 })).toBe("--threads: 0 must be at least 1")
  })
})

describe("hostile or odd input", () => {
  test("an empty ConfigProfilesUrlAction counts as unset, so ConfigUrlAction moves into it", () => {
    expect(
      parseOk(withInstance("ConfigProfilesUrlAction: ''\nConfigUrlAction: clip\n")).config.ConfigProfilesUrlAction
    ).toBe("clip")
  })

  test("exponential aliases are cut off with an error", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for (let i = 1; i < 8; i++) {
      levels.push(`l${i}: &l${i} [${Array(10).fill(i === 1 ? "*a" : `*l${i - 1}`).join(", ")}]`)
    }
    expect(parseError(levels.join("\n") + "\n")).toMatch(/^\S+config\.yaml:\d+:\d+: too many alias expansions$/)
  })

  test("a __proto__ key neither breaks loading nor changes any prototype", () => {
    const { sso } = parseOk(withInstance("    Accounts:\n      1:\n        Tags:\n          __proto__: polluted\n"))
    const tags = sso.Accounts["000000000001"]?.Tags
    expect(tags === undefined ? undefined : Object.getPrototypeOf(tags)).toBe(Object.prototype)
    expect(Object.prototype).not.toHaveProperty("polluted")
  })
})

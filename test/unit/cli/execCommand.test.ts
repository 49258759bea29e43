import { describe, expect, test } from "bun:test"
import { Either } from "effect"
import { signalExitCode } from "../../../src/cli/commands/childProcess"
import { checkEnvironment, childEnvironment, commandLine } from "../../../src/cli/commands/exec"

describe("exec's command line", () => {
  test("the given command and its arguments, untouched", () => {
    expect(commandLine(["aws", "s3", "ls", "--", "-x"], { SHELL: "/bin/zsh" })).toEqual({
      program: "aws",
      args: ["s3", "ls", "--", "-x"]
    })
  })
  test("no command: xonsh inside xonsh, cmd.exe on Windows, else $SHELL, else /bin/sh", () => {
    expect(commandLine([], { SHELL: "/bin/zsh", XONSH_VERSION: "0.14" })).toEqual({ program: "xonsh", args: [] })
    expect(commandLine([], { SHELL: "C:\\bash.exe" }, "win32")).toEqual({ program: "cmd.exe", args: [] })
    expect(commandLine([], { SHELL: "/usr/bin/fish" }, "linux")).toEqual({ program: "/usr/bin/fish", args: [] })
    expect(commandLine([], {}, "darwin")).toEqual({ program: "/bin/sh", args: [] })
  })
})

describe("exec's environment checks", () => {
  test("a conflicting variable counts when present, even empty", () => {
    const result = checkEnvironment({ AWS_PROFILE: "" }, false)
    expect(Either.isLeft(result)).toBe(true)
    if (Either.isLeft(result)) {
      expect(result.left.message).toContain("conflicting environment variable 'AWS_PROFILE' is set")
    }
  })
  test("nesting is reported before the conflicts it implies", () => {
    const result = checkEnvironment({ AWS_ACCESS_KEY_ID: "ASIA", AWS_SSO_PROFILE: "outer" }, false)
    expect(Either.isLeft(result) && result.left._tag).toBe("NestedExec")
  })
  test("-O accepts anything; unrelated AWS variables never conflict", () => {
    expect(Either.isRight(checkEnvironment({ AWS_PROFILE: "x", AWS_SSO_ROLE_ARN: "arn" }, true))).toBe(true)
    expect(Either.isRight(checkEnvironment({ AWS_REGION: "eu-west-1", AWS_CONFIG_FILE: "/c" }, false))).toBe(true)
  })
})

describe("exec's child environment", () => {
  const assignments = [["AWS_ACCESS_KEY_ID", "ASIA1"], ["AWS_SSO_DEFAULT_REGION", undefined]] as const
  test("ours plus the role's; an assignment without a value removes the variable", () => {
    const ours = { HOME: "/h", AWS_SSO_DEFAULT_REGION: "eu-west-1", GONE: undefined }
    const env = childEnvironment(ours, assignments, false)
    expect(env).toEqual({ HOME: "/h", AWS_ACCESS_KEY_ID: "ASIA1" })
  })
  test("-O strips every AWS_* variable before adding the role's", () => {
    const ours = { HOME: "/h", AWS_PROFILE: "p", AWS_CONFIG_FILE: "/c", XAWS_KEEP: "k" }
    const env = childEnvironment(ours, assignments, true)
    expect(env).toEqual({ HOME: "/h", XAWS_KEEP: "k", AWS_ACCESS_KEY_ID: "ASIA1" })
  })
})

test("a command killed by a signal exits 128 + its number, as in a shell", () => {
  expect(signalExitCode("SIGTERM")).toBe(143)
  expect(signalExitCode("SIGINT")).toBe(130)
  expect(signalExitCode("SIGKILL")).toBe(137)
})

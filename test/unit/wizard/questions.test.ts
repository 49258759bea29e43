import { describe, expect, test } from "bun:test"
import { Effect } from "effect"
import { firstRunSettings, type WizardCurrent } from "../../../src/wizard/answers"
import { WizardAborted } from "../../../src/wizard/errors"
import { type Ask, askQuestions, type QuestionContext } from "../../../src/wizard/questions"
import { drive, lastScreen } from "../select/drive"

/** Answers each prompt with the next raw key string; records what every prompt showed first. */
const scripted = (answers: Array<string>) => {
  const screens: Array<string> = []
  const ask: Ask = (widget) =>
    Effect.suspend(() => {
      const keys = answers.shift()
      if (keys === undefined) return Effect.die(new Error(`no answer scripted for:\n${lastScreen(drive(widget, ""))}`))
      screens.push(lastScreen(drive(widget, "")))
      const result = drive(widget, keys)
      if (result._tag === "Done") return Effect.succeed(result.value)
      if (result._tag === "Cancel") return Effect.fail(new WizardAborted({ key: result.key as "escape", file: "f" }))
      return Effect.die(new Error(`the prompt is still waiting after ${JSON.stringify(keys)}:\n${lastScreen(result)}`))
    })
  return { ask, screens }
}

const context = (current: Partial<WizardCurrent> = {}, extra: Partial<QuestionContext> = {}): QuestionContext => ({
  current: {
    file: "/h/.aws-sso/config.yaml",
    exists: false,
    ssoName: "Default",
    sso: undefined,
    settings: firstRunSettings(false),
    ...current
  },
  advanced: false,
  remote: false,
  platform: "linux",
  executables: { home: "/h", pathVariable: "/usr/bin:/bin", platform: "linux" },
  knownSessions: [],
  ...extra
})

const highlighted = (screen: string) => screen.split("\n").find((l) => l.startsWith("> ")) ?? ""

describe("the wizard's questions", () => {
  test("a re-run answered with Enter only gives back what is configured", async () => {
    const { ask, screens } = scripted(Array(8).fill("\r"))
    const current = {
      exists: true,
      sso: { StartUrl: "https://cn-team.awsapps.cn/start", SSORegion: "cn-northwest-1", DefaultRegion: "cn-north-1" },
      settings: {
        ...firstRunSettings(false),
        ProfileFormat: "{{ .AccountAlias }}/{{ .RoleName }}",
        UrlAction: "exec" as const,
        UrlExecCommand: ["/bin/sh", "-c", "echo %s"]
      }
    }
    const answers = await Effect.runPromise(askQuestions(context(current), ask))
    expect(answers).toEqual({
      ssoName: "Default",
      startUrl: "https://cn-team.awsapps.cn/start",
      ssoRegion: "cn-northwest-1",
      defaultRegion: "cn-north-1",
      profileFormat: "{{ .AccountAlias }}/{{ .RoleName }}",
      urlAction: "exec",
      urlExecCommand: ["/bin/sh", "-c", "echo %s"],
      advanced: undefined
    })
    expect(highlighted(screens[0]!)).toContain("AWS China")
    expect(highlighted(screens[4]!)).toContain("Custom")
    expect(screens[7]).toContain("> /bin/sh -c 'echo %s'")
  })

  test("an sso-session from ~/.aws/config fills in the start URL and regions", async () => {
    const { ask, screens } = scripted(["\r", "\r", "\r", "\r", "\r", "\r", "\r"])
    const session = {
      name: "corp",
      startUrl: "https://corp.awsapps.com/start",
      region: "ap-southeast-2",
      source: "sso-session" as const
    }
    const answers = await Effect.runPromise(askQuestions(context({}, { knownSessions: [session] }), ask))
    expect(answers).toMatchObject({
      startUrl: "https://corp.awsapps.com/start",
      ssoRegion: "ap-southeast-2",
      defaultRegion: "ap-southeast-2",
      urlAction: "open"
    })
    expect(screens[0]).toContain("sso-session corp")
  })

  test("a new instance without hints: the URL is typed, None can be chosen, a custom format entered", async () => {
    const { ask } = scripted([
      "\r",
      "https://d-1.awsapps.com/start\r",
      "us-west-2\r",
      "\r", // "None" would be first; the default is the SSO region
      "\x1b[B\r",
      "\x15{{ .RoleName | lower }}\r", // the template starts as the Friendly one, to edit
      "\x1b[B\r"
    ])
    const answers = await Effect.runPromise(askQuestions(context(), ask))
    expect(answers).toMatchObject({
      ssoRegion: "us-west-2",
      defaultRegion: "us-west-2",
      profileFormat: "{{ .RoleName | lower }}",
      urlAction: "print",
      urlExecCommand: undefined
    })
    const none = scripted(["\r", "https://d-1.awsapps.com/start\r", "\r", "\x01\x15None\r", "\r", "\r"])
    expect((await Effect.runPromise(askQuestions(context(), none.ask))).defaultRegion).toBeUndefined()
  })

  test("a region that is not in the list yet can be typed", async () => {
    const { ask } = scripted(["\r", "https://d-1.awsapps.com/start\r", "eu-west-7\r", "\r", "\r", "\r"])
    expect((await Effect.runPromise(askQuestions(context(), ask))).ssoRegion).toBe("eu-west-7")
  })

  test("Esc on any question aborts the whole wizard", async () => {
    const { ask } = scripted(["\r", "\x1b\x1b"])
    const exit = await Effect.runPromiseExit(askQuestions(context(), ask))
    expect(exit._tag).toBe("Failure")
  })
})

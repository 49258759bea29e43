import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { Effect, Either, Option, Redacted } from "effect"
import {
  consoleHomeUrl,
  consoleLoginUrl,
  consoleMinutes,
  federationEndpoint,
  fetchSigninToken,
  signinTokenRequestUrl
} from "../../../src/console/federation"
import { parseAssumedRoleArn } from "../../../src/console/identity"

const creds = {
  accessKeyId: "ASIAEXAMPLE",
  secretAccessKey: Redacted.make("se/cr+et=&"),
  sessionToken: Redacted.make("to ken?&=")
}

describe("consoleMinutes", () => {
  test("0 or no flag means the configured duration", () => {
    expect(consoleMinutes(undefined, 60)).toEqual(Either.right(60))
    expect(consoleMinutes(0, 120)).toEqual(Either.right(120))
  })
  test("15 and 720 are the bounds, with upstream's message outside them", () => {
    expect(consoleMinutes(15, 60)).toEqual(Either.right(15))
    expect(consoleMinutes(720, 60)).toEqual(Either.right(720))
    for (const bad of [14, 721, -5]) {
      const result = consoleMinutes(bad, 60)
      expect(Either.isLeft(result)).toBe(true)
      if (Either.isLeft(result)) {
        expect(result.left.message).toBe(`invalid --duration ${bad}.  Must be between 15 and 720`)
      }
    }
  })
})

describe("console hosts per partition", () => {
  test("the destination is the console home of the region's partition", () => {
    expect(consoleHomeUrl("eu-west-1")).toBe("https://console.aws.amazon.com/console/home?region=eu-west-1")
    expect(consoleHomeUrl("cn-north-1")).toBe("https://console.amazonaws.cn/console/home?region=cn-north-1")
    expect(consoleHomeUrl("us-gov-west-1")).toBe(
      "https://console.amazonaws-us-gov.com/console/home?region=us-gov-west-1"
    )
    expect(consoleHomeUrl("eusc-de-east-1")).toBe(
      "https://console.amazonaws-eusc.eu/console/home?region=eusc-de-east-1"
    )
  })
  test("the federation endpoint follows the SSO region, and AWS_ENDPOINT_URL_SIGNIN moves it", () => {
    expect(federationEndpoint("us-east-1", {})).toBe("https://signin.aws.amazon.com/federation")
    expect(federationEndpoint("cn-north-1", {})).toBe("https://signin.amazonaws.cn/federation")
    expect(federationEndpoint("us-gov-west-1", {})).toBe("https://signin.amazonaws-us-gov.com/federation")
    expect(federationEndpoint("us-east-1", { AWS_ENDPOINT_URL_SIGNIN: "http://127.0.0.1:9/" })).toBe(
      "http://127.0.0.1:9/federation"
    )
  })
})

describe("getSigninToken request", () => {
  test("carries the session JSON and the duration in seconds", () => {
    const url = new URL(Redacted.value(signinTokenRequestUrl("https://signin.example/federation", creds, 3600)))
    expect(url.searchParams.get("Action")).toBe("getSigninToken")
    expect(url.searchParams.get("SessionDuration")).toBe("3600")
    expect(JSON.parse(url.searchParams.get("Session")!)).toEqual({
      sessionId: "ASIAEXAMPLE",
      sessionKey: "se/cr+et=&",
      sessionToken: "to ken?&="
    })
  })
  test("leaves SessionDuration out for chained credentials", () => {
    const url = new URL(Redacted.value(signinTokenRequestUrl("https://signin.example/federation", creds, undefined)))
    expect(url.searchParams.has("SessionDuration")).toBe(false)
  })
  test("does not show the secret when logged or printed", () => {
    const url = signinTokenRequestUrl("https://signin.example/federation", creds, 900)
    expect(String(url)).not.toContain("se/cr")
    expect(JSON.stringify(url)).not.toContain("se/cr")
  })
})

describe("login URL", () => {
  test("Issuer and Destination are percent-encoded and decode back exactly (Appendix A.11)", () => {
    const issuer = "https://d-123.awsapps.com/start?x=1&y=2#frag"
    const destination = "https://console.aws.amazon.com/console/home?region=eu-west-1&a=b"
    const text = consoleLoginUrl("https://signin.aws.amazon.com/federation", {
      issuer,
      destination,
      signinToken: Redacted.make("tok+en/=")
    })
    const url = new URL(text)
    expect([...url.searchParams.keys()]).toEqual(["Action", "Issuer", "Destination", "SigninToken"])
    expect(url.searchParams.get("Action")).toBe("login")
    expect(url.searchParams.get("Issuer")).toBe(issuer)
    expect(url.searchParams.get("Destination")).toBe(destination)
    expect(url.searchParams.get("SigninToken")).toBe("tok+en/=")
    expect(url.origin + url.pathname).toBe("https://signin.aws.amazon.com/federation")
  })
})

describe("parseAssumedRoleArn", () => {
  test("reads assumed-role ARNs, which upstream rejected (Appendix A.10)", () => {
    expect(parseAssumedRoleArn("arn:aws:sts::012345678901:assumed-role/AdministratorAccess/me@example.com")).toEqual(
      Option.some({
        partition: "aws",
        accountId: "012345678901",
        roleName: "AdministratorAccess",
        sessionName: "me@example.com",
        roleArn: "arn:aws:iam::012345678901:role/AdministratorAccess"
      })
    )
    expect(Option.map(parseAssumedRoleArn("arn:aws-cn:sts::111111111111:assumed-role/R/s"), (r) => r.roleArn)).toEqual(
      Option.some("arn:aws-cn:iam::111111111111:role/R")
    )
  })
  test("refuses users, roles and malformed ARNs", () => {
    expect(parseAssumedRoleArn("arn:aws:iam::111111111111:user/alice")).toEqual(Option.none())
    expect(parseAssumedRoleArn("arn:aws:iam::111111111111:role/R")).toEqual(Option.none())
    expect(parseAssumedRoleArn("arn:aws:sts::1111:assumed-role/R/s")).toEqual(Option.none())
    expect(parseAssumedRoleArn("arn:aws:sts::111111111111:assumed-role/R")).toEqual(Option.none())
  })
})

describe("fetchSigninToken", () => {
  let server: ReturnType<typeof Bun.serve>
  const seen: Array<URL> = []
  beforeAll(() => {
    server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch: (req) => {
        const url = new URL(req.url)
        seen.push(url)
        if (url.pathname === "/refuse/federation") return new Response("no", { status: 400 })
        if (url.pathname === "/garbage/federation") return new Response("{\"Nope\":1}")
        return Response.json({ SigninToken: "the-token" })
      }
    })
  })
  afterAll(() => server.stop(true))

  const base = () => `http://127.0.0.1:${server.port}`

  test("returns the SigninToken of a 200 reply", async () => {
    const token = await Effect.runPromise(fetchSigninToken(`${base()}/ok/federation`, creds, 3600))
    expect(Redacted.value(token)).toBe("the-token")
    const last = seen.at(-1)!
    expect(last.searchParams.get("SessionDuration")).toBe("3600")
    expect(JSON.parse(last.searchParams.get("Session")!).sessionToken).toBe("to ken?&=")
  })

  test("a non-200 reply is upstream's 'unable to login to AWS' with the status", async () => {
    const request = fetchSigninToken(`${base()}/refuse/federation`, creds, undefined)
    const result = await Effect.runPromise(Effect.either(request))
    expect(Either.isLeft(result)).toBe(true)
    if (Either.isLeft(result)) {
      expect(result.left._tag).toBe("SigninTokenRefused")
      expect(result.left.message).toStartWith("unable to login to AWS: 400")
      expect(result.left.message).not.toContain("se/cr")
    }
  })

  test("a reply without a SigninToken fails without echoing secrets", async () => {
    const result = await Effect.runPromise(Effect.either(fetchSigninToken(`${base()}/garbage/federation`, creds, 900)))
    expect(Either.isLeft(result)).toBe(true)
    if (Either.isLeft(result)) {
      expect(result.left._tag).toBe("SigninTokenUnavailable")
      expect(result.left.message).toContain("no SigninToken")
    }
  })

  test("an unreachable endpoint fails with SigninTokenUnavailable", async () => {
    const result = await Effect.runPromise(Effect.either(fetchSigninToken("http://127.0.0.1:1/federation", creds, 900)))
    expect(Either.isLeft(result)).toBe(true)
    if (Either.isLeft(result)) {
      expect(result.left._tag).toBe("SigninTokenUnavailable")
      expect(result.left.message).not.toContain("se/cr")
      expect(result.left.message).not.toContain("to ken")
    }
  })
})

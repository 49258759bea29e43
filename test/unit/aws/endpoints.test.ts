import { describe, expect, test } from "bun:test"
import {
  authorizeRequestUrl,
  authorizeUrl,
  authorizeUrlFromRegistration,
  endpointFlags,
  endpointOverride,
  federationUrl,
  partitionOf,
  serviceEndpoint,
  serviceHost
} from "../../../src/aws/endpoints"

describe("partitionOf", () => {
  test.each([
    ["us-east-1", "aws"],
    ["eu-central-2", "aws"],
    ["ap-southeast-5", "aws"],
    ["il-central-1", "aws"],
    ["mx-central-1", "aws"],
    ["cn-north-1", "aws-cn"],
    ["cn-northwest-1", "aws-cn"],
    ["us-gov-west-1", "aws-us-gov"],
    ["us-gov-east-1", "aws-us-gov"],
    ["eusc-de-east-1", "aws-eusc"],
    ["xx-nowhere-9", "aws"],
    ["", "aws"]
  ] as const)("%p is in %p", (region, partition) => {
    expect(partitionOf(region)).toBe(partition)
  })
})

// Expected hosts were cross-checked against the endpoint rule sets shipped in the SDK clients.
describe("serviceHost", () => {
  const none = { useFips: false, useDualstack: false }
  const fips = { useFips: true, useDualstack: false }
  const ds = { useFips: false, useDualstack: true }
  const both = { useFips: true, useDualstack: true }
  test.each([
    ["oidc", "us-east-1", none, "oidc.us-east-1.amazonaws.com"],
    ["oidc", "us-east-1", fips, "oidc-fips.us-east-1.amazonaws.com"],
    ["oidc", "us-east-1", ds, "oidc.us-east-1.api.aws"],
    ["oidc", "us-east-1", both, "oidc-fips.us-east-1.api.aws"],
    ["oidc", "cn-north-1", none, "oidc.cn-north-1.amazonaws.com.cn"],
    ["oidc", "cn-north-1", fips, "oidc-fips.cn-north-1.amazonaws.com.cn"],
    ["oidc", "cn-north-1", ds, "oidc.cn-north-1.api.amazonwebservices.com.cn"],
    ["oidc", "cn-north-1", both, "oidc-fips.cn-north-1.api.amazonwebservices.com.cn"],
    ["oidc", "us-gov-west-1", none, "oidc.us-gov-west-1.amazonaws.com"],
    ["oidc", "us-gov-west-1", fips, "oidc.us-gov-west-1.amazonaws.com"],
    ["oidc", "us-gov-west-1", ds, "oidc.us-gov-west-1.api.aws"],
    ["oidc", "us-gov-west-1", both, "oidc-fips.us-gov-west-1.api.aws"],
    ["oidc", "eusc-de-east-1", none, "oidc.eusc-de-east-1.amazonaws.eu"],
    ["oidc", "eusc-de-east-1", fips, "oidc-fips.eusc-de-east-1.amazonaws.eu"],
    ["oidc", "eusc-de-east-1", ds, "oidc.eusc-de-east-1.api.amazonwebservices.eu"],
    ["oidc", "eusc-de-east-1", both, "oidc-fips.eusc-de-east-1.api.amazonwebservices.eu"],
    ["portal", "eu-west-1", none, "portal.sso.eu-west-1.amazonaws.com"],
    ["portal", "eu-west-1", fips, "portal.sso-fips.eu-west-1.amazonaws.com"],
    ["portal", "eu-west-1", ds, "portal.sso.eu-west-1.api.aws"],
    ["portal", "eu-west-1", both, "portal.sso-fips.eu-west-1.api.aws"],
    ["portal", "cn-northwest-1", none, "portal.sso.cn-northwest-1.amazonaws.com.cn"],
    ["portal", "cn-northwest-1", both, "portal.sso-fips.cn-northwest-1.api.amazonwebservices.com.cn"],
    ["portal", "us-gov-east-1", none, "portal.sso.us-gov-east-1.amazonaws.com"],
    ["portal", "us-gov-east-1", fips, "portal.sso.us-gov-east-1.amazonaws.com"],
    ["portal", "us-gov-east-1", ds, "portal.sso.us-gov-east-1.api.aws"],
    ["portal", "us-gov-east-1", both, "portal.sso-fips.us-gov-east-1.api.aws"],
    ["portal", "eusc-de-east-1", fips, "portal.sso-fips.eusc-de-east-1.amazonaws.eu"],
    ["sts", "ap-northeast-1", none, "sts.ap-northeast-1.amazonaws.com"],
    ["sts", "ap-northeast-1", fips, "sts-fips.ap-northeast-1.amazonaws.com"],
    ["sts", "ap-northeast-1", ds, "sts.ap-northeast-1.api.aws"],
    ["sts", "ap-northeast-1", both, "sts-fips.ap-northeast-1.api.aws"],
    ["sts", "cn-north-1", none, "sts.cn-north-1.amazonaws.com.cn"],
    ["sts", "us-gov-west-1", fips, "sts.us-gov-west-1.amazonaws.com"],
    ["sts", "us-gov-west-1", both, "sts-fips.us-gov-west-1.api.aws"],
    ["sts", "eusc-de-east-1", ds, "sts.eusc-de-east-1.api.amazonwebservices.eu"]
  ] as const)("%s %s %o -> %s", (service, region, flags, host) => {
    expect(serviceHost(service, region, flags)).toBe(host)
  })
})

describe("endpointFlags", () => {
  test.each([
    [{}, false, false, 0],
    [{ AWS_USE_FIPS_ENDPOINT: "true" }, true, false, 0],
    [{ AWS_USE_FIPS_ENDPOINT: "TRUE", AWS_USE_DUALSTACK_ENDPOINT: "True" }, true, true, 0],
    [{ AWS_USE_FIPS_ENDPOINT: "false", AWS_USE_DUALSTACK_ENDPOINT: "true" }, false, true, 0],
    [{ AWS_USE_FIPS_ENDPOINT: "" }, false, false, 0],
    [{ AWS_USE_FIPS_ENDPOINT: "yes" }, false, false, 1],
    [{ AWS_USE_FIPS_ENDPOINT: "1", AWS_USE_DUALSTACK_ENDPOINT: "on" }, false, false, 2]
  ])("%o -> fips %p dual-stack %p (%p warnings)", (env, useFips, useDualstack, warnings) => {
    const flags = endpointFlags(env)
    expect(flags.useFips).toBe(useFips)
    expect(flags.useDualstack).toBe(useDualstack)
    expect(flags.warnings).toHaveLength(warnings)
  })

  test("a warning names the variable and its value", () => {
    expect(endpointFlags({ AWS_USE_DUALSTACK_ENDPOINT: "maybe" }).warnings).toEqual([
      `ignoring AWS_USE_DUALSTACK_ENDPOINT="maybe": expected "true" or "false"`
    ])
  })
})

describe("endpointOverride", () => {
  const emu = "http://127.0.0.1:4000"
  test.each([
    ["oidc", { AWS_ENDPOINT_URL_SSO_OIDC: emu }, emu],
    ["oidc", { AWS_ENDPOINT_URL_SSO: emu }, undefined],
    ["portal", { AWS_ENDPOINT_URL_SSO: emu }, emu],
    ["portal", { AWS_ENDPOINT_URL_SSO_OIDC: emu }, undefined],
    ["sts", { AWS_ENDPOINT_URL_STS: emu }, emu],
    ["signin", { AWS_ENDPOINT_URL_SIGNIN: emu }, emu],
    ["sts", { AWS_ENDPOINT_URL: "http://global:1" }, "http://global:1"],
    ["signin", { AWS_ENDPOINT_URL: "http://global:1" }, "http://global:1"],
    ["oidc", { AWS_ENDPOINT_URL: "http://global:1", AWS_ENDPOINT_URL_SSO_OIDC: emu }, emu],
    ["portal", { AWS_ENDPOINT_URL: "http://global:1", AWS_ENDPOINT_URL_SSO: "" }, "http://global:1"],
    ["portal", { AWS_ENDPOINT_URL_SSO: emu, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" }, undefined],
    ["portal", { AWS_ENDPOINT_URL_SSO: emu, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "false" }, emu],
    ["sts", {}, undefined]
  ] as const)("%s with %o -> %p", (service, env, expected) => {
    expect(endpointOverride(service, env)).toBe(expected)
  })
})

describe("serviceEndpoint", () => {
  test("computes the host and reports the flags that apply", () => {
    expect(serviceEndpoint("portal", "us-gov-west-1", { AWS_USE_FIPS_ENDPOINT: "true" })).toEqual({
      url: "https://portal.sso.us-gov-west-1.amazonaws.com",
      useFips: true,
      useDualstack: false
    })
  })

  test("an override wins and switches FIPS / dual-stack off for that service only", () => {
    const env = {
      AWS_ENDPOINT_URL_SSO_OIDC: "http://127.0.0.1:9999/",
      AWS_USE_FIPS_ENDPOINT: "true",
      AWS_USE_DUALSTACK_ENDPOINT: "true"
    }
    expect(serviceEndpoint("oidc", "us-east-1", env)).toEqual({
      url: "http://127.0.0.1:9999",
      overriddenBy: "AWS_ENDPOINT_URL_SSO_OIDC",
      useFips: false,
      useDualstack: false
    })
    expect(serviceEndpoint("portal", "us-east-1", env)).toEqual({
      url: "https://portal.sso-fips.us-east-1.api.aws",
      useFips: true,
      useDualstack: true
    })
  })

  test("names the global variable when that is where the URL came from", () => {
    expect(serviceEndpoint("sts", "eu-west-1", { AWS_ENDPOINT_URL: "http://localhost:1" }).overriddenBy).toBe(
      "AWS_ENDPOINT_URL"
    )
  })
})

describe("authorizeUrl", () => {
  test.each([
    ["us-east-1", {}, "https://oidc.us-east-1.amazonaws.com/authorize"],
    ["cn-north-1", {}, "https://oidc.cn-north-1.amazonaws.com.cn/authorize"],
    ["eusc-de-east-1", {}, "https://oidc.eusc-de-east-1.amazonaws.eu/authorize"],
    ["us-gov-west-1", { AWS_USE_FIPS_ENDPOINT: "true" }, "https://oidc.us-gov-west-1.amazonaws.com/authorize"],
    ["eu-west-1", { AWS_USE_FIPS_ENDPOINT: "true" }, "https://oidc-fips.eu-west-1.amazonaws.com/authorize"],
    ["eu-west-1", { AWS_USE_DUALSTACK_ENDPOINT: "true" }, "https://oidc.eu-west-1.api.aws/authorize"],
    ["eu-west-1", { AWS_ENDPOINT_URL_SSO_OIDC: "http://127.0.0.1:4000" }, "http://127.0.0.1:4000/authorize"],
    ["eu-west-1", { AWS_ENDPOINT_URL_SSO_OIDC: "http://127.0.0.1:4000/" }, "http://127.0.0.1:4000/authorize"],
    ["eu-west-1", { AWS_ENDPOINT_URL: "http://emu:1/prefix/" }, "http://emu:1/prefix/authorize"],
    ["eu-west-1", { AWS_ENDPOINT_URL_SSO: "http://127.0.0.1:4000" }, "https://oidc.eu-west-1.amazonaws.com/authorize"]
  ])("%s %o -> %s", (region, env, expected) => {
    expect(authorizeUrl(region, env)).toBe(expected)
  })

  test.each([
    ["https://oidc.example.com/authorize", "https://oidc.example.com/authorize"],
    ["https://oidc.example.com/", "https://oidc.example.com/authorize"],
    ["https://oidc.example.com/authorize/", "https://oidc.example.com/authorize"]
  ])("registration endpoint %s -> %s", (endpoint, expected) => {
    expect(authorizeUrlFromRegistration(endpoint)).toBe(expected)
  })

  test("the request URL carries the PKCE parameters in sorted order, percent-encoded", () => {
    const url = authorizeRequestUrl("http://127.0.0.1:4000/authorize", {
      clientId: "client-1",
      redirectUri: "http://127.0.0.1:51234",
      state: "st4te",
      codeChallenge: "abc-_"
    })
    expect(url).toBe(
      "http://127.0.0.1:4000/authorize?client_id=client-1&code_challenge=abc-_&code_challenge_method=S256" +
        "&redirect_uri=http%3A%2F%2F127.0.0.1%3A51234&response_type=code&scope=sso%3Aaccount%3Aaccess&state=st4te"
    )
    const parsed = new URL(authorizeRequestUrl("https://x/authorize", {
      clientId: "c",
      redirectUri: "r",
      state: "s",
      codeChallenge: "ch",
      scopes: ["sso:account:access", "openid"]
    }))
    expect(parsed.searchParams.get("scope")).toBe("sso:account:access openid")
  })
})

describe("federationUrl", () => {
  test.each([
    ["us-east-1", {}, "https://signin.aws.amazon.com/federation"],
    ["eu-west-1", { AWS_USE_FIPS_ENDPOINT: "true" }, "https://signin.aws.amazon.com/federation"],
    ["cn-north-1", {}, "https://signin.amazonaws.cn/federation"],
    ["us-gov-west-1", {}, "https://signin.amazonaws-us-gov.com/federation"],
    ["eusc-de-east-1", {}, "https://eusc-de-east-1.signin.amazonaws-eusc.eu/federation"],
    ["us-east-1", { AWS_ENDPOINT_URL_SIGNIN: "http://127.0.0.1:4000/" }, "http://127.0.0.1:4000/federation"],
    ["us-east-1", { AWS_ENDPOINT_URL: "http://127.0.0.1:4001" }, "http://127.0.0.1:4001/federation"],
    [
      "us-east-1",
      { AWS_ENDPOINT_URL: "http://127.0.0.1:4001", AWS_ENDPOINT_URL_SIGNIN: "http://127.0.0.1:4002" },
      "http://127.0.0.1:4002/federation"
    ],
    ["us-east-1", { AWS_ENDPOINT_URL_STS: "http://127.0.0.1:4003" }, "https://signin.aws.amazon.com/federation"]
  ])("%s %o -> %s", (region, env, expected) => {
    expect(federationUrl(region, env)).toBe(expected)
  })
})

import { describe, expect, test } from "bun:test"
import { Either } from "effect"
import { normalizeAccountId, partitionOfRegion, roleArn } from "../../../src/config/accountId"

describe("normalizeAccountId", () => {
  test("accepts integers, leading zeros, scientific floats and the range ends", () => {
    expect(normalizeAccountId(123456789012)).toEqual(Either.right("123456789012"))
    expect(normalizeAccountId(42)).toEqual(Either.right("000000000042"))
    expect(normalizeAccountId("012345678901")).toEqual(Either.right("012345678901"))
    expect(normalizeAccountId("0000000000000042")).toEqual(Either.right("000000000042"))
    expect(normalizeAccountId("7.2668187369e+10")).toEqual(Either.right("072668187369"))
    expect(normalizeAccountId(" 1e3 ")).toEqual(Either.right("000000001000"))
    expect(normalizeAccountId("0")).toEqual(Either.right("000000000000"))
    expect(normalizeAccountId("999999999999")).toEqual(Either.right("999999999999"))
  })

  test("rejects anything else with the text it was given", () => {
    for (const bad of ["1000000000000", "-1", "1.5", "abc", "", "0x1F", "12 34", "1e13"]) {
      expect(normalizeAccountId(bad)).toEqual(Either.left(`invalid account ID "${bad}"`))
    }
    expect(normalizeAccountId(-5)).toEqual(Either.left("invalid account ID \"-5\""))
    expect(normalizeAccountId(1.25)).toEqual(Either.left("invalid account ID \"1.25\""))
    expect(normalizeAccountId(1e12)).toEqual(Either.left("invalid account ID \"1000000000000\""))
  })
})

describe("ARNs", () => {
  test("partition by region and the role ARN", () => {
    expect(partitionOfRegion("eu-central-1")).toBe("aws")
    expect(partitionOfRegion("cn-northwest-1")).toBe("aws-cn")
    expect(partitionOfRegion("us-gov-east-1")).toBe("aws-us-gov")
    expect(partitionOfRegion("eusc-de-east-1")).toBe("aws-eusc")
    expect(roleArn("aws-cn", "000000000001", "Admin")).toBe("arn:aws-cn:iam::000000000001:role/Admin")
  })
})

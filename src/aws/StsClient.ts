/**
 * AWS STS in the SSO region, signed with role credentials: AssumeRole for `Via` role chaining and
 * GetCallerIdentity (the console command's "who am I"). FIPS, dual-stack and `AWS_ENDPOINT_URL_STS`
 * apply as for the other clients (upstream applies FIPS / dual-stack to STS, spec 7.9).
 */
import { Context, type Effect, Layer, type Redacted } from "effect"
import type { StsError } from "../credentials/errors"
import type { AwsClientConfig } from "./sdkConfig"
import { makeStsClient } from "./stsLive"

/** Credentials that sign an STS call. */
export interface SigningCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: Redacted.Redacted<string>
  readonly sessionToken: Redacted.Redacted<string>
}

export interface AssumeRoleInput {
  readonly credentials: SigningCredentials
  readonly roleArn: string
  readonly roleSessionName: string
  readonly externalId?: string | undefined
  readonly sourceIdentity?: string | undefined
}

/** New credentials; `expiration` in epoch milliseconds, like the portal's. */
export interface AssumedCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: Redacted.Redacted<string>
  readonly sessionToken: Redacted.Redacted<string>
  readonly expiration: number
}

export interface CallerIdentity {
  readonly account: string
  readonly arn: string
  readonly userId: string
}

export interface StsClientShape {
  readonly assumeRole: (input: AssumeRoleInput) => Effect.Effect<AssumedCredentials, StsError>
  readonly getCallerIdentity: (credentials: SigningCredentials) => Effect.Effect<CallerIdentity, StsError>
}

/** STS calls; the SDK loads on the first call and its exceptions become `StsError`. */
export class StsClient extends Context.Tag("aws-sso/StsClient")<StsClient, StsClientShape>() {
  static readonly layer = (cfg: AwsClientConfig): Layer.Layer<StsClient> => Layer.scoped(this, makeStsClient(cfg))
}

/**
 * Who the credentials in `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`/`AWS_SESSION_TOKEN` belong to, from
 * the ARN that STS GetCallerIdentity reports.
 */
import { Option } from "effect"

export interface AssumedRole {
  readonly partition: string
  /** 12 digits. */
  readonly accountId: string
  readonly roleName: string
  readonly sessionName: string
  /** The IAM role ARN, `arn:<partition>:iam::<account>:role/<name>`, as the role cache keys roles. */
  readonly roleArn: string
}

// The session part may itself contain `/`-free characters like `@`, `=` and `,`; the role name never has `/`
// in an assumed-role ARN (the role path is dropped). Upstream only accepted `<type>/<name>` and so rejected
// every assumed-role ARN (Appendix A.10).
const assumedRoleArn = /^arn:([a-z-]+):sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/

/** The role behind an `arn:<partition>:sts::<account>:assumed-role/<role>/<session>` ARN. */
export const parseAssumedRoleArn = (arn: string): Option.Option<AssumedRole> => {
  const match = assumedRoleArn.exec(arn)
  if (match === null) return Option.none()
  const [, partition, accountId, roleName, sessionName] = match
  if (partition === undefined || accountId === undefined || roleName === undefined || sessionName === undefined) {
    return Option.none()
  }
  return Option.some({
    partition,
    accountId,
    roleName,
    sessionName,
    roleArn: `arn:${partition}:iam::${accountId}:role/${roleName}`
  })
}

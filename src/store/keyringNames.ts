/**
 * How upstream names its keyring items (service `aws-sso-cli`, the whole store in the item
 * `aws-sso-cli-records`). Free of Effect, so the `process` fast path reads the same item.
 */
export const keyringService = "aws-sso-cli"
export const recordKey = "aws-sso-cli-records"

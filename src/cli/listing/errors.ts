/**
 * Usage errors of `list`, `tags` and the default command, each one readable line. They name what was
 * wrong and, where there is one, the command that shows the valid choices.
 */
import { Data } from "effect"

/** Fields given to `list` (arguments, `$AWS_SSO_FIELDS` or `ListFields`) that it cannot show. */
export class UnsupportedListField extends Data.TaggedError("UnsupportedListField")<{
  readonly fields: ReadonlyArray<string>
}> {
  override get message(): string {
    const names = this.fields.map((field) => `'${field}'`).join(", ")
    return `unsupported field${this.fields.length === 1 ? "" : "s"}: ${names} (run \`aws-sso list -f\` for the list)`
  }
}

/** `--sort` (or `$AWS_SSO_FIELD_SORT`) names no sortable field. */
export class InvalidSortField extends Data.TaggedError("InvalidSortField")<{ readonly field: string }> {
  override get message(): string {
    return this.field === "Tags"
      ? "invalid --sort: cannot sort by Tags"
      : `invalid --sort: invalid field name: ${this.field} (run \`aws-sso list -f\` for the list)`
  }
}

/** `--prefix` is not `<FieldName>=<Prefix>` with a field it can filter on. */
export class InvalidPrefix extends Data.TaggedError("InvalidPrefix")<{
  readonly value: string
  readonly problem: "format" | "field" | "time"
  readonly field: string
}> {
  override get message(): string {
    switch (this.problem) {
      case "format":
        return `--prefix must be in the format of <FieldName>=<Prefix>, got "${this.value}"`
      case "field":
        return `--prefix <FieldName> must be a valid field: ${this.field} (run \`aws-sso list -f\` for the list)`
      case "time":
        return `--prefix cannot filter on ${this.field}: it is a time, not text`
    }
  }
}

/** `--list-fields` and `--csv` were both given. */
export class ListFlagsConflict extends Data.TaggedError("ListFlagsConflict")<{}> {
  override get message(): string {
    return "--list-fields and --csv cannot be used together"
  }
}

/** The selected instance's role cache holds no roles: it was never built (or was just pruned). */
export class NoCachedRoles extends Data.TaggedError("NoCachedRoles")<{ readonly ssoName: string }> {
  override get message(): string {
    return `no AWS roles are cached for the SSO instance ${this.ssoName} yet: ` +
      "run `aws-sso cache` (or `aws-sso login`) to fetch them"
  }
}

/** `--account` is not an AWS account ID. */
export class InvalidAccountFlag extends Data.TaggedError("InvalidAccountFlag")<{ readonly reason: string }> {
  override get message(): string {
    return `--account: ${this.reason}`
  }
}

/** `list-sso-roles` could not list the roles of one account (after retries). */
export class SsoRolesListFailed extends Data.TaggedError("SsoRolesListFailed")<{
  readonly accountId: string
  /** The portal failure's own message. */
  readonly reason: string
}> {
  override get message(): string {
    return `cannot list the AWS SSO roles of account ${this.accountId}: ${this.reason}`
  }
}

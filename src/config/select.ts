/** Chooses the SSO instance of this run (upstream settings load, step 6). */
import { Either } from "effect"
import type { SsoInstance } from "./Settings"

/** Why no instance could be chosen; the loader adds the file position. */
export interface SelectionProblem {
  /** `override` when the name came from `--sso`/`$AWS_SSO`, `DefaultSSO` when from the file (or its default). */
  readonly source: "override" | "DefaultSSO" | "SSOConfig"
  readonly reason: string
}

/**
 * `override` (from `--sso`/`$AWS_SSO`) wins over `DefaultSSO`. A lone instance is used when the
 * name does not match, unless the name was given explicitly on the command line or environment.
 */
export const selectInstance = (
  instances: Readonly<Record<string, SsoInstance>>,
  defaultSso: string,
  override: string | undefined
): Either.Either<SsoInstance, SelectionProblem> => {
  const explicit = override !== undefined && override !== ""
  const name = explicit ? override : defaultSso
  const named = Object.hasOwn(instances, name) ? instances[name] : undefined
  if (named !== undefined) return Either.right(named)
  const names = Object.keys(instances).sort()
  if (names.length === 0) {
    return Either.left({ source: "SSOConfig", reason: "no AWS SSO providers have been configured" })
  }
  const only = names.length === 1 && !explicit ? instances[names[0] ?? ""] : undefined
  if (only !== undefined) return Either.right(only)
  return Either.left({
    source: explicit ? "override" : "DefaultSSO",
    reason: `invalid SSO name '${name}'. Valid options: ${names.join(", ")}`
  })
}

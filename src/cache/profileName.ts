/**
 * The `ProfileNamer` backed by the ProfileFormat template engine (`src/template`).
 */
import { renderProfileName } from "../template"
import type { FlatRole, ProfileNamer } from "./model"

/**
 * Renders `format` (config `ProfileFormat`; "" means `{{ .AccountIdPad }}:{{ .RoleName }}`) for a role.
 * `.ExpiresEpoch` and `.Expires` are unstable by nature and documented as unfit for names: with
 * `nowSeconds`, expired credentials read as 0 / "Expired" as upstream shows them, live ones keep their
 * epoch and an empty `.Expires`; without it, the cached epoch is passed as is.
 */
export const profileNamer = (format: string, nowSeconds?: number): ProfileNamer => (role: FlatRole) => {
  const expired = nowSeconds === undefined ? role.Expires === 0 : role.Expires <= nowSeconds
  return renderProfileName(format, {
    ...role,
    ExpiresEpoch: expired ? 0 : role.Expires,
    Expires: expired ? "Expired" : ""
  })
}

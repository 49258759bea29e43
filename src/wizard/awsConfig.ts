/**
 * The IAM Identity Center instances the AWS CLI already knows (`aws configure sso`), read from
 * ~/.aws/config so the wizard can offer them: `[sso-session NAME]` sections, and the older
 * profiles that carry `sso_start_url` and `sso_region` themselves. Sections inside aws-sso's own
 * managed block are skipped: they were written from this config in the first place.
 */

export interface KnownSsoSession {
  /** The sso-session name, or the profile name for the older form. */
  readonly name: string
  readonly startUrl: string
  readonly region: string
  readonly source: "sso-session" | "profile"
}

const BEGIN = "# BEGIN_AWS_SSO_CLI"
const END = "# END_AWS_SSO_CLI"

const sectionHeader = /^\[\s*([^\]]+?)\s*\]\s*$/
const keyValue = /^([A-Za-z0-9_.-]+)\s*=\s*(.*)$/

export const readKnownSsoSessions = (text: string): ReadonlyArray<KnownSsoSession> => {
  const found: Array<KnownSsoSession> = []
  let inBlock = false
  let section: { readonly kind: "sso-session" | "profile"; readonly name: string } | undefined
  let values: Record<string, string> = {}
  const flush = () => {
    const startUrl = values["sso_start_url"]
    const region = values["sso_region"]
    if (section !== undefined && startUrl && region) {
      found.push({ name: section.name, startUrl, region, source: section.kind })
    }
    values = {}
  }
  for (const raw of text.split(/\r?\n/)) {
    const trimmed = raw.trim()
    if (trimmed.startsWith(BEGIN)) {
      flush()
      section = undefined
      inBlock = true
      continue
    }
    if (trimmed.startsWith(END)) {
      inBlock = false
      continue
    }
    if (inBlock || trimmed === "" || trimmed.startsWith("#") || trimmed.startsWith(";")) continue
    const header = sectionHeader.exec(trimmed)
    if (header !== null) {
      flush()
      const title = header[1]!
      const session = /^sso-session\s+(.+)$/.exec(title)
      const profile = /^profile\s+(.+)$/.exec(title)
      section = session !== null
        ? { kind: "sso-session", name: session[1]!.trim() }
        : profile !== null
        ? { kind: "profile", name: profile[1]!.trim() }
        : title === "default"
        ? { kind: "profile", name: "default" }
        : undefined
      continue
    }
    // Indented lines belong to a nested block (`s3 =` settings); they never hold the SSO keys.
    if (/^\s/.test(raw)) continue
    const kv = keyValue.exec(trimmed)
    if (kv !== null) values[kv[1]!.toLowerCase()] = kv[2]!.trim()
  }
  flush()
  // One entry per instance: sso-sessions first, then profiles that name another start URL.
  const seen = new Set<string>()
  return [...found]
    .sort((a, b) => (a.source === b.source ? 0 : a.source === "sso-session" ? -1 : 1))
    .filter((s) => {
      const id = `${s.startUrl.replace(/\/+$/, "")} ${s.region}`
      if (seen.has(id)) return false
      seen.add(id)
      return true
    })
}

/**
 * Machine-read outputs of the credential commands: the `credential_process` JSON and the
 * `~/.aws/credentials` INI stanzas.
 */
import { formatRfc3339Local } from "../domain/duration"
import type { CredentialValues } from "./environment"

/** ISO 8601 UTC with `Z` and second precision: what every SDK parses, incl. JS fromHttp. */
export const isoUtcSeconds = (epochMs: number): string =>
  new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z")

/** The credential_process contract: exactly these keys, in this order, no trailing newline. */
export const processJson = (c: CredentialValues): string =>
  JSON.stringify({
    Version: 1,
    AccessKeyId: c.accessKeyId,
    SecretAccessKey: c.secretAccessKey,
    SessionToken: c.sessionToken,
    Expiration: isoUtcSeconds(c.expiration)
  })

/** One upstream-format stanza (§4.10): a blank line, the section, the expiry comment, three keys. */
export const credentialsStanza = (profile: string, c: CredentialValues): string =>
  `\n[${profile}]\n# Expires: ${formatRfc3339Local(c.expiration)}\naws_access_key_id = ${c.accessKeyId}\n` +
  `aws_secret_access_key = ${c.secretAccessKey}\naws_session_token = ${c.sessionToken}\n`

const sectionHeader = /^\s*\[\s*([^\]]+?)\s*\]\s*(?:[#;].*)?$/

/**
 * Replaces the sections named in `stanzas` inside an existing credentials file and keeps every
 * other line byte for byte; profiles not present yet are appended at the end.
 */
export const mergeCredentialsFile = (existing: string, stanzas: ReadonlyMap<string, string>): string => {
  const lines = existing === "" ? [] : existing.split(/(?<=\n)/)
  const out: Array<string> = []
  const written = new Set<string>()
  let skipping = false
  for (const l of lines) {
    const header = sectionHeader.exec(l.replace(/\r?\n$/, ""))
    if (header) {
      const name = header[1]!
      skipping = stanzas.has(name)
      if (skipping && !written.has(name)) {
        // The stanza starts with a blank line of its own; drop one blank line we already kept.
        if (out.length > 0 && out[out.length - 1]!.trim() === "") out.pop()
        out.push(stanzas.get(name)!.replace(/^\n/, out.length > 0 ? "\n" : ""))
        written.add(name)
      }
      if (skipping) continue
      if (out.length > 0 && out[out.length - 1]!.trim() !== "") out.push("\n")
    }
    if (!skipping) out.push(l)
  }
  let text = out.join("")
  for (const [name, stanza] of stanzas) {
    if (written.has(name)) continue
    if (text !== "" && !text.endsWith("\n")) text += "\n"
    text += stanza
  }
  return text
}

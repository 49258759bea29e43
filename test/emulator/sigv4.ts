/**
 * Just enough SigV4 to know who is calling: the access key id from the credential scope and the session
 * token, from headers or (for presigned requests) the query string. The signature itself is not verified;
 * what matters for tests is that the keys were issued here and are still valid.
 */
import type { IncomingHttpHeaders } from "node:http"
import { headerValue } from "./http"

export interface SigV4Identity {
  accessKeyId: string
  sessionToken: string | undefined
}

const credentialPattern = /Credential=([^/,\s]+)\//

export const sigV4Identity = (headers: IncomingHttpHeaders, query: URLSearchParams): SigV4Identity | undefined => {
  const authorization = headerValue(headers, "authorization")
  const fromHeader =
    authorization?.startsWith("AWS4-HMAC-SHA256 ") === true ? credentialPattern.exec(authorization)?.[1] : undefined
  const fromQuery = query.get("X-Amz-Credential")?.split("/")[0]
  const accessKeyId = fromHeader ?? fromQuery
  if (accessKeyId === undefined || accessKeyId === "") return undefined
  const sessionToken = headerValue(headers, "x-amz-security-token") ?? query.get("X-Amz-Security-Token") ?? undefined
  return { accessKeyId, sessionToken }
}

/**
 * SHA-256 hex of bytes or text (UTF-8), with Bun's native hasher: loading node:crypto costs a
 * noticeable part of a short command's start (it pulls in Node's stream machinery).
 */
export const sha256Hex = (data: string | Uint8Array): string =>
  new Bun.CryptoHasher("sha256").update(data).digest("hex")

/**
 * An independent JWE implementation for the file-store tests, written from RFC 7516/7518 with
 * node:crypto only: PBES2-HS256+A128KW (PBKDF2-SHA256 with salt = UTF8(alg) || 0x00 || p2s, then
 * AES-128 key wrap) and A256GCM with the ASCII of the encoded protected header as AAD.
 *
 * Bun's node:crypto has no "aes128-wrap" cipher, so the RFC 3394 key wrap is built here from single
 * AES-128-ECB block operations, which also keeps this helper independent of `jose`.
 */
import * as crypto from "node:crypto"

const alg = "PBES2-HS256+A128KW"
const enc = "A256GCM"
const initialValue = Buffer.from("A6A6A6A6A6A6A6A6", "hex")

const b64url = (bytes: Uint8Array | string): string => Buffer.from(bytes).toString("base64url")
const fromB64url = (text: string): Buffer => Buffer.from(text, "base64url")

const aesBlock = (key: Buffer, block: Buffer, decrypt: boolean): Buffer => {
  const cipher = decrypt
    ? crypto.createDecipheriv("aes-128-ecb", key, null)
    : crypto.createCipheriv("aes-128-ecb", key, null)
  cipher.setAutoPadding(false)
  return Buffer.concat([cipher.update(block), cipher.final()])
}

const xorCounter = (a: Buffer, t: number): Buffer => {
  const out = Buffer.from(a)
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(t))
  for (let i = 0; i < 8; i++) out[i] = (out[i] ?? 0) ^ (counter[i] ?? 0)
  return out
}

/** RFC 3394 section 2.2.1. */
export const aesKeyWrap = (kek: Buffer, plain: Buffer): Buffer => {
  const n = plain.length / 8
  let a: Buffer = Buffer.from(initialValue)
  const r = Array.from({ length: n }, (_, i) => plain.subarray(i * 8, i * 8 + 8))
  for (let j = 0; j <= 5; j++) {
    for (let i = 1; i <= n; i++) {
      const b = aesBlock(kek, Buffer.concat([a, r[i - 1] ?? Buffer.alloc(8)]), false)
      a = xorCounter(b.subarray(0, 8), n * j + i)
      r[i - 1] = b.subarray(8)
    }
  }
  return Buffer.concat([a, ...r])
}

/** RFC 3394 section 2.2.2; throws when the integrity check fails (a wrong password). */
export const aesKeyUnwrap = (kek: Buffer, wrapped: Buffer): Buffer => {
  const n = wrapped.length / 8 - 1
  let a = wrapped.subarray(0, 8)
  const r = Array.from({ length: n }, (_, i) => wrapped.subarray(8 + i * 8, 16 + i * 8))
  for (let j = 5; j >= 0; j--) {
    for (let i = n; i >= 1; i--) {
      const b = aesBlock(kek, Buffer.concat([xorCounter(a, n * j + i), r[i - 1] ?? Buffer.alloc(8)]), true)
      a = b.subarray(0, 8)
      r[i - 1] = b.subarray(8)
    }
  }
  if (!a.equals(initialValue)) throw new Error("AES key unwrap integrity check failed")
  return Buffer.concat(r)
}

const deriveKek = (password: string, p2s: Buffer, p2c: number): Buffer => {
  const salt = Buffer.concat([Buffer.from(alg, "utf8"), Buffer.from([0]), p2s])
  return crypto.pbkdf2Sync(Buffer.from(password, "utf8"), salt, p2c, 16, "sha256")
}

export interface HandJweOptions {
  readonly p2c?: number
  readonly p2s?: Buffer
  /** Extra protected-header members, such as upstream's "created". */
  readonly extraHeader?: Record<string, unknown>
}

/** Builds a JWE compact serialization of `payload`, as the Go library would. */
export const handEncrypt = (payload: string, password: string, options: HandJweOptions = {}): string => {
  const p2c = options.p2c ?? 8192
  const p2s = options.p2s ?? crypto.randomBytes(12)
  const header = { alg, enc, p2c, p2s: b64url(p2s), ...options.extraHeader }
  const protectedHeader = b64url(JSON.stringify(header))
  const cek = crypto.randomBytes(32)
  const encryptedKey = aesKeyWrap(deriveKek(password, p2s, p2c), cek)
  const iv = crypto.randomBytes(12)
  const gcm = crypto.createCipheriv("aes-256-gcm", cek, iv)
  gcm.setAAD(Buffer.from(protectedHeader, "ascii"))
  const ciphertext = Buffer.concat([gcm.update(Buffer.from(payload, "utf8")), gcm.final()])
  return [protectedHeader, b64url(encryptedKey), b64url(iv), b64url(ciphertext), b64url(gcm.getAuthTag())].join(".")
}

/** Decrypts a PBES2-HS256+A128KW / A256GCM JWE compact string; returns the header and the payload text. */
export const handDecrypt = (jwe: string, password: string): { header: Record<string, unknown>; payload: string } => {
  const [protectedHeader = "", encryptedKey = "", iv = "", ciphertext = "", tag = ""] = jwe.trim().split(".")
  const header = JSON.parse(fromB64url(protectedHeader).toString("utf8"))
  if (header.alg !== alg || header.enc !== enc) throw new Error(`unexpected algorithms ${header.alg}/${header.enc}`)
  const cek = aesKeyUnwrap(deriveKek(password, fromB64url(header.p2s), header.p2c), fromB64url(encryptedKey))
  const gcm = crypto.createDecipheriv("aes-256-gcm", cek, fromB64url(iv))
  gcm.setAAD(Buffer.from(protectedHeader, "ascii"))
  gcm.setAuthTag(fromB64url(tag))
  const payload = Buffer.concat([gcm.update(fromB64url(ciphertext)), gcm.final()]).toString("utf8")
  return { header, payload }
}

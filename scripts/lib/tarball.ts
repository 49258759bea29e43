/**
 * Just enough of tar and Subresource Integrity to take one file out of an npm tarball after
 * checking it against the registry's `dist.integrity`, without depending on a system `tar`.
 */
import { createHash } from "node:crypto"
import { gunzipSync } from "node:zlib"

const BLOCK = 512

const cString = (block: Uint8Array, start: number, length: number): string => {
  const field = block.subarray(start, start + length)
  const end = field.indexOf(0)
  return Buffer.from(end === -1 ? field : field.subarray(0, end)).toString("utf8")
}

const octal = (block: Uint8Array, start: number, length: number): number => {
  const text = cString(block, start, length).trim()
  return text === "" ? 0 : parseInt(text, 8)
}

/** Long names arrive in a pax header (`x`) that applies to the entry after it. */
const paxPath = (data: Uint8Array): string | undefined => {
  const text = Buffer.from(data).toString("utf8")
  const match = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(text)
  return match?.[1]
}

/** The contents of the regular file named `wanted` in a gzipped tar, or undefined when it is absent. */
export const extractFromTarGz = (tgz: Uint8Array, wanted: string): Uint8Array | undefined => {
  const tar = gunzipSync(tgz)
  let offset = 0
  let nextPath: string | undefined
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK)
    if (header.every((byte) => byte === 0)) return undefined
    const size = octal(header, 124, 12)
    const type = String.fromCharCode(header[156] ?? 0)
    const prefix = cString(header, 345, 155)
    const name = nextPath ?? (prefix === "" ? cString(header, 0, 100) : `${prefix}/${cString(header, 0, 100)}`)
    const data = tar.subarray(offset + BLOCK, offset + BLOCK + size)
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK
    if (type === "x") {
      nextPath = paxPath(data)
      continue
    }
    nextPath = undefined
    if ((type === "0" || type === "\0") && name === wanted) return new Uint8Array(data)
  }
  return undefined
}

/** `sha512-<base64>` of `bytes`, the form npm records in `dist.integrity` and package-lock.json. */
export const sha512Integrity = (bytes: Uint8Array): string =>
  `sha512-${createHash("sha512").update(bytes).digest("base64")}`

/** True when one of the sha512 entries of an SRI string matches `bytes`. Other algorithms are not trusted. */
export const matchesIntegrity = (bytes: Uint8Array, integrity: string): boolean => {
  const actual = sha512Integrity(bytes)
  return integrity.split(/\s+/).some((entry) => entry.split("?")[0] === actual)
}

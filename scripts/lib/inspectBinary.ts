/**
 * Checks a compiled binary without running it, so cross-compiled targets get verified too: the
 * executable header (ELF machine, Mach-O CPU type, PE machine) and the module graph Bun appends
 * (is our bytecode there, is the keyring addon there).
 */
import type { CpuArch, ExecutableFormat } from "./targets"

export interface ExecutableHeader {
  readonly format: ExecutableFormat | "unknown"
  /** The CPU the header names; anything other than our two is shown as its raw machine code. */
  readonly arch: CpuArch | string
}

const hex = (value: number): string => `0x${value.toString(16)}`

const elfMachines: Record<number, CpuArch> = { 0x3e: "x64", 0xb7: "arm64" }
const machoCpuTypes: Record<number, CpuArch> = { 0x01000007: "x64", 0x0100000c: "arm64" }
const peMachines: Record<number, CpuArch> = { 0x8664: "x64", 0xaa64: "arm64" }

const view = (bytes: Uint8Array): DataView => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)

export const readExecutableHeader = (bytes: Uint8Array): ExecutableHeader => {
  const data = view(bytes)
  const has = (length: number): boolean => bytes.byteLength >= length
  // ELF: "\x7fELF", 64-bit class, little-endian, e_machine at 18.
  if (has(20) && data.getUint32(0, false) === 0x7f454c46) {
    if (bytes[4] !== 2 || bytes[5] !== 1) return { format: "elf", arch: `class ${bytes[4]} data ${bytes[5]}` }
    const machine = data.getUint16(18, true)
    return { format: "elf", arch: elfMachines[machine] ?? hex(machine) }
  }
  // Mach-O 64-bit, little-endian: magic 0xfeedfacf, cputype right after it.
  if (has(8) && data.getUint32(0, true) === 0xfeedfacf) {
    const cpu = data.getUint32(4, true)
    return { format: "macho", arch: machoCpuTypes[cpu] ?? hex(cpu) }
  }
  // PE: "MZ", e_lfanew at 0x3c points at "PE\0\0", the COFF machine follows.
  if (has(0x40) && bytes[0] === 0x4d && bytes[1] === 0x5a) {
    const pe = data.getUint32(0x3c, true)
    if (has(pe + 6) && data.getUint32(pe, false) === 0x50450000) {
      const machine = data.getUint16(pe + 4, true)
      return { format: "pe", arch: peMachines[machine] ?? hex(machine) }
    }
  }
  return { format: "unknown", arch: "unknown" }
}

const graphTrailer = Buffer.from("\n---- Bun! ----\n")
/** Size of the offsets record between the graph and the trailer; its first field is the graph's byte count. */
const graphOffsetsSize = 32

/**
 * The standalone module graph Bun writes into a `--compile` binary (sources, bytecode, embedded
 * files): `<graph><offsets record><trailer>`, the record giving the graph's length. Undefined when
 * the binary has none.
 */
export const moduleGraph = (binary: Uint8Array): Uint8Array | undefined => {
  const buffer = Buffer.from(binary.buffer, binary.byteOffset, binary.byteLength)
  const offsets = buffer.lastIndexOf(graphTrailer) - graphOffsetsSize
  if (offsets < 0) return undefined
  const byteCount = Number(view(binary).getBigUint64(offsets, true))
  if (byteCount === 0 || byteCount > offsets) return undefined
  return binary.subarray(offsets - byteCount, offsets)
}

/** Bun marks every module it compiled to bytecode with this pragma. */
const bytecodePragma = Buffer.from("// @bun @bytecode")

export const hasBytecode = (graph: Uint8Array): boolean =>
  Buffer.from(graph.buffer, graph.byteOffset, graph.byteLength).includes(bytecodePragma)

export const containsBytes = (graph: Uint8Array, needle: Uint8Array): boolean =>
  needle.byteLength > 0 && Buffer.from(graph.buffer, graph.byteOffset, graph.byteLength).includes(needle)

export type MachoSignature =
  | { readonly state: "unsigned" }
  | { readonly state: "valid"; readonly pages: number }
  | { readonly state: "stale"; readonly pages: number; readonly badPages: number }

const LC_CODE_SIGNATURE = 0x1d
const CSMAGIC_EMBEDDED_SIGNATURE = 0xfade0cc0
const CSMAGIC_CODEDIRECTORY = 0xfade0c02

/**
 * Checks the page hashes of a Mach-O's code signature against the file. Apple Silicon refuses to
 * run code whose signature does not match, and Bun writes its module graph into the binary after
 * the runtime was signed, so a signature that was not redone is "stale".
 */
export const machoSignature = (binary: Uint8Array): MachoSignature => {
  const data = view(binary)
  const commands = data.getUint32(16, true)
  let at = 32
  let signature: { offset: number; size: number } | undefined
  for (let i = 0; i < commands && at + 16 <= binary.byteLength; i++) {
    if (data.getUint32(at, true) === LC_CODE_SIGNATURE) {
      signature = { offset: data.getUint32(at + 8, true), size: data.getUint32(at + 12, true) }
    }
    at += data.getUint32(at + 4, true)
  }
  if (signature === undefined || signature.offset + 12 > binary.byteLength) return { state: "unsigned" }
  // The signature blobs are big-endian, unlike the rest of the file.
  const superBlob = signature.offset
  if (data.getUint32(superBlob, false) !== CSMAGIC_EMBEDDED_SIGNATURE) return { state: "unsigned" }
  const blobs = data.getUint32(superBlob + 8, false)
  for (let i = 0; i < blobs; i++) {
    const type = data.getUint32(superBlob + 12 + i * 8, false)
    const directory = superBlob + data.getUint32(superBlob + 16 + i * 8, false)
    if (type !== 0 || data.getUint32(directory, false) !== CSMAGIC_CODEDIRECTORY) continue
    const hashOffset = data.getUint32(directory + 16, false)
    const pages = data.getUint32(directory + 28, false)
    const codeLimit = data.getUint32(directory + 32, false)
    const hashSize = data.getUint8(directory + 36)
    const algorithm = data.getUint8(directory + 37) === 2 ? "sha256" : "sha1"
    const pageSize = 2 ** data.getUint8(directory + 39)
    let badPages = 0
    for (let page = 0; page < pages; page++) {
      const content = binary.subarray(page * pageSize, Math.min((page + 1) * pageSize, codeLimit))
      const actual = new Bun.CryptoHasher(algorithm).update(content).digest().subarray(0, hashSize)
      const slot = directory + hashOffset + page * hashSize
      if (!actual.equals(binary.subarray(slot, slot + hashSize))) badPages++
    }
    // Everything before the signature must be covered, or the appended graph is unsigned.
    const uncovered = codeLimit < signature.offset
    return badPages === 0 && !uncovered ? { state: "valid", pages } : { state: "stale", pages, badPages }
  }
  return { state: "unsigned" }
}

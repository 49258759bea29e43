/**
 * A backend as upstream's keyring library sees it: named byte items. The store keeps its whole
 * document in one item, `aws-sso-cli-records`; on Windows upstream splits it into 2000-byte chunks
 * (`…_0`, `…_1`, …; chunk 0 starts with the payload length as an 8-byte big-endian integer) because
 * Windows Credential Manager caps a secret's size. We do the same so both tools read each other.
 */
import { Effect, Option } from "effect"
import type { SecureStoreError } from "./errors"
import { StoreCorrupt } from "./errors"
import { recordKey } from "./keyringNames"

export interface ItemStore<E = SecureStoreError> {
  readonly get: (key: string) => Effect.Effect<Option.Option<Uint8Array>, E>
  readonly set: (key: string, data: Uint8Array) => Effect.Effect<void, E>
  /** Removes the item and tells whether there was one; a missing item is not an error. */
  readonly remove: (key: string) => Effect.Effect<boolean, E>
}

/** The one stored item, in whole or in chunks. */
export interface RecordIo {
  readonly read: Effect.Effect<Option.Option<Uint8Array>, SecureStoreError>
  readonly write: (data: Uint8Array) => Effect.Effect<void, SecureStoreError>
}

export { recordKey }
export const chunkPayloadBytes = 2000

export const chunkKey = (key: string, index: number): string => `${key}_${index}`

/** Upstream's Windows split: length prefix on chunk 0, then at most 2000 payload bytes per chunk. */
export const splitIntoChunks = (data: Uint8Array): ReadonlyArray<Uint8Array> => {
  const prefix = new Uint8Array(8)
  new DataView(prefix.buffer).setBigUint64(0, BigInt(data.length))
  const chunks: Array<Uint8Array> = []
  for (let offset = 0; offset === 0 || offset < data.length; offset += chunkPayloadBytes) {
    const payload = data.subarray(offset, offset + chunkPayloadBytes)
    chunks.push(offset === 0 ? concatBytes([prefix, payload]) : payload)
  }
  return chunks
}

const concatBytes = (parts: ReadonlyArray<Uint8Array>): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

export const singleItemRecord = (items: ItemStore, key: string): RecordIo => ({
  read: items.get(key),
  write: (data) => items.set(key, data)
})

export const chunkedRecord = (items: ItemStore, key: string, location: string): RecordIo => {
  const corrupt = (detail: string) => new StoreCorrupt({ location, detail })
  return {
    read: Effect.gen(function*() {
      const first = yield* items.get(chunkKey(key, 0))
      if (Option.isNone(first)) return Option.none()
      if (first.value.length < 8) return yield* corrupt(`chunk 0 holds only ${first.value.length} bytes`)
      const total = Number(new DataView(first.value.buffer, first.value.byteOffset, 8).getBigUint64(0))
      const parts = [first.value.subarray(8)]
      let read = parts[0]?.length ?? 0
      for (let index = 1; read < total; index++) {
        const chunk = yield* items.get(chunkKey(key, index))
        if (Option.isNone(chunk)) return yield* corrupt(`chunk ${index} is missing`)
        parts.push(chunk.value)
        read += chunk.value.length
      }
      if (read !== total) return yield* corrupt(`expected ${total} bytes but read ${read}`)
      return Option.some(concatBytes(parts))
    }),
    write: (data) =>
      Effect.gen(function*() {
        const chunks = splitIntoChunks(data)
        yield* Effect.forEach(chunks, (chunk, index) => items.set(chunkKey(key, index), chunk), { discard: true })
        // Leftover chunks of a longer earlier record are ignored by readers; remove them anyway.
        for (let index = chunks.length; yield* items.remove(chunkKey(key, index)); index++) {
          // removed one more leftover chunk
        }
      })
  }
}

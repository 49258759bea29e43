/**
 * `--server host:port` of the ECS client commands. Unlike upstream, an IPv6 address works when it
 * is in brackets (`[::1]:4144`), and a bad value is an error instead of a crash.
 */
import { Either } from "effect"
import { EcsServerAddressInvalid } from "./errors"

export const defaultEcsServer = "localhost:4144"
export const defaultEcsPort = 4144

export interface EcsServerAddress {
  /** As it goes in a URL: a name, an IPv4 address or a bracketed IPv6 address. */
  readonly host: string
  readonly port: number
}

const hostName = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/

export const parseEcsServerAddress = (
  value: string,
  source: string
): Either.Either<EcsServerAddress, EcsServerAddressInvalid> => {
  const invalid = (reason: string) => Either.left(new EcsServerAddressInvalid({ value, source, reason }))
  const text = value.trim()
  let host: string
  let portText: string
  if (text.startsWith("[")) {
    const close = text.indexOf("]")
    if (close === -1 || text[close + 1] !== ":") return invalid("expected [IPv6-address]:port")
    host = text.slice(0, close + 1)
    portText = text.slice(close + 2)
    if (!/^\[[0-9A-Fa-f:.]+(%[A-Za-z0-9]+)?\]$/.test(host)) return invalid("not an IPv6 address in brackets")
  } else {
    const colons = text.split(":").length - 1
    if (colons > 1) return invalid("put an IPv6 address in brackets: [address]:port")
    if (colons === 0) return invalid("expected host:port")
    const at = text.lastIndexOf(":")
    host = text.slice(0, at)
    portText = text.slice(at + 1)
    if (!hostName.test(host)) return invalid("expected host:port")
  }
  if (!/^\d{1,5}$/.test(portText)) return invalid("the port must be a number from 1 to 65535")
  const port = Number(portText)
  if (port < 1 || port > 65535) return invalid("the port must be a number from 1 to 65535")
  return Either.right({ host, port })
}

/** A listen address or Host name as a URL normalises it (`127.1` is `127.0.0.1`, IPv6 compressed in brackets). */
const normalHost = (host: string): string | undefined => {
  const bare = host.trim().replace(/\.$/, "")
  if (bare === "") return undefined
  try {
    return new URL(`http://${bare.includes(":") && !bare.startsWith("[") ? `[${bare}]` : bare}/`).hostname
  } catch {
    return undefined
  }
}

/** Whether a name stays on this machine: 127.0.0.0/8, ::1 (also IPv4-mapped) or `localhost`. */
const isLoopbackName = (host: string | undefined): boolean => {
  if (host === undefined) return false
  const name = host.replace(/\.$/, "")
  if (name === "localhost" || name === "[::1]") return true
  if (/^127\.\d+\.\d+\.\d+$/.test(name)) return true
  // URL writes ::ffff:127.0.0.1 as [::ffff:7f00:1].
  const mapped = /^\[::ffff:([0-9a-f]{1,4}):[0-9a-f]{1,4}\]$/.exec(name)
  return mapped !== null && parseInt(mapped[1]!, 16) >> 8 === 127
}

/** Whether the ECS server listening on `bindIp` can be reached only from this machine. */
export const isLoopbackAddress = (bindIp: string): boolean => isLoopbackName(normalHost(bindIp))

/**
 * Whether a request's `Host` header names this machine. A server on loopback can still be reached
 * by a web page through DNS rebinding (a name of the attacker's that resolves to 127.0.0.1); the
 * browser then sends that name as `Host`. Clients that send no `Host` at all are not browsers.
 */
export const isLoopbackHostHeader = (header: string | undefined): boolean => {
  if (header === undefined) return true
  try {
    return isLoopbackName(new URL(`http://${header.trim()}/`).hostname)
  } catch {
    return false
  }
}

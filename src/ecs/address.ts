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

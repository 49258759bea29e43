/**
 * Firefox container URLs for the `granted-containers` and `open-url-in-container` actions.
 * The valid colours and icons are the ones both browser extensions accept.
 */
import { Effect } from "effect"

export const containerColors = [
  "blue",
  "turquoise",
  "green",
  "yellow",
  "orange",
  "red",
  "pink",
  "purple"
] as const

export const containerIcons = [
  "fingerprint",
  "briefcase",
  "dollar",
  "cart",
  "gift",
  "vacation",
  "food",
  "fruit",
  "pet",
  "tree",
  "chill",
  "circle"
] as const

/** Which extension URL scheme to build. */
export type ContainerScheme = "granted-containers" | "open-url-in-container"

const schemePrefix: Record<ContainerScheme, string> = {
  "granted-containers": "ext+granted-containers:",
  "open-url-in-container": "ext+container:"
}

const unreserved = /^[A-Za-z0-9\-_.~]$/

const isUnreserved = (byte: number): boolean => byte < 0x80 && unreserved.test(String.fromCharCode(byte))

/**
 * Go's `url.QueryEscape`: UTF-8 bytes outside [A-Za-z0-9-_.~] become `%XX` (upper-case hex) and a
 * space becomes `+`. `encodeURIComponent` differs (it keeps `!*'()` and writes `%20`), and the
 * extensions were written against upstream's output.
 */
export const queryEscape = (s: string): string => {
  let out = ""
  for (const byte of new TextEncoder().encode(s)) {
    if (isUnreserved(byte)) out += String.fromCharCode(byte)
    else if (byte === 0x20) out += "+"
    else out += "%" + byte.toString(16).toUpperCase().padStart(2, "0")
  }
  return out
}

/**
 * Picks an option from the container name alone, so the same profile always gets the same colour
 * and icon: the UTF-8 bytes are summed in a byte (mod 256) as upstream does, then taken mod the list length.
 */
export const pickFor = <T extends string>(name: string, options: ReadonlyArray<T>): T => {
  let sum = 0
  for (const byte of new TextEncoder().encode(name)) sum = (sum + byte) % 256
  return options[sum % options.length] as T
}

const resolveOption = <T extends string>(
  kind: string,
  value: string | undefined,
  name: string,
  options: ReadonlyArray<T>
): Effect.Effect<T> => {
  if (value !== undefined && (options as ReadonlyArray<string>).includes(value)) return Effect.succeed(value as T)
  const picked = pickFor(name, options)
  return value
    ? Effect.as(Effect.logWarning(`Invalid container ${kind} "${value}"; using "${picked}"`), picked)
    : Effect.succeed(picked)
}

/** The container colour: `color` when valid, else the name's deterministic pick (warning when it was set). */
export const containerColor = (name: string, color?: string): Effect.Effect<string> =>
  resolveOption("color", color, name, containerColors)

/** The container icon: `icon` when valid, else the name's deterministic pick (warning when it was set). */
export const containerIcon = (name: string, icon?: string): Effect.Effect<string> =>
  resolveOption("icon", icon, name, containerIcons)

/**
 * `<prefix>name=<name>&url=<QueryEscape(url)>&color=<c>&icon=<i>`. The name goes in unescaped, as
 * upstream writes it, so existing extension setups see the same container names.
 */
export const containerUrl = (
  scheme: ContainerScheme,
  url: string,
  container: { readonly name: string; readonly color?: string | undefined; readonly icon?: string | undefined }
): Effect.Effect<string> =>
  Effect.all([containerColor(container.name, container.color), containerIcon(container.name, container.icon)]).pipe(
    Effect.map(([color, icon]) =>
      `${schemePrefix[scheme]}name=${container.name}&url=${queryEscape(url)}&color=${color}&icon=${icon}`
    )
  )

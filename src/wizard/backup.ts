/**
 * The copy of config.yaml kept before the wizard rewrites it: `<base>.<YYYY-MM-DD-HH:MM:SS><ext>`
 * next to the file, as upstream names it (colons become dashes on Windows, where they are not
 * allowed in file names).
 */
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { describeFsError, FileWriteError } from "../os/errors"

const two = (n: number) => String(n).padStart(2, "0")

export const backupName = (file: string, epochMs: number, platform: NodeJS.Platform = process.platform): string => {
  const d = new Date(epochMs)
  const time = [two(d.getHours()), two(d.getMinutes()), two(d.getSeconds())].join(platform === "win32" ? "-" : ":")
  const stamp = `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}-${time}`
  const ext = path.extname(file)
  return path.join(path.dirname(file), `${path.basename(file, ext)}.${stamp}${ext}`)
}

/** Copies `file` to `target` with mode 0600 (the config may name secrets' locations). */
export const copyBackup = (file: string, target: string): Effect.Effect<void, FileWriteError> =>
  Effect.try({
    try: () => {
      fs.copyFileSync(file, target, fs.constants.COPYFILE_EXCL)
      fs.chmodSync(target, 0o600)
    },
    catch: (error) => new FileWriteError({ path: target, reason: describeFsError(error) })
  })

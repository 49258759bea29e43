/**
 * Small synchronous file helpers for the cases where "missing" is a normal answer, not an error.
 */
import * as fs from "node:fs"
import { errorCode } from "./errors"

/** The file's UTF-8 text, or undefined when it does not exist; other errors are thrown. */
export const readTextIfExistsSync = (file: string): string | undefined => {
  try {
    return fs.readFileSync(file, "utf8")
  } catch (error) {
    if (errorCode(error) === "ENOENT") return undefined
    throw error
  }
}

/** Deletes the file and tells whether it existed; other errors are thrown. */
export const removeIfExistsSync = (file: string): boolean => {
  try {
    fs.unlinkSync(file)
    return true
  } catch (error) {
    if (errorCode(error) === "ENOENT") return false
    throw error
  }
}

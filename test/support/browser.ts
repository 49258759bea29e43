#!/usr/bin/env bun
/**
 * A stand-in for the user's browser, used as `UrlAction: exec` in tests and the demo: it
 * "visits" the URL it is given and follows redirects, which approves a device code at the
 * emulator's /device page, or walks the PKCE /authorize redirect back to aws-sso's loopback
 * listener. With BROWSER_LOG set, it appends each URL it opened to that file.
 */
import * as fs from "node:fs"

const url = process.argv[2]
if (!url) {
  process.stderr.write("usage: browser.ts URL\n")
  process.exit(2)
}
if (process.env.BROWSER_LOG) fs.appendFileSync(process.env.BROWSER_LOG, url + "\n")
const response = await fetch(url, { redirect: "follow" })
await response.text()
process.exit(response.ok ? 0 : 1)

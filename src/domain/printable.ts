/**
 * Text from AWS (account names and aliases, role names, tags) or from a cache someone may have
 * edited, made safe to print: control characters would otherwise reach the terminal as escape
 * sequences (retitle the window, rewrite lines above, hide text), and bidirectional overrides
 * reorder what is shown. They are written out as `\xNN` / `\uNNNN`; all other text is unchanged.
 */

// C0, DEL and C1 controls (ESC, CSI 0x9b, BEL, CR, …), the line and paragraph separators, and the
// bidirectional embeddings, overrides and isolates.
const unprintable = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

const escape = (ch: string): string => {
  const code = ch.charCodeAt(0)
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`
}

/** Whether `text` holds a character that `printable` rewrites. */
export const hasUnprintable = (text: string): boolean => text.search(unprintable) !== -1

/** `text` with every control or reordering character written out as an escape. */
export const printable = (text: string): string => text.replace(unprintable, escape)

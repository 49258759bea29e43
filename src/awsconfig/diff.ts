/**
 * Unified diffs (as `diff -u` prints them) of two versions of a text file, for showing what
 * `setup profiles` is about to change. Myers' algorithm on whole lines, after cutting the common
 * head and tail; past `maxEdits` changes the middle is shown as one replacement instead, which is
 * still a correct diff and keeps time and memory bounded for a huge first write.
 */

export interface DiffOptions {
  /** Unchanged lines around each change; default 3. */
  readonly context?: number
  /** Above this many inserted plus deleted lines, skip the search for a minimal script. */
  readonly maxEdits?: number
}

type Op =
  | { readonly kind: " "; readonly a: number; readonly b: number }
  | { readonly kind: "-"; readonly a: number }
  | { readonly kind: "+"; readonly b: number }

// Lines keep their "\n", so a last line without one differs from the same text with one.
const splitLines = (text: string): ReadonlyArray<string> => (text === "" ? [] : text.split(/(?<=\n)/))

/** The shortest edit script from `a` to `b` (indexes relative to the slices), or undefined past `maxEdits`. */
const myers = (a: ReadonlyArray<string>, b: ReadonlyArray<string>, maxEdits: number): Array<Op> | undefined => {
  const n = a.length
  const m = b.length
  const limit = Math.min(n + m, maxEdits)
  const offset = limit + 1
  const v = new Int32Array(2 * limit + 3)
  const trace: Array<Int32Array> = []
  let found = -1
  search: for (let d = 0; d <= limit; d++) {
    // Iteration d reads only the diagonals -(d-1)..(d-1) written by iteration d-1.
    trace.push(v.slice(offset - d, offset + d + 1))
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
        ? v[offset + k + 1]!
        : v[offset + k - 1]! + 1
      let y = x - k
      while (x < n && y < m && a[x] === b[y]) {
        x++
        y++
      }
      v[offset + k] = x
      if (x >= n && y >= m) {
        found = d
        break search
      }
    }
  }
  if (found < 0) return undefined
  const ops: Array<Op> = []
  let x = n
  let y = m
  for (let d = found; d > 0; d--) {
    const snapshot = trace[d]!
    const at = (k: number) => snapshot[k + d]!
    const k = x - y
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1
    const prevX = at(prevK)
    const prevY = prevX - prevK
    while (x > prevX && y > prevY) ops.push({ kind: " ", a: --x, b: --y })
    if (x === prevX) ops.push({ kind: "+", b: --y })
    else ops.push({ kind: "-", a: --x })
  }
  while (x > 0 && y > 0) ops.push({ kind: " ", a: --x, b: --y })
  return ops.reverse()
}

const editScript = (a: ReadonlyArray<string>, b: ReadonlyArray<string>, maxEdits: number): Array<Op> => {
  let head = 0
  while (head < a.length && head < b.length && a[head] === b[head]) head++
  let tail = 0
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++
  const midA = a.slice(head, a.length - tail)
  const midB = b.slice(head, b.length - tail)
  const middle = myers(midA, midB, maxEdits) ?? [
    ...midA.map((_, i): Op => ({ kind: "-", a: i })),
    ...midB.map((_, i): Op => ({ kind: "+", b: i }))
  ]
  const ops: Array<Op> = []
  for (let i = 0; i < head; i++) ops.push({ kind: " ", a: i, b: i })
  for (const op of middle) {
    if (op.kind === " ") ops.push({ kind: " ", a: op.a + head, b: op.b + head })
    else if (op.kind === "-") ops.push({ kind: "-", a: op.a + head })
    else ops.push({ kind: "+", b: op.b + head })
  }
  for (let i = tail; i > 0; i--) ops.push({ kind: " ", a: a.length - i, b: b.length - i })
  return ops
}

// `diff -u`: a one-line range is just its start; an empty one names the line before it.
const range = (start: number, count: number): string =>
  count === 1 ? `${start + 1}` : `${count === 0 ? start : start + 1},${count}`

const printLine = (prefix: string, line: string): string =>
  line.endsWith("\n") ? `${prefix}${line}` : `${prefix}${line}\n\\ No newline at end of file\n`

/**
 * `--- <oldName>` / `+++ <newName>` and the hunks turning `before` into `after`; "" when they are equal.
 */
export const unifiedDiff = (
  before: string,
  after: string,
  oldName: string,
  newName: string,
  options: DiffOptions = {}
): string => {
  if (before === after) return ""
  const context = options.context ?? 3
  const a = splitLines(before)
  const b = splitLines(after)
  const ops = editScript(a, b, options.maxEdits ?? 2000)
  let out = `--- ${oldName}\n+++ ${newName}\n`
  let i = 0
  while (i < ops.length) {
    while (i < ops.length && ops[i]!.kind === " ") i++
    if (i === ops.length) break
    // A hunk: from `context` lines before this change up to `context` lines after the last change
    // that is at most 2 * context unchanged lines away from the previous one.
    const start = Math.max(0, i - context)
    let end = i
    let lastChange = i
    while (end < ops.length) {
      if (ops[end]!.kind !== " ") lastChange = end
      else if (end - lastChange > 2 * context) break
      end++
    }
    end = Math.min(ops.length, lastChange + context + 1)
    const hunk = ops.slice(start, end)
    let aStart = -1
    let bStart = -1
    let aCount = 0
    let bCount = 0
    for (const op of hunk) {
      if (op.kind !== "+") {
        if (aStart < 0) aStart = op.a
        aCount++
      }
      if (op.kind !== "-") {
        if (bStart < 0) bStart = op.b
        bCount++
      }
    }
    // An empty side starts after the lines that precede the hunk on that side.
    if (aStart < 0) aStart = countBefore(ops, start, "a")
    if (bStart < 0) bStart = countBefore(ops, start, "b")
    out += `@@ -${range(aStart, aCount)} +${range(bStart, bCount)} @@\n`
    for (const op of hunk) out += printLine(op.kind, op.kind === "+" ? b[op.b]! : a[op.a]!)
    i = end
  }
  return out
}

const countBefore = (ops: ReadonlyArray<Op>, index: number, side: "a" | "b"): number => {
  let count = 0
  for (let i = 0; i < index; i++) {
    const kind = ops[i]!.kind
    if (kind === " " || kind === (side === "a" ? "-" : "+")) count++
  }
  return count
}

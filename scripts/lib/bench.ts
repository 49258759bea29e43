/**
 * Whole-process timing for `npm run bench`: every case is started as a fresh process, the cases
 * take turns (so drift in machine load hits all of them alike), and each is compared with a
 * baseline case by median.
 */

/** What a case's setup prepared: extra environment for its runs and how to clean up afterwards. */
export interface BenchSetup {
  readonly env?: Readonly<Record<string, string>>
  readonly teardown?: () => void | Promise<void>
}

export interface BenchCase {
  readonly name: string
  /** The program and its arguments. */
  readonly argv: ReadonlyArray<string>
  /** Added to the bench's own environment. */
  readonly env?: Readonly<Record<string, string>>
  /** Runs once before the warm-ups, e.g. to start a server or write a temp HOME. */
  readonly setup?: () => BenchSetup | Promise<BenchSetup>
}

export interface Stats {
  readonly medianMs: number
  readonly p90Ms: number
  readonly minMs: number
}

export interface CaseResult extends Stats {
  readonly name: string
  readonly argv: ReadonlyArray<string>
  /** median / median of the baseline case. */
  readonly ratio: number
  readonly samplesMs: ReadonlyArray<number>
}

/** Median (mean of the middle two for an even count), nearest-rank 90th percentile, minimum. */
export const summarize = (samples: ReadonlyArray<number>): Stats => {
  if (samples.length === 0) throw new Error("no samples")
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (index: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, index))] ?? NaN
  const middle = sorted.length >> 1
  const medianMs = sorted.length % 2 === 1 ? at(middle) : (at(middle - 1) + at(middle)) / 2
  return { medianMs, p90Ms: at(Math.ceil(sorted.length * 0.9) - 1), minMs: at(0) }
}

export class BenchFailure extends Error {
  override readonly name = "BenchFailure"
}

const timeOnce = (argv: ReadonlyArray<string>, env: Record<string, string | undefined>, name: string): number => {
  const started = performance.now()
  const result = Bun.spawnSync([...argv], { env, stdin: "ignore", stdout: "pipe", stderr: "pipe" })
  const elapsed = performance.now() - started
  if (result.exitCode !== 0) {
    const stderr = result.stderr.toString().trim().split("\n").slice(0, 3).join(" | ")
    throw new BenchFailure(`case "${name}" (${argv.join(" ")}) exited ${result.exitCode}${stderr ? `: ${stderr}` : ""}`)
  }
  return elapsed
}

export interface BenchOptions {
  readonly runs: number
  readonly warmups: number
  /** Name of the case every ratio is relative to. */
  readonly baseline: string
}

export const runBench = async (cases: ReadonlyArray<BenchCase>, options: BenchOptions): Promise<CaseResult[]> => {
  if (!cases.some((c) => c.name === options.baseline)) throw new BenchFailure(`no case named ${options.baseline}`)
  const prepared: Array<{ readonly benchCase: BenchCase; readonly env: Record<string, string | undefined> }> = []
  const teardowns: Array<() => void | Promise<void>> = []
  try {
    for (const benchCase of cases) {
      const setup = benchCase.setup === undefined ? {} : await benchCase.setup()
      if (setup.teardown !== undefined) teardowns.push(setup.teardown)
      prepared.push({ benchCase, env: { ...process.env, ...benchCase.env, ...setup.env } })
    }
    const samples = prepared.map((): number[] => [])
    for (let round = 0; round < options.warmups + options.runs; round++) {
      // Rotating who goes first keeps "always runs right after case X" from biasing one case.
      for (let step = 0; step < prepared.length; step++) {
        const index = (round + step) % prepared.length
        const { benchCase, env } = prepared[index]!
        const elapsed = timeOnce(benchCase.argv, env, benchCase.name)
        if (round >= options.warmups) samples[index]!.push(elapsed)
      }
    }
    const stats = samples.map(summarize)
    const baseline = stats[cases.findIndex((c) => c.name === options.baseline)]!.medianMs
    return prepared.map(({ benchCase }, index) => ({
      name: benchCase.name,
      argv: benchCase.argv,
      ...stats[index]!,
      ratio: stats[index]!.medianMs / baseline,
      samplesMs: samples[index]!
    }))
  } finally {
    for (const teardown of teardowns.reverse()) await teardown()
  }
}

export const formatTable = (results: ReadonlyArray<CaseResult>): string => {
  const ms = (value: number): string => `${value.toFixed(1)} ms`
  const header = ["case", "median", "p90", "min", "ratio"]
  const rows = results.map((r) => [r.name, ms(r.medianMs), ms(r.p90Ms), ms(r.minMs), `${r.ratio.toFixed(2)}x`])
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)))
  const line = (cells: ReadonlyArray<string>): string =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join("  ")
  return [line(header), ...rows.map(line)].join("\n")
}

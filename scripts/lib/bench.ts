/**
 * Whole-process timing for `npm run bench`: every case is started as a fresh process, the cases
 * take turns (so drift in machine load hits all of them alike), and each is compared with a
 * baseline case by median.
 */
import * as fs from "node:fs"

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
  /** Working directory of the runs (default: the bench's own). */
  readonly cwd?: string
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
  /** Median peak resident set size of the runs, in MiB, and its ratio to the baseline's. */
  readonly rssMiB: number
  readonly rssRatio: number
  /** The baseline's median time and peak RSS, printed beside every figure. */
  readonly floorMs: number
  readonly floorRssMiB: number
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

interface Sample {
  readonly ms: number
  readonly rssMiB: number
}

const timeOnce = (
  argv: ReadonlyArray<string>,
  env: Record<string, string | undefined>,
  cwd: string | undefined,
  name: string
): Sample => {
  const started = performance.now()
  const result = Bun.spawnSync([...argv], { env, cwd, stdin: "ignore", stdout: "pipe", stderr: "pipe" })
  const elapsed = performance.now() - started
  if (result.exitCode !== 0) {
    const stderr = result.stderr.toString().trim().split("\n").slice(0, 3).join(" | ")
    throw new BenchFailure(`case "${name}" (${argv.join(" ")}) exited ${result.exitCode}${stderr ? `: ${stderr}` : ""}`)
  }
  return { ms: elapsed, rssMiB: result.resourceUsage.maxRSS / 1024 / 1024 }
}

/**
 * GNU time, when installed: it fork()s the case from its own small process. Bun's spawn starts a
 * child that shares the bench's memory until exec, and Linux counts that in the child's maxRSS, so
 * `resourceUsage.maxRSS` never reports less than the bench process itself.
 */
export const gnuTime = "/usr/bin/time"

const peakRssMiB = (argv: ReadonlyArray<string>, env: Record<string, string | undefined>, cwd: string | undefined) => {
  const result = Bun.spawnSync([gnuTime, "-f", "aws-sso-bench-rss %M", ...argv], {
    env,
    cwd,
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe"
  })
  const kib = /aws-sso-bench-rss (\d+)\s*$/.exec(result.stderr.toString())?.[1]
  return kib === undefined ? undefined : Number(kib) / 1024
}

export interface BenchOptions {
  readonly runs: number
  readonly warmups: number
  /** Name of the case every ratio is relative to. */
  readonly baseline: string
  /** Extra untimed runs per case for peak RSS through GNU time (default 5; 0 or no GNU time: Bun's maxRSS). */
  readonly rssRuns?: number
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
    const samples = prepared.map((): Sample[] => [])
    for (let round = 0; round < options.warmups + options.runs; round++) {
      // Rotating who goes first keeps "always runs right after case X" from biasing one case.
      for (let step = 0; step < prepared.length; step++) {
        const index = (round + step) % prepared.length
        const { benchCase, env } = prepared[index]!
        const sample = timeOnce(benchCase.argv, env, benchCase.cwd, benchCase.name)
        if (round >= options.warmups) samples[index]!.push(sample)
      }
    }
    const rssRuns = fs.existsSync(gnuTime) ? options.rssRuns ?? 5 : 0
    const rssSamples = prepared.map((): number[] => [])
    for (let round = 0; round < rssRuns; round++) {
      for (let step = 0; step < prepared.length; step++) {
        const index = (round + step) % prepared.length
        const { benchCase, env } = prepared[index]!
        const mib = peakRssMiB(benchCase.argv, env, benchCase.cwd)
        if (mib !== undefined) rssSamples[index]!.push(mib)
      }
    }
    const stats = samples.map((s) => summarize(s.map((x) => x.ms)))
    const rss = samples.map((s, index) =>
      summarize(rssSamples[index]!.length > 0 ? rssSamples[index]! : s.map((x) => x.rssMiB)).medianMs
    )
    const baselineIndex = cases.findIndex((c) => c.name === options.baseline)
    const floorMs = stats[baselineIndex]!.medianMs
    const floorRssMiB = rss[baselineIndex]!
    return prepared.map(({ benchCase }, index) => ({
      name: benchCase.name,
      argv: benchCase.argv,
      ...stats[index]!,
      ratio: stats[index]!.medianMs / floorMs,
      samplesMs: samples[index]!.map((x) => x.ms),
      rssMiB: rss[index]!,
      rssRatio: rss[index]! / floorRssMiB,
      floorMs,
      floorRssMiB
    }))
  } finally {
    for (const teardown of teardowns.reverse()) await teardown()
  }
}

export const formatTable = (results: ReadonlyArray<CaseResult>): string => {
  const ms = (value: number): string => `${value.toFixed(1)} ms`
  const mib = (value: number): string => `${value.toFixed(1)} MiB`
  const header = ["case", "median", "p90", "min", "floor", "ratio", "peak RSS", "floor RSS", "RSS ratio"]
  const rows = results.map((r) => [
    r.name,
    ms(r.medianMs),
    ms(r.p90Ms),
    ms(r.minMs),
    ms(r.floorMs),
    `${r.ratio.toFixed(2)}x`,
    mib(r.rssMiB),
    mib(r.floorRssMiB),
    `${r.rssRatio.toFixed(2)}x`
  ])
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)))
  const line = (cells: ReadonlyArray<string>): string =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join("  ")
  return [line(header), ...rows.map(line)].join("\n")
}

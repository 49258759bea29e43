import { describe, expect, test } from "bun:test"
import { formatTable, runBench, summarize } from "../../../scripts/lib/bench"

describe("bench statistics", () => {
  test("median, nearest-rank p90 and min", () => {
    expect(summarize([5, 1, 3])).toEqual({ medianMs: 3, p90Ms: 5, minMs: 1 })
    expect(summarize([4, 1, 3, 2])).toEqual({ medianMs: 2.5, p90Ms: 4, minMs: 1 })
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i)
    expect(summarize(hundred)).toEqual({ medianMs: 50.5, p90Ms: 90, minMs: 1 })
  })
})

describe("runBench", () => {
  test("runs every case, applies setup env, tears down, reports ratios to the baseline", async () => {
    const tornDown: Array<string> = []
    const results = await runBench(
      [
        { name: "true", argv: [process.execPath, "-e", "0"] },
        {
          name: "env",
          argv: [process.execPath, "-e", "process.exit(process.env.BENCH_FLAG === 'on' ? 0 : 3)"],
          setup: () => ({ env: { BENCH_FLAG: "on" }, teardown: () => void tornDown.push("env") })
        }
      ],
      { runs: 2, warmups: 1, baseline: "true" }
    )
    expect(results.map((r) => [r.name, r.samplesMs.length])).toEqual([["true", 2], ["env", 2]])
    expect(results[0]?.ratio).toBe(1)
    expect(results[0]?.rssRatio).toBe(1)
    expect(results[1]?.floorMs).toBe(results[0]!.medianMs)
    expect(results[1]!.rssMiB).toBeGreaterThan(1)
    expect(tornDown).toEqual(["env"])
    expect(formatTable(results).split("\n")[0]).toMatch(/^case\s+median\s+p90\s+min\s+floor\s+ratio\s+peak RSS\s+floor RSS\s+RSS ratio$/)
  }, 30_000)

  test("a case that fails stops the bench, naming the case, and still tears down", async () => {
    const tornDown: Array<string> = []
    const failing = runBench(
      [{
        name: "broken",
        argv: [process.execPath, "-e", "process.exit(2)"],
        setup: () => ({ teardown: () => void tornDown.push("broken") })
      }],
      { runs: 1, warmups: 0, baseline: "broken" }
    )
    await expect(failing).rejects.toThrow(/case "broken".*exited 2/)
    expect(tornDown).toEqual(["broken"])
  })
})

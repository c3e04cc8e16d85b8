// Shared helpers for the benchmark suites: timing with tinybench in alternating rounds, and the
// shape every suite reports.
import { Bench } from 'tinybench'

export const headers = {
  authorization: 'Bearer bench',
  'x-api-key': 'bench',
  'x-gw-ims-org-id': 'ACME0000000000000000000@AdobeOrg',
  'x-sandbox-name': 'prod',
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/**
 * Times async tasks in `rounds` alternating rounds (A, B, A, B, …) so that drift on a noisy
 * machine hits all of them alike. Per task: the median of the rounds' median latencies (ms) and
 * their spread (the lowest and highest round median).
 */
export async function time(tasks, { rounds = 5, time = 400, warmupTime = 100 } = {}) {
  const p50s = Object.fromEntries(Object.keys(tasks).map((name) => [name, []]))
  for (let round = 0; round < rounds; round++) {
    for (const [name, fn] of Object.entries(tasks)) {
      const bench = new Bench({ time, warmupTime })
      bench.add(name, fn)
      await bench.run()
      const result = bench.tasks[0].result
      if (result.state !== 'completed') throw result.error ?? new Error(`${name} did not complete`)
      p50s[name].push(result.latency.p50)
    }
  }
  return Object.fromEntries(
    Object.entries(p50s).map(([name, values]) => [name, { median: median(values), min: Math.min(...values), max: Math.max(...values), rounds }]),
  )
}

/** One figure of the report: a value, its anchor measured alongside, and the target ratio. */
export function figure({ id, label, value, anchor, anchorLabel, unit = 'ms', target, higherIsBetter = false, note }) {
  const ratio = anchor === undefined ? undefined : value.median / anchor.median
  const pass = target === undefined ? undefined : higherIsBetter ? ratio >= target : ratio <= target
  return { id, label, unit, value, anchorLabel, anchor, ratio, target, higherIsBetter, pass, note }
}

/** Prints a suite's figures as JSON on stdout, for bench/run.mjs. */
export function report(suite, figures, extra = {}) {
  process.stdout.write(`${JSON.stringify({ suite, figures, ...extra })}\n`)
}

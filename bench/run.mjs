#!/usr/bin/env node
// npm run bench: runs every suite in a fresh Node process (against dist/, built first by the npm
// script), writes the raw results to bench/results/<date>.json, prints a markdown table, and puts
// the same table in the README between the bench markers.
//   node bench/run.mjs [suite …]
import { execFileSync } from 'node:child_process'
import { cpus, totalmem } from 'node:os'
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../', import.meta.url))
const all = ['inprocess', 'listing', 'polling', 'schedules', 'services', 'reset', 'coldimport', 'bundle', 'server', 'memory', 'playwright', 'console']
const args = process.argv.slice(2)
// --render <results.json> redraws the table (and the README) from results already measured.
const rendering = args[0] === '--render'
const selected = rendering ? all : args.length > 0 ? args : all

let suites = []
let machine
if (rendering) {
  ;({ suites, machine } = JSON.parse(readFileSync(args[1], 'utf8')))
} else {
  for (const name of selected) {
    process.stderr.write(`bench: ${name}…\n`)
    const output = execFileSync(process.execPath, ['--expose-gc', `bench/suites/${name}.mjs`], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 })
    suites.push(JSON.parse(output.trim().split('\n').at(-1)))
  }
  machine = {
    date: new Date().toISOString(),
    node: process.version,
    cpu: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    msw: JSON.parse(readFileSync(`${root}node_modules/msw/package.json`, 'utf8')).version,
  }
}

const format = (value, unit) => {
  if (value === undefined) return ''
  if (unit === 'ms') return value < 1 ? `${(value * 1000).toFixed(1)} µs` : `${value.toFixed(2)} ms`
  if (unit === 'req/s') return `${Math.round(value).toLocaleString('en-US')} req/s`
  return `${value.toFixed(1)} ${unit}`
}
const spread = (stat, unit) => (stat?.min === undefined ? '' : ` (${format(stat.min, unit)}–${format(stat.max, unit)})`)
const target = (f) => f.targetText ?? (f.target === undefined ? '' : `${f.higherIsBetter ? '≥' : '≤'} ${f.target}×`)
const verdict = (f) => (f.pass === undefined ? '' : f.pass ? 'met' : '**missed**')

const rows = suites.flatMap((suite) =>
  suite.figures.map((f) => [
    f.label,
    `${format(f.value.median, f.unit)}${spread(f.value, f.unit)}`,
    f.anchorLabel ? `${f.anchorLabel}: ${format(f.anchor.median, f.unit)}${spread(f.anchor, f.unit)}` : '',
    f.ratio === undefined ? '' : `${f.ratio.toFixed(2)}×`,
    target(f),
    verdict(f),
    f.note ?? '',
  ]),
)
const extra = Object.fromEntries(suites.map(({ suite, figures, ...rest }) => [suite, rest]))
const extras = [
  extra.coldimport && `- Packages the root entry loads: ${extra.coldimport.packages.join(', ')} (faker ${extra.coldimport.fakerLoaded ? 'loaded!' : 'not loaded'}).`,
  extra.bundle && `- What the bundle's gzip size goes to: ${Object.entries(extra.bundle.parts).map(([part, kb]) => `${part} ${kb} KB`).join(', ')}; the mock's own code is the rest.`,
  extra.server && `- Prism mocked \`${extra.server.spec}\`.`,
].filter(Boolean)

const table = [
  `Measured ${machine.date.slice(0, 10)} on ${machine.cpu}, ${machine.memory}, Node ${machine.node}, msw ${machine.msw}. Medians of alternating rounds, (lowest–highest round) in brackets; ratios are against the anchor measured in the same run.`,
  '',
  '| figure | value | anchor | ratio | target | | notes |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  ...rows.map((row) => `| ${row.join(' | ')} |`),
  '',
  ...extras,
].join('\n')

console.log(table)
if (!rendering) {
  const file = `bench/results/${machine.date.slice(0, 10)}.json`
  writeFileSync(`${root}${file}`, JSON.stringify({ machine, suites }, null, 2) + '\n')
  console.error(`\nbench: raw results in ${file}`)
}

if (selected.length === all.length) {
  const readme = readFileSync(`${root}README.md`, 'utf8')
  const start = '<!-- bench:start -->'
  const end = '<!-- bench:end -->'
  if (readme.includes(start) && readme.includes(end)) {
    writeFileSync(`${root}README.md`, readme.slice(0, readme.indexOf(start) + start.length) + `\n${table}\n` + readme.slice(readme.indexOf(end)))
    console.error('bench: README Performance section updated')
  }
}

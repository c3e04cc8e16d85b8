import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { manualClock, systemClock, type Clock } from '../clock/clock'
import { reasonOf } from '../errors'
import { builtinScenarioNames, type ScenarioInput } from '../scenarios/resolve'
import { startSenseiServer, type SenseiServer } from './server'

const usage = `Usage: sensei-ml-mock [options]

Serves a fake of Adobe's Sensei Machine Learning API on a real port.

Options:
  --port <n>            port to listen on (default 4010; 0 picks a free one)
  --host <host>         interface to bind (default 127.0.0.1)
  --scenario <name|file>  a built-in scenario or a scenario JSON file to load
  --seed <seed>         seed ids, fault draws and fake data
  --clock <kind>        manual (moved by POST /__mock/clock/advance) or system (default)
  --base-path <path>    where the API lives (default /data/sensei)
  --max-sessions <n>    x-sensei-mock-session sessions kept (default 64; least recently used dropped)
  --sessions-heap <b>   heap bytes past which a new session drops the least recently used (default 1 GiB)
  -h, --help            show this help

Built-in scenarios: ${builtinScenarioNames.join(', ')}`

/** Parses the command line; throws a usage error for bad flags. */
export function parseCli(argv: readonly string[]) {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      scenario: { type: 'string' },
      seed: { type: 'string' },
      clock: { type: 'string', default: 'system' },
      'base-path': { type: 'string', default: '/data/sensei' },
      'max-sessions': { type: 'string', default: '64' },
      'sessions-heap': { type: 'string', default: String(2 ** 30) },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  })
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be an integer from 0 to 65535, got "${values.port}"`)
  if (values.clock !== 'manual' && values.clock !== 'system') throw new Error(`--clock must be manual or system, got "${values.clock}"`)
  const maxSessions = Number(values['max-sessions'])
  if (!Number.isInteger(maxSessions) || maxSessions < 1) throw new Error(`--max-sessions must be a positive integer, got "${values['max-sessions']}"`)
  const sessionsHeap = Number(values['sessions-heap'])
  if (!Number.isInteger(sessionsHeap) || sessionsHeap < 1) throw new Error(`--sessions-heap must be a positive integer of bytes, got "${values['sessions-heap']}"`)
  return { ...values, port, maxSessions, sessionsHeap, clock: values.clock as 'manual' | 'system' }
}

function loadScenario(value: string): ScenarioInput {
  if ((builtinScenarioNames as readonly string[]).includes(value)) return value as ScenarioInput
  if (!/[/\\]|\.json$/.test(value)) {
    throw new Error(`--scenario "${value}" is neither a built-in scenario (${builtinScenarioNames.join(', ')}) nor a .json file`)
  }
  try {
    return JSON.parse(readFileSync(value, 'utf8')) as ScenarioInput
  } catch (error) {
    throw new Error(`--scenario: cannot read ${value}: ${(error as Error).message}`)
  }
}

/** The startup banner: where the API is, and two requests to try. */
export function banner(server: SenseiServer, options: { scenario?: string; clock: string }): string {
  const auth = `-H 'Authorization: Bearer token' -H 'x-api-key: key' -H 'x-gw-ims-org-id: ${server.sensei.tenant.org}' -H 'x-sandbox-name: ${server.sensei.tenant.sandbox}'`
  return [
    `sensei-ml-mock: the Sensei ML API at ${server.baseUrl}`,
    `  scenario: ${options.scenario ?? 'none (empty store)'} · clock: ${options.clock} · control: ${server.url}/__mock/`,
    `  console: open ${server.url}/__mock/ui in a browser`,
    '',
    'Try:',
    `  curl -s '${server.baseUrl}/experiments?limit=2' ${auth}`,
    `  curl -s '${server.baseUrl}/experiments?__status=503' ${auth}`,
    options.clock === 'manual' ? `  curl -s -X POST ${server.url}/__mock/clock/advance -H 'Content-Type: application/json' -d '{"by":"5m"}'` : '',
    '',
    'Ctrl+C stops it.',
  ]
    .filter((line, index, lines) => line !== '' || lines[index - 1] !== '')
    .join('\n')
}

/** The `sensei-ml-mock` command. Resolves once the server listens; stops it on SIGINT/SIGTERM. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<SenseiServer | undefined> {
  let options: ReturnType<typeof parseCli>
  try {
    options = parseCli(argv)
  } catch (error) {
    console.error(`sensei-ml-mock: ${(error as Error).message}\n\n${usage}`)
    process.exitCode = 2
    return undefined
  }
  if (options.help) {
    console.log(usage)
    return undefined
  }
  let server: SenseiServer
  try {
    const clock: Clock = options.clock === 'manual' ? manualClock() : systemClock()
    server = await startSenseiServer({
      port: options.port,
      host: options.host,
      basePath: options['base-path'],
      maxSessions: options.maxSessions,
      sessionsHeap: options.sessionsHeap,
      clock,
      ...(options.seed !== undefined && { seed: options.seed }),
      ...(options.scenario !== undefined && { scenario: loadScenario(options.scenario) }),
    })
  } catch (error) {
    console.error(`sensei-ml-mock: ${reasonOf(error)}`)
    process.exitCode = 1
    return undefined
  }
  console.log(banner(server, { ...(server.sensei.scenario !== undefined && { scenario: server.sensei.scenario }), clock: options.clock }))
  const stop = (signal: string) => {
    console.log(`\nsensei-ml-mock: ${signal}, stopping`)
    void server.close().then(() => process.exit(0))
  }
  process.once('SIGINT', () => stop('SIGINT'))
  process.once('SIGTERM', () => stop('SIGTERM'))
  return server
}

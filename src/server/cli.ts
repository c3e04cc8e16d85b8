import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { flowingClock, manualClock, systemClock, type Clock } from '../clock/clock'
import { reasonOf } from '../errors'
import { builtinScenarioNames, type ScenarioInput } from '../scenarios/resolve'
import { allowedOrigin, CONTROL_TOKEN_ENV, CONTROL_TOKEN_HEADER, isControlToken, isLoopbackHost } from './controlGuard'
import { SERVER_RUNS_PER_MOVE, startSenseiServer, type SenseiServer } from './server'
import { VERSION } from './version'

const usage = `Usage: sensei-ml-mock [options]

Serves a fake of Adobe's Sensei Machine Learning API on a real port.

Options:
  --port <n>            port to listen on (default 4010; 0 picks a free one)
  --host <host>         interface to bind (default 127.0.0.1)
  --scenario <name|file>  a built-in scenario or a scenario JSON file to load
  --seed <seed>         seed ids, fault draws and fake data
  --clock <kind>        flowing (default): wall time, moved by POST /__mock/clock/advance and /set;
                        manual: stands still until moved; system: wall time, cannot be moved
  --base-path <path>    where the API lives (default /data/sensei)
  --max-sessions <n>    x-sensei-mock-session sessions kept (default 64; least recently used dropped)
  --max-runs-per-move <n>  runs one clock move may create from schedule ticks (default 500)
  --sessions-heap <b>   heap bytes past which a new session drops the least recently used (default 1 GiB)
  --state <file>        load this state file at start if it exists (instead of --scenario); write the
                        state back to it on SIGINT/SIGTERM and on POST /__mock/state/save
  --control-token <t>   require it on /__mock/* as ${CONTROL_TOKEN_HEADER} (or ?token= on GET); env ${CONTROL_TOKEN_ENV}
  --control-origin <o>  let pages from this origin (scheme://host[:port]) call /__mock/*; repeatable
  -v, --version         print the version
  -h, --help            show this help

Built-in scenarios: ${builtinScenarioNames.join(', ')}`

const clockKinds = ['flowing', 'manual', 'system'] as const

/** The clock `--clock` names. */
function clockOf(kind: (typeof clockKinds)[number]): Clock {
  return kind === 'flowing' ? flowingClock() : kind === 'manual' ? manualClock() : systemClock()
}

/** Parses the command line (the control token may come from the environment); throws a usage error for bad flags. */
export function parseCli(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = process.env) {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      scenario: { type: 'string' },
      seed: { type: 'string' },
      clock: { type: 'string', default: 'flowing' },
      'base-path': { type: 'string', default: '/data/sensei' },
      'max-sessions': { type: 'string', default: '64' },
      'max-runs-per-move': { type: 'string', default: String(SERVER_RUNS_PER_MOVE) },
      'sessions-heap': { type: 'string', default: String(2 ** 30) },
      state: { type: 'string' },
      'control-token': { type: 'string' },
      'control-origin': { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
    strict: true,
  })
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be an integer from 0 to 65535, got "${values.port}"`)
  if (!(clockKinds as readonly string[]).includes(values.clock)) throw new Error(`--clock must be ${clockKinds.join(', ')}, got "${values.clock}"`)
  const maxRunsPerMove = Number(values['max-runs-per-move'])
  if (!Number.isInteger(maxRunsPerMove) || maxRunsPerMove < 1) throw new Error(`--max-runs-per-move must be a positive integer, got "${values['max-runs-per-move']}"`)
  const maxSessions = Number(values['max-sessions'])
  if (!Number.isInteger(maxSessions) || maxSessions < 1) throw new Error(`--max-sessions must be a positive integer, got "${values['max-sessions']}"`)
  const sessionsHeap = Number(values['sessions-heap'])
  if (!Number.isInteger(sessionsHeap) || sessionsHeap < 1) throw new Error(`--sessions-heap must be a positive integer of bytes, got "${values['sessions-heap']}"`)
  // An empty variable is no token, as if unset.
  const controlToken = values['control-token'] ?? (env[CONTROL_TOKEN_ENV] || undefined)
  if (controlToken !== undefined && !isControlToken(controlToken)) {
    throw new Error(`${values['control-token'] === undefined ? CONTROL_TOKEN_ENV : '--control-token'} must be 1 to 256 visible ASCII characters (no spaces)`)
  }
  for (const origin of values['control-origin']) {
    if (allowedOrigin(origin) === undefined) throw new Error(`--control-origin must be an origin such as http://localhost:5173 (scheme://host[:port], no path), got "${origin}"`)
  }
  return { ...values, port, maxSessions, sessionsHeap, maxRunsPerMove, controlToken, clock: values.clock as (typeof clockKinds)[number] }
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

const clockNotes: Record<string, string> = { flowing: ' (wall time, movable)', manual: ' (stands still until moved)', system: ' (wall time, fixed)' }

/** The startup banner: where the API is, the clock, and requests to try. */
export function banner(server: SenseiServer, options: { scenario?: string; clock: string; token?: boolean }): string {
  const auth = `-H 'Authorization: Bearer token' -H 'x-api-key: key' -H 'x-gw-ims-org-id: ${server.sensei.tenant.org}' -H 'x-sandbox-name: ${server.sensei.tenant.sandbox}'`
  return [
    `sensei-ml-mock ${VERSION}: the Sensei ML API at ${server.baseUrl}`,
    `  scenario: ${options.scenario ?? 'none (empty store)'} · clock: ${options.clock}${clockNotes[options.clock] ?? ''} · control: ${server.url}/__mock/`,
    `  OpenAPI: ${server.url}/__mock/openapi.json (the API) · ${server.url}/__mock/openapi.control.json (the control API)`,
    `  console: open ${server.url}/__mock/ui in a browser`,
    '',
    'Try:',
    `  curl -s '${server.baseUrl}/experiments?limit=2' ${auth}`,
    `  curl -s '${server.baseUrl}/experiments?__status=503' ${auth}`,
    options.clock !== 'system' ? `  curl -s -X POST ${server.url}/__mock/clock/advance -H 'Content-Type: application/json'${options.token ? ` -H '${CONTROL_TOKEN_HEADER}: <token>'` : ''} -d '{"by":"5m"}'` : '',
    '',
    'Ctrl+C stops it.',
  ]
    .filter((line, index, lines) => line !== '' || lines[index - 1] !== '')
    .join('\n')
}

/** Writes the state file, if the server has one, before the process exits; the exit code. */
function saveOnStop(server: SenseiServer): number {
  if (server.stateFile === undefined) return 0
  try {
    console.log(`sensei-ml-mock: state saved to ${server.saveState()}`)
    return 0
  } catch (error) {
    console.error(`sensei-ml-mock: ${reasonOf(error)}`)
    return 1
  }
}

/**
 * The warning for a server bound beyond loopback (undefined on loopback): every machine that
 * reaches the interface reaches the control plane too, so without a token it says how to set one.
 */
export function exposureWarning(host: string, tokenSet: boolean): string | undefined {
  if (isLoopbackHost(host)) return undefined
  const reach = `sensei-ml-mock: warning: listening on ${host}, not loopback: other machines can reach the API and the control endpoints (/__mock/*)`
  return tokenSet
    ? `${reach}, which ask for the control token.`
    : `${reach}, and anyone who can reach it can reset, load and fault the mock and read the journal.\n  Set a control token: --control-token <secret> or ${CONTROL_TOKEN_ENV}=<secret>; clients then send ${CONTROL_TOKEN_HEADER}: <secret>.`
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
  if (options.version) {
    console.log(VERSION)
    return undefined
  }
  let server: SenseiServer
  try {
    const clock = clockOf(options.clock)
    server = await startSenseiServer({
      port: options.port,
      host: options.host,
      basePath: options['base-path'],
      maxSessions: options.maxSessions,
      maxRunsPerMove: options.maxRunsPerMove,
      sessionsHeap: options.sessionsHeap,
      controlOrigins: options['control-origin'],
      ...(options.controlToken !== undefined && { controlToken: options.controlToken }),
      clock,
      ...(options.seed !== undefined && { seed: options.seed }),
      ...(options.scenario !== undefined && { scenario: loadScenario(options.scenario) }),
      ...(options.state !== undefined && { stateFile: resolve(options.state) }),
    })
  } catch (error) {
    console.error(`sensei-ml-mock: ${reasonOf(error)}`)
    process.exitCode = 1
    return undefined
  }
  const warning = exposureWarning(options.host, options.controlToken !== undefined)
  if (warning !== undefined) console.error(warning)
  console.log(banner(server, { ...(server.sensei.scenario !== undefined && { scenario: server.sensei.scenario }), clock: options.clock, token: options.controlToken !== undefined }))
  if (server.stateFile !== undefined) console.log(`State file: ${server.stateFile} (written on Ctrl+C, SIGTERM and POST ${server.url}/__mock/state/save)`)
  const stop = (signal: string) => {
    console.log(`\nsensei-ml-mock: ${signal}, stopping`)
    void server.close().then(() => process.exit(saveOnStop(server)))
  }
  process.once('SIGINT', () => stop('SIGINT'))
  process.once('SIGTERM', () => stop('SIGTERM'))
  return server
}

import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { SenseiMockError } from '../errors'
import type { Scenario } from '../scenarios/schema'

// The standalone server's state file (`--state <file>`, option `stateFile`): read once at start,
// written back on SIGINT/SIGTERM and on `POST /__mock/state/save`.

/** The largest body `PUT /__mock/state` takes: a state carries every record, and artifacts up to 32 MiB. */
export const STATE_BODY_LIMIT = 64 * 1024 * 1024

/** The scenario a state file holds, or undefined when there is no file yet (the first save makes it). */
export function readStateFile(path: string): Scenario | undefined {
  if (!existsSync(path)) return undefined
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new SenseiMockError(`read the state file ${path}`, (error as Error).message, undefined, { field: 'stateFile' })
  }
  try {
    return JSON.parse(text) as Scenario
  } catch (error) {
    throw new SenseiMockError(`read the state file ${path}`, `it is not JSON (${(error as Error).message})`, 'Fix it or delete it to start afresh.', { field: 'stateFile' })
  }
}

/**
 * Writes a state to its file atomically: into a temporary file in the same directory, then
 * renamed over the file, so a crash mid-write leaves the previous state whole.
 */
export function writeStateFile(path: string, scenario: Scenario): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`)
  try {
    writeFileSync(temporary, `${JSON.stringify(scenario, null, 2)}\n`)
    renameSync(temporary, path)
  } catch (error) {
    rmSync(temporary, { force: true })
    throw new SenseiMockError(`write the state file ${path}`, (error as Error).message, undefined, { field: 'stateFile' })
  }
}

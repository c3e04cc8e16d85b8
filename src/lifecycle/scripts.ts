import type { RunMode } from '../schemas/common'
import type { RunPlan } from './plan'
import { SenseiMockError } from '../errors'

/** Which future runs a scripted plan applies to. */
export interface RunMatch {
  experimentId?: string
  mode?: RunMode
  /** How many matching runs take the plan (default 1; `Infinity` for all). */
  times?: number
}

/** A scripted plan that can be withdrawn before it is used up. */
export interface PlanHandle {
  /** Withdraws the plan from runs not created yet. */
  remove(): void
  /** How many runs may still take it. */
  readonly remaining: number
}

interface Script {
  readonly match: RunMatch
  readonly plan: RunPlan
  remaining: number
}

/** Plans scripted for the next runs ("the next training run fails"), oldest first. */
export class PlanScripts {
  #scripts: Script[] = []

  add(plan: RunPlan, match: RunMatch = {}): PlanHandle {
    const times = match.times ?? 1
    if (!(times >= 1) || (!Number.isInteger(times) && times !== Number.POSITIVE_INFINITY)) {
      throw new SenseiMockError('script a run plan', `times must be a positive integer or Infinity, got ${String(times)}`, undefined, { field: 'times' })
    }
    const script: Script = { match, plan, remaining: times }
    this.#scripts.push(script)
    const scripts = this
    return {
      remove: () => scripts.#remove(script),
      get remaining() {
        return script.remaining
      },
    }
  }

  /** The scripts not used up, oldest first, with the turns they have left. */
  list(): { plan: RunPlan; match: RunMatch; remaining: number }[] {
    return this.#scripts.map((script) => ({ plan: script.plan, match: script.match, remaining: script.remaining }))
  }

  /** Takes the plan for a new run, using up one turn of the first script that matches. */
  take(experimentId: string, mode: RunMode): RunPlan | undefined {
    const script = this.#scripts.find(
      (candidate) =>
        (candidate.match.experimentId === undefined || candidate.match.experimentId === experimentId) &&
        (candidate.match.mode === undefined || candidate.match.mode === mode),
    )
    if (!script) return undefined
    script.remaining -= 1
    if (script.remaining <= 0) this.#remove(script)
    return script.plan
  }

  clear(): void {
    for (const script of this.#scripts) script.remaining = 0
    this.#scripts = []
  }

  #remove(script: Script): void {
    script.remaining = 0
    this.#scripts = this.#scripts.filter((candidate) => candidate !== script)
  }
}

/**
 * An independent model of the run lifecycle, for the property tests in
 * lifecycle-invariants.test.ts: what each run's state, attempt and timestamps must be, given its
 * plan, the clock and the commands and polls applied. It does not import the mock's lifecycle
 * code; it restates DESIGN.md ("a run's plan … decides its state at any instant") and the
 * documented defaults (train 10s + 2m, score 10s + 1m, featurePipeline 10s + 90s).
 *
 * One rule goes beyond the plan: a transition is never stamped before the run's previous one.
 * A command or a poll applied after `clock.set` moved the clock back takes effect at the later of
 * the clock's time and the run's last transition, so `created ≤ started ≤ ended` always holds.
 */
import type { LifecycleOptions, RunPlan } from '../../../src'

export type State = 'PENDING' | 'RUNNING' | 'RETRY' | 'DONE' | 'FAILED' | 'ABORTED'
export type Mode = 'train' | 'score' | 'featurePipeline'
export type Command = 'complete' | 'fail' | 'abort' | 'advance'

export const SECOND = 1_000
export const MINUTE = 60 * SECOND
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

/** The duration strings the generators use, in milliseconds. */
const named: Readonly<Record<string, number>> = {
  '10s': 10 * SECOND,
  '90s': 90 * SECOND,
  '1m': MINUTE,
  '2m': 2 * MINUTE,
  '5m': 5 * MINUTE,
  '1h': HOUR,
}

export function durationMs(duration: number | string): number {
  if (typeof duration === 'number') return duration
  const value = named[duration]
  if (value === undefined) throw new Error(`lifecycle model: unknown duration ${duration}`)
  return value
}

const defaults: Readonly<Record<Mode, { pending: string; running: string }>> = {
  train: { pending: '10s', running: '2m' },
  score: { pending: '10s', running: '1m' },
  featurePipeline: { pending: '10s', running: '90s' },
}

export type Progression = 'time' | 'manual' | { afterPolls: number }

export interface ModelPlan {
  pending: number
  running: number
  outcome: 'DONE' | 'FAILED' | 'ABORTED'
  message: string | undefined
  retries: number
  retryDelay: number
  progression: Progression
}

const planKeys = ['pending', 'running', 'outcome', 'message', 'retries', 'retryDelay', 'progression'] as const

/** The plan a run gets: mode defaults, then the lifecycle option, its per-mode part, a scripted plan. */
export function modelPlan(mode: Mode, lifecycle: LifecycleOptions | undefined, scripted?: RunPlan): ModelPlan {
  const merged: Record<string, unknown> = { ...defaults[mode] }
  for (const layer of [lifecycle, lifecycle?.[mode], scripted]) {
    if (!layer) continue
    for (const key of planKeys) if (layer[key] !== undefined) merged[key] = layer[key]
  }
  const pending = durationMs(merged.pending as number | string)
  return {
    pending,
    running: durationMs(merged.running as number | string),
    outcome: (merged.outcome as ModelPlan['outcome'] | undefined) ?? 'DONE',
    message: merged.message as string | undefined,
    retries: (merged.retries as number | undefined) ?? 0,
    retryDelay: merged.retryDelay === undefined ? pending : durationMs(merged.retryDelay as number | string),
    progression: (merged.progression as Progression | undefined) ?? 'time',
  }
}

interface Phase {
  state: State
  duration: number
}

/** PENDING, RUNNING, (RETRY, RUNNING) × retries, then the outcome. */
export function phasesOf(plan: ModelPlan): Phase[] {
  const phases: Phase[] = [
    { state: 'PENDING', duration: plan.pending },
    { state: 'RUNNING', duration: plan.running },
  ]
  for (let i = 0; i < plan.retries; i++) phases.push({ state: 'RETRY', duration: plan.retryDelay }, { state: 'RUNNING', duration: plan.running })
  phases.push({ state: plan.outcome, duration: Number.POSITIVE_INFINITY })
  return phases
}

export function isTerminal(state: string): state is 'DONE' | 'FAILED' | 'ABORTED' {
  return state === 'DONE' || state === 'FAILED' || state === 'ABORTED'
}

/**
 * Where a state sits on the plan's path: PENDING 0, RUNNING of attempt a 2a−1, the RETRY after
 * attempt a 2a, any terminal state last. A run's rank never goes down.
 */
export function rankOf(state: string, attempt: number): number {
  if (state === 'PENDING') return 0
  if (state === 'RUNNING') return 2 * attempt - 1
  if (state === 'RETRY') return 2 * attempt
  return Number.MAX_SAFE_INTEGER
}

/** What a run looks like from outside: the fields `sensei.runs.get` reports. */
export interface RunView {
  state: State
  attempt: number
  started: number | undefined
  ended: number | undefined
  /** undefined: no message; a string: that message; `true`: some non-empty default message. */
  message: string | true | undefined
}

export class ModelRun {
  readonly phases: Phase[]
  phase = 0
  state: State = 'PENDING'
  enteredAt: number
  polls = 0
  attempt = 1
  started: number | undefined
  ended: number | undefined
  message: string | true | undefined
  /** When and in which step the run reached DONE (training runs make their model then). */
  doneAt: number | undefined
  doneStep: number | undefined
  /** The last view the test saw, to check that runs only move forward. */
  seen: RunView | undefined

  constructor(
    readonly id: string,
    readonly experimentId: string,
    readonly mode: Mode,
    readonly plan: ModelPlan,
    readonly created: number,
    readonly createdBySchedule: boolean,
  ) {
    this.phases = phasesOf(plan)
    this.enteredAt = created
  }

  get terminal(): boolean {
    return isTerminal(this.state)
  }

  view(): RunView {
    return { state: this.state, attempt: this.attempt, started: this.started, ended: this.ended, message: this.message }
  }

  /** Applies every time transition due by `now` (time progression only), each at its due time. */
  settle(now: number, step: number): void {
    if (this.plan.progression !== 'time') return
    while (!this.terminal && this.enteredAt + this.phases[this.phase]!.duration <= now) {
      this.enter(this.phase + 1, this.enteredAt + this.phases[this.phase]!.duration, step)
    }
  }

  /** A GET run or GET status of the run: counts towards `afterPolls`, after the read is answered. */
  poll(now: number, step: number): void {
    const progression = this.plan.progression
    if (typeof progression !== 'object' || this.terminal) return
    this.polls += 1
    if (this.polls >= progression.afterPolls) this.enter(this.phase + 1, this.at(now), step)
  }

  command(command: Command, now: number, step: number, message?: string): void {
    const at = this.at(now)
    const last = this.phases.length - 1
    if (command === 'advance') this.enter(this.phase + 1, at, step)
    else if (command === 'complete') this.enterState('DONE', last, at, step)
    else this.enterState(command === 'fail' ? 'FAILED' : 'ABORTED', last, at, step, message)
  }

  /** A scheduled score run refused at its tick for want of a trained model: FAILED at once. */
  refuse(message: string): void {
    this.phase = this.phases.length - 1
    this.state = 'FAILED'
    this.ended = this.created
    this.message = message
  }

  /** Transitions never go back in time: the later of the clock and the last transition. */
  private at(now: number): number {
    return Math.max(now, this.enteredAt)
  }

  private enter(index: number, at: number, step: number): void {
    const phase = Math.min(index, this.phases.length - 1)
    this.enterState(this.phases[phase]!.state, phase, at, step)
  }

  private enterState(state: State, phase: number, at: number, step: number, message?: string): void {
    if (state === 'RUNNING' && this.state === 'RETRY') this.attempt += 1
    if (state === 'FAILED' || state === 'ABORTED') this.message = message ?? this.plan.message ?? true
    else if (state === 'RETRY') this.message = `Attempt ${this.attempt} failed; retrying (attempt ${this.attempt + 1} of ${this.plan.retries + 1})`
    else this.message = undefined
    if (this.started === undefined && (state === 'RUNNING' || state === 'DONE')) this.started = at
    this.ended = isTerminal(state) ? at : undefined
    if (state === 'DONE') {
      this.doneAt = at
      this.doneStep = step
    }
    this.state = state
    this.phase = phase
    this.enteredAt = at
    this.polls = 0
  }
}

/** A cron expression the generators use, with the UTC times it fires at, stated independently. */
export interface CronSpec {
  readonly expr: string
  /** Minutes after UTC midnight it fires at, on the days it fires. */
  readonly times: readonly number[]
  readonly day: (date: Date) => boolean
  /** The widest schedule window generated for it, to bound how many runs a test makes. */
  readonly maxWindow: number
}

const everyDay = () => true
const range = (count: number, step: number) => Array.from({ length: count }, (_, i) => i * step)

export const crons: readonly CronSpec[] = [
  { expr: '0 * * * *', times: range(24, 60), day: everyDay, maxWindow: 2 * DAY },
  { expr: '*/30 * * * *', times: range(48, 30), day: everyDay, maxWindow: DAY },
  { expr: '0 0 * * *', times: [0], day: everyDay, maxWindow: 40 * DAY },
  { expr: '@daily', times: [0], day: everyDay, maxWindow: 40 * DAY },
  { expr: '0 9,17 * * *', times: [9 * 60, 17 * 60], day: everyDay, maxWindow: 30 * DAY },
  { expr: '30 6 * * 1-5', times: [6 * 60 + 30], day: (date) => date.getUTCDay() >= 1 && date.getUTCDay() <= 5, maxWindow: 60 * DAY },
  { expr: '0 0 1 * *', times: [0], day: (date) => date.getUTCDate() === 1, maxWindow: 3 * 366 * DAY },
]

/** The ticks of `cron` strictly after `after` and at or before `until`, in order. */
export function ticksBetween(cron: CronSpec, after: number, until: number): number[] {
  const ticks: number[] = []
  for (let day = Math.floor(after / DAY) * DAY; day <= until; day += DAY) {
    if (!cron.day(new Date(day))) continue
    for (const minutes of cron.times) {
      const tick = day + minutes * MINUTE
      if (tick > after && tick <= until) ticks.push(tick)
    }
  }
  return ticks
}

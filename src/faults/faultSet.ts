import { SenseiMockError } from '../errors'
import type { Random } from '../random/random'
import { compileRule, delayBounds, ruleMatches, takeTurn, type CompiledRule, type DelaySpec, type FaultRequest, type FaultRule } from './rule'

/** A rule that was added, to inspect or withdraw. */
export interface FaultHandle {
  /** Names the rule in `GET /__mock/faults` and `DELETE /__mock/faults/{id}`; never reused by this mock. */
  readonly id: number
  readonly rule: FaultRule
  /** Matching calls seen so far. */
  readonly calls: number
  /** Calls the rule answered or delayed. */
  readonly hits: number
  /** Withdraws the rule. */
  remove(): void
}

/** The most fault rules in force at once: each is matched against every request. */
export const MAX_FAULT_RULES = 1_000

/** Fault rules in the order they were added, with their call counters. */
export class FaultSet {
  #rules: CompiledRule[] = []
  #added = 0
  #nextId = 1
  readonly #random: Random

  constructor(random: Random) {
    this.#random = random
  }

  /** Adds a rule; `counters` carry on the calls and hits of an exported one. */
  add(rule: FaultRule, counters?: { calls: number; hits: number }): FaultHandle {
    const compiled = compileRule(rule, this.#added + 1)
    if (this.#rules.length >= MAX_FAULT_RULES) {
      throw new SenseiMockError(`add fault rule ${compiled.label}`, `${MAX_FAULT_RULES} rules are in force, the most a mock holds`, 'Remove rules you no longer need, or clear them.')
    }
    if (counters) Object.assign(compiled, { calls: counters.calls, hits: counters.hits })
    this.#added++
    this.#rules.push(compiled)
    return this.#handle(compiled)
  }

  /** A handle for each rule in force, in order (a scenario's rules included). */
  handles(): FaultHandle[] {
    return this.#rules.map((compiled) => this.#handle(compiled))
  }

  #handle(compiled: CompiledRule): FaultHandle {
    compiled.id ??= this.#nextId++
    return {
      id: compiled.id,
      rule: compiled.rule,
      get calls() {
        return compiled.calls
      },
      get hits() {
        return compiled.hits
      },
      remove: () => {
        compiled.removed = true
        this.#rules = this.#rules.filter((candidate) => candidate !== compiled)
      },
    }
  }

  list(): FaultRule[] {
    return this.#rules.map((compiled) => compiled.rule)
  }

  /** The rules in force with their labels and counters, in order. */
  entries(): { rule: FaultRule; label: string; calls: number; hits: number }[] {
    return this.#rules.map(({ rule, label, calls, hits }) => ({ rule, label, calls, hits }))
  }

  clear(): void {
    for (const compiled of this.#rules) compiled.removed = true
    this.#rules = []
    this.#added = 0
  }

  get size(): number {
    return this.#rules.length
  }

  /**
   * The rule that applies to a request: every matching rule counts the call (so `nth: 3` means
   * the third matching call whatever other rules do), and the first whose timing admits it wins.
   */
  select(request: FaultRequest): CompiledRule | undefined {
    let winner: CompiledRule | undefined
    for (const compiled of this.#rules) {
      if (!ruleMatches(compiled, request)) continue
      if (takeTurn(compiled, () => this.#random.next()) && !winner) winner = compiled
    }
    if (winner) winner.hits++
    return winner
  }

  /** A delay in ms for a spec, drawn from the seeded generator when it is a range. */
  draw(spec: DelaySpec): number {
    const [min, max] = delayBounds(spec)
    return min === max ? min : Math.round(min + this.#random.next() * (max - min))
  }
}

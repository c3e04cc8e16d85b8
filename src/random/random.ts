/**
 * A small seeded generator (sfc32). Every random choice the mock makes (ids, fault
 * probabilities, fake data seeds) is drawn from one of these, so one seed replays a run.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number
  /** An unsigned 32-bit integer. */
  uint32(): number
  /** The generator's state, to restore later with {@link Random.restore}. */
  save(): RandomState
  restore(state: RandomState): void
}

export type RandomState = readonly [number, number, number, number]

/** Creates a generator from a number or string seed; without one, from the platform's crypto. */
export function createRandom(seed?: number | string): Random {
  let [a, b, c, d] = seed === undefined ? cryptoState() : stateFromSeed(seed)
  const uint32 = () => {
    a >>>= 0
    b >>>= 0
    c >>>= 0
    d >>>= 0
    const t = (a + b + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) >>> 0
    return t
  }
  // Discard the first outputs: sfc32 mixes poorly right after seeding.
  for (let i = 0; i < 12; i++) uint32()
  return {
    uint32,
    next: () => uint32() / 4294967296,
    save: () => [a, b, c, d] as const,
    restore(state) {
      ;[a, b, c, d] = state
    },
  }
}

function stateFromSeed(seed: number | string): [number, number, number, number] {
  // cyrb128: spreads any string over 128 bits of state.
  const text = String(seed)
  let h1 = 1779033703
  let h2 = 3144134277
  let h3 = 1013904242
  let h4 = 2773480762
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i)
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067)
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233)
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213)
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179)
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067)
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233)
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213)
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179)
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0]
}

function cryptoState(): [number, number, number, number] {
  const words = new Uint32Array(4)
  globalThis.crypto.getRandomValues(words)
  return [words[0]!, words[1]!, words[2]!, words[3]!]
}

const hex = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/** A version-4 UUID drawn from `random`. */
export function uuid(random: Random): string {
  const bytes = new Uint8Array(16)
  for (let i = 0; i < 16; i += 4) {
    const word = random.uint32()
    bytes[i] = word & 0xff
    bytes[i + 1] = (word >>> 8) & 0xff
    bytes[i + 2] = (word >>> 16) & 0xff
    bytes[i + 3] = (word >>> 24) & 0xff
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x40
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  let out = ''
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) out += '-'
    out += hex[bytes[i]!]
  }
  return out
}

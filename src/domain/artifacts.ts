/** The largest model artifact one upload may carry: 1 MiB. A larger one is refused with 413. */
export const MAX_ARTIFACT_BYTES = 1024 * 1024

/**
 * The most uploaded artifact bytes one mock keeps at a time: 32 MiB. An upload that would pass
 * it is refused with 413 (nothing is dropped); deleting a model frees its bytes, and
 * `sensei.reset()` returns to the checkpoint's.
 */
export const ARTIFACT_BUDGET_BYTES = 32 * 1024 * 1024

/**
 * The bytes of uploaded model artifacts, by model id, and their total. Like the tables it has
 * a frozen base (the checkpoint) and a layer of changes since, so `reset()` is constant-time.
 */
export class ArtifactStore {
  #base = new Map<string, Uint8Array>()
  #baseTotal = 0
  /** Changes since the checkpoint; `null` marks an artifact removed. */
  #top = new Map<string, Uint8Array | null>()
  #total = 0

  get(modelId: string): Uint8Array | undefined {
    const top = this.#top.get(modelId)
    return top === null ? undefined : (top ?? this.#base.get(modelId))
  }

  /** The bytes kept, all models together. */
  get total(): number {
    return this.#total
  }

  put(modelId: string, bytes: Uint8Array): void {
    this.#total += bytes.length - (this.get(modelId)?.length ?? 0)
    this.#top.set(modelId, bytes)
  }

  /** Forgets a model's artifact (its model was deleted), freeing its bytes. */
  delete(modelId: string): void {
    const bytes = this.get(modelId)
    if (bytes === undefined) return
    this.#total -= bytes.length
    this.#top.set(modelId, null)
  }

  /** Makes the current artifacts the ones `reset()` returns to. */
  checkpoint(): void {
    for (const [id, bytes] of this.#top) {
      if (bytes === null) this.#base.delete(id)
      else this.#base.set(id, bytes)
    }
    this.#top = new Map()
    this.#baseTotal = this.#total
  }

  reset(): void {
    this.#top = new Map()
    this.#total = this.#baseTotal
  }

  clear(): void {
    this.#base = new Map()
    this.#baseTotal = 0
    this.reset()
  }
}

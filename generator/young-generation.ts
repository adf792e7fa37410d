/**
 * A ceiling on V8's young generation for a generation run (issue #16, peak RSS of `gen --lang all`).
 *
 * V8 doubles the young generation's semi-spaces whenever many objects survive a scavenge, up to 2 x 16 MB on
 * this Node. The run's live heap is about 41 MB at its peak; most of the rest of the peak was that young
 * generation, full of garbage. `--max-semi-space-size` only counts at start-up, but the growth factor is read at
 * each growth, so once the young generation has reached the ceiling a factor of 1 stops it growing further.
 * Measured (bench/notes.md, s8-gen-all), `--lang all`: 16 MB (8 MB semi-spaces) took peak RSS from ~152 to ~138 MB
 * for 45 scavenges instead of 34; 8 MB to ~131 MB but 77 scavenges and a visibly larger GC share of the main
 * thread; 2 MB to ~122 MB at more CPU still. Scavenges are on the critical path, hence the middle one.
 */
import v8 from 'node:v8';

/** The young generation's size (both semi-spaces) at which a generation run stops it growing. */
export const YOUNG_GENERATION_CAP = 16 * 1024 * 1024;

const DEFAULT_GROWTH_FACTOR = 2;

/** The young generation's current size in bytes (both semi-spaces). */
export function youngGenerationSize(): number {
  return v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
}

export interface YoungGenerationCeiling {
  /** Call often (each pipeline stage does): once the young generation has reached the cap, it stops growing. */
  check(): void;
  /** Lets the young generation grow again as V8 does by default. */
  release(): void;
}

/**
 * A ceiling of `capBytes` on the young generation, in force from the first check() that finds it reached.
 * (`size` and `setFlags` are V8's own unless a test stands in for them.)
 */
export function youngGenerationCeiling(
  capBytes: number,
  size: () => number = youngGenerationSize,
  setFlags: (flags: string) => void = (flags) => v8.setFlagsFromString(flags),
): YoungGenerationCeiling {
  let stopped = false;
  return {
    check() {
      if (stopped || size() < capBytes) return;
      setFlags('--semi-space-growth-factor=1');
      stopped = true;
    },
    release() {
      if (!stopped) return;
      setFlags(`--semi-space-growth-factor=${DEFAULT_GROWTH_FACTOR}`);
      stopped = false;
    },
  };
}

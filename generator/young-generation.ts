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

/** How the ceiling in force set V8's growth factor to 1, if one is (V8's flags are process-wide, hence module state). */
let stoppedWith: ((flags: string) => void) | undefined;

/**
 * Runs `load` (a require of a large script) with V8's flags as they are at start-up. V8 accepts a compile-cache
 * entry (bin/compile-cache.js) only when the flags are the ones it was made with; the entry is made at exit, after
 * the ceiling is released, so a script loaded while the growth factor is 1 was compiled afresh and its 2.5 MB entry
 * written again on every run (dist/templates.cjs, loaded by the first template emitter, after the ceiling engages).
 */
export function withStartupFlags<T>(load: () => T): T {
  const setFlags = stoppedWith;
  if (!setFlags) return load();
  setFlags(`--semi-space-growth-factor=${DEFAULT_GROWTH_FACTOR}`);
  try {
    return load();
  } finally {
    setFlags('--semi-space-growth-factor=1');
  }
}

export interface YoungGenerationCeiling {
  /** Call often (at every stage boundary and around each file formatted): once the young generation has reached the cap, it stops growing. */
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
      stoppedWith = setFlags;
    },
    release() {
      if (!stopped) return;
      setFlags(`--semi-space-growth-factor=${DEFAULT_GROWTH_FACTOR}`);
      stopped = false;
      stoppedWith = undefined;
    },
  };
}

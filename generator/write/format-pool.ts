/**
 * Prettier in worker threads: the pipeline starts a pool when a run begins, so the workers load prettier and
 * its parsers while the main thread loads the model and emits, and the files of every language are then
 * formatted on the other cores while the main thread emits the next language. Same options, same prettier,
 * same bytes as in-process (format.ts); only where the work runs differs.
 */
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { projectPath } from '../paths.js';

export interface FormatPool {
  format(content: string, parser: string): Promise<string>;
  close(): Promise<void>;
}

/** Plain JavaScript, so it loads the same from the sources (tsx) and from the precompiled build. */
const WORKER = projectPath('generator/write/format-worker.mjs');

/**
 * How many workers a run gets. Workers pay off only on idle cores: each loads its own prettier, so on a machine
 * whose cores are already busy (load average within 1.5 of the core count) the run formats in-process, which
 * costs less CPU in all. Otherwise two (this pipeline has at most two things to overlap). OSSGEN_FORMAT_WORKERS=N
 * sets the count (0: in-process).
 */
export function formatWorkerCount(): number {
  const setting = process.env.OSSGEN_FORMAT_WORKERS;
  if (setting !== undefined && setting !== '') return Math.max(0, Math.min(8, Number.parseInt(setting, 10) || 0));
  const idle = availableParallelism() - loadavg()[0]!;
  return idle >= 1.5 ? 2 : 0;
}

/** Starts `size` workers formatting with prettier `options` (format.ts's); each loads the `warm` parsers before its first file. Call close() when done. */
export function startFormatPool(size: number, options: object, warm: readonly string[] = []): FormatPool {
  interface Pending {
    resolve: (text: string) => void;
    reject: (err: Error) => void;
    chars: number;
    worker: number;
  }
  const pending = new Map<number, Pending>();
  const load = new Array<number>(size).fill(0);
  let next = 0;
  let failed: Error | undefined;
  const workers = Array.from({ length: size }, (_, index) => {
    const worker = new Worker(WORKER, { workerData: { options, warm } });
    worker.on('message', (message: { id: number; text?: string; error?: string }) => {
      const job = pending.get(message.id);
      if (!job) return;
      pending.delete(message.id);
      load[job.worker]! -= job.chars;
      if (message.error !== undefined) job.reject(new Error(message.error));
      else job.resolve(message.text!);
    });
    worker.on('error', (err) => {
      failed = err;
      for (const [id, job] of pending) {
        if (job.worker !== index) continue;
        pending.delete(id);
        job.reject(err);
      }
    });
    return worker;
  });
  return {
    format(content, parser) {
      if (failed) return Promise.reject(failed);
      // The least-loaded worker, counted in characters still to format.
      let target = 0;
      for (let i = 1; i < size; i++) if (load[i]! < load[target]!) target = i;
      const id = next++;
      load[target]! += content.length;
      return new Promise<string>((resolve, reject) => {
        pending.set(id, { resolve, reject, chars: content.length, worker: target });
        workers[target]!.postMessage({ id, text: content, parser });
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/**
 * Prettier in worker threads: the pipeline starts a pool when a run begins, so the workers load prettier and
 * its parsers while the main thread loads the model and emits, and the files of every language are then
 * formatted on the other cores while the main thread emits the next language, and by the main thread too
 * whenever it has nothing else to do (issue #16: two cores at work on the files of every language). Same
 * options, same prettier, same bytes as in-process (format.ts); only where the work runs differs.
 */
import { Worker } from 'node:worker_threads';
import { projectPath } from '../paths.js';

export interface FormatPool {
  format(content: string, parser: string): Promise<string>;
  /** Resolves once every worker has loaded prettier and can take texts. */
  whenReady(): Promise<void>;
  close(): Promise<void>;
}

/** Plain JavaScript, so it loads the same from the sources (tsx) and from the precompiled build. */
const WORKER = projectPath('generator/write/format-worker.mjs');

/**
 * How many workers a run gets: none unless OSSGEN_FORMAT_WORKERS=N asks (then N workers plus this thread, which
 * takes queued texts whenever it is not emitting). Issue #16 measured one worker plus this thread against this
 * thread alone, side by side in `npm run bench` on the 2-core machine: `gen --lang ts` 1.66 vs 1.74 s, `gen --lang
 * all` 4.00 vs 3.84 s, at 45 MB more peak RSS for the worker's own prettier (bench/notes.md). Formatting is
 * about nine tenths of the run and both threads pay to load prettier, so a second core does not pay for itself.
 */
export function formatWorkerCount(): number {
  const setting = process.env.OSSGEN_FORMAT_WORKERS;
  if (setting !== undefined && setting !== '') return Math.max(0, Math.min(8, Number.parseInt(setting, 10) || 0));
  return 0;
}

/** Formats one text in this thread (format.ts's in-process prettier). */
export type LocalFormatter = (content: string, parser: string) => Promise<string>;

/**
 * Starts `size` workers formatting with prettier `options` (format.ts's); each loads the `warm` parsers before
 * its first file. Texts wait in one queue in the order asked; an idle worker takes the next one, and with
 * `local` this thread takes the next one too whenever it gets to run, so no core idles while texts wait. Who
 * formats a text never changes the result (same prettier, same options). Call close() when done.
 */
export function startFormatPool(size: number, options: object, warm: readonly string[] = [], local?: LocalFormatter): FormatPool {
  interface Job {
    id: number;
    content: string;
    parser: string;
    resolve: (text: string) => void;
    reject: (err: Error) => void;
  }
  const queue: Job[] = [];
  const running = new Map<number, Job>();
  /** Per worker: the id of the job it is formatting, or undefined while idle (or still loading prettier). */
  const busy = new Array<number | undefined>(size).fill(undefined);
  const ready = new Array<boolean>(size).fill(false);
  const dead = new Array<boolean>(size).fill(false);
  let next = 0;
  let failed: Error | undefined;
  let localRunning = false;
  let markReady: () => void = () => undefined;
  const allReady = new Promise<void>((resolve) => (markReady = resolve));

  const dispatch = () => {
    for (let i = 0; i < size && queue.length > 0; i++) {
      if (!ready[i] || busy[i] !== undefined) continue;
      const job = queue.shift()!;
      busy[i] = job.id;
      running.set(job.id, job);
      workers[i]!.postMessage({ id: job.id, text: job.content, parser: job.parser });
    }
    if (local && !localRunning && queue.length > 0) {
      localRunning = true;
      // After the current turn: what the caller was doing (emitting the next language) goes on first.
      setImmediate(() => void runLocal());
    }
  };
  const runLocal = async () => {
    try {
      while (queue.length > 0) {
        const job = queue.shift()!;
        try {
          job.resolve(await local!(job.content, job.parser));
        } catch (err) {
          job.reject(err as Error);
        }
        // Let the workers' answers in (and so hand them the next text) before taking another.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      localRunning = false;
    }
  };
  const workers = Array.from({ length: size }, (_, index) => {
    const worker = new Worker(WORKER, { workerData: { options, warm } });
    worker.on('message', (message: { id?: number; ready?: boolean; text?: string; error?: string }) => {
      if (message.ready) {
        ready[index] = true;
        if (ready.every(Boolean)) markReady();
        dispatch();
        return;
      }
      const job = running.get(message.id!);
      busy[index] = undefined;
      if (job) {
        running.delete(job.id);
        if (message.error !== undefined) job.reject(new Error(message.error));
        else job.resolve(message.text!);
      }
      dispatch();
    });
    worker.on('error', (err) => {
      failed = err;
      const id = busy[index];
      busy[index] = undefined;
      ready[index] = false;
      dead[index] = true;
      const job = id === undefined ? undefined : running.get(id);
      if (job) {
        running.delete(job.id);
        job.reject(err);
      }
      // Texts no other thread can take fail with the worker's error rather than wait forever.
      if (!local && dead.every(Boolean)) for (const waiting of queue.splice(0)) waiting.reject(err);
      dispatch();
    });
    return worker;
  });
  return {
    format(content, parser) {
      if (failed && !local) return Promise.reject(failed);
      return new Promise<string>((resolve, reject) => {
        queue.push({ id: next++, content, parser, resolve, reject });
        dispatch();
      });
    },
    whenReady: () => allReady,
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

// Runs startMock inside a worker thread (see thread-host in index.ts). Plain JavaScript so that it
// loads without a TypeScript loader; it registers tsx itself, as bin/gen.js does.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { startMock } = await import('./index.ts');
try {
  const log = workerData.verbose ? (line) => parentPort.postMessage({ type: 'log', line }) : undefined;
  const server = await startMock({ ...workerData.options, inProcess: true, ...(log ? { log } : {}) });
  parentPort.on('message', async (message) => {
    if (message === 'close') {
      await server.close();
      parentPort.postMessage({ type: 'closed' });
    }
  });
  parentPort.postMessage({ type: 'ready', url: server.url });
} catch (err) {
  parentPort.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
}

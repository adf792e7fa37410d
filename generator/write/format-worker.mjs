// One prettier worker of the format pool (format-pool.ts): formats the texts it is sent with the options it was
// started with. Plain JavaScript, loaded as is from the sources and from the precompiled build.
import { parentPort, workerData } from 'node:worker_threads';

const prettier = await import('prettier');
const options = workerData.options;
// Load each parser the run will need (and warm its code) before the first real file arrives.
const SAMPLES = {
  typescript: 'export const a: number = 1;\n',
  babel: 'export const a = 1;\n',
  markdown: '# a\n\n```ts\nconst a = 1;\n```\n',
  json: '{"a": 1}\n',
  html: '<p>a</p>\n',
  css: 'a { color: red; }\n',
  yaml: 'a: 1\n',
};
for (const parser of workerData.warm) {
  if (SAMPLES[parser]) await prettier.format(SAMPLES[parser], { ...options, parser }).catch(() => undefined);
}
// Texts are handed out one at a time, to whichever thread is free: say when this one can take them.
parentPort.postMessage({ ready: true });
parentPort.on('message', async ({ id, text, parser }) => {
  try {
    parentPort.postMessage({ id, text: await prettier.format(text, { ...options, parser }) });
  } catch (err) {
    parentPort.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});

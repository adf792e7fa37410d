/**
 * The sample programs (append from memory, append from a file, resume from the current length),
 * written under out/ts/examples/ and exported for the docs. Each reads endpoint, bucket, key and
 * credentials from arguments or the environment, and imports the package by its npm name (the
 * package's tsconfig maps that name to src/ so the samples compile and run in place).
 */
import type { IrModel } from '../../ir/types.js';
import { SAMPLE_FLAGS, sampleUsage, type SampleId } from '../sample-ids.js';
import type { OutputFile } from '../types.js';
import { Printer, str, type Statement } from './helpers.js';

function argsPrelude(ir: IrModel, id: SampleId): Statement[] {
  const env = ir.service.settingsEnv;
  const options = SAMPLE_FLAGS[id].map((f) => `${/^[a-z]+$/.test(f.name) ? f.name : str(f.name)}: { type: 'string' }`).join(', ');
  return [
    `const { values } = parseArgs({ options: { ${options} } });`,
    '// Arguments win over the environment; credentials come only from the environment.',
    `const endpoint = values.endpoint || process.env.${env.endpoint} || undefined;`,
    `const region = values.region || process.env.${env.region} || undefined;`,
    `const bucket = values.bucket || process.env.${env.bucket} || 'examplebucket';`,
    `const key = values.key || process.env.${env.key} || ${str(id === 'append-from-file' ? 'logs/upload.bin' : 'logs/app.log')};`,
    `const signatureVersion = values.signature ?? ${str(ir.auth.default)};`,
    "if (signatureVersion !== 'v4' && signatureVersion !== 'v1') throw new Error('--signature: v4 or v1');",
  ];
}

/**
 * A JSON value as a JavaScript literal with the spacing prettier gives it on one line (`{ "a": 1 }`, `[1, 2]`), so
 * that the TypeScript layout (render/typescript-layout.ts) can print the statement without prettier; prettier's
 * output is the same either way.
 */
function literal(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${literal(v)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return JSON.stringify(value);
}

/** The sample files (the pipeline formats them and hands them to the docs). */
export function samples(ir: IrModel): OutputFile[] {
  const ap = ir.protocol.append;
  if (!ap) return [];
  const { operation: op, probe } = ap;
  const client = ir.service.clientNames.ts;
  const pkg = ir.service.packages.npm;
  const key = ap.key.names.ts;
  const body = ap.body.names.ts;
  const position = ap.position.names.ts;
  const next = ap.nextPosition.names.ts;
  const crc = ap.crc.names.ts;
  const example = ir.examples.find((e) => e.operation === op.name);
  const exampleValues = (example?.input ?? []).filter((v) => v.member.location === 'header' || v.member.location === 'header-map');
  const createFields = exampleValues.map((v) => `${v.member.names.ts}: ${literal(v.value)}`);
  const exampleBody = (example?.input.find((v) => v.member.location === 'body')?.value as string | undefined) ?? 'hello\n';
  const printer = new Printer();
  const print = (path: string, statements: Statement[], doc: string) => printer.print(path, statements, doc);

  const memory = print(
    'examples/append-from-memory.ts',
    [
      "import { parseArgs } from 'node:util';",
      `import { ${client} } from ${str(pkg)};`,
      ...argsPrelude(ir, 'append-from-memory'),
      `const client = new ${client}({ endpoint, region, bucket, signatureVersion });`,
      `try {
        // Position 0 creates the object; creation headers count only on this first append.
        const first = await client.${op.names.ts}({ ${key}: key, ${position}: 0, ${body}: ${str(exampleBody)}${createFields.length ? `, ${createFields.join(', ')}` : ''} });
        // Every answer gives the next position and the whole object's CRC-64, checked against the bytes sent.
        const second = await client.${op.names.ts}({ ${key}: key, ${position}: first.${next}, ${body}: new TextEncoder().encode('second line\\n') }, { previousCrc: first.${crc} });
        console.log(\`appended to \${bucket}/\${key}: length \${second.${next}}, crc64 \${second.${crc}}\`);
      } finally {
        client.close();
      }`,
    ],
    `Append from memory: create an appendable object with a string, then append bytes at the returned position.\nUsage: append-from-memory ${sampleUsage('append-from-memory')}`,
  );

  const file = print(
    'examples/append-from-file.ts',
    [
      "import { createReadStream } from 'node:fs';",
      "import { pipeline } from 'node:stream/promises';",
      "import { parseArgs } from 'node:util';",
      `import { AbortError, Appender, ${client}, fromFile } from ${str(pkg)};`,
      ...argsPrelude(ir, 'append-from-file'),
      `const path = values.file || process.env.${ir.service.settingsEnv.file};`,
      `if (!path) throw new Error('pass --file PATH (or set ${ir.service.settingsEnv.file})');`,
      "const chunkSize = values['chunk-size'] === undefined ? 0 : Number(values['chunk-size']);",
      "if (!Number.isSafeInteger(chunkSize) || chunkSize < 0) throw new Error('--chunk-size: a whole number of bytes');",
      `const client = new ${client}({ endpoint, region, bucket, signatureVersion });`,
      `try {
        // Ctrl-C cancels the upload: the appender then reads the object back, so its position is what is stored.
        const cancel = new AbortController();
        process.once('SIGINT', () => cancel.abort());
        // The appender HEADs the object first: absent starts at 0, a non-appendable object is refused.
        const appender = await Appender.open(client, {
          key,
          abortSignal: cancel.signal,
          onProgress: (p) => console.log(\`chunk \${p.chunks}: \${p.chunkBytes} bytes, object now \${p.position} bytes\`),
          // Byte-level progress while the file is on its way.
          onUploadProgress: ({ loaded, total }) => process.stderr.write(\`\\r\${loaded} / \${total ?? '?'} bytes\`),
        });
        // The file is streamed, never read whole into memory; its size goes out as Content-Length.
        try {
          if (chunkSize > 0) {
            // Appends of at most chunkSize bytes: the file is piped into the appender's Writable, which batches.
            await pipeline(createReadStream(path), appender.writable({ maxBytes: chunkSize, signal: cancel.signal }));
          } else {
            await appender.append(fromFile(path));
          }
        } catch (err) {
          if (err instanceof AbortError) console.log(\`cancelled; stored: \${JSON.stringify(appender.lastAbort, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}\`);
          throw err;
        }
        console.log(\`\\nappended \${path} to \${bucket}/\${key}: length \${appender.position}, crc64 \${appender.crc}\`);
      } finally {
        client.close();
      }`,
    ],
    `Append from a file: stream a local file onto the end of an appendable object.\nUsage: append-from-file ${sampleUsage('append-from-file')}`,
  );

  const resume = print(
    'examples/resume.ts',
    [
      "import { parseArgs } from 'node:util';",
      `import { ${client}, ServiceError } from ${str(pkg)};`,
      ...argsPrelude(ir, 'resume'),
      "const text = values.text ?? 'resumed line\\n';",
      `const client = new ${client}({ endpoint, region, bucket, signatureVersion });`,
      `try {
        // Learn where the object ends (and its CRC) instead of trusting a position saved earlier.
        let start = 0;
        let previousCrc = 0n;
        try {
          const head = await client.${probe.names.ts}({ ${ap.probeKey.names.ts}: key });
          start = head.${ap.probeNextPosition.names.ts} ?? 0;
          previousCrc = head.${ap.probeCrc!.names.ts} ?? 0n;
        } catch (err) {
          if (!(err instanceof ServiceError && err.status === ${ap.notFound?.status ?? 404})) throw err;
        }
        const out = await client.${op.names.ts}({ ${key}: key, ${position}: start, ${body}: text }, { previousCrc });
        console.log(\`resumed \${bucket}/\${key} at \${start}: length \${out.${next}}, crc64 \${out.${crc}}\`);
      } finally {
        client.close();
      }`,
    ],
    `Resume from the current length: HEAD the object, then append where it ends.\nUsage: resume ${sampleUsage('resume')}`,
  );

  const list: { id: SampleId; path: string; content: string }[] = [
    { id: 'append-from-memory', path: 'examples/append-from-memory.ts', content: memory },
    { id: 'append-from-file', path: 'examples/append-from-file.ts', content: file },
    { id: 'resume', path: 'examples/resume.ts', content: resume },
  ];
  return list.map(({ id, path, content }) => ({ path, content, sample: id }));
}

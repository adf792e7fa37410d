/**
 * A careless OSS client, on purpose: the hostile-server suite runs it to prove its checks can fail.
 * It does what the issue found real clients doing: fetch follows redirects, a missing or odd next
 * position is read as a number anyway, a missing CRC is not noticed, error bodies are read whole,
 * header values go out as given, and after an unknown outcome any length but "position + n" is
 * called a lost race. Same protocol as the generated clients' drivers (`append-once`, `appender`,
 * `head`; one JSON line). Never use it for anything else.
 */
import { readFileSync } from 'node:fs';
import { buildSigned } from '../../../generator/mock/raw-client.js';

const BUCKET = 'examplebucket';
const credentials = {
  accessKeyId: process.env.OSS_ACCESS_KEY_ID ?? '',
  accessKeySecret: process.env.OSS_ACCESS_KEY_SECRET ?? '',
  ...(process.env.OSS_SESSION_TOKEN ? { securityToken: process.env.OSS_SESSION_TOKEN } : {}),
};

async function call(url: string, method: string, key: string, query: { name: string; value?: string }[], body?: Buffer): Promise<Response> {
  const { path, headers } = buildSigned({ method, bucket: BUCKET, key, query, ...(body ? { body } : {}), credentials });
  return fetch(`${url}${path}`, { method, headers, ...(body ? { body } : {}) });
}

async function appendAt(url: string, key: string, position: number, body: Buffer): Promise<{ next: number; crc: string | null }> {
  let res: Response;
  try {
    res = await call(url, 'POST', key, [{ name: 'append' }, { name: 'position', value: String(position) }], body);
  } catch (err) {
    // Unknown outcome: a HEAD decides, and anything but "exactly after my chunk" is a lost race.
    const head = await call(url, 'HEAD', key, []);
    const length = Number(head.headers.get('x-oss-next-append-position') ?? head.headers.get('content-length') ?? 0);
    if (length === position + body.length) return { next: length, crc: head.headers.get('x-oss-hash-crc64ecma') };
    throw Object.assign(new Error('lost race'), { code: 'PositionNotEqualToLength', status: 409, nextAppendPosition: length, cause: err });
  }
  const text = await res.text();
  if (res.status >= 300 && !res.ok) {
    const decode = (t: string) => t.replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)));
    throw Object.assign(new Error(decode(text.slice(0, 300))), { code: /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? 'FileAlreadyExists', status: res.status });
  }
  return { next: Number(res.headers.get('x-oss-next-append-position') ?? 0), crc: res.headers.get('x-oss-hash-crc64ecma') };
}

async function main(): Promise<Record<string, unknown>> {
  const [mode, url, key, ...files] = process.argv.slice(2) as [string, string, string, ...string[]];
  try {
    if (mode === 'head') {
      const res = await call(url, 'HEAD', key, []);
      if (!res.ok) return { ok: false, kind: 'service', class: 'Error', code: '', status: res.status, message: 'head failed' };
      return { ok: true, next: Number(res.headers.get('content-length') ?? 0), crc: res.headers.get('x-oss-hash-crc64ecma') };
    }
    let position = 0;
    if (mode === 'appender') {
      const head = await call(url, 'HEAD', key, []);
      position = head.status === 404 ? 0 : Number(head.headers.get('x-oss-next-append-position') ?? 0);
    }
    let last = { next: position, crc: null as string | null };
    for (const file of files) {
      last = await appendAt(url, key, position, readFileSync(file));
      position = last.next;
    }
    return { ok: true, next: last.next, crc: last.crc };
  } catch (err) {
    const e = err as { code?: string; status?: number; nextAppendPosition?: number; message?: string };
    if (e.status !== undefined) return { ok: false, kind: 'service', class: 'Error', code: e.code, status: e.status, nextAppendPosition: e.nextAppendPosition, message: e.message };
    return { ok: false, kind: 'untyped', class: (err as Error).name, message: String((err as Error).message) };
  }
}

console.log(JSON.stringify(await main()));

/** Malformed requests get an answer (or a closed connection) and never take the server down. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../../generator/mock/index.js';
import { send, xmlField } from '../../generator/mock/raw-client.js';
import { append, BUCKET, head, ir, rawExchange, signedRaw, withMock } from './helpers.js';

let mock: MockServer;
beforeAll(async () => {
  // A copy of the IR with a 16-byte object limit: the limit is read from the IR, so chunked
  // bodies can be driven over it cheaply.
  const small = { ...ir, limits: { ...ir.limits, objectSize: { ...ir.limits.objectSize, maxBytes: 16 } } };
  mock = await withMock({ ir: small });
});
afterAll(() => mock.close());

async function stillUp(): Promise<void> {
  const key = `alive-${Math.random().toString(36).slice(2)}`;
  expect((await append(mock.url, key, 0, 'ok')).status).toBe(200);
}

describe('malformed requests', () => {
  const garbage: [string, string][] = [
    ['not HTTP', 'GARBAGE\r\n\r\n'],
    ['a header line without a colon', `GET /${BUCKET}/k HTTP/1.1\r\nHost: x\r\nBroken header\r\n\r\n`],
    ['two different Content-Lengths', `POST /${BUCKET}/k?append&position=0 HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab`],
    ['a bad chunk size', `POST /${BUCKET}/k?append&position=0 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n`],
    ['a 64 KiB header', `GET /${BUCKET}/k HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(65536)}\r\n\r\n`],
    ['a control character in a header', `GET /${BUCKET}/k HTTP/1.1\r\nHost: x\r\nX-A: a\u0001b\r\n\r\n`],
  ];
  for (const [name, bytes] of garbage) {
    it(`${name}: 4xx or closed, server up`, async () => {
      const reply = await rawExchange(mock.url, bytes, 1000);
      if (reply) expect(reply).toMatch(/^HTTP\/1\.1 4\d\d /);
      await stillUp();
    });
  }

  it('a truncated body (declared 10, sent 2, connection closed) changes nothing', async () => {
    await append(mock.url, 'trunc', 0, 'abc');
    const query = [{ name: 'append' }, { name: 'position', value: '3' }];
    await signedRaw(mock.url, { method: 'POST', bucket: BUCKET, key: 'trunc', query }, { contentLength: 10, body: 'de', waitMs: 200 });
    await new Promise((r) => setTimeout(r, 100));
    expect((await head(mock.url, 'trunc')).headers['content-length']).toBe('3');
    await stillUp();
  });

  it('an oversized declared length is refused at once', async () => {
    const query = [{ name: 'append' }, { name: 'position', value: '0' }];
    const reply = await signedRaw(mock.url, { method: 'POST', bucket: BUCKET, key: 'big', query }, { contentLength: 1e15, body: 'abc' });
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    await stillUp();
  });

  it('a chunked body over the limit is refused and rolled back; within it, accepted', async () => {
    const ok = await send(mock.url, { method: 'POST', bucket: BUCKET, key: 'chunked', query: [{ name: 'append' }, { name: 'position', value: '0' }], body: 'twelve bytes', chunked: true });
    expect(ok.status).toBe(200);
    expect(ok.headers['x-oss-next-append-position']).toBe('12');
    const over = await send(mock.url, { method: 'POST', bucket: BUCKET, key: 'chunked', query: [{ name: 'append' }, { name: 'position', value: '12' }], body: 'more than four', chunked: true }).catch((e: Error) => e);
    if (!(over instanceof Error)) {
      expect(over.status).toBe(400);
      expect(xmlField(over, 'Code')).toBe(ir.limits.objectSize.error);
    }
    expect((await head(mock.url, 'chunked')).headers['content-length']).toBe('12');
    await stillUp();
  });

  it('a write with neither Content-Length nor chunked encoding is MissingContentLength (411)', async () => {
    const query = [{ name: 'append' }, { name: 'position', value: '0' }];
    const reply = await signedRaw(mock.url, { method: 'POST', bucket: BUCKET, key: 'nolength', query }, { contentLength: 'none' });
    expect(reply).toMatch(/^HTTP\/1\.1 411 /);
    expect(reply).toContain('<Code>MissingContentLength</Code>');
    await stillUp();
  });

  it('broken Authorization and date headers are 403s', async () => {
    for (const auth of ['OSS4-HMAC-SHA256 Credential=ak', 'OSS4-HMAC-SHA256 Credential=a/b,Signature=x', 'OSS ', 'OSS ak', '\u00ff']) {
      const r = await append(mock.url, 'authbad', 0, 'x', { tamper: (h) => (h['authorization'] = auth) }).catch((e: Error) => e);
      if (!(r instanceof Error)) expect(r.status).toBe(403);
    }
    const r = await append(mock.url, 'datebad', 0, 'x', { tamper: (h) => (h['x-oss-date'] = 'yesterday') });
    expect(r.status).toBe(403);
    await stillUp();
  });

  it('100 requests in parallel on one object leave it consistent', async () => {
    await append(mock.url, 'par', 0, '');
    const results = await Promise.all(Array.from({ length: 100 }, () => append(mock.url, 'par', 0, 'x')));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(99);
    expect((await head(mock.url, 'par')).headers['content-length']).toBe('1');
  });
});

describe('request targets', () => {
  it('absolute-form targets (as sent through a proxy) address the same object', async () => {
    const query = [{ name: 'append' }, { name: 'position', value: '0' }];
    const reply = await signedRaw(mock.url, { method: 'POST', bucket: BUCKET, key: 'abs/form', query }, { rawPath: `http://127.0.0.1/${BUCKET}/abs/form?append&position=0`, body: 'ab' });
    expect(reply).toMatch(/^HTTP\/1\.1 200 /);
    expect((await head(mock.url, 'abs/form')).headers['content-length']).toBe('2');
  });
});

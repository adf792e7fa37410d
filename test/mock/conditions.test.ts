/** Conditional reads (issue 17 item 6): 304 and 412 from GET and HEAD, as OSS and RFC 9110 order them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluatePreconditions } from '../../generator/mock/conditions.js';
import type { MockServer } from '../../generator/mock/index.js';
import { xmlField } from '../../generator/mock/raw-client.js';
import { append, get, head, ir, withMock } from './helpers.js';

const ETAG = '"5B3C1A2E4F"';
const MODIFIED = Date.UTC(2026, 10, 30, 12, 0, 0, 400);
const at = (ms: number) => new Date(ms).toUTCString();

describe('evaluatePreconditions', () => {
  const outcome = (headers: Record<string, string>) => evaluatePreconditions(headers, ETAG, MODIFIED);

  it('proceeds without conditions, and with conditions that hold', () => {
    expect(outcome({})).toEqual({ outcome: 'proceed' });
    expect(outcome({ 'if-match': ETAG })).toEqual({ outcome: 'proceed' });
    expect(outcome({ 'if-match': '5B3C1A2E4F' })).toEqual({ outcome: 'proceed' });
    expect(outcome({ 'if-match': '"other", W/"5B3C1A2E4F"' })).toEqual({ outcome: 'proceed' });
    expect(outcome({ 'if-match': '*' })).toEqual({ outcome: 'proceed' });
    expect(outcome({ 'if-none-match': '"other"' })).toEqual({ outcome: 'proceed' });
    expect(outcome({ 'if-modified-since': at(MODIFIED - 1000) })).toEqual({ outcome: 'proceed' });
    expect(outcome({ 'if-unmodified-since': at(MODIFIED) })).toEqual({ outcome: 'proceed' });
  });

  it('fails If-Match and If-Unmodified-Since that do not hold (412)', () => {
    expect(outcome({ 'if-match': '"other"' })).toEqual({ outcome: 'failed', header: 'If-Match' });
    expect(outcome({ 'if-unmodified-since': at(MODIFIED - 1000) })).toEqual({ outcome: 'failed', header: 'If-Unmodified-Since' });
  });

  it('answers Not Modified to a matching If-None-Match and an If-Modified-Since at or after the change (second precision)', () => {
    expect(outcome({ 'if-none-match': ETAG })).toEqual({ outcome: 'not-modified' });
    expect(outcome({ 'if-none-match': '*' })).toEqual({ outcome: 'not-modified' });
    expect(outcome({ 'if-modified-since': at(MODIFIED) })).toEqual({ outcome: 'not-modified' });
    expect(outcome({ 'if-modified-since': at(MODIFIED + 60_000) })).toEqual({ outcome: 'not-modified' });
  });

  it('orders them as RFC 9110 does: If-Match before If-Unmodified-Since, If-None-Match before If-Modified-Since, 412 before 304', () => {
    expect(outcome({ 'if-match': ETAG, 'if-unmodified-since': at(MODIFIED - 1000) })).toEqual({ outcome: 'proceed' });
    expect(outcome({ 'if-none-match': '"other"', 'if-modified-since': at(MODIFIED) })).toEqual({ outcome: 'proceed' });
    expect(outcome({ 'if-match': '"other"', 'if-none-match': ETAG })).toEqual({ outcome: 'failed', header: 'If-Match' });
  });

  it('ignores dates it cannot read', () => {
    expect(outcome({ 'if-modified-since': 'yesterday' })).toEqual({ outcome: 'proceed' });
    expect(outcome({ 'if-unmodified-since': 'soon' })).toEqual({ outcome: 'proceed' });
  });
});

describe('conditional GET and HEAD against the simulator', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await withMock();
  });
  afterAll(() => mock.close());

  it('304 without a body for a matching If-None-Match or an unchanged If-Modified-Since; 412 PreconditionFailed otherwise', async () => {
    const key = 'conditions/object';
    expect((await append(mock.url, key, 0, 'hello')).status).toBe(200);
    const meta = await head(mock.url, key);
    const etag = meta.headers['etag']!;
    const modified = meta.headers['last-modified']!;
    expect(etag).toBeTruthy();

    for (const read of [get, head]) {
      const notModified = await read(mock.url, key, { headers: { 'if-none-match': etag } });
      expect(notModified.status).toBe(304);
      expect(notModified.body.length).toBe(0);
      expect(notModified.headers['etag']).toBe(etag);
      expect(notModified.headers['x-oss-request-id']).toBeTruthy();
      expect((await read(mock.url, key, { headers: { 'if-modified-since': modified } })).status).toBe(304);
      expect((await read(mock.url, key, { headers: { 'if-none-match': '"different"' } })).status).toBe(200);
      expect((await read(mock.url, key, { headers: { 'if-match': etag } })).status).toBe(200);

      const failed = await read(mock.url, key, { headers: { 'if-match': '"different"' } });
      expect(failed.status).toBe(412);
      expect(xmlField(failed, 'Code', ir.protocol.errorBody.bodylessHeader)).toBe('PreconditionFailed');
      expect(xmlField(failed, 'Condition', ir.protocol.errorBody.bodylessHeader)).toBe('If-Match');
      const stale = await read(mock.url, key, { headers: { 'if-unmodified-since': at(Date.parse(modified) - 3_600_000) } });
      expect(stale.status).toBe(412);
    }
    // A full GET still answers the whole object.
    const whole = await get(mock.url, key, { headers: { 'if-match': etag } });
    expect(whole.body.toString()).toBe('hello');
  });

  it('an append changes the ETag, so the old one no longer matches', async () => {
    const key = 'conditions/changed';
    expect((await append(mock.url, key, 0, 'a')).status).toBe(200);
    const before = (await head(mock.url, key)).headers['etag']!;
    expect((await append(mock.url, key, 1, 'b')).status).toBe(200);
    expect((await get(mock.url, key, { headers: { 'if-none-match': before } })).status).toBe(200);
    expect((await get(mock.url, key, { headers: { 'if-match': before } })).status).toBe(412);
  });
});

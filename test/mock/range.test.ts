/**
 * Ranged reads by the model's rule (issue 17 item 3, `protocol.range`): OSS ignores a Range it cannot serve
 * (200, the whole object, no Content-Range) unless the request carries the range-behavior header with its
 * strict value (`x-oss-range-behavior: standard`), when a start beyond the end is 416 InvalidRange and an end
 * beyond the end is clipped (206). Every request here is a raw signed one (V4 and V1), so nothing but the
 * simulator decides.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../../generator/mock/index.js';
import { parseRange } from '../../generator/mock/sim.js';
import { xmlField, type RawResponse } from '../../generator/mock/raw-client.js';
import { append, get, ir, withMock } from './helpers.js';

const rule = ir.protocol.range!;
const OBJECT = '0123456789';

let mock: MockServer;
let key: string;
beforeAll(async () => {
  mock = await withMock();
  key = 'range/ten-bytes';
  expect((await append(mock.url, key, 0, OBJECT)).status).toBe(200);
});
afterAll(() => mock.close());

/** A signed GET with this Range (and the strict behavior header when `strict`), in either signature. */
function read(range: string, strict: boolean, signature: 'v4' | 'v1' = 'v4'): Promise<RawResponse> {
  const headers: Record<string, string> = { range, ...(strict ? { [rule.behavior.headerLower]: rule.strict } : {}) };
  return get(mock.url, key, { headers, auth: signature });
}

async function expectPartial(res: RawResponse, first: number, last: number): Promise<void> {
  expect({ status: res.status, contentRange: res.headers['content-range'], body: res.body.toString() }).toEqual({
    status: 206,
    contentRange: `bytes ${first}-${last}/${OBJECT.length}`,
    body: OBJECT.slice(first, last + 1),
  });
  expect(res.headers['content-length']).toBe(String(last - first + 1));
}

function expectWhole(res: RawResponse): void {
  expect({ status: res.status, contentRange: res.headers['content-range'], body: res.body.toString() }).toEqual({ status: 200, contentRange: undefined, body: OBJECT });
  expect(res.headers['content-length']).toBe(String(OBJECT.length));
}

describe('the model carries the rule', () => {
  it('GetObject takes the behavior header; the IR names its header, strict value and 416 error', () => {
    expect(rule.behavior.headerLower).toBe('x-oss-range-behavior');
    expect(rule.strict).toBe('standard');
    expect({ code: rule.unsatisfiable.code, status: rule.unsatisfiable.status }).toEqual({ code: 'InvalidRange', status: 416 });
    const getObject = ir.operations.find((o) => o.name === 'GetObject')!;
    expect(getObject.input.some((m) => m.id === rule.behavior.member && m.headerLower === rule.behavior.headerLower)).toBe(true);
    expect(ir.protocol.append?.readRangeBehavior?.id).toBe(rule.behavior.member);
  });
});

describe('ranges the object can serve: 206 in both behaviours', () => {
  for (const strict of [false, true]) {
    it(`${strict ? 'strict' : 'default'}: a-b, a-, -n, 0-, the first of several`, async () => {
      await expectPartial(await read('bytes=2-4', strict), 2, 4);
      await expectPartial(await read('bytes=7-', strict), 7, 9);
      await expectPartial(await read('bytes=-2', strict), 8, 9);
      await expectPartial(await read('bytes=0-', strict), 0, 9);
      await expectPartial(await read('bytes=-10', strict), 0, 9);
      await expectPartial(await read('bytes=9-9', strict), 9, 9);
      await expectPartial(await read('bytes=0-1,3-4', strict), 0, 1);
      await expectPartial(await read('bytes=2-4', strict, 'v1'), 2, 4);
    });
  }
});

describe('default (no behavior header): a range the object cannot serve is ignored', () => {
  it('an end beyond the object (bytes=0-10, bytes=5-100): 200, the whole object, no Content-Range', async () => {
    expectWhole(await read('bytes=0-10', false));
    expectWhole(await read('bytes=5-100', false));
  });
  it('a start beyond the object (bytes=10-, bytes=10-12, a 40-digit start): 200, not 416', async () => {
    expectWhole(await read('bytes=10-', false));
    expectWhole(await read('bytes=10-12', false));
    expectWhole(await read(`bytes=${'9'.repeat(40)}-`, false, 'v1'));
  });
  it('a suffix longer than the object or empty (bytes=-11, bytes=-0): 200', async () => {
    expectWhole(await read('bytes=-11', false));
    expectWhole(await read('bytes=-0', false));
  });
  it('a value other than the strict one does not switch the behaviour', async () => {
    expectWhole(await get(mock.url, key, { headers: { range: 'bytes=10-12', [rule.behavior.headerLower]: 'lenient' } }));
  });
});

describe(`strict (${rule.behavior.header}: ${rule.strict})`, () => {
  it('a start beyond the object is 416 with the modeled error document', async () => {
    for (const range of ['bytes=10-', 'bytes=10-12', `bytes=${'9'.repeat(40)}-`, 'bytes=-0']) {
      const res = await read(range, true);
      expect({ range, status: res.status, code: xmlField(res, 'Code') }).toEqual({ range, status: 416, code: rule.unsatisfiable.code });
      expect(xmlField(res, 'RequestId')).toBe(res.headers['x-oss-request-id']);
    }
    expect((await read('bytes=10-12', true, 'v1')).status).toBe(416);
  });
  it('an end beyond the object, or a suffix longer than it, is clipped to the last byte (206)', async () => {
    await expectPartial(await read('bytes=0-10', true), 0, 9);
    await expectPartial(await read('bytes=5-100', true), 5, 9);
    await expectPartial(await read('bytes=-11', true), 0, 9);
  });
});

describe('ignored in both behaviours: a Range that is not one', () => {
  for (const strict of [false, true]) {
    it(`${strict ? 'strict' : 'default'}: malformed, reversed, another unit`, async () => {
      for (const range of ['byte=0-1', 'bytes=5-2', 'bytes=a-b', 'pages=1-2', 'bytes=-']) expectWhole(await read(range, strict));
    });
  }
});

describe('parseRange', () => {
  it('on an empty object every range is unservable: ignored by default, 416 when strict', () => {
    for (const range of ['bytes=0-', 'bytes=0-0', 'bytes=-1']) {
      expect(parseRange(range, 0, false)).toBeUndefined();
      expect(parseRange(range, 0, true)).toBe('unsatisfiable');
    }
  });
});

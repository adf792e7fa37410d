/**
 * The bench's comparison rows (client against raw request) alternate their order run by run, so neither side
 * always runs first (right after another language's processes and the server's reset).
 */
import { describe, expect, it } from 'vitest';
import { runOrder } from '../../bench/lib.js';

describe('bench: runOrder', () => {
  it('keeps the planned order in even runs and reverses it in odd ones, each variant once a run', () => {
    const planned = ['client', 'observed', 'raw', 'alioss'] as const;
    const firsts = [0, 1, 2, 3].map((r) => runOrder(planned, r)[0]);
    expect(firsts).toEqual(['client', 'alioss', 'client', 'alioss']);
    expect(runOrder(['client', 'raw'], 1)).toEqual(['raw', 'client']);
    for (const r of [0, 1]) expect([...runOrder(planned, r)].sort()).toEqual([...planned].sort());
    expect(planned).toEqual(['client', 'observed', 'raw', 'alioss']); // the plan itself is not reordered
  });
});

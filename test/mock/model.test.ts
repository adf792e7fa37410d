/** The mock builds its IR without run.ts (to stay small); it must be exactly buildModel()'s. */
import { describe, expect, it } from 'vitest';
import { buildMockIr } from '../../generator/mock/model.js';
import { buildModel } from '../../generator/run.js';

describe('mock IR', () => {
  it('equals the IR of buildModel()', async () => {
    const expected = await buildModel();
    expect(expected.ir).toBeDefined();
    expect(await buildMockIr()).toEqual(expected.ir);
  });
});

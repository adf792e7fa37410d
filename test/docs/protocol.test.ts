/** The docs emitter reads the append protocol from the IR (issue 15, item 1), not from literals. */
import { describe, expect, it } from 'vitest';
import { buildSiteView } from '../../generator/emitters/docs/view-model.js';
import { loadDefaultIr } from '../../generator/mock/index.js';

const ir = await loadDefaultIr();

describe('docs view model', () => {
  it('names the appendable object type and the guide operation as the model does', () => {
    const append = ir.protocol.append!;
    const renamed = {
      ...ir,
      protocol: { ...ir.protocol, append: { ...append, objectType: { ...append.objectType!, appendable: 'Extendable' } } },
    };
    const site = buildSiteView(renamed, []);
    for (const language of site.languages) {
      const guide = language.guide!;
      expect(guide.operation).toBe(append.operation.name);
      expect(guide.rules.map((r) => r.object).join('\n')).not.toMatch(/Appendable/);
    }
    const en = site.languages.find((l) => l.lang === 'en')!;
    expect(en.guide!.rules.map((r) => r.object)).toContain('Extendable object');
    expect(buildSiteView(ir, []).languages.find((l) => l.lang === 'en')!.guide!.rules.map((r) => r.object)).toContain('Appendable object');
  });

  it('has no guide when the model has no append protocol', () => {
    const { append: _append, ...protocol } = ir.protocol;
    const site = buildSiteView({ ...ir, protocol }, []);
    expect(site.languages.every((l) => l.guide === null)).toBe(true);
  });
});

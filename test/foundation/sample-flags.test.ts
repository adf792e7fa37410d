/**
 * Issue #22: every language's samples take one set of flags (emitters/sample-ids.ts SAMPLE_FLAGS), spelled
 * `--name value`, each setting falling back to the model's environment variable. The flags a sample declares are
 * read out of its source with the one pattern its language's argument parsing has; a language without a pattern
 * here fails, so a new language joins this check when it adds samples.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { IrModel } from '../../generator/ir/types.js';
import { SAMPLE_FLAGS, sampleUsage, type SampleId } from '../../generator/emitters/sample-ids.js';
import { buildModel, collectSamples } from '../../generator/run.js';
import type { LanguageSamples } from '../../generator/emitters/types.js';

/**
 * Languages whose samples are shell scripts driving a command-line tool: they take no flags of their own and read
 * the same settings variables (checked below), passing them to the tool.
 */
const SHELL_SAMPLES = new Set(['cli']);

/** The flag names a sample's source declares, per language (how its samples parse their arguments). */
const DECLARED: Record<string, (source: string) => string[]> = {
  ts: (s) => [...(s.match(/parseArgs\(\{\s*options:\s*\{([^]*?)\}\s*,?\s*\}\)/)?.[1] ?? '').matchAll(/(?:^\s*|[{,]\s*)'?([a-z][a-z-]*)'?:\s*\{/g)].map((m) => m[1]!),
  go: (s) => [...s.matchAll(/flag\.(?:String|Int|Int64|Bool)\("([a-z-]+)"/g)].map((m) => m[1]!),
  python: (s) => [...s.matchAll(/add_argument\(\s*"--([a-z-]+)"/g)].map((m) => m[1]!),
  c: (s) => [...s.matchAll(/flag\(argc, argv, "--([a-z-]+)"/g)].map((m) => m[1]!),
  cpp: (s) => [...s.matchAll(/flag\(argc, argv, "--([a-z-]+)"/g)].map((m) => m[1]!),
  php: (s) => [...s.matchAll(/(?:getopt\('', array_merge\(|settings\()\[([^\]]*)\]/g)].flatMap((m) => [...m[1]!.matchAll(/'([a-z-]+):'/g)].map((f) => f[1]!)),
  ruby: (s) => [...s.matchAll(/parser\.on\('--([a-z-]+)/g)].map((m) => m[1]!),
  java: (s) => [...s.matchAll(/flag\(f, "([a-z-]+)"/g)].map((m) => m[1]!),
  csharp: (s) => [...s.matchAll(/Declare\(options, "--([a-z-]+)"/g)].map((m) => m[1]!),
};

describe('samples: one set of flags in every language', () => {
  let ir: IrModel;
  let languages: LanguageSamples[];
  beforeAll(async () => {
    const built = await buildModel();
    expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    ir = built.ir!;
    languages = await collectSamples(ir, new Map());
  }, 120_000);

  it('every client language has its three samples and a way to read their flags', () => {
    expect(languages.length).toBeGreaterThanOrEqual(6);
    for (const { language, samples } of languages) {
      if (!SHELL_SAMPLES.has(language.id)) expect(Object.keys(DECLARED), `no flag pattern for ${language.id}`).toContain(language.id);
      expect(samples.map((s) => s.id).sort(), language.id).toEqual(Object.keys(SAMPLE_FLAGS).sort());
    }
  });

  it('each sample declares exactly its flags, shows them in its usage line, and names their environment variables', () => {
    const problems: string[] = [];
    for (const { language, samples } of languages) {
      for (const sample of samples) {
        const flags = SAMPLE_FLAGS[sample.id as SampleId];
        if (SHELL_SAMPLES.has(language.id)) {
          for (const flag of flags.filter((f) => f.env === 'bucket' || f.env === 'key' || (f.env === 'file' && sample.content.includes('FILE'))))
            if (!sample.content.includes(ir.service.settingsEnv[flag.env!])) problems.push(`${language.id} ${sample.path}: does not read ${ir.service.settingsEnv[flag.env!]}`);
          continue;
        }
        const declared = [...new Set(DECLARED[language.id]!(sample.content))].sort();
        const expected = flags.map((f) => f.name).sort();
        if (declared.join(' ') !== expected.join(' ')) problems.push(`${language.id} ${sample.path}: declares ${declared.join(' ') || '(nothing)'}; expected ${expected.join(' ')}`);
        if (!sample.content.includes(sampleUsage(sample.id as SampleId))) problems.push(`${language.id} ${sample.path}: usage line lacks "${sampleUsage(sample.id as SampleId)}"`);
        for (const flag of flags) {
          const env = flag.env && ir.service.settingsEnv[flag.env];
          if (env && !sample.content.includes(env)) problems.push(`${language.id} ${sample.path}: --${flag.name} does not fall back to ${env}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

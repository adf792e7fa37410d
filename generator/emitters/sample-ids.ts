/** The runnable samples every client language writes under out/<lang>/examples/, in the docs' order. */
export const SAMPLE_IDS = ['append-from-memory', 'append-from-file', 'resume'] as const;

export type SampleId = (typeof SAMPLE_IDS)[number];

/**
 * The samples' one set of command-line flags, the same in every language (issue #22): each is `--name value`,
 * and a setting with an environment variable falls back to it (ir.service.settingsEnv), then to the model's
 * example. test/foundation/sample-flags.test.ts holds every language's samples to this list.
 */
export interface SampleFlag {
  name: 'endpoint' | 'region' | 'bucket' | 'key' | 'signature' | 'file' | 'chunk-size' | 'text';
  /** The placeholder in a usage line. */
  metavar: string;
  /** The ir.service.settingsEnv entry this flag falls back to. */
  env?: 'endpoint' | 'region' | 'bucket' | 'key' | 'file';
}

const COMMON: readonly SampleFlag[] = [
  { name: 'endpoint', metavar: 'URL', env: 'endpoint' },
  { name: 'region', metavar: 'REGION', env: 'region' },
  { name: 'bucket', metavar: 'BUCKET', env: 'bucket' },
  { name: 'key', metavar: 'KEY', env: 'key' },
  { name: 'signature', metavar: 'v4|v1' },
];

export const SAMPLE_FLAGS: Readonly<Record<SampleId, readonly SampleFlag[]>> = {
  'append-from-memory': COMMON,
  'append-from-file': [{ name: 'file', metavar: 'FILE', env: 'file' }, ...COMMON, { name: 'chunk-size', metavar: 'BYTES' }],
  resume: [...COMMON, { name: 'text', metavar: 'TEXT' }],
};

/** The flags of a sample as a usage line's options, e.g. `--file FILE [--endpoint URL] …` (only --file is required). */
export function sampleUsage(id: SampleId): string {
  return SAMPLE_FLAGS[id].map((f) => (f.name === 'file' ? `--file ${f.metavar}` : `[--${f.name} ${f.metavar}]`)).join(' ');
}

/** The three usage lines, keyed as the templates name the samples. */
export function sampleUsages(): { memory: string; file: string; resume: string } {
  return { memory: sampleUsage('append-from-memory'), file: sampleUsage('append-from-file'), resume: sampleUsage('resume') };
}

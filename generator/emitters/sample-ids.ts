/** The runnable samples every client language writes under out/<lang>/examples/, in the docs' order. */
export const SAMPLE_IDS = ['append-from-memory', 'append-from-file', 'resume'] as const;

export type SampleId = (typeof SAMPLE_IDS)[number];

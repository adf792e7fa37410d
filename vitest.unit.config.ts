import { defineConfig } from 'vitest/config';

// `npm run test:unit`: the generator's and the mock's unit tests, in-process and without building any
// generated client, for a fast edit-test loop. `npm test` runs everything (vitest.config.ts).
export default defineConfig({
  test: {
    include: [
      'test/foundation/{build,compile-cache,fast-yaml,format-cache,format-pool,prettier-runtime,imports,invalid-models,ir,languages,load,naming,protocol,writer,write-side-by-side,check-side-by-side,young-generation}.test.ts',
      'test/mock/{conditions,dates,model,query,protocol,sim,vectors,faults,robustness}.test.ts',
      'test/docs/protocol.test.ts',
      'test/c/view-model.test.ts',
      'test/python/emitter.test.ts',
      'test/publish/surface.test.ts',
      'test/reliability/naming-rules.test.ts',
      'test/support/*.test.ts',
    ],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One module graph per worker instead of per file: importing the generator again for every file was
    // half of this project's time (collect 18 s of 55 s on 2 cores). These tests share no mutable state.
    isolate: false,
  },
});

/** The targets of issues #11, #16 and #21, judged from a results object: met, missed (with the known cause), or not measured. */
import { round, type Summary } from './lib.js';

export interface TargetResult {
  id: string;
  target: string;
  figure: string;
  met: boolean | null;
  /** For a missed target: the known cause and the next step. */
  why?: string;
}

/** Known causes of misses, from the breakdowns this suite prints (see bench/README.md). */
const WHY: Array<[RegExp, string]> = [
  [
    /^gen-linear$/,
    'Judged from the medians of interleaved runs; when the spreads in the synthetic table are larger than the differences between sizes, the machine was too busy to tell. Rerun on a quiet machine.',
  ],
  [
    /^gen-(ts|all)-vs-heyapi$|^gen-synthetic$/,
    'Since issue #16 no formatter runs in the main pipeline and no gofmt process (Go is emitted in gofmt\'s layout, its doc comments printed as gofmt prints them, render/go-doc-comments.ts): Markdown, JSON and the docs HTML are printed in prettier\'s style (render/prettier-style.ts, html-layout.ts), and every TypeScript file in prettier\'s layout by render/typescript-layout.ts, with model-independent code spliced from runtime/ts/parts/ as it is; the model is read by js-yaml, with yaml\'s Document parsed only for a diagnostic (load/fast-yaml.ts), and every language is written side by side. What is left is the main thread\'s own JavaScript, nearly all of it on the critical path: the TypeScript layout printer (each distinct text is parsed once since s8-layout; what remains is its parser\'s objects and GC), the docs HTML layout, the other emitters (handlebars) and garbage collection (bench/notes.md, s7-gen-all, s8-layout, s8-gen-all, s9-layout, s9-docs). hey-api runs no formatter. Next: fewer objects in the layout printer\'s parser (a third of it), garbage collection (a fifth of the docs\' cost at 50 operations), handlebars\' per-iteration work and the emitters\' per-operation view models',
  ],
  [
    /^gen-(ts|all)-rss$/,
    'Node itself (about 45 MB), the compiled code and the young generation: only about 41 MB of the heap is live at the peak (s7-gen-all, heap snapshot). The CLI caps the young generation at 16 MB (young-generation.ts: the semi-space growth factor set to 1 once it reaches the cap, checked around every formatted file since s9-gen-all, which also keeps V8\'s compile cache for the templates loaded after it): ~160 -> ~142 MB on its branch for 24 -> 35 scavenges. Next: what the rest of the peak holds (a heap snapshot at the peak)',
  ],
  [
    /^append-ts-vs-raw-/,
    'The CRC-64 (a two-lane WebAssembly kernel, about 1.6-1.9 GB/s) runs on the main thread between 64 KiB pieces, with the copy of each piece into its memory, so its time adds to the transfer; perf shows nothing else between the client and raw node:http. A worker (useCrcWorker) overlaps it only where a core is idle, which the shared 2-core bench machine never has. Next: measure the worker on a machine with an idle core.',
  ],
  [
    /^i21-append-/,
    'Each client now hashes every byte once (issue #21: Go, Java, C and C++ hashed an append two or three times; Go hashes each 256 KiB piece just before writing it, Python and TypeScript while the bytes go out, on another thread or between event-loop turns), so what is left is that one pass plus the request\'s own work. On the shared 2-core machine the client, the sink (which hashes too) and the other work of the machine compete for the same cores, so the overlap cannot show and the ratio moves with the load average. The Go client has a PCLMULQDQ kernel (runtime/go/crc64_amd64.s, ~13 GB/s) and C# calls liblzma since issue #21; TypeScript\'s WASM kernel (~1.5 GB/s) cannot have one (WebAssembly has no carry-less multiply). Next: the request\'s own work per language (profile), and a worker for the TS CRC where a core is idle.',
  ],
  [
    /^i21-small-/,
    'Per-request work over the raw request: V4 signing (the raw requests sign V1 with one HMAC; every client caches the day\'s V4 key since issue #21), validating the request, building and parsing the headers, and each language\'s HTTP stack around it (PHP: curl\'s callbacks and two writes per request, which only CURLOPT_POSTFIELDS avoids and it resends a body on a dead connection; C#: Mono\'s HttpClient). The small rows against the sink are n=6 (n=4 before 2026-12-02 09:00 UTC, n=2 before 2026-12-01 22:00 UTC): their raw runs alone spread up to 21% in one quiet run. Next: profile per language on a quiet machine (bench/notes.md names each one\'s next suspect)',
  ],
  [
    /^crc-ts-vs-go$/,
    'The TypeScript CRC runs a WebAssembly slicing-by-16 kernel (issue #21) on two independent 8 KiB lanes joined by a zero-bytes operator, its inner loop kept free of register spills, against Go\'s native slicing-by-8; WebAssembly has no carry-less multiply (a SIMD formulation measured 25% slower in V8, relaxed SIMD needs a flag in Node 20), a native table kernel here runs at 1.6-1.7 GB/s, and the input must be copied into its memory 64 KiB at a time, so the two are near the same ceiling and the ratio moves with the machine. Next: hashing in a worker thread where a core is idle',
  ],
  [
    /^memory-java$/,
    'The JVM sizes its heap from the machine (a quarter of 23.5 GiB by default) and lets garbage pile up before collecting; the appender itself holds one chunk (8 MiB) at a time. Next: measure with a bounded heap (-Xmx64m) to separate what the client keeps from what the JVM defers, and say in the Java README how to bound it.',
  ],
  [
    /^small-ts-vs-raw-/,
    'Per-request overhead over raw node:http: V4 signing, header parsing and the CRC check.',
  ],
];

export function evaluateTargets(r: Record<string, any>): TargetResult[] {
  const t: TargetResult[] = [];
  const med = (s: Summary | { error: string } | undefined) => (s && 'median' in s ? s.median : undefined);
  const g = r.generation;
  if (g) {
    const genWhy = generationWhy(g);
    t.push({ id: 'gen-cold', target: 'cold gen --lang all < 1.5 s', figure: `${(g.cold.median / 1000).toFixed(2)} s`, met: g.cold.median < 1500, why: genWhy });
    t.push({ id: 'gen-check', target: 'gen --lang all --check < 1.5 s', figure: `${(g.check.median / 1000).toFixed(2)} s`, met: g.check.median < 1500, why: genWhy });
    const v = g.vsHeyApi;
    if (v) {
      // Issue #16: side by side with @hey-api/openapi-ts in the same run (bench/openapi/oss-append.yaml).
      const hey = v.heyApi.wall.median as number;
      const heyRss = v.heyApi.peakRssMB.median as number;
      const vs = (ms: number) => `${(ms / hey).toFixed(2)}x (${(ms / 1000).toFixed(2)} s vs hey-api ${(hey / 1000).toFixed(2)} s)`;
      t.push({ id: 'gen-ts-vs-heyapi', target: 'cold gen --lang ts ≤ 0.6x hey-api wall time', figure: vs(v.ts.wall.median), met: v.ts.wall.median <= 0.6 * hey });
      t.push({ id: 'gen-all-vs-heyapi', target: 'cold gen --lang all ≤ 1.0x hey-api wall time', figure: vs(v.all.wall.median), met: v.all.wall.median <= hey });
      for (const [id, label, rss] of [
        ['gen-ts-rss', 'gen --lang ts', v.ts.peakRssMB.median],
        ['gen-all-rss', 'gen --lang all', v.all.peakRssMB.median],
      ] as Array<[string, string, number]>) {
        t.push({ id, target: `${label} peak RSS ≤ hey-api's`, figure: `${Math.round(rss)} MB vs ${Math.round(heyRss)} MB (${(rss / heyRss).toFixed(2)}x)`, met: rss <= heyRss });
      }
      t.push({
        id: 'gen-check-vs-gen',
        target: '--check no slower than generating',
        figure: `ts ${(v.ts.check.median / 1000).toFixed(2)} s vs ${(v.ts.wall.median / 1000).toFixed(2)} s; all ${(g.check.median / 1000).toFixed(2)} s vs ${(g.cold.median / 1000).toFixed(2)} s`,
        // Within 5 %: the two are measured in separate processes on a shared machine.
        met: v.ts.check.median <= v.ts.wall.median * 1.05 && g.check.median <= g.cold.median * 1.05,
      });
    }
    const largest = g.synthetic[g.synthetic.length - 1];
    if (largest) {
      t.push({
        id: 'gen-synthetic',
        target: `${largest.operations}-operation model, gen --lang all < 2 s`,
        figure: `${(largest.ms.median / 1000).toFixed(2)} s`,
        met: largest.operations >= 50 ? largest.ms.median < 2000 : null,
      });
    }
    if (g.synthetic.length >= 3) {
      // Linear, not worse: the cost per added operation in the upper half of the range is at most twice
      // that of the lower half (noise allowance), and a line explains the points (R² ≥ 0.9).
      const s = g.synthetic as Array<{ operations: number; ms: Summary }>;
      const mid = Math.floor(s.length / 2);
      const lower = (s[mid]!.ms.median - s[0]!.ms.median) / (s[mid]!.operations - s[0]!.operations);
      const upper = (s[s.length - 1]!.ms.median - s[mid]!.ms.median) / (s[s.length - 1]!.operations - s[mid]!.operations);
      t.push({
        id: 'gen-linear',
        target: 'generation cost grows linearly with operations',
        figure: `${round(g.fit.slope)} ms/operation, R² ${g.fit.r2}; ${round(lower)} → ${round(upper)} ms/op`,
        met: upper <= Math.max(2 * lower, 40) && g.fit.r2 >= 0.9,
      });
    }
  }
  const c = r.crc64?.implementations;
  if (c) {
    const ts = med(c.typescript?.MiBps);
    const go = med(c.go?.MiBps);
    // Issue #21 raised this from 0.5x (issue #11) to 1.0x.
    t.push({ id: 'crc-ts-vs-go', target: 'TypeScript CRC-64 ≥ 1.0x Go hash/crc64', figure: ts && go ? `${(ts / go).toFixed(2)}x (${Math.round(ts)} vs ${Math.round(go)} MiB/s)` : 'not measured', met: ts && go ? ts / go >= 1.0 : null });
  }
  const where: Record<string, string> = { simulator: 'simulator --data-dir', 'simulator-memory': 'in-memory simulator', sink: 'sink server' };
  for (const [server, langs] of Object.entries((r.append?.MiBps ?? {}) as Record<string, Record<string, Record<string, Summary>>>)) {
    const a = langs.ts;
    if (!a) continue;
    const client = med(a.client);
    const raw = med(a.raw);
    t.push({
      id: `append-ts-vs-raw-${server}`,
      target: `TS client ${r.append.totalMiB} MiB append ≥ 0.85x raw node:http (${where[server] ?? server})`,
      figure: client && raw ? `${(client / raw).toFixed(2)}x (${Math.round(client)} vs ${Math.round(raw)} MiB/s)` : 'not measured',
      met: client && raw ? client / raw >= 0.85 : null,
    });
  }
  // Issue #21: every language ≥ 0.9x its raw request against the sink, for 8 MiB and for 1 KiB appends (C++ against
  // the C driver's raw libcurl, which it sends through, run interleaved in its own block).
  for (const [section, label, data] of [
    ['append', `${r.append?.totalMiB} MiB in ${r.append?.chunkMiB} MiB appends`, r.append?.MiBps?.sink],
    ['small', `${r.smallAppends?.count} × ${r.smallAppends?.bytes} B appends`, r.smallAppends?.appendsPerSecond?.sink],
  ] as Array<[string, string, Record<string, Record<string, Summary>> | undefined]>) {
    if (!data) continue;
    for (const lang of ['ts', 'go', 'python', 'c', 'cpp', 'java', 'php', 'ruby', 'csharp']) {
      const client = med(data[lang]?.client);
      // C++ has its own interleaved raw runs (the C driver's, bench/run.ts PLAN); results from before that borrow C's.
      const raw = med(data[lang]?.raw ?? (lang === 'cpp' ? data.c?.raw : undefined));
      t.push({
        id: `i21-${section}-${lang}`,
        target: `${lang} client, ${label}, CRC on ≥ 0.9x its raw request (sink server)`,
        figure: client && raw ? `${(client / raw).toFixed(2)}x (${Math.round(client)} vs ${Math.round(raw)})` : 'not measured',
        met: client && raw ? client / raw >= 0.9 : null,
      });
    }
  }
  for (const [server, langs] of Object.entries((r.smallAppends?.appendsPerSecond ?? {}) as Record<string, Record<string, Record<string, Summary>>>)) {
    const s = langs.ts;
    if (!s) continue;
    const client = med(s.client);
    const raw = med(s.raw);
    const ali = med(s.alioss);
    const label = `${r.smallAppends.count} × 1 KiB appends/s`;
    const ceiling = raw && ali ? raw / ali : undefined;
    t.push({
      id: `small-ts-vs-alioss-${server}`,
      target: `${label} ≥ 2x ali-oss (${where[server] ?? server})`,
      figure: client && ali ? `${(client / ali).toFixed(2)}x (${Math.round(client)} vs ${Math.round(ali)}/s)` : 'not measured',
      met: client && ali ? client / ali >= 2 : null,
      ...(ceiling !== undefined && ceiling < 2
        ? {
            why: `Out of reach here: raw node:http itself is only ${ceiling.toFixed(2)}x ali-oss on this server, and a client cannot beat the raw request it is built on; the issue's ali-oss at 0.3x raw was measured on another sink. Next: profile ali-oss there and here to find the per-request cost that differs.`,
          }
        : {}),
    });
    t.push({ id: `small-ts-vs-raw-${server}`, target: `${label} ≥ 0.7x raw node:http keep-alive (${where[server] ?? server})`, figure: client && raw ? `${(client / raw).toFixed(2)}x (${Math.round(client)} vs ${Math.round(raw)}/s)` : 'not measured', met: client && raw ? client / raw >= 0.7 : null });
  }
  if (r.simulator) {
    t.push({
      id: 'memory-simulator',
      target: 'simulator (--data-dir) peak RSS < 150 MB',
      figure: `${r.simulator.peakRssMB} MB`,
      met: r.simulator.peakRssMB < 150,
      why: `${r.simulator.idleRssMB} MB of it is the idle simulator (Node with the tsx loader, the model and its IR); 1 GiB appends add ${Math.round(r.simulator.peakRssMB - r.simulator.idleRssMB)} MB of buffers and heap. Next: run it precompiled without tsx, and cap the bytes buffered per request on the store path.`,
    });
  }
  const m = r.memory?.clients;
  if (m) {
    for (const lang of ['ts', 'go', 'python', 'c', 'cpp', 'java', 'php', 'ruby', 'csharp']) {
      const v = m[lang];
      t.push({ id: `memory-${lang}`, target: `${lang} client appending a ${r.memory.fileMiB} MiB file: peak RSS < 150 MB`, figure: v && 'peakRssMB' in v ? `${v.peakRssMB} MB` : 'not measured', met: v && 'peakRssMB' in v ? v.peakRssMB < 150 : null });
    }
  }
  for (const target of t) {
    if (target.met !== false) delete target.why;
    if (target.met === false) target.why ??= WHY.find(([pattern]) => pattern.test(target.id))?.[1];
  }
  return t;
}

/** Where the generation time goes, from the stage breakdown: the biggest parts and the start-up the stages do not cover. */
function generationWhy(g: { cold: Summary; stages: Record<string, number>; warmCache?: { gen: Summary } }): string {
  const byKind = new Map<string, number>();
  const byEmitter = new Map<string, number>();
  for (const [stage, ms] of Object.entries(g.stages)) {
    const [kind, emitter] = stage.split(':');
    byKind.set(kind!, (byKind.get(kind!) ?? 0) + ms);
    if (emitter) byEmitter.set(emitter, (byEmitter.get(emitter) ?? 0) + ms);
  }
  const pipeline = [...byKind.values()].reduce((a, b) => a + b, 0);
  const startup = Math.max(0, g.cold.median - pipeline);
  const kinds = [...byKind].sort((a, b) => b[1] - a[1]).slice(0, 3);
  const emitters = [...byEmitter].sort((a, b) => b[1] - a[1]).slice(0, 2);
  const next: string[] = [];
  if (startup > pipeline / 2) next.push('load less at start (each emitter only when its language is asked for)');
  if ((byKind.get('format') ?? 0) > pipeline / 4) {
    next.push('the format stages now time the printers of prettier\'s layout (TypeScript, HTML) and of gofmt\'s doc comments: profile the TypeScript layout printer and the docs HTML layout cold (bench/notes.md)');
  }
  if ((byKind.get('emit') ?? 0) > pipeline / 4) next.push(`profile the slowest emitters (${emitters.map(([e, ms]) => `${e} ${Math.round(ms)} ms`).join(', ')})`);
  return (
    `Of ${(g.cold.median / 1000).toFixed(2)} s cold, the stages take ${Math.round(pipeline)} ms (${kinds.map(([k, ms]) => `${k} ${Math.round(ms)}`).join(', ')}) and ` +
    (startup > 0
      ? `${Math.round(startup)} ms is start-up and module loading (Node, the precompiled build or tsx, prettier; format stages overlap later emits, so they can add up to more than the wall time)`
      : 'start-up and module loading cannot be told apart here: the stage timers add up to more than the wall time (format stages overlap later emits and include waiting for the shared formatting queue)') +
    (g.warmCache ? ` (with the formatter cache warm: ${(g.warmCache.gen.median / 1000).toFixed(2)} s)` : '') +
    `. Next: ${next.join('; ')}.`
  );
}

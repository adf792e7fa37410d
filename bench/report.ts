/** Renders bench/results.md from the results object (the same data as bench/results.json). */
import type { Summary } from './lib.js';

type Row = Summary | { error: string } | undefined;

const isSummary = (v: unknown): v is Summary => typeof v === 'object' && v !== null && 'median' in v;

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** "median (min–max, ±spread%)" with a unit and a number format. */
function cell(v: Row, unit: string, fmt: (n: number) => string = (n) => String(Math.round(n))): string {
  if (!v) return '—';
  if (!isSummary(v)) return `error: ${v.error}`;
  const runs = v.runs.length;
  const range = runs > 1 ? ` (${fmt(v.min)}–${fmt(v.max)}, ${Math.round(v.spreadPct)}%, n=${runs})` : ' (n=1)';
  return `**${fmt(v.median)}** ${unit}${range}`;
}

function ratio(a: Row, b: Row): string {
  return isSummary(a) && isSummary(b) && b.median ? `${(a.median / b.median).toFixed(2)}x` : '—';
}

const status = (met: boolean | null) => (met === null ? 'not measured' : met ? '**met**' : '**missed**');
const seconds = (ms: number) => (ms / 1000).toFixed(2);

const LANGS: Record<string, string> = { ts: 'TypeScript', go: 'Go', python: 'Python', c: 'C', cpp: 'C++', java: 'Java', php: 'PHP', ruby: 'Ruby', csharp: 'C# (Mono)' };
const VARIANTS: Record<string, Record<string, string>> = {
  ts: { client: 'generated client (Appender, CRC on)', observed: 'generated client with onUploadProgress and request/response hooks (issue #20: the cost of observing)', raw: 'raw node:http (keep-alive)', alioss: 'ali-oss 6.23.0 `client.append`' },
  go: { client: 'generated client (Appender, CRC on)', raw: 'raw net/http' },
  python: { client: 'generated client (Appender, CRC on)', raw: 'raw http.client' },
  c: { client: 'generated client (ossc_appender, CRC on)', raw: 'raw libcurl' },
  // The C++ client sends through the C core: its raw row is the C driver's raw libcurl, run in the C++ block.
  cpp: { client: 'generated client (Appender over the C core, CRC on)', raw: 'raw libcurl (the C driver, run beside the C++ client)' },
  java: { client: 'generated client (Appender, CRC on)', raw: 'raw java.net.http.HttpClient (keep-alive)' },
  php: { client: 'generated client (Appender, CRC on: liblzma through FFI)', raw: 'raw ext-curl (keep-alive)' },
  ruby: { client: 'generated client (Appender, CRC on)', raw: 'raw Net::HTTP (keep-alive)' },
  csharp: { client: 'generated client (Appender, CRC on, Mono)', raw: 'raw HttpClient (keep-alive, Mono)' },
};

export function renderMarkdown(r: Record<string, any>): string {
  const m = r.meta;
  const out: string[] = [];
  out.push('# ossgen benchmark results');
  out.push('');
  out.push(
    `Written by \`npm run bench\` (scale **${m.scale}**) on ${m.date.slice(0, 16).replace('T', ' ')} UTC in ${Math.round(m.totalSeconds)} s. ` +
      `Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, Linux ${m.kernel}; load average ${m.loadAverageAtStart.join(' / ')} at the start, ` +
      `${m.loadAverageAtEnd.join(' / ')} at the end (other work shared the CPU: read small differences as noise).`,
  );
  out.push('');
  out.push(`Node ${m.node} · ${m.go} · ${m.python} · ${m.java ?? 'Java unavailable'} · ${m.ruby ?? 'Ruby unavailable'} · ${m.mono ?? 'Mono unavailable'} · ${m.gcc} · ${m.curl} · ${m.liblzma} · ali-oss ${m.aliOss}`);
  out.push('');
  if (m.carriedOver?.length) {
    out.push(`This run measured only ${['generation', 'crc64', 'append', 'smallAppends', 'memory', 'simulator'].filter((k) => r[k] && !m.carriedOver.includes(k)).join(', ')}; ${m.carriedOver.join(', ')} are carried over from the run of ${String(m.carriedFrom ?? 'an earlier date').slice(0, 16).replace('T', ' ')} UTC.`);
    out.push('');
  }
  out.push(
    'How to read: each cell is **median** (min–max, spread = (max−min)/median, n = runs). Ratios divide medians. ' +
      'Every measurement is its own process; the simulator runs in another one, on 127.0.0.1.',
  );
  out.push('');

  if (r.targets?.length) {
    out.push('## Targets');
    out.push('');
    out.push(
      table(
        ['Target', 'Figure', 'Status', 'Why missed, next step'],
        r.targets.map((t: { target: string; figure: string; met: boolean | null; why?: string }) => [t.target, t.figure, status(t.met), t.why ?? '']),
      ),
    );
    out.push('');
  }

  const g = r.generation;
  if (g) {
    out.push('## Generation');
    out.push('');
    out.push(
      'Wall time of `node bin/gen.js --lang all` as a fresh process (all languages and docs) into an empty temporary directory, then `--check` against it. ' +
        'Cold: the formatter cache bypassed (`OSSGEN_FORMAT_CACHE=off`), so prettier and gofmt really run; the targets are judged on these. Warm: the same commands reusing node_modules/.cache/ossgen-format.',
    );
    out.push('');
    out.push(
      table(
        ['Command', 'Wall time'],
        [
          ['`gen --lang all` (cold)', cell(g.cold, 's', seconds)],
          ['`gen --lang all --check`', cell(g.check, 's', seconds)],
          ...(g.warmCache
            ? [
                ['`gen --lang all`, warm formatter cache', cell(g.warmCache.gen, 's', seconds)],
                ['`gen --lang all --check`, warm formatter cache', cell(g.warmCache.check, 's', seconds)],
              ]
            : []),
        ],
      ),
    );
    out.push('');
    const v = g.vsHeyApi;
    if (v) {
      out.push(`Side by side with @hey-api/openapi-ts ${v.heyApi.version} (issue #16), in interleaved rounds, each a fresh process with the formatter cache off; hey-api generates its fetch client from bench/openapi/oss-append.yaml, the same five operations as model/oss.yaml. Peak RSS from /usr/bin/time. The cold rows use V8's compile cache (bin/compile-cache.js: compiled code of the large CommonJS dependencies, on Node 20 the TypeScript compiler above all, kept in node_modules/.cache/ossgen-v8 and warmed by the build), as an installed gen does; the \"compile cache off\" rows are the same commands without it (OSSGEN_COMPILE_CACHE=off). The cold rows format in the main thread; \"a format worker plus the main thread\" is OSSGEN_FORMAT_WORKERS=1 (both cores). \"Prettier as before the style printers\" is OSSGEN_STYLE_PRINTERS=off OSSGEN_TS_PARSER=typescript: Markdown through prettier and TypeScript through its typescript parser, as before issue #16's style printers (render/prettier-style.ts); the JSON of the TypeScript package is printed in prettier's style either way. CPU time is user + system from /usr/bin/time, less moved by other load than the wall time.`);
      out.push('');
      out.push(
        table(
          ['Command', 'Wall time', 'vs hey-api', 'CPU time', 'CPU vs hey-api', 'Peak RSS', 'RSS vs hey-api'],
          [
            ['hey-api `openapi-ts -c @hey-api/client-fetch`', cell(v.heyApi.wall, 's', seconds), '1.00x', v.heyApi.cpu ? cell(v.heyApi.cpu, 's', seconds) : '', v.heyApi.cpu ? '1.00x' : '', cell(v.heyApi.peakRssMB, 'MB'), '1.00x'],
            ['`gen --lang ts` (cold)', cell(v.ts.wall, 's', seconds), ratio(v.ts.wall, v.heyApi.wall), v.ts.cpu ? cell(v.ts.cpu, 's', seconds) : '', v.ts.cpu ? ratio(v.ts.cpu, v.heyApi.cpu) : '', cell(v.ts.peakRssMB, 'MB'), ratio(v.ts.peakRssMB, v.heyApi.peakRssMB)],
            ['`gen --lang ts --check`', cell(v.ts.check, 's', seconds), ratio(v.ts.check, v.heyApi.wall), '', '', '', ''],
            ['`gen --lang all` (cold)', cell(v.all.wall, 's', seconds), ratio(v.all.wall, v.heyApi.wall), v.all.cpu ? cell(v.all.cpu, 's', seconds) : '', v.all.cpu ? ratio(v.all.cpu, v.heyApi.cpu) : '', cell(v.all.peakRssMB, 'MB'), ratio(v.all.peakRssMB, v.heyApi.peakRssMB)],
            ...(v.ts.prettierAll
              ? [
                  ['`gen --lang ts` (cold), prettier as before the style printers', cell(v.ts.prettierAll, 's', seconds), ratio(v.ts.prettierAll, v.heyApi.wall), cell(v.ts.prettierAllCpu, 's', seconds), ratio(v.ts.prettierAllCpu, v.heyApi.cpu), cell(v.ts.prettierAllRssMB, 'MB'), ratio(v.ts.prettierAllRssMB, v.heyApi.peakRssMB)],
                  ['`gen --lang all` (cold), prettier as before the style printers', cell(v.all.prettierAll, 's', seconds), ratio(v.all.prettierAll, v.heyApi.wall), cell(v.all.prettierAllCpu, 's', seconds), ratio(v.all.prettierAllCpu, v.heyApi.cpu), cell(v.all.prettierAllRssMB, 'MB'), ratio(v.all.prettierAllRssMB, v.heyApi.peakRssMB)],
                ]
              : []),
            ...(v.ts.noCompileCache
              ? [
                  ['`gen --lang ts` (cold), compile cache off', cell(v.ts.noCompileCache, 's', seconds), ratio(v.ts.noCompileCache, v.heyApi.wall), '', '', '', ''],
                  ['`gen --lang all` (cold), compile cache off', cell(v.all.noCompileCache, 's', seconds), ratio(v.all.noCompileCache, v.heyApi.wall), '', '', '', ''],
                ]
              : []),
            ...(v.ts.withWorker
              ? [
                  ['`gen --lang ts` (cold), a format worker plus the main thread', cell(v.ts.withWorker, 's', seconds), ratio(v.ts.withWorker, v.heyApi.wall), '', '', cell(v.ts.withWorkerRssMB, 'MB'), ratio(v.ts.withWorkerRssMB, v.heyApi.peakRssMB)],
                  ['`gen --lang all` (cold), a format worker plus the main thread', cell(v.all.withWorker, 's', seconds), ratio(v.all.withWorker, v.heyApi.wall), '', '', cell(v.all.withWorkerRssMB, 'MB'), ratio(v.all.withWorkerRssMB, v.heyApi.peakRssMB)],
                ]
              : []),
          ],
        ),
      );
      out.push('');
    }
    const before = r.generationBefore as { label: string; generation: Record<string, any> } | undefined;
    if (before && g.vsHeyApi && before.generation.vsHeyApi) {
      const b = before.generation;
      out.push(`Before and after issue #16 (before: ${before.label}; medians, ms; "before" comes from bench/generation-before.json, measured on the same machine with this same bench):`);
      out.push('');
      const rows: string[][] = [];
      const row = (name: string, x: number | undefined, y: number | undefined) => rows.push([name, x === undefined ? '—' : String(Math.round(x)), y === undefined ? '—' : String(Math.round(y)), x && y ? `${(y / x).toFixed(2)}x` : '—']);
      row('hey-api wall (same run)', b.vsHeyApi.heyApi.wall.median, g.vsHeyApi.heyApi.wall.median);
      row('`gen --lang ts` wall', b.vsHeyApi.ts.wall.median, g.vsHeyApi.ts.wall.median);
      row('`gen --lang ts --check` wall', b.vsHeyApi.ts.check.median, g.vsHeyApi.ts.check.median);
      row('`gen --lang all` wall', b.vsHeyApi.all.wall.median, g.vsHeyApi.all.wall.median);
      row('`gen --lang all --check` wall', b.check.median, g.check.median);
      for (const key of [...new Set([...Object.keys(b.tsStages ?? {}), ...Object.keys(g.tsStages ?? {})])]) row(`ts: ${key}`, b.tsStages?.[key], g.tsStages?.[key]);
      for (const key of [...new Set([...Object.keys(b.stages ?? {}), ...Object.keys(g.stages ?? {})])]) row(`all: ${key}`, b.stages?.[key], g.stages?.[key]);
      const last = (x: Record<string, any>) => x.synthetic?.[x.synthetic.length - 1];
      if (last(b) && last(g)) row(`${last(g).operations}-operation model, \`--lang all\``, last(b).ms.median, last(g).ms.median);
      out.push(table(['Measure', 'before', 'after', 'after / before'], rows));
      out.push('');
      out.push('Stages not listed for a side did not exist there (a stage renamed, split or run elsewhere). Start-up (Node, the loader, module loading) is the wall time minus the stages.');
      out.push('');
    }
    if (!g.checkReproduced) out.push(`**\`--check\` found stale output** (the generator changed between runs, or is not deterministic): ${(g.checkStale as string[]).join('; ')}`, '');
    const stages = Object.entries(g.stages as Record<string, number>);
    const total = stages.reduce((s, [, v]) => s + v, 0);
    out.push('Per-stage breakdown of `--lang all` (`--timings`, median ms over the cold runs; the rest of the wall time is start-up and loading the generator). Since issue #16 a language\'s `format` stage runs on while the next language is emitted, so it counts from its emit\'s end to its last file formatted and overlaps the stages after it; the warm column is the same with the formatter cache:');
    out.push('');
    const warmStages = (g.warmCache?.stages ?? {}) as Record<string, number>;
    out.push(
      table(
        ['Stage', 'cold ms', 'share', 'warm ms'],
        stages.map(([k, v]) => [k, String(Math.round(v)), `${Math.round((v / total) * 100)}%`, warmStages[k] === undefined ? '—' : String(Math.round(warmStages[k]!))]),
      ),
    );
    out.push('');
    // The same figures summed two ways: by kind of work, and by emitter (its emit + format + write).
    const byKind = new Map<string, number>();
    const byEmitter = new Map<string, number>();
    for (const [k, v] of stages) {
      const [kind, emitter] = k.split(':');
      byKind.set(kind!, (byKind.get(kind!) ?? 0) + v);
      if (emitter) byEmitter.set(emitter, (byEmitter.get(emitter) ?? 0) + v);
    }
    const share = (v: number) => `${Math.round(v)} ms (${Math.round((v / total) * 100)}%)`;
    out.push(`By kind: ${[...byKind].map(([k, v]) => `${k} ${share(v)}`).join(' · ')}. By emitter: ${[...byEmitter].map(([k, v]) => `${k} ${share(v)}`).join(' · ')}.`);
    out.push('');
    out.push('Synthetic models (model/oss.yaml plus copies of its operations under new names, written to a temp dir), cold, in interleaved rounds:');
    out.push('');
    out.push(
      table(
        ['Operations', 'Wall time', 'ms per operation beyond the previous size'],
        (g.synthetic as Array<{ operations: number; ms: Summary }>).map((s, i, all) => {
          const prev = all[i - 1];
          const step = prev ? `${Math.round((s.ms.median - prev.ms.median) / (s.operations - prev.operations))}` : '—';
          return [String(s.operations), cell(s.ms, 's', seconds), step];
        }),
      ),
    );
    out.push('');
    out.push(`Least-squares line: ${Math.round(g.fit.intercept)} ms + ${g.fit.slope} ms × operations (R² ${g.fit.r2}).`);
    out.push('');
  }

  const c = r.crc64;
  if (c) {
    out.push(`## CRC-64/XZ on the same ${c.bufferMiB} MiB buffer`);
    out.push('');
    const impl = c.implementations as Record<string, { MiBps: Summary; implementation?: string } | { error: string }>;
    const names: Record<string, string> = {
      typescript: 'TypeScript (out/ts/src/crc64.ts)',
      go: 'Go hash/crc64 (ECMA table)',
      'go-client': 'Go client `CRC64` (PCLMULQDQ folding on amd64)',
      liblzma: 'liblzma `lzma_crc64` (C)',
      'c-client': 'C client `ossc_crc64`',
      'cpp-client': 'C++ client `crc64` (the C core)',
      python: 'Python client `crc64`',
      'python-liblzma': 'Python client, liblzma through ctypes',
      'python-crcmod': 'Python client, crcmod',
      'java-client': 'Java client `Crc64` (slicing-by-16)',
      ruby: 'Ruby client `Crc64.checksum`',
      'csharp-client': 'C# client `Crc64` (Mono)',
      'csharp-managed': 'C# client, its table in C# (the fallback)',
    };
    const go = impl.go && 'MiBps' in impl.go ? impl.go.MiBps : undefined;
    out.push(
      table(
        ['Implementation', 'MiB/s', 'vs Go'],
        Object.entries(impl).map(([k, v]) => [
          `${names[k] ?? k}${'implementation' in v && v.implementation ? ` (${v.implementation})` : ''}`,
          'MiBps' in v ? cell(v.MiBps, 'MiB/s') : `error: ${v.error}`,
          'MiBps' in v ? ratio(v.MiBps, go) : '—',
        ]),
      ),
    );
    out.push('');
    out.push(c.allAgree ? 'All implementations returned the same CRC.' : '**The implementations disagree on the CRC.**');
    out.push('');
  }

  const SERVERS: Record<string, string> = {
    simulator:
      'Against the simulator with `--data-dir` (`gen mock --sim`: verifies signatures, computes the whole object\'s CRC-64 and writes the bytes to disk, in its own Node process).',
    'simulator-memory': 'Against the in-memory simulator (`gen mock --sim`, same checks, objects kept in memory).',
    sink:
      'Against a sink server (bench/drivers/go/sink.go: keeps each object\'s length and CRC-64, checks positions, discards the bytes, no signature checks). The server costs almost nothing here, so the gap to raw is the client\'s own work.',
  };
  const comparison = (title: string, intro: string, unit: string, data: Record<string, Record<string, Record<string, Row>>>) => {
    out.push(title);
    out.push('');
    out.push(intro);
    out.push('');
    for (const [server, langs] of Object.entries(data)) {
      out.push(`**${server}**: ${SERVERS[server] ?? ''}`);
      out.push('');
      const rows: string[][] = [];
      for (const [lang, variants] of Object.entries(langs)) {
        for (const [variant, v] of Object.entries(variants)) {
          // C++ has its own raw row (the C driver's raw libcurl, run in its block); older results borrow the C row's.
          const raw = variants.raw ?? (lang === 'cpp' ? langs.c?.raw : undefined);
          rows.push([LANGS[lang] ?? lang, VARIANTS[lang]?.[variant] ?? variant, cell(v, unit), variant === 'raw' ? '1.00x' : ratio(v, raw), variants.alioss ? ratio(v, variants.alioss) : '']);
        }
      }
      out.push(table(['Language', 'Sender', unit, 'vs raw', 'vs ali-oss'], rows));
      out.push('');
    }
  };
  const a = r.append;
  if (a) {
    comparison(
      `## Append throughput: ${a.totalMiB} MiB in ${a.chunkMiB} MiB appends`,
      'Each row sends the same bytes to the same server over loopback; the runs of a language are interleaved.',
      'MiB/s',
      a.MiBps,
    );
  }
  const s = r.smallAppends;
  if (s) {
    comparison(
      `## Small appends: ${s.count} sequential ${s.bytes}-byte appends`,
      'Each append is a full request and response on one keep-alive connection; the runs of a language are interleaved.',
      'appends/s',
      s.appendsPerSecond,
    );
  }

  const mem = r.memory;
  if (mem || r.simulator) {
    out.push('## Memory (peak RSS)');
    out.push('');
    const rows: string[][] = [];
    if (r.simulator) {
      rows.push(['simulator, `--data-dir`, lean entry (generator/mock/main.ts)', `**${r.simulator.peakRssMB} MB** peak over the whole run (idle ${r.simulator.idleRssMB} MB)`, '']);
      if (r.simulator.genMockCliIdleRssMB !== null) rows.push(['simulator via `gen mock --sim` (full CLI), idle', `${r.simulator.genMockCliIdleRssMB} MB`, '']);
    }
    if (mem) {
      const names: Record<string, string> = {
        ts: 'TypeScript client, `appender.append(fromFile(path))`',
        go: 'Go client, `Appender.AppendFrom(file)` (8 MiB chunks)',
        python: 'Python client, `appender.append(Path(path))`',
        c: 'C client, `ossc_appender_append_file`',
        java: 'Java client, `Appender.appendFrom(Path)` (8 MiB chunks)',
        php: 'PHP client, `Appender::appendFile()` (chunks streamed from disk)',
        ruby: 'Ruby client, `appender.append(Pathname.new(path))`',
        csharp: 'C# client (Mono), `AppendAsync(RequestBody.FromFile(path))`',
        alioss: 'ali-oss `client.append(key, path)` (for comparison)',
      };
      for (const [k, v] of Object.entries(mem.clients as Record<string, { peakRssMB: number; MiBps: number } | { error: string }>)) {
        rows.push([`${names[k] ?? k}, ${mem.fileMiB} MiB file`, 'peakRssMB' in v ? `**${v.peakRssMB} MB**` : `error: ${v.error}`, 'MiBps' in v ? `${Math.round(v.MiBps)} MiB/s` : '']);
      }
    }
    out.push(table(['Process', 'Peak RSS', 'Throughput'], rows));
    out.push('');
    out.push('Clients measured with `/usr/bin/time` (maximum resident set size); the simulator from `VmHWM` in /proc. MB = 10⁶ bytes.');
    out.push('');
  }

  if ((m.retries as string[] | undefined)?.length) {
    out.push('## Retried runs');
    out.push('');
    out.push('A failed run is retried once on a fresh key; the figures above come from the retry. The first failures:');
    out.push('');
    for (const retry of m.retries as string[]) out.push(`- ${retry}`);
    out.push('');
  }

  const problems = [...Object.entries(m.driverErrors as Record<string, string>).map(([k, v]) => `${k} driver: ${v}`), ...(m.errors as string[])];
  if (problems.length) {
    out.push('## Not measured');
    out.push('');
    for (const p of problems) out.push(`- ${p}`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

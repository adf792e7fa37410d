/**
 * Shared by the docs tests: the IR of the bundled model, the samples each language declares, the
 * generated docs on disk, a Markdown code-block extractor, a link/anchor checker, and an
 * independent V4 signer to verify the raw REST example.
 */
import { createHash, createHmac } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderDocs } from '../../generator/emitters/docs/emitter.js';
import { docsLanguage } from '../../generator/emitters/docs/language.js';
import { pythonLanguage } from '../../generator/emitters/python/language.js';
import type { LanguageDescriptor, LanguageSamples, Sample } from '../../generator/emitters/types.js';
import { typescriptLanguage } from '../../generator/emitters/typescript/language.js';
import { STATUS_CODES } from 'node:http';
import { REST_VECTOR_ID, restResponses } from '../../generator/emitters/docs/view-model.js';
import type { IrModel, IrRequestVector, IrResponseVector } from '../../generator/ir/types.js';
import { buildModel, collectSamples, finishFile, samplesOf, TEMPLATES_DIR } from '../../generator/run.js';
import { samples as fixtureSamples } from './fixtures/samples-fixture.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const OUT = join(ROOT, 'out');
export const DOCS = join(OUT, 'docs');
export const TEST_OUTPUT = join(ROOT, 'test-output', 'docs');

let irPromise: Promise<IrModel> | undefined;
export function loadIr(): Promise<IrModel> {
  irPromise ??= buildModel().then((r) => {
    if (!r.ir) throw new Error(`model does not build: ${r.diagnostics.map((d) => d.message).join('; ')}`);
    return r.ir;
  });
  return irPromise;
}

/** One language's samples as the docs tests read them. */
export interface DeclaredLanguage {
  /** The emitter folder, which is also the docs' tab key. */
  folder: string;
  outDir: string;
  displayName: string;
  samples: Sample[];
}

function declared({ language, samples }: LanguageSamples): DeclaredLanguage {
  return { folder: language.name, outDir: language.outDir, displayName: language.displayName, samples };
}

/** The samples every client language hands the docs, finished like the pipeline (the docs' expectation). */
export async function declaredSamples(): Promise<DeclaredLanguage[]> {
  const ir = await loadIr();
  return (await collectSamples(ir, new Map())).map(declared);
}

export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const full = join(dir, entry);
      return statSync(full).isDirectory() ? listFiles(full) : [full];
    });
}

export const docsFiles = (ext: string) => listFiles(DOCS).filter((f) => f.endsWith(ext));
export const rel = (file: string) => relative(ROOT, file).split('\\').join('/');

export interface CodeBlock {
  info: string;
  content: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The last non-blank line before the fence (its caption). */
  caption: string;
}

/** Fenced code blocks of a CommonMark document (backtick and tilde fences, any length). */
export function extractCodeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    const body: string[] = [];
    let j = i + 1;
    const closes = (line: string) => new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`).test(line);
    while (j < lines.length && !closes(lines[j]!)) body.push(lines[j++]!);
    let k = i - 1;
    while (k >= 0 && lines[k]!.trim() === '') k--;
    blocks.push({ info: open[2]!.trim(), content: body.length ? `${body.join('\n')}\n` : '', line: i + 1, caption: k >= 0 ? lines[k]! : '' });
    i = j;
  }
  return blocks;
}

/** The raw HTTP request a request vector expects, rendered independently of the emitter. */
export function rawRequestOf(vector: IrRequestVector): string {
  const e = vector.expect;
  const head = [`${e.method} ${e.path}${e.query ? `?${e.query}` : ''} HTTP/1.1`, `Host: ${e.host}`, ...e.headers.map((h) => `${h.name}: ${h.value}`)];
  const body = vector.input.find((v) => v.member.location === 'body')?.value;
  // A body follows a blank line, ending with a newline like every code block.
  const tail = typeof body === 'string' && body !== '' ? `\n${body.endsWith('\n') ? body : `${body}\n`}` : '';
  return `${head.join('\n')}\n${tail}`;
}

/** The raw HTTP response of a response vector, rendered independently of the emitter. */
export function rawResponseOf(vector: IrResponseVector): string {
  const head = [`HTTP/1.1 ${vector.status} ${STATUS_CODES[vector.status]}`, ...vector.headers.map((h) => `${h.name}: ${h.value}`)];
  const tail = vector.body === '' ? '' : `\n${vector.body.endsWith('\n') ? vector.body : `${vector.body}\n`}`;
  return `${head.join('\n')}\n${tail}`;
}

/** Every block of the REST tab, in order: the signed request, then the responses the emitter chose (rendered here). */
export function restBlocksOf(ir: IrModel): string[] {
  const vector = ir.tests.requests.find((r) => r.id === REST_VECTOR_ID)!;
  return [rawRequestOf(vector), ...restResponses(ir).map((r) => rawResponseOf(r.vector))];
}

const encodePath = (path: string) =>
  [...Buffer.from(path, 'utf8')].map((b) => (/[A-Za-z0-9\-_.~/]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

/** OSS4-HMAC-SHA256 over a raw request as the docs show it (no additional headers). */
export function signV4(raw: string, secret: string, region: string): string {
  const [requestLine, ...rest] = raw.replace(/\n$/, '').split('\n');
  const [method, target] = requestLine!.split(' ');
  const headers = new Map(
    rest.map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()] as const;
    }),
  );
  const [path, query = ''] = target!.split('?');
  const host = headers.get('host')!;
  const bucket = host.split('.')[0]!;
  const date = headers.get('x-oss-date')!;
  const canonicalHeaders = [...headers.entries()]
    .filter(([name]) => name.startsWith('x-oss-') || name === 'content-type' || name === 'content-md5')
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, value]) => `${name}:${value}\n`)
    .join('');
  const canonicalRequest = [method, encodePath(`/${bucket}${decodeURIComponent(path!)}`), query, canonicalHeaders, '', 'UNSIGNED-PAYLOAD'].join('\n');
  const day = date.slice(0, 8);
  const scope = `${day}/${region}/oss/aliyun_v4_request`;
  const stringToSign = ['OSS4-HMAC-SHA256', date, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  let key: Buffer = createHmac('sha256', `aliyun_v4${secret}`).update(day).digest();
  for (const part of [region, 'oss', 'aliyun_v4_request']) key = createHmac('sha256', key).update(part).digest();
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

export interface LinkProblem {
  file: string;
  target: string;
  problem: string;
}

/** Every id/name a page defines (HTML attributes, also inside Markdown). */
export function anchorsOf(text: string): Set<string> {
  const ids = new Set<string>();
  for (const m of text.matchAll(/\s(?:id|name)="([^"]+)"/g)) ids.add(m[1]!.replace(/&amp;/g, '&'));
  return ids;
}

function linksOf(file: string, text: string): string[] {
  if (file.endsWith('.md')) {
    // Inline links and images, outside code blocks and code spans.
    const prose = text.replace(/^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?\n {0,3}\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '``');
    return [...prose.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]!);
  }
  return [...text.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
}

/**
 * Checks every relative link and anchor of the Markdown and HTML files under `root`: the target
 * file exists and defines the anchor. External (scheme) links are reported for HTML pages, which
 * must work without a network.
 */
export function checkLinks(root: string): LinkProblem[] {
  const problems: LinkProblem[] = [];
  const files = listFiles(root).filter((f) => f.endsWith('.md') || f.endsWith('.html'));
  const anchorCache = new Map<string, Set<string>>();
  const anchorsIn = (file: string) => {
    let ids = anchorCache.get(file);
    if (!ids) anchorCache.set(file, (ids = anchorsOf(readFileSync(file, 'utf8'))));
    return ids;
  };
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const link of linksOf(file, text)) {
      if (link === '') {
        problems.push({ file, target: link, problem: 'empty link' });
        continue;
      }
      if (/^[a-z][a-z0-9+.-]*:/i.test(link)) {
        if (file.endsWith('.html')) problems.push({ file, target: link, problem: 'external link in a page that must work offline' });
        continue;
      }
      const [path, anchor] = link.split('#', 2) as [string, string | undefined];
      const target = path ? resolve(dirname(file), decodeURI(path)) : file;
      if (!existsSync(target) || statSync(target).isDirectory()) {
        problems.push({ file, target: link, problem: 'missing file' });
        continue;
      }
      if (anchor !== undefined && (target.endsWith('.md') || target.endsWith('.html')) && !anchorsIn(target).has(decodeURIComponent(anchor))) {
        problems.push({ file, target: link, problem: 'missing anchor' });
      }
    }
  }
  return problems;
}

/**
 * A sample file as the docs show it: without its "Code generated by ossgen … DO NOT EDIT." line (the
 * first line, or the second after a shebang) and the blank line after it. Written apart from the
 * generator's withoutHeader on purpose, so the two must agree.
 */
export function copyableSample(file: string): string {
  // The header follows a shebang or PHP's opening tag when the file has one.
  return file.replace(/^(#![^\n]*\n|<\?php\n\n)?[^\n]*Code generated by ossgen [^\n]*DO NOT EDIT\.[^\n]*\n\n?/, '$1');
}

export interface BlockReport {
  samples: number;
  rest: number;
  problems: string[];
}

/**
 * Every code block of the Markdown under `docsRoot` must be the file its caption links to (byte for
 * byte, inside `outRoot` but outside the docs) or, without a link, the raw request `raw`.
 */
export function checkMarkdownBlocks(docsRoot: string, outRoot: string, raw: string | readonly string[]): BlockReport {
  const rest = typeof raw === 'string' ? [raw] : raw;
  const report: BlockReport = { samples: 0, rest: 0, problems: [] };
  for (const file of listFiles(docsRoot).filter((f) => f.endsWith('.md'))) {
    for (const block of extractCodeBlocks(readFileSync(file, 'utf8'))) {
      const where = `${relative(docsRoot, file)}:${block.line}`;
      const link = /\]\(([^)\s]+)\)\s*$/.exec(block.caption);
      if (link) {
        const source = resolve(dirname(file), decodeURI(link[1]!));
        if (!source.startsWith(outRoot + '/') || source.startsWith(docsRoot + '/')) report.problems.push(`${where}: ${link[1]} is not a language's output file`);
        else if (!existsSync(source)) report.problems.push(`${where}: ${link[1]} does not exist`);
        else if (copyableSample(readFileSync(source, 'utf8')) !== block.content) report.problems.push(`${where}: block differs from ${link[1]}`);
        else report.samples++;
      } else if (block.info !== 'http') {
        report.problems.push(`${where}: a block that is neither a linked sample nor a REST block`);
      } else if (!rest.includes(block.content)) {
        report.problems.push(`${where}: the raw request or response differs from the model's vectors`);
      } else {
        report.rest++;
      }
    }
  }
  return report;
}

export interface FixtureTree {
  /** Plays the role of out/: `docs/` and the fixture language's `fixture/`. */
  root: string;
  samples: DeclaredLanguage[];
}

/**
 * Generates the docs with a stand-in language (test/docs/fixtures/samples-fixture.ts) into
 * test-output/docs/<name>/, formatted like the pipeline, and writes that language's sample files
 * next to them as its emitter would.
 */
export async function writeFixtureTree(name: string): Promise<FixtureTree> {
  const ir = await loadIr();
  const language: LanguageDescriptor = {
    id: 'fixture',
    name: 'fixture',
    displayName: 'Fixture',
    outDir: 'fixture',
    buildArtifacts: [],
    sourceFiles: [...typescriptLanguage.sourceFiles, ...pythonLanguage.sourceFiles],
    fence: 'ts',
  };
  const finished = await Promise.all(fixtureSamples(ir).map((s) => finishFile({ path: s.path, content: s.content, sample: s.id }, language, ir.source)));
  const loaded = samplesOf(language, finished);
  const ctx = { modelSource: ir.source, templatesDir: TEMPLATES_DIR, samples: [loaded] };
  const root = join(TEST_OUTPUT, name);
  rmSync(root, { recursive: true, force: true });
  const docs = await Promise.all(renderDocs(ir, ctx, [loaded]).map((f) => finishFile(f, docsLanguage, ir.source)));
  for (const file of docs) writeTo(join(root, 'docs', file.path), file.content);
  for (const sample of loaded.samples) writeTo(join(root, 'fixture', sample.path), sample.content);
  return { root, samples: [declared(loaded)] };
}

function writeTo(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}

/**
 * The Python emitter on its own: escaping helpers, determinism, the samples the docs embed, and a
 * hostile model (quotes, `"""`, backslashes, newlines, `{{`, non-ASCII in every text) that must
 * still produce Python that compiles and keeps the text intact.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pyBytes, pyComment, pyDoc, pyDocWrapped, pyString } from '../../generator/emitters/python/helpers.js';
import { wrapLine } from '../../generator/render/wrap.js';
import { pythonEmitter } from '../../generator/emitters/python/emitter.js';
import type { IrModel } from '../../generator/ir/types.js';
import { buildModel, collectSamples, emitFiles, TEMPLATES_DIR } from '../../generator/run.js';
import { explain, runSync, type RunResult } from '../support/subprocess.js';

const HOSTILE = 'He said "hi" \'\'\' """ \\ back\\slash\nnew line\r\ttab {{handlebars}} */ # 日志 \u0000 end\\';

function python(code: string): RunResult {
  return runSync('python3', ['-c', code]);
}

describe('python emitter', () => {
  let ir: IrModel;
  beforeAll(async () => {
    ir = (await buildModel()).ir!;
  });

  it('escapes strings, bytes, docstrings and comments for Python', () => {
    const literal = pyString(HOSTILE);
    const bytes = pyBytes(HOSTILE);
    const doc = pyDoc(HOSTILE);
    const r = python(
      `import json,sys\ns=${literal}\nb=${bytes}\ndef f():\n    """${doc}"""\nprint(json.dumps([s, b.decode("utf-8"), f.__doc__]))`,
    );
    expect(r.status, r.stderr).toBe(0);
    const [s, b, d] = JSON.parse(r.stdout) as string[];
    expect(s).toBe(HOSTILE);
    expect(b).toBe(HOSTILE);
    expect(d).toContain('"""');
    expect(d).toContain('{{handlebars}}');
    expect(pyComment(HOSTILE)).not.toMatch(/[\n\r\0]/);
    expect(pyDocWrapped('word '.repeat(60).trim(), 8).split('\n').every((line) => line.length <= 100)).toBe(true);
  });

  it('keeps the runs of spaces in docstrings, where the shared wrap collapses them elsewhere', () => {
    expect(pyDocWrapped('two  spaces stay', 8)).toBe('two  spaces stay');
    expect(wrapLine('two  spaces go', 100)).toEqual(['two spaces go']);
  });

  it('is deterministic and exports the three samples the docs embed', async () => {
    const a = await emitFiles(pythonEmitter, ir);
    const b = await emitFiles(pythonEmitter, ir);
    expect(b).toEqual(a);
    const samples = (await collectSamples(ir, new Map())).find((l) => l.language.id === 'python')!.samples;
    expect(samples.map((s) => s.id)).toEqual(['append-from-memory', 'append-from-file', 'resume']);
    for (const s of samples) {
      const file = a.find((f) => f.path === s.path);
      expect(file, s.path).toBeDefined();
      expect(file!.content).toBe(s.content);
      expect(file!.executable).toBe(true);
    }
  });

  it('turns a hostile model into Python that compiles and keeps the text', async () => {
    const hostile = structuredClone(ir);
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(visit);
      else if (node && typeof node === 'object') {
        const record = node as Record<string, unknown>;
        for (const [key, value] of Object.entries(record)) {
          if ((key === 'en' || key === 'zh') && typeof value === 'string') record[key] = `${value} ${HOSTILE}`;
          else if (key === 'message' && typeof value === 'string') record[key] = HOSTILE;
          else visit(value);
        }
      }
    };
    visit(hostile.service);
    visit(hostile.operations);
    visit(hostile.errors);
    const files = await pythonEmitter.emit(hostile, { modelSource: 'model/oss.yaml', templatesDir: TEMPLATES_DIR, samples: [] });
    const dir = mkdtempSync(join(tmpdir(), 'ossgen-python-hostile-'));
    try {
      for (const f of files) {
        mkdirSync(dirname(join(dir, f.path)), { recursive: true });
        writeFileSync(join(dir, f.path), f.content);
      }
      const r = runSync('python3', ['-W', 'error', '-c', 'import oss_append.errors as e; print(e.InvalidArgumentError.MESSAGE == ' + pyString(HOSTILE) + ')'], {
        cwd: join(dir, 'src'),
        env: { PYTHONDONTWRITEBYTECODE: '1' },
      });
      expect(r.status, explain(r)).toBe(0);
      expect(r.stdout.trim()).toBe('True');
      const compile = runSync('python3', ['-W', 'error', '-m', 'compileall', '-q', '-b', '-d', 'x', '.'], { cwd: dir });
      expect(compile.status, explain(compile)).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

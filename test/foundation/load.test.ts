import { describe, expect, it } from 'vitest';
import { codeFrame, formatDiagnostic, sortDiagnostics, type Diagnostic } from '../../generator/diagnostics.js';
import { loadModelText, locate, splitPath } from '../../generator/load/load-model.js';

describe('loadModelText', () => {
  it('parses YAML and keeps positions for any model path', () => {
    const text = 'a: 1\nlist:\n  - name: x\n  - name: y\n    deep: { k: v }\n';
    const { model, diagnostics } = loadModelText(text, 'm.yaml');
    expect(diagnostics).toEqual([]);
    expect(model!.value).toEqual({ a: 1, list: [{ name: 'x' }, { name: 'y', deep: { k: 'v' } }] });
    expect(locate(model!, '/list/1/name')).toMatchObject({ file: 'm.yaml', line: 4, col: 11 });
    expect(locate(model!, '/list/1/deep/k')).toMatchObject({ line: 5, col: 16 });
    // A key, for unknown properties.
    expect(locate(model!, '/list/1/deep', { key: true })).toMatchObject({ line: 5, col: 5 });
    // A path past the document lands on its deepest existing parent.
    expect(locate(model!, '/list/1/missing/more')).toMatchObject({ line: 4, col: 5 });
    expect(locate(model!, '')).toMatchObject({ line: 1, col: 1 });
  });

  it('reports the first syntax error only, not the cascade after it', () => {
    const { diagnostics } = loadModelText('a: 1\nb: { c: /{x} }\nd: 2\ne: [1, 2]\n', 'm.yaml');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'M001', loc: { line: 2 } });
  });

  it('reports every duplicate key', () => {
    const { diagnostics } = loadModelText('a: 1\na: 2\nb:\n  c: 1\n  c: 2\n', 'm.yaml');
    expect(diagnostics.map((d) => [d.code, d.loc?.line, d.loc?.col])).toEqual([
      ['M002', 2, 1],
      ['M002', 5, 3],
    ]);
  });

  it('splits escaped JSON pointers', () => {
    expect(splitPath('/a~1b/0/c~0d')).toEqual(['a/b', 0, 'c~d']);
    expect(splitPath('')).toEqual([]);
  });
});

describe('formatting diagnostics', () => {
  const d: Diagnostic = { code: 'M012', severity: 'error', message: 'must be integer', path: '/x', loc: { file: 'm.yaml', line: 2, col: 4, length: 3 } };

  it('prints like a compiler with a code frame and caret', () => {
    const text = 'a: 1\nx: abc\nz: 3\n';
    expect(formatDiagnostic(d, text)).toBe(
      ['m.yaml:2:4  error M012  must be integer', '  1 | a: 1', '> 2 | x: abc', '    |    ^^^', '  3 | z: 3'].join('\n'),
    );
  });

  it('survives a location outside the text', () => {
    expect(codeFrame('a: 1\n', { file: 'm', line: 99, col: 1 })).toBe('');
  });

  it('sorts by file, line, column, code', () => {
    const mk = (line: number, col: number, code: Diagnostic['code']): Diagnostic => ({ ...d, code, loc: { file: 'm', line, col } });
    const sorted = sortDiagnostics([mk(3, 1, 'M010'), mk(1, 5, 'M012'), mk(1, 5, 'M011'), mk(1, 2, 'M013')]);
    expect(sorted.map((x) => `${x.loc!.line}:${x.loc!.col} ${x.code}`)).toEqual(['1:2 M013', '1:5 M011', '1:5 M012', '3:1 M010']);
  });
});

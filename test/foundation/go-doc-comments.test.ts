/**
 * render/go-doc-comments.ts prints Go doc comments as gofmt does, so generation runs no gofmt (issue #16). Checked
 * against gofmt itself (the Go toolchain the Go tests need anyway) on doc comments built from the pieces that make
 * go/doc/comment rewrite a comment: indented lines (code blocks), list markers, headings old and new, '' and ``,
 * URLs, link definitions, directives, braces and backslashes ending a line, non-ASCII letters and spaces. The
 * comments come from a seeded generator, so every run checks the same ones.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { goCommentLines } from '../../generator/render/go-literals.js';
import { goDocCommentsInGofmtStyle } from '../../generator/render/go-doc-comments.js';

const PIECES = [
  'word', 'Word', 'two words', 'The', 'Errors', 'Heading Text', "Bucket's ACL", 'v1.2', 'end.', 'x', 'é', 'Ελληνικά', '\u00a0', '\u0085',
  "''", "'''", '``', '```', '````', '`tick`', "it's", "'", '"', '\\', '{', '}', ';', ':', '(a)', '[Foo]', '[Client]', '[*ValidationError]',
  '[Foo]: https://example.com/foo', '[Bar]: http://x.y', 'https://example.com/a\'\'b(c)', 'http://x.y/p?q=1.', 'xhttps://a.b/\'\'', 'mailto://me',
  '\t', ' ', '  ', '- ', '* ', '+ ', '• ', '1. ', '2) ', '10. ', '-', '1.', '# ', '#', '#\t', '## ', 'go:generate x', 'line 5', 'export F',
];

/** A small deterministic PRNG (mulberry32), so the comments are the same in every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomComment(next: () => number): string[] {
  const lines: string[] = [];
  const count = 1 + Math.floor(next() * 9);
  for (let i = 0; i < count; i++) {
    let text = '';
    const pieces = Math.floor(next() * 6);
    for (let j = 0; j < pieces; j++) text += (next() < 0.5 && text ? ' ' : '') + PIECES[Math.floor(next() * PIECES.length)];
    text = text.trimEnd();
    // As the emitters print a line: `//` alone when blank, `//` then a tab kept, else `// `.
    lines.push(text === '' ? '//' : text.startsWith('\t') ? `//${text}` : `// ${text}`);
  }
  return lines;
}

function gofmtOnce(source: string): string {
  const r = spawnSync('gofmt', [], { input: source, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`gofmt failed: ${r.stderr}`);
  return r.stdout;
}

/**
 * gofmt run until it changes nothing: once is not always enough (its skip over a run of backquotes depends on byte
 * offsets that a “ moves), and generated files must pass gofmt -l.
 */
function gofmt(source: string): string {
  let text = gofmtOnce(source);
  for (let round = 0; round < 16; round++) {
    const again = gofmtOnce(text);
    if (again === text) break;
    text = again;
  }
  return text;
}

/** A file of declarations, each with its doc comment, and where each comment starts and ends in either text. */
function file(comments: readonly string[][]): string {
  return `package x\n\n${comments.map((c, i) => `${c.join('\n')}\nvar V${i} int\n`).join('\n')}`;
}

/** The doc comment of each declaration of a formatted file (the lines between one `var` line and the next). */
function docs(source: string): string[] {
  return source.split(/^var V\d+ int$/m).slice(0, -1).map((chunk) => chunk.replace(/^package x\n/, '').replace(/^\n+/, ''));
}

describe('Go doc comments printed as gofmt prints them', () => {
  it('match gofmt on 3000 comments built from the pieces go/doc/comment rewrites', () => {
    const next = prng(16);
    const comments = Array.from({ length: 3000 }, () => randomComment(next));
    const source = file(comments);
    const ours = docs(goDocCommentsInGofmtStyle(source));
    const theirs = docs(gofmt(source));
    expect(ours.length).toBe(comments.length);
    const differ = ours.flatMap((text, i) => (text === theirs[i] ? [] : [{ input: comments[i]!.join('\n'), ours: text, gofmt: theirs[i] }]));
    expect(differ.slice(0, 3)).toEqual([]);
  });

  it('match gofmt on model text wrapped by the Go emitter (goCommentLines), and leave gofmt nothing to change', () => {
    const next = prng(21);
    const texts = Array.from({ length: 500 }, () => {
      let text = '';
      const pieces = Math.floor(next() * 40);
      for (let j = 0; j < pieces; j++) text += (next() < 0.15 ? '\n' : next() < 0.7 ? ' ' : '') + PIECES[Math.floor(next() * PIECES.length)];
      return text;
    });
    const source = file(texts.map((t) => goCommentLines(t)));
    const ours = goDocCommentsInGofmtStyle(source);
    expect(ours).toBe(gofmt(source));
    expect(gofmtOnce(ours)).toBe(ours);
  });

  it('leaves comments that are not doc comments alone: indented, followed by a blank line, inside a raw string', () => {
    const source = "package x\n\n// ''\n\nvar a = `\n// ''\nb`\n\nfunc f() {\n\t// ''\n\tg()\n}\n";
    expect(goDocCommentsInGofmtStyle(source)).toBe(source);
    expect(gofmt(source)).toBe(source);
  });
});

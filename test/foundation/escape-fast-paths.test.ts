/**
 * The escaping helpers' fast paths (issue #16: no array of one-character strings for plain text) print exactly what
 * their per-character definitions print, for seeded random text mixing plain ASCII with everything they escape:
 * quotes, backslashes, `?`, controls, U+0085/U+2028/U+2029, non-ASCII, astral characters and lone surrogates.
 */
import { describe, expect, it } from 'vitest';
import { cStringBody } from '../../generator/emitters/c/helpers.js';
import { csComment } from '../../generator/emitters/csharp/helpers.js';
import { pyComment, pyDoc, pyString } from '../../generator/emitters/python/helpers.js';
import { rbComment } from '../../generator/emitters/ruby/helpers.js';

// The definitions as they were before the fast paths: one code point (or byte) at a time.
function pyEscape(ch: string, quote: string): string {
  const cp = ch.codePointAt(0)!;
  if (ch === '\\') return '\\\\';
  if (ch === quote) return `\\${quote}`;
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  if (ch === '\t') return '\\t';
  if (cp >= 0x20 && cp < 0x7f) return ch;
  if (cp <= 0xff) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp <= 0xffff) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\U${cp.toString(16).padStart(8, '0')}`;
}
const reference = {
  pyString: (v: string) => `"${Array.from(v, (ch) => pyEscape(ch, '"')).join('')}"`,
  pyDoc: (v: string) =>
    v
      .split(/\r\n?|\n/)
      .map((line) =>
        Array.from(line, (ch) => (ch === '\t' ? ' ' : pyEscape(ch, '"')))
          .join('')
          .trimEnd(),
      )
      .join('\n')
      .trim(),
  comment: (v: string) =>
    Array.from(v.replace(/[\r\n\t]+/g, ' '), (ch) => {
      const cp = ch.codePointAt(0)!;
      return cp < 0x20 || cp === 0x7f ? ' ' : ch;
    })
      .join('')
      .trim(),
  csComment: (v: string) =>
    Array.from(v.replace(/[\r\n\t]+/g, ' '), (ch) => {
      const cp = ch.codePointAt(0)!;
      return cp < 0x20 || cp === 0x7f || cp === 0x2028 || cp === 0x2029 || cp === 0x85 ? ' ' : ch;
    })
      .join('')
      .trim(),
  cStringBody: (v: string) => {
    let out = '';
    for (const byte of Buffer.from(v, 'utf8')) {
      const ch = String.fromCharCode(byte);
      if (ch === '"' || ch === '\\' || ch === '?') out += `\\${ch}`;
      else if (byte === 0x0a) out += '\\n';
      else if (byte >= 0x20 && byte < 0x7f) out += ch;
      else out += `\\${byte.toString(8).padStart(3, '0')}`;
    }
    return out;
  },
};

const PLAIN = 'abcXYZ019 .,:;-_/()[]{}<>=+*&%$#@!~`|^\'';
const SPECIAL = ['"', '\\', '?', '\t', '\n', '\r', '\r\n', '\x00', '\x1b', '\x7f', '\x85', '\u00e9', '\u2028', '\u2029', '\u4e2d', '\ud83d\ude00', '\ud800', '\udc00', '  '];

function texts(seed: number, count: number): string[] {
  let state = seed >>> 0;
  // mulberry32: a linear congruential generator's low bits alternate, which would make every text alike.
  const next = (n: number) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
  const out: string[] = ['', ' ', 'plain text', 'trailing \t', '"quoted"', 'a?b', 'back\\slash'];
  for (let i = 0; i < count; i++) {
    const length = next(24);
    // Half the texts plain ASCII only (the fast paths), half with a special piece now and then.
    const specials = next(2) === 0 ? 0 : 1 + next(4);
    let text = '';
    for (let j = 0; j < length; j++) text += specials > 0 && next(length) < specials ? SPECIAL[next(SPECIAL.length)] : PLAIN[next(PLAIN.length)];
    out.push(text);
  }
  return out;
}

describe('escaping fast paths print what the per-character definitions print', () => {
  const all = texts(16, 4000);
  it.each([
    ['pyString', pyString, reference.pyString],
    ['pyDoc', pyDoc, reference.pyDoc],
    ['pyComment', pyComment, reference.comment],
    ['rbComment', rbComment, reference.comment],
    ['csComment', csComment, reference.csComment],
    ['cStringBody', cStringBody, reference.cStringBody],
  ] as const)('%s', (_name, fast, slow) => {
    const differ = all.filter((text) => fast(text) !== slow(text));
    expect(differ.map((t) => JSON.stringify(t))).toEqual([]);
    // Both kinds of text were there: some the fast path takes as they are, some it must escape.
    expect(all.filter((text) => slow(text) === text || slow(text) === `"${text}"`).length).toBeGreaterThan(100);
    expect(all.filter((text) => slow(text) !== text && slow(text) !== `"${text}"`).length).toBeGreaterThan(100);
  });
});

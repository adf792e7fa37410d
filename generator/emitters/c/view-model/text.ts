/** Text measures and the character classes C checks with strchr. */

/** Bytes of s in UTF-8 (what a C length means). */
export const utf8Length = (s: string) => Buffer.byteLength(s, 'utf8');

/** The characters a `^[...]+$` / `^[...]*$` pattern allows, spelled out, so C can test them with strchr. */
export function charClassChars(pattern: string): string {
  const match = /^\^\[(.*)\][+*]\$$/.exec(pattern);
  if (!match) throw new Error(`C emitter: pattern ${JSON.stringify(pattern)} is not a single character class`);
  const body = match[1]!;
  const chars = new Set<string>();
  const tokens: string[] = [];
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\' && i + 1 < body.length) tokens.push(body[++i]!);
    else tokens.push(body[i] === '-' ? '\u0000-' : body[i]!);
  }
  for (let i = 0; i < tokens.length; i++) {
    const from = tokens[i]!;
    if (tokens[i + 1] === '\u0000-' && i + 2 < tokens.length) {
      const to = tokens[i + 2]!;
      for (let c = from.charCodeAt(0); c <= to.charCodeAt(0); c++) chars.add(String.fromCharCode(c));
      i += 2;
    } else {
      chars.add(from === '\u0000-' ? '-' : from);
    }
  }
  return [...chars].sort().join('');
}

/** The endpoint template's text before and after {region} (all of it before when there is none). */
export function splitTemplate(template: string): [string, string] {
  const at = template.indexOf('{region}');
  if (at < 0) return [template, ''];
  return [template.slice(0, at), template.slice(at + '{region}'.length)];
}

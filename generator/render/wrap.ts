/**
 * Greedy word wrap of one line to `width` columns (a word longer than the width stays whole). Runs of spaces
 * collapse unless `keepSpaces` (Python docstrings keep the model's text as written between the breaks).
 */
export function wrapLine(line: string, width: number, keepSpaces = false): string[] {
  const out: string[] = [];
  let current = '';
  const words = line.split(' ');
  for (const word of keepSpaces ? words : words.filter((w) => w !== '')) {
    if (current && current.length + 1 + word.length > width) {
      out.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  out.push(current);
  return out;
}

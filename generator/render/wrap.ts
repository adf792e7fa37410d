/** Greedy word wrap of one line to `width` columns (a word longer than the width stays whole; runs of spaces collapse). */
export function wrapLine(line: string, width: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of line.split(' ').filter((w) => w !== '')) {
    if (current && current.length + 1 + word.length > width) {
      out.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  out.push(current);
  return out;
}

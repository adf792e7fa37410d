import { readFileSync, readdirSync } from 'node:fs';
const t0 = performance.now();
const prettier = await import('prettier');
const files = [...readdirSync('/tmp/wt16-raw/ts/src').map(f=>'/tmp/wt16-raw/ts/src/'+f), ...readdirSync('/tmp/wt16-raw/ts/test').map(f=>'/tmp/wt16-raw/ts/test/'+f)].filter(f=>f.endsWith('.ts'));
const opts = { printWidth: 100, singleQuote: true, trailingComma: 'all', endOfLine: 'lf', proseWrap: 'preserve' };
const out = [];
for (const f of files) out.push(await prettier.format(readFileSync(f, 'utf8'), {...opts, parser: 'babel-ts'}));
const t1 = performance.now();
if (process.argv[2]==='html') out.push(await prettier.format(readFileSync('/tmp/wt16-raw/docs/en/index.html','utf8'), {...opts, parser:'html'}));
const t2 = performance.now();
console.log('esm ts', (t1-t0).toFixed(0), 'html', (t2-t1).toFixed(0), 'rss', (process.memoryUsage().rss/1e6).toFixed(0), 'hash', require_hash(out.join('')));
function require_hash(s){ let h=0; for (let i=0;i<s.length;i++) h=(h*31+s.charCodeAt(i))|0; return h; }

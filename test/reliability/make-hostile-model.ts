/**
 * Writes test/fixtures/hostile-model.yaml: model/oss.yaml with hostile text everywhere the schema
 * takes free text (every en/zh description, error messages, added enum values, member examples,
 * the doc examples) and header names that are legal but nasty, plus optional members named after
 * reserved words of TypeScript, Go, Python and C. Run `npx tsx test/reliability/make-hostile-model.ts`
 * after a change to the model; the committed fixture is what the hostile-model suite generates from.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, visit, type Document } from 'yaml';

const ROOT = join(import.meta.dirname, '../..');

/** Quotes, backslashes, newlines, comment and string terminators, template and format syntax, markup, control characters, mixed scripts. */
export const HOSTILE_EN = `He said "hi" & 'bye' \\ back\\slash \\n \\" */ /* """ ''' \${process.exit(1)} {{constructor}} {{{raw}}} %s %d %n <\/script><script>alert(1)</script> <b>bold</b> &amp; \`tick\` # -- ;DROP\n next line\r\n\ttab \u0007bell \u001bESC \u007fDEL end\\`;
export const HOSTILE_ZH = `中文「引号」"双引号" \\ 반갑습니다 Ελληνικά العربية עברית \u202eRLO\u202c 👩‍💻 */ {{x}} \${y} %s </script>\n第二行`;

/** Enum values a service could really define, each breaking a different quoting rule. */
const HOSTILE_ENUM = ['it\'s "quoted"', 'back\\slash', 'x */ y', '"""', '${x}', '{{x}}', '%s', '</script>', '日志-λ', 'a b', 'a-b', 'A_B', '1st', 'None', 'class'];

/** Member names that are reserved (or predeclared) words in at least one target language. */
const RESERVED_MEMBERS = ['class', 'type', 'default', 'import', 'package', 'func', 'def', 'lambda', 'yield', 'async', 'await', 'struct', 'register', 'volatile', 'char', 'int', 'self', 'errno', 'main', 'string', 'error', 'select', 'chan', 'range', 'map', 'nil', 'constructor', 'prototype', 'delete', 'new', 'extern', 'sizeof', 'typedef', 'union', 'interface', 'None', 'True', 'False', 'null', 'this', 'with', 'from', 'is', 'not', 'in', 'bool', 'bytes', 'object', 'goto', 'switch'];

export function hostileModel(source: string): string {
  const doc: Document = parseDocument(source);
  // Every text in every documentation language.
  visit(doc, {
    Map(_, node) {
      const en = node.get('en', true);
      const zh = node.get('zh', true);
      if (isScalar(en) && isScalar(zh) && typeof en.value === 'string' && typeof zh.value === 'string') {
        en.value = `${en.value} ${HOSTILE_EN}`;
        zh.value = `${zh.value} ${HOSTILE_ZH}`;
      }
    },
  });
  // Error messages.
  const errors = doc.get('errors');
  if (isSeq(errors)) for (const e of errors.items) if (isMap(e) && typeof e.get('message') === 'string') e.set('message', `${String(e.get('message'))} ${HOSTILE_EN}`);
  const members = doc.get('members');
  if (!isMap(members)) throw new Error('no members');
  for (const pair of members.items) {
    const m = pair.value;
    if (!isMap(m)) continue;
    const en = m.get('enum');
    if (isSeq(en)) for (const v of HOSTILE_ENUM) en.add(doc.createNode(v));
    // String examples of free-form headers become hostile (not the ones with a format or an enum, which are checked values).
    if (m.get('type') === 'string' && !m.has('enum') && !m.has('format') && m.get('location') === 'header' && m.has('example')) m.set('example', HOSTILE_EN);
  }
  // Legal but nasty header names (tchar allows ' * % | ^ ~ ` ! # $ & + . _).
  members.set('quotedHeader', doc.createNode({ location: 'header', header: "x-oss-it's*%s|^~`!#$&+._", type: 'string', doc: { en: `A header whose name is legal but nasty. ${HOSTILE_EN}`, zh: `名称合法但刁钻的头。${HOSTILE_ZH}` }, example: HOSTILE_EN }));
  // A word the model already names a member by (`range`) keeps its real member: replacing it would drop a
  // header an operation depends on (the ranged read-back of an append whose outcome is unknown).
  const added = RESERVED_MEMBERS.filter((word) => !members.has(word));
  for (const word of added) {
    members.set(word, doc.createNode({ location: 'header', header: `x-oss-hostile-${word.toLowerCase()}`, type: 'string', doc: { en: `Named "${word}", a reserved word somewhere. ${HOSTILE_EN}`, zh: `名为 ${word}。${HOSTILE_ZH}` }, example: HOSTILE_EN }));
  }
  // PutObject takes them all.
  const operations = doc.get('operations');
  if (!isSeq(operations)) throw new Error('no operations');
  const put = operations.items.find((o) => isMap(o) && o.get('name') === 'PutObject');
  if (!isMap(put)) throw new Error('no PutObject');
  const input = put.get('input');
  if (!isSeq(input)) throw new Error('no PutObject input');
  for (const word of ['quotedHeader', ...added]) input.add(doc.createNode({ use: word }));
  // Operations named after reserved words (`import` in TS and Python, `delete` in TS and Go's builtins):
  // copies of HeadObject told apart by a query flag.
  const head = operations.items.find((o) => isMap(o) && o.get('name') === 'HeadObject');
  if (!isMap(head)) throw new Error('no HeadObject');
  for (const name of ['Import', 'Delete', 'Class']) {
    const copy = head.clone() as typeof head;
    copy.set('name', name);
    copy.setIn(['http', 'query'], doc.createNode([{ name: name.toLowerCase(), flag: true }]));
    operations.add(copy);
  }
  // Doc examples: hostile free text.
  const examples = doc.get('examples');
  if (isSeq(examples)) {
    for (const ex of examples.items) {
      if (!isMap(ex)) continue;
      const inp = ex.get('input');
      if (!isMap(inp)) continue;
      if (inp.has('body')) inp.set('body', HOSTILE_EN);
      if (inp.has('contentType')) inp.set('contentType', `text/plain; note="*/ {{x}} \${y} %s"`);
      const meta = inp.get('metadata');
      if (isMap(meta)) for (const p of meta.items) if (isScalar(p.value)) p.value.value = `</script><script>alert(1)</script> "q" \\ */ {{x}} 日志`;
    }
  }
  return `# Generated by test/reliability/make-hostile-model.ts from model/oss.yaml: do not edit by hand.\n${doc.toString({ lineWidth: 0 })}`;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''))) {
  const out = join(ROOT, 'test/fixtures/hostile-model.yaml');
  writeFileSync(out, hostileModel(readFileSync(join(ROOT, 'model/oss.yaml'), 'utf8')));
  console.log(`wrote ${out}`);
}

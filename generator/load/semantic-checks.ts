/**
 * Stage 2b, semantic checks: the rules a JSON Schema cannot express. Runs only on a model that
 * passed the schema, reports every problem at once, each at its source position.
 */
import { diagnostic, type Diagnostic, type DiagnosticCode } from '../diagnostics.js';
import type { Expectation, ModelDef, OperationDef, Text, Values } from '../model/types.js';
import { checkValue, kind } from './check-values.js';
import { locate, type LoadedModel } from './load-model.js';
import { checkProtocol } from './protocol-checks.js';
import { resolveMembers, type ResolvedMember } from './resolve-members.js';

/** RFC 9110 token characters. */
const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function checkSemantics(loaded: LoadedModel, model: ModelDef): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (code: DiagnosticCode, message: string, path: string, key = false) =>
    out.push(diagnostic(code, message, path, locate(loaded, path, { key })));

  const errorCodes = new Set(model.errors.map((e) => e.code));
  const operationsByName = new Map<string, { op: OperationDef; index: number; input: ResolvedMember[]; output: ResolvedMember[] }>();

  checkUnique(model.operations.map((o, i) => [o.name, `/operations/${i}/name`]), 'operation', report);
  checkUnique(model.errors.map((e, i) => [e.code, `/errors/${i}/code`]), 'error code', report);
  checkUnique((model.examples ?? []).map((e, i) => [e.id, `/examples/${i}/id`]), 'example id', report);
  checkUnique(model.tests.requests.map((t, i) => [t.id, `/tests/requests/${i}/id`]), 'request vector id', report);
  checkUnique((model.tests.presigned ?? []).map((t, i) => [t.id, `/tests/presigned/${i}/id`]), 'presigned vector id', report);
  checkUnique(model.tests.responses.map((t, i) => [t.id, `/tests/responses/${i}/id`]), 'response vector id', report);
  checkUnique(model.tests.scenarios.map((t, i) => [t.id, `/tests/scenarios/${i}/id`]), 'scenario id', report);
  checkUnique(model.auth.schemes.map((s, i) => [s.id, `/auth/schemes/${i}/id`]), 'auth scheme', report);
  if (!model.auth.schemes.some((s) => s.id === model.auth.default)) {
    report('M021', `default auth scheme "${model.auth.default}" is not among the schemes`, '/auth/default');
  }

  // Shared members: header names, enums, prefixes.
  for (const [name, def] of Object.entries(model.members)) {
    checkMemberShape(def, `/members/${name}`, name, report);
  }

  model.operations.forEach((op, oi) => {
    const base = `/operations/${oi}`;
    const input = resolveAndReport(model, op.input, `${base}/input`, report);
    const output = resolveAndReport(model, op.output, `${base}/output`, report);
    // With duplicate names the first definition wins, so the duplicate is reported once, not again by every vector.
    if (!operationsByName.has(op.name)) operationsByName.set(op.name, { op, index: oi, input, output });

    for (const [list, members] of [['input', input], ['output', output]] as const) {
      checkUnique(members.map((m) => [m.name, `${base}/${list}/${m.index}${m.use ? '/use' : '/name'}`]), `${list} member`, report);
      const bodies = members.filter((m) => m.location === 'body');
      if (bodies.length > 1) report('M027', `${op.name} ${list} has ${bodies.length} body members; at most one is allowed`, `${base}/${list}/${bodies[1]!.index}`);
      for (const m of members) {
        if (!m.use) checkMemberShape(m, `${base}/${list}/${m.index}`, m.name, report);
        if (list === 'output' && (m.location === 'host' || m.location === 'path' || m.location === 'query')) {
          report('M027', `output member "${m.name}" cannot be read from the ${m.location}`, `${base}/${list}/${m.index}`);
        }
        if ((m.location === 'body') !== (m.type === 'blob')) {
          report('M027', `member "${m.name}": a body member must have type blob, and only a body member may`, `${base}/${list}/${m.index}`);
        }
      }
    }
    if (op.http.method === 'HEAD' && output.some((m) => m.location === 'body')) {
      report('M027', 'a HEAD response has no body, so HEAD operations cannot have a body output', `${base}/http/method`);
    }
    if (['GET', 'HEAD', 'DELETE'].includes(op.http.method) && input.some((m) => m.location === 'body')) {
      report('M027', `a ${op.http.method} request carries no body`, `${base}/http/method`);
    }
    const pathParams = [...op.http.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    for (const param of pathParams) {
      if (!input.some((m) => m.name === param && m.location === 'path')) {
        report('M021', `path parameter {${param}} has no input member with location path`, `${base}/http/path`);
      }
    }
    for (const m of input.filter((mm) => mm.location === 'path')) {
      if (!pathParams.includes(m.name)) report('M027', `path member "${m.name}" does not appear in the path ${op.http.path}`, `${base}/input/${m.index}`);
    }
    if (input.filter((m) => m.location === 'host').length > 1) report('M027', `${op.name} has more than one host member`, `${base}/input`);

    op.errors.forEach((code, ei) => {
      if (!errorCodes.has(code)) report('M021', `error "${code}" is not defined under errors`, `${base}/errors/${ei}`);
    });
    checkUnique(op.errors.map((c, ei) => [c, `${base}/errors/${ei}`]), 'error reference', report);
    op.permissions.forEach((p, pi) => {
      if (p.when && !input.some((m) => m.name === p.when)) report('M021', `permission condition "${p.when}" is not an input member of ${op.name}`, `${base}/permissions/${pi}/when`);
    });

    if (op.append) {
      const a = op.append;
      const ab = `${base}/append`;
      const position = input.find((m) => m.name === a.position);
      if (!position) report('M021', `append position "${a.position}" is not an input member of ${op.name}`, `${ab}/position`);
      else if (position.type !== 'int64') report('M027', `append position "${a.position}" must be an int64 member`, `${ab}/position`);
      for (const [key, id] of [['nextPosition', a.nextPosition], ['crc', a.crc]] as const) {
        const m = output.find((mm) => mm.name === id);
        if (!m) report('M021', `append ${key} "${id}" is not an output member of ${op.name}`, `${ab}/${key}`);
        else if (m.type !== (key === 'crc' ? 'uint64' : 'int64')) report('M027', `append ${key} "${id}" must be ${key === 'crc' ? 'uint64' : 'int64'}`, `${ab}/${key}`);
      }
      a.firstAppendOnly.forEach((f, fi) => {
        const m = input.find((mm) => mm.name === f.member);
        if (!m) report('M021', `first-append-only member "${f.member}" is not an input member of ${op.name}`, `${ab}/firstAppendOnly/${fi}/member`);
        else if (m.location !== 'header' && m.location !== 'header-map') {
          report('M025', `"${f.member}" is sent in the ${m.location}, not as a header; only headers can count on the first append only`, `${ab}/firstAppendOnly/${fi}/member`);
        }
      });
      checkUnique(a.firstAppendOnly.map((f, fi) => [f.member, `${ab}/firstAppendOnly/${fi}/member`]), 'first-append-only member', report);
      a.rules.forEach((r, ri) => {
        if (r.outcome !== 'create' && r.outcome !== 'append') {
          if (!errorCodes.has(r.outcome)) report('M021', `rule outcome "${r.outcome}" is not a defined error code`, `${ab}/rules/${ri}/outcome`);
          else if (!op.errors.includes(r.outcome)) report('M021', `rule outcome "${r.outcome}" is not among ${op.name}'s errors`, `${ab}/rules/${ri}/outcome`);
        }
      });
      checkUnique(a.rules.map((r, ri) => [`${r.object}/${r.position}`, `${ab}/rules/${ri}`]), 'append rule (object, position)', report);
    }
  });

  // Limits name defined errors, and their bounds make sense.
  for (const key of ['objectKey', 'objectSize'] as const) {
    const code = model.limits[key].error;
    if (!errorCodes.has(code)) report('M021', `limit error "${code}" is not defined under errors`, `/limits/${key}/error`);
  }
  if (model.limits.objectKey.minBytes > model.limits.objectKey.maxBytes) report('M028', 'objectKey.minBytes is larger than maxBytes', '/limits/objectKey/minBytes');
  for (const [key, pattern] of [['userMetadata/namePattern', model.limits.userMetadata.namePattern], ['tagging/charPattern', model.limits.tagging.charPattern]] as const) {
    try {
      new RegExp(pattern, 'u');
    } catch {
      report('M028', `${key} is not a valid regular expression`, `/limits/${key}`);
    }
  }

  // Errors: unique field names, valid header names.
  model.errors.forEach((e, ei) => {
    const fields = e.fields ?? [];
    checkUnique(fields.map((f, fi) => [f.name, `/errors/${ei}/fields/${fi}/name`]), 'error field', report);
    fields.forEach((f, fi) => {
      if (f.header && !HTTP_TOKEN.test(f.header)) report('M022', `"${f.header}" is not a valid HTTP header name`, `/errors/${ei}/fields/${fi}/header`);
      if (!f.header && !f.xml) report('M027', `error field "${f.name}" must say where it is read from (header or xml)`, `/errors/${ei}/fields/${fi}`);
    });
  });

  // Values in examples and tests conform to the members they are for.
  const opFor = (name: string, path: string) => {
    const found = operationsByName.get(name);
    if (!found) report('M021', `operation "${name}" is not defined`, path);
    return found;
  };
  (model.examples ?? []).forEach((ex, i) => {
    const op = opFor(ex.operation, `/examples/${i}/operation`);
    if (op) checkValues(op.input, ex.input, `/examples/${i}/input`, `${op.op.name} input`, report, true);
  });
  model.tests.requests.forEach((t, i) => {
    const op = opFor(t.operation, `/tests/requests/${i}/operation`);
    if (op) checkValues(op.input, t.input, `/tests/requests/${i}/input`, `${op.op.name} input`, report, true);
  });
  (model.tests.presigned ?? []).forEach((t, i) => {
    const op = opFor(t.operation, `/tests/presigned/${i}/operation`);
    // A presigned URL carries no body: every other required member must be there.
    if (op) checkValues(op.input.filter((m) => m.location !== 'body'), t.input, `/tests/presigned/${i}/input`, `${op.op.name} input`, report, true);
  });
  model.tests.responses.forEach((t, i) => {
    const op = opFor(t.operation, `/tests/responses/${i}/operation`);
    if (op) checkExpectation(model, op.op, op.output, t.expect, `/tests/responses/${i}/expect`, report);
  });
  model.tests.scenarios.forEach((s, si) => {
    s.steps.forEach((step, i) => {
      const path = `/tests/scenarios/${si}/steps/${i}`;
      const op = opFor(step.call, `${path}/call`);
      if (!op) return;
      const withTarget: Values = { ...step.input };
      for (const m of op.input) {
        if (m.location === 'host' && !(m.name in withTarget)) withTarget[m.name] = s.bucket;
        if (m.location === 'path' && !(m.name in withTarget)) withTarget[m.name] = s.key;
      }
      checkValues(op.input, withTarget, `${path}/input`, `${op.op.name} input`, report, true);
      checkExpectation(model, op.op, op.output, step.expect, `${path}/expect`, report);
    });
  });

  checkProtocol(model, operationsByName, report);

  // Every text has a real translation.
  walkTexts(model, '', (text, path) => {
    if (text.en.trim() === text.zh.trim()) report('M026', 'the zh text is the same as the en text; translate it', `${path}/zh`);
  });
  return out;
}

type Report = (code: DiagnosticCode, message: string, path: string, key?: boolean) => void;

function checkUnique(entries: [string, string][], what: string, report: Report): void {
  const seen = new Map<string, string>();
  for (const [name, path] of entries) {
    if (seen.has(name)) report('M020', `duplicate ${what} "${name}"`, path);
    else seen.set(name, path);
  }
}

function resolveAndReport(model: ModelDef, entries: OperationDef['input'], base: string, report: Report): ResolvedMember[] {
  const { members, unresolved } = resolveMembers(model, entries);
  for (const u of unresolved) report('M021', `member "${u.use}" is not defined under members`, `${base}/${u.index}/use`);
  return members;
}

function checkMemberShape(
  m: { location: string; header?: string; prefix?: string; wireName?: string; responseHeader?: string; enum?: string[]; type: string; example?: unknown; minimum?: number },
  path: string,
  name: string,
  report: Report,
): void {
  if (m.location === 'header' && !m.header) report('M027', `header member "${name}" needs a header name`, path);
  if (m.location !== 'header' && m.header) report('M027', `member "${name}" has a header name but its location is ${m.location}`, `${path}/header`);
  if (m.header && !HTTP_TOKEN.test(m.header)) report('M022', `"${m.header}" is not a valid HTTP header name`, `${path}/header`);
  if (m.location === 'header-map') {
    if (!m.prefix) report('M027', `header-map member "${name}" needs a prefix`, path);
    else if (!HTTP_TOKEN.test(m.prefix)) report('M022', `prefix "${m.prefix}" is not a valid start of an HTTP header name`, `${path}/prefix`);
    if (m.type !== 'map') report('M027', `header-map member "${name}" must have type map`, `${path}/type`);
  } else if (m.type === 'map') {
    report('M027', `member "${name}" of type map must have location header-map`, `${path}/location`);
  }
  if (m.location === 'query' && !m.wireName) report('M027', `query member "${name}" needs a wireName`, path);
  if (m.responseHeader !== undefined && m.location !== 'query') report('M027', `only query members set a response header ("${name}" is ${m.location})`, `${path}/responseHeader`);
  if (m.responseHeader && !HTTP_TOKEN.test(m.responseHeader)) report('M022', `"${m.responseHeader}" is not a valid HTTP header name`, `${path}/responseHeader`);
  if (m.enum !== undefined) {
    if (m.enum.length === 0) report('M023', `enum of "${name}" is empty`, `${path}/enum`);
    if (m.type !== 'string') report('M027', `only string members can have an enum ("${name}" is ${m.type})`, `${path}/enum`);
    const seen = new Set<string>();
    m.enum.forEach((v, i) => {
      if (seen.has(v)) report('M020', `duplicate enum value "${v}"`, `${path}/enum/${i}`);
      seen.add(v);
    });
  }
  if (m.example !== undefined) {
    const why = checkValue({ type: m.type as never, enum: m.enum?.length ? m.enum : undefined, minimum: m.minimum }, m.example);
    if (why) report('M024', `example of "${name}" ${why}`, `${path}/example`);
  }
}

function checkValues(members: ResolvedMember[], values: Values, path: string, what: string, report: Report, requireRequired: boolean): void {
  for (const [key, value] of Object.entries(values)) {
    const m = members.find((mm) => mm.name === key);
    if (!m) {
      report('M024', `"${key}" is not a member of ${what} (members: ${members.map((mm) => mm.name).join(', ')})`, `${path}/${key}`, true);
      continue;
    }
    const why = checkValue({ type: m.type, enum: m.enum?.length ? m.enum : undefined, minimum: m.minimum }, value);
    if (why) report('M024', `${what} "${key}" ${why}`, `${path}/${key}`);
  }
  if (requireRequired) {
    for (const m of members) {
      if (m.required && !(m.name in values)) report('M024', `${what} is missing required member "${m.name}"`, path);
    }
  }
}

function checkExpectation(model: ModelDef, op: OperationDef, output: ResolvedMember[], expect: Expectation, path: string, report: Report): void {
  if (expect.output) {
    checkValues(output, expect.output, `${path}/output`, `${op.name} output`, report, false);
    return;
  }
  if (!expect.error) return;
  const error = model.errors.find((e) => e.code === expect.error!.code);
  if (!error) {
    report('M021', `expected error "${expect.error.code}" is not defined under errors`, `${path}/error/code`);
    return;
  }
  if (!op.errors.includes(error.code)) report('M021', `expected error "${error.code}" is not among ${op.name}'s errors`, `${path}/error/code`);
  if (expect.error.status !== error.status) report('M024', `${error.code} has status ${error.status}, not ${expect.error.status}`, `${path}/error/status`);
  for (const [key, value] of Object.entries(expect.error.fields ?? {})) {
    const field = (error.fields ?? []).find((f) => f.name === key);
    if (!field) {
      report('M024', `"${key}" is not a field of ${error.code}`, `${path}/error/fields/${key}`, true);
      continue;
    }
    const why = checkValue({ type: field.type }, value);
    if (why) report('M024', `${error.code} field "${key}" ${why}`, `${path}/error/fields/${key}`);
  }
}

/** Calls visit for every {en, zh} text in the model. */
function walkTexts(node: unknown, path: string, visit: (text: Text, path: string) => void): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    node.forEach((item, i) => walkTexts(item, `${path}/${i}`, visit));
    return;
  }
  const record = node as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 2 && typeof record.en === 'string' && typeof record.zh === 'string') {
    visit(record as unknown as Text, path);
    return;
  }
  for (const key of keys) walkTexts(record[key], `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, visit);
}

export { kind };

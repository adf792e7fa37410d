/**
 * Members as Go fields: a member's Go kind and type (optional numbers and booleans are pointers,
 * bodies are io.Reader in and io.ReadCloser out), which local checks its input runs, the runtime
 * helper that writes it to a request or reads it from an answer, and the enum types the members
 * declare.
 */
import type { IrMember, IrModel, IrOperation } from '../../../ir/types.js';
import { declDoc } from './shared.js';
import type { GoEnum, GoField, GoKind } from './types.js';

/** Enum types, one per member id, in first-seen order of operations (sorted) and members (authored). */
export function enumViews(ir: IrModel): GoEnum[] {
  const enums = new Map<string, GoEnum>();
  for (const op of ir.operations) {
    for (const m of [...op.input, ...op.output]) {
      if (!m.enum || m.enum.length === 0 || enums.has(m.names.go)) continue;
      enums.set(m.names.go, {
        typeName: m.names.go,
        doc: declDoc(m.names.go, `is a value of the ${m.header ?? m.id} header: ${m.doc.en}`),
        values: m.enum.map((v) => ({ name: v.go, padded: v.go.padEnd(Math.max(...m.enum!.map((x) => x.go.length))), value: v.value })),
        valueNames: m.enum.map((v) => v.go),
      });
    }
  }
  return [...enums.values()];
}

export function kindOf(m: IrMember): GoKind {
  if (m.enum && m.enum.length > 0) return 'enum';
  switch (m.type) {
    case 'string':
      return 'string';
    case 'int64':
      return 'int64';
    case 'uint64':
      return 'uint64';
    case 'boolean':
      return 'bool';
    case 'map':
      return 'map';
    case 'blob':
      return 'blob';
  }
}

/** Optional numbers and booleans are pointers so that "unset" differs from zero. */
export function goTypeOf(m: IrMember, direction: 'input' | 'output'): { goType: string; pointer: boolean } {
  const kind = kindOf(m);
  switch (kind) {
    case 'string':
      return { goType: 'string', pointer: false };
    case 'enum':
      return { goType: m.names.go, pointer: false };
    case 'int64':
    case 'uint64':
    case 'bool': {
      const base = kind;
      return m.required ? { goType: base, pointer: false } : { goType: `*${base}`, pointer: true };
    }
    case 'map':
      return { goType: 'map[string]string', pointer: false };
    case 'blob':
      return direction === 'input' ? { goType: 'io.Reader', pointer: false } : { goType: 'io.ReadCloser', pointer: false };
  }
}

export function fieldOf(op: IrOperation, m: IrMember, direction: 'input' | 'output'): GoField {
  const kind = kindOf(m);
  const t = goTypeOf(m, direction);
  const isInput = direction === 'input';
  return {
    id: m.id,
    name: m.names.go,
    goType: t.goType,
    kind,
    pointer: t.pointer,
    required: m.required,
    doc: m.doc.en,
    header: m.header,
    prefix: m.prefix,
    queryName: m.queryName,
    isHost: m.location === 'host',
    isPath: m.location === 'path',
    isQuery: m.location === 'query',
    isHeader: m.location === 'header',
    isHeaderMap: m.location === 'header-map',
    isBody: m.location === 'body',
    isContentLength: m.headerLower === 'content-length',
    checkObjectKey: isInput && m.location === 'path',
    checkMetadata: isInput && m.location === 'header-map',
    checkTagging: isInput && m.format === 'tagging',
    checkEnum: isInput && kind === 'enum',
    // An empty key is the object-key check's to report, with the model's error code.
    checkRequired: isInput && m.required && (kind === 'string' || kind === 'enum') && m.location !== 'path',
    hasMinimum: isInput && m.minimum !== undefined && !t.pointer && kind === 'int64',
    minimum: m.minimum ?? 0,
    rejectAfterFirst: isInput && op.append !== undefined && m.firstAppendOnly === 'reject',
    checkObjectSize: isInput && m.location === 'body' && (op.http.method === 'PUT' || op.http.method === 'POST'),
    setter: setterOf(m, kind, t.pointer),
    getter: getterOf(m, kind, t.pointer),
    isSetExpr: kind === 'map' ? `len(in.${m.names.go}) > 0` : t.pointer ? `in.${m.names.go} != nil` : kind === 'string' || kind === 'enum' ? `in.${m.names.go} != ""` : kind === 'blob' ? `in.${m.names.go} != nil` : 'true',
  };
}

function setterOf(m: IrMember, kind: GoKind, pointer: boolean): string {
  if (m.location === 'query') return kind === 'int64' ? 'queryInt64' : kind === 'bool' ? 'queryBool' : 'queryString';
  switch (kind) {
    case 'string':
    case 'enum':
      return 'setHeader';
    case 'int64':
      return pointer ? 'setHeaderInt64' : 'setHeaderInt64Value';
    case 'uint64':
      return pointer ? 'setHeaderUint64' : 'setHeaderUint64Value';
    case 'bool':
      return pointer ? 'setHeaderBool' : 'setHeaderBoolValue';
    case 'map':
      return 'setHeaderMap';
    case 'blob':
      return '';
  }
}

function getterOf(m: IrMember, kind: GoKind, pointer: boolean): string {
  switch (kind) {
    case 'string':
      return 'headerText[string]';
    case 'enum':
      return `headerText[${m.names.go}]`;
    case 'int64':
      return pointer ? 'headerInt64Ptr' : 'headerInt64';
    case 'uint64':
      return pointer ? 'headerUint64Ptr' : 'headerUint64';
    case 'bool':
      return pointer ? 'headerBoolPtr' : 'headerBool';
    case 'map':
      return 'headerPrefixed';
    case 'blob':
      return '';
  }
}

/** The operations as C prints them: enums, request and result structs, and what each build and parse step does. */
import { toScreamingSnake } from '../../../ir/naming.js';
import type { IrMember, IrModel, IrOperation } from '../../../ir/types.js';
import type { CNames } from './names.js';
import type { CDecl, CEnum, CField, CInput, COperation, COutput } from './types.js';

/** The C enum of a member with enumerated values (one per member, made once), or undefined. */
export type EnumFor = (member: IrMember) => CEnum | undefined;

export function enumRegistry({ p, P }: CNames): EnumFor {
  const enumsByMember = new Map<string, CEnum>();
  return (member: IrMember): CEnum | undefined => {
    if (!member.enum) return undefined;
    const existing = enumsByMember.get(member.id);
    if (existing) return existing;
    const typeBase = `${p}_${member.names.c}`;
    const values = member.enum.map((v) => ({ cName: v.c, value: v.value }));
    const created: CEnum = {
      tag: typeBase,
      typeName: `${typeBase}_t`,
      unsetName: `${P}_${toScreamingSnake(member.names.words)}_UNSET`,
      lastName: values[values.length - 1]!.cName,
      validFn: `${p}__${member.names.c}_valid`,
      stringFn: `${p}__${member.names.c}_string`,
      doc: member.doc.en,
      values,
    };
    enumsByMember.set(member.id, created);
    return created;
  };
}

/** Every enum the operations' inputs use, sorted by type name. */
export function enumsOf(ir: IrModel, enumFor: EnumFor): CEnum[] {
  return [...new Set(ir.operations.flatMap((o) => o.input).map((m) => enumFor(m)))]
    .filter((e): e is CEnum => !!e)
    .sort((a, b) => (a.typeName < b.typeName ? -1 : 1));
}

export function memberOf(op: IrOperation, id: string, side: 'input' | 'output'): IrMember {
  const member = op[side].find((m) => m.id === id);
  if (!member) throw new Error(`C emitter: ${op.name} has no ${side} member ${id}`);
  return member;
}

export function buildOperations(ir: IrModel, names: CNames, enumFor: EnumFor): COperation[] {
  const { p, P } = names;
  const requestDecls = (m: IrMember): CDecl[] => {
    const name = m.names.c;
    const e = enumFor(m);
    if (m.location === 'body') return [{ type: `${p}_body_t `, name }];
    if (m.type === 'map') return [{ type: `const ${p}_pair_t *`, name }, { type: 'size_t ', name: `${name}_count` }];
    if (e) return [{ type: `${e.typeName} `, name }];
    if (m.type === 'int64') return [{ type: 'int64_t ', name }];
    if (m.type === 'uint64') return [{ type: 'uint64_t ', name }];
    if (m.type === 'boolean') return [{ type: `${p}_bool_t `, name }];
    return [{ type: 'const char *', name }];
  };

  const resultDecls = (m: IrMember): CDecl[] => {
    const name = m.names.c;
    if (m.location === 'body') return [{ type: 'unsigned char *', name }, { type: 'size_t ', name: `${name}_size` }];
    if (m.type === 'map') return [{ type: `${p}_metadata_entry_t *`, name }, { type: 'size_t ', name: `${name}_count` }];
    if (m.type === 'int64') return [{ type: 'int ', name: `has_${name}` }, { type: 'int64_t ', name }];
    if (m.type === 'uint64') return [{ type: 'int ', name: `has_${name}` }, { type: 'uint64_t ', name }];
    return [{ type: 'char *', name }];
  };

  return ir.operations.map((op) => {
    const bucket = op.input.find((m) => m.location === 'host');
    const key = op.input.find((m) => m.location === 'path');
    if (!bucket || !key) throw new Error(`C emitter: ${op.name} needs a host (bucket) and a path (key) member`);
    const positionId = op.append?.position;
    const position = positionId ? memberOf(op, positionId, 'input') : undefined;
    const crc = op.append ? memberOf(op, op.append.crc, 'output') : undefined;
    const base = op.names.c;
    const requestFields: CField[] = op.input.map((m) => ({ doc: m.doc.en, required: m.required, decls: requestDecls(m) }));
    if (op.append && crc) {
      requestFields.push({
        doc: `Set has_init_crc to check the returned ${crc.names.c}: init_crc is the object's CRC-64 before this append.`,
        required: false,
        decls: [
          { type: 'int ', name: 'has_init_crc' },
          { type: 'uint64_t ', name: 'init_crc' },
        ],
      });
    }
    const inputs: CInput[] = op.input
      .filter((m) => m !== bucket && m !== key)
      .map((m) => {
        const e = enumFor(m);
        const isMap = m.type === 'map';
        const isBody = m.location === 'body';
        return {
          name: m.names.c,
          header: m.header ?? '',
          queryName: m.queryName ?? '',
          prefix: m.prefix ?? '',
          minimum: m.minimum ?? 0,
          sizeBase: position ? `request->${position.names.c}` : '0',
          unsetName: e?.unsetName ?? '',
          validFn: e?.validFn ?? '',
          stringFn: e?.stringFn ?? '',
          setTest: isMap ? `request->${m.names.c}_count > 0` : e ? `request->${m.names.c} != ${e.unsetName}` : m.type === 'boolean' ? `request->${m.names.c} != ${P}_BOOL_UNSET` : `request->${m.names.c} != NULL`,
          isQueryInt: m.location === 'query' && m.type === 'int64',
          // An optional string parameter (response-content-type, …): sent only when set.
          isQueryString: m.location === 'query' && m.type === 'string',
          isString: m.location === 'header' && !e && m.type === 'string',
          isEnum: m.location === 'header' && !!e,
          isBool: m.location === 'header' && m.type === 'boolean',
          isMap,
          isBody,
          isTagging: m.format === 'tagging',
          rejectLater: !!position && m.firstAppendOnly === 'reject',
        };
      });
    const outputs: COutput[] = op.output.map((m) => ({
      name: m.names.c,
      header: m.headerLower ?? '',
      prefix: m.prefix ?? '',
      required: m.required && (m.type === 'int64' || m.type === 'uint64'),
      isInt: m.location === 'header' && m.type === 'int64',
      isUnsigned: m.location === 'header' && m.type === 'uint64',
      isString: m.location === 'header' && (m.type === 'string' || m.type === 'boolean'),
      isMap: m.type === 'map',
      isBody: m.location === 'body',
    }));
    return {
      name: op.name,
      summary: op.summary.en,
      doc: op.doc.en,
      fn: op.names.c,
      exchangeFn: op.append ? `${p}__${op.names.c.slice(p.length + 1)}_once` : op.names.c,
      freeFn: `${base}_result_free`,
      buildFn: `${p}__build_${op.names.c.slice(p.length + 1)}`,
      presignFn: `${p}_presign_${op.names.c.slice(p.length + 1)}`,
      parseFn: `${p}__parse_${op.names.c.slice(p.length + 1)}`,
      requestType: op.names.input.c,
      requestTag: op.names.input.c.replace(/_t$/, ''),
      resultType: op.names.output.c,
      resultTag: op.names.output.c.replace(/_t$/, ''),
      method: op.http.method,
      isHead: op.http.method === 'HEAD' ? 1 : 0,
      // Appends are never retried blindly: their outcome must be read back (the appender does).
      idempotent: op.append || op.http.method === 'POST' ? 0 : 1,
      isAppend: !!op.append,
      crcField: crc?.names.c ?? '',
      nextPositionField: op.append ? memberOf(op, op.append.nextPosition, 'output').names.c : '',
      bucketField: bucket.names.c,
      keyField: key.names.c,
      positionField: position?.names.c ?? '',
      flags: op.http.flags,
      requestFields,
      resultFields: op.output.map((m) => ({ doc: m.doc.en, required: m.required, decls: resultDecls(m) })),
      inputs,
      outputs,
    };
  });
}

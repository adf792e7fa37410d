/**
 * The C++ view model. The C++ client is a layer over the generated C core (the C emitter's view model names
 * every C symbol it calls), so this view pairs each C++ name with the C one and decides, from the IR alone,
 * every declaration and every line that converts between the two: the templates only print them.
 */
import type { IrError, IrMember, IrModel, IrOperation } from '../../../ir/types.js';
import { cCoreViewModel } from '../../c-core.js';
import { buildCppTests } from './tests.js';
import type { CppEnum, CppErrorField, CppOperation, CppViewModel } from './types.js';

export type * from './types.js';

/** The C++ type of a request member, and the line that sets the C request's field(s) from it. */
function requestMember(m: IrMember, enumOf: (m: IrMember) => CppEnum | undefined, P: string): { decl: string; toC: string[] } {
  const name = m.names.cpp;
  const c = m.names.c;
  const e = enumOf(m);
  if (m.location === 'body')
    return {
      decl: `Body ${name};`,
      toC: [`out.${c} = scratch.body(in.${name}, in.progress);`],
    };
  if (m.type === 'map')
    return {
      decl: `std::map<std::string, std::string> ${name};`,
      toC: [`out.${c} = scratch.pairs(in.${name}, "${name}");`, `out.${c}_count = in.${name}.size();`],
    };
  if (e)
    return {
      decl: `std::optional<${e.typeName}> ${name};`,
      toC: [`out.${c} = in.${name} ? to_c(*in.${name}) : ${e.cUnset};`],
    };
  if (m.type === 'int64')
    return {
      decl: `std::int64_t ${name} = 0;`,
      toC: [`out.${c} = in.${name};`],
    };
  if (m.type === 'uint64')
    return {
      decl: `std::uint64_t ${name} = 0;`,
      toC: [`out.${c} = in.${name};`],
    };
  if (m.type === 'boolean')
    return {
      decl: `std::optional<bool> ${name};`,
      toC: [`out.${c} = !in.${name} ? ${P}_BOOL_UNSET : *in.${name} ? ${P}_BOOL_TRUE : ${P}_BOOL_FALSE;`],
    };
  if (m.required)
    return {
      decl: `std::string ${name};`,
      toC: [`out.${c} = scratch.text(in.${name}, "${name}");`],
    };
  return {
    decl: `std::optional<std::string> ${name};`,
    toC: [`out.${c} = scratch.str(in.${name}, "${name}");`],
  };
}

/** The C++ type of a result member, and the line that reads it from the C result. */
function resultMember(m: IrMember): { decl: string; fromC: string[] } {
  const name = m.names.cpp;
  const c = m.names.c;
  if (m.location === 'body')
    return {
      decl: `std::string ${name};`,
      fromC: [`if (in.${c} != nullptr) out.${name}.assign(reinterpret_cast<const char *>(in.${c}), in.${c}_size);`],
    };
  if (m.type === 'map')
    return {
      decl: `std::map<std::string, std::string> ${name};`,
      fromC: [`for (std::size_t i = 0; i < in.${c}_count; i++) out.${name}[in.${c}[i].name] = in.${c}[i].value;`],
    };
  if (m.type === 'int64')
    return {
      decl: `std::optional<std::int64_t> ${name};`,
      fromC: [`if (in.has_${c}) out.${name} = in.${c};`],
    };
  if (m.type === 'uint64')
    return {
      decl: `std::optional<std::uint64_t> ${name};`,
      fromC: [`if (in.has_${c}) out.${name} = in.${c};`],
    };
  return {
    decl: `std::optional<std::string> ${name};`,
    fromC: [`if (in.${c} != nullptr) out.${name} = in.${c};`],
  };
}

function errorField(f: IrError['fields'][number]): CppErrorField {
  const c = f.names.c;
  const type = f.type === 'uint64' ? 'std::uint64_t' : f.type === 'int64' ? 'std::int64_t' : f.type === 'boolean' ? 'bool' : 'std::string';
  const fromC =
    f.type === 'string'
      ? `if (e.${c} != nullptr) info.${f.names.cpp} = std::string(e.${c});`
      : `if (e.has_${c}) info.${f.names.cpp} = static_cast<${type}>(e.${c});`;
  return { accessor: f.names.cpp, type, fromC, doc: f.doc.en };
}

export function buildCppViewModel(ir: IrModel): CppViewModel {
  const c = cCoreViewModel(ir);
  const ns = ir.service.packages.cpp;
  const { p, P } = c;
  const cEnumByType = new Map(c.enums.map((e) => [e.typeName, e]));
  const enums = new Map<string, CppEnum>();
  const enumOf = (m: IrMember): CppEnum | undefined => {
    if (!m.enum) return undefined;
    const cType = `${p}_${m.names.c}_t`;
    const existing = enums.get(cType);
    if (existing) return existing;
    const ce = cEnumByType.get(cType);
    if (!ce) throw new Error(`C++ emitter: no C enum ${cType} for ${m.id}`);
    const created: CppEnum = {
      typeName: m.names.words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(''),
      cType,
      cUnset: ce.unsetName,
      doc: m.doc.en,
      values: m.enum.map((v) => ({ name: v.cpp, cName: v.c, value: v.value })),
    };
    enums.set(cType, created);
    return created;
  };

  const operations: CppOperation[] = ir.operations.map((op: IrOperation, i) => {
    const cOp = c.operations[i]!;
    const requestFields: CppOperation['requestFields'] = [];
    const toC: string[] = [];
    for (const m of op.input) {
      const r = requestMember(m, enumOf, P);
      requestFields.push({
        decl: r.decl,
        doc: m.doc.en + (m.required ? ' Required.' : ''),
      });
      toC.push(...r.toC);
    }
    const hasBody = op.input.some((m) => m.location === 'body');
    if (op.append) {
      requestFields.push({
        decl: 'std::optional<std::uint64_t> init_crc;',
        doc: "The object's CRC-64 before this append: set it to have the returned CRC-64 checked (at position 0 it is always checked).",
      });
      toC.push('out.has_init_crc = in.init_crc.has_value() ? 1 : 0;', 'out.init_crc = in.init_crc.value_or(0);');
    }
    if (hasBody)
      requestFields.push({
        decl: 'ProgressCallback progress;',
        doc: 'Called as the body is sent (optional).',
      });
    const resultFields: CppOperation['resultFields'] = [];
    const fromC: string[] = [];
    for (const m of op.output) {
      const r = resultMember(m);
      resultFields.push({ decl: r.decl, doc: m.doc.en });
      fromC.push(...r.fromC);
    }
    return {
      name: op.name,
      summary: op.summary.en,
      doc: op.doc.en,
      method: op.names.cpp,
      presignMethod: `presign_${op.names.cpp.replace(/_$/, '')}`,
      requestType: op.names.input.cpp,
      resultType: op.names.output.cpp,
      cFn: cOp.fn,
      cFreeFn: cOp.freeFn,
      cPresignFn: cOp.presignFn,
      cBuildFn: cOp.buildFn,
      cParseFn: cOp.parseFn,
      cRequestType: cOp.requestType,
      cResultType: cOp.resultType,
      requestFields,
      resultFields,
      toC,
      fromC,
      hasBody,
      isAppend: !!op.append,
    };
  });

  const fieldMap = new Map<string, CppErrorField>();
  for (const e of ir.errors) for (const f of e.fields) if (!fieldMap.has(f.names.cpp)) fieldMap.set(f.names.cpp, errorField(f));
  const protocol = ir.protocol.append!;
  const opVm = (op: IrOperation) => operations[ir.operations.indexOf(op)]!;
  const appendVm = opVm(protocol.operation);
  const getVm = opVm(protocol.read!);
  const headVm = opVm(protocol.probe);
  // The other error of the not-found status (the missing bucket), which the samples' failure test expects.
  const noSuchBucket = ir.errors.find((e) => e.status === protocol.notFound!.status && e !== protocol.notFound);
  const contentType = protocol.operation.input.find((m) => m.location === 'header' && m.headerLower === 'content-type');
  const metadata = protocol.operation.input.find((m) => m.type === 'map');
  const region = ir.service.defaults?.region ?? '';
  return {
    ns,
    p,
    P,
    guard: `${ns.toUpperCase()}_HPP`,
    title: ir.service.title.en,
    summary: ir.service.summary.en,
    version: ir.service.version,
    license: ir.service.license,
    clientType: ir.service.clientNames.cpp,
    c,
    enums: [...enums.values()].sort((a, b) => (a.typeName < b.typeName ? -1 : 1)),
    operations,
    errors: ir.errors.map((e) => ({
      className: e.names.cpp,
      enumName: e.names.c,
      code: e.code,
      status: e.status,
      retryable: e.retryable,
      doc: e.doc.en,
      fields: e.fields.map(errorField),
    })),
    errorFields: [...fieldMap.values()],
    clientErrors: c.clientErrors,
    appender: {
      opName: appendVm.name,
      appendMethod: appendVm.method,
      appendRequest: appendVm.requestType,
      getMethod: getVm.method,
      presignGetMethod: getVm.presignMethod,
      getRequest: getVm.requestType,
      headMethod: headVm.method,
      headRequest: headVm.requestType,
      bucket: protocol.bucket.names.cpp,
      key: protocol.key.names.cpp,
      position: protocol.position.names.cpp,
      body: protocol.body.names.cpp,
      getBody: protocol.read!.outputBody!.names.cpp,
      nextPosition: protocol.nextPosition.names.cpp,
      crc: protocol.crc.names.cpp,
      headNextPosition: protocol.probeNextPosition.names.cpp,
      positionError: protocol.positionError.error.names.cpp,
      notAppendable: protocol.notAppendable!.names.cpp,
      noSuchKey: protocol.notFound!.names.cpp,
      noSuchBucket: noSuchBucket?.names.cpp ?? protocol.notFound!.names.cpp,
    },
    defaultRegion: region,
    credentialEnv: {
      id: ir.service.credentials.accessKeyIdEnv,
      secret: ir.service.credentials.accessKeySecretEnv,
      token: ir.service.credentials.securityTokenEnv ?? '',
    },
    samples: {
      ...c.samples,
      contentTypeField: contentType?.names.cpp ?? '',
      metadataField: metadata?.names.cpp ?? '',
    },
    tests: buildCppTests(ir, operations, enumOf),
    files: {
      header: `include/${ns}/${ns}.hpp`,
      internalHeader: `src/${ns}_internal.hpp`,
      source: `src/${ns}.cpp`,
      pc: `${ns}.pc`,
      config: `cmake/${ns}Config.cmake.in`,
      cHeader: `${p}.h`,
      cCore: 'core',
    },
    coreSources: [`core/src/${p}.c`, `core/src/${p}_runtime.c`, ...c.staticRuntime.sources.map((s) => `core/${s}`)],
    sampleBinaries: ['append_from_memory', 'append_from_file', 'resume'],
  };
}

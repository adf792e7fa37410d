/**
 * Service errors as Go types: one type per error code with its doc (code, status, remedy) and
 * the extra fields it carries, each read from a header or an error-document element by the
 * runtime parser its type names.
 */
import type { IrError, IrErrorField } from '../../../ir/types.js';
import { declDoc } from './shared.js';
import type { GoErrorFieldView, GoErrorView } from './types.js';

function errorFieldView(f: IrErrorField): GoErrorFieldView {
  return {
    name: f.names.go,
    goType: f.type === 'boolean' ? 'bool' : f.type,
    kind: f.type === 'boolean' ? 'bool' : f.type,
    doc: f.doc.en,
    fromHeader: f.header !== undefined,
    header: f.header ?? '',
    xml: f.xml ?? '',
    parser: { string: 'parseString', int64: 'parseInt64', uint64: 'parseUint64', boolean: 'parseBool' }[f.type],
  };
}

export function errorView(e: IrError): GoErrorView {
  const fields = e.fields.map(errorFieldView);
  const doc = [declDoc(e.names.go, `is returned for ${e.code} (HTTP ${e.status}): ${e.doc.en}`), '', e.remedy.en].join('\n');
  return { code: e.code, message: e.message, typeName: e.names.go, status: e.status, retryable: e.retryable, doc, fields, hasFields: fields.length > 0 };
}

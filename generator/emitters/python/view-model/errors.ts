/**
 * Service errors as Python exception classes: one class per error code, with its status,
 * message, retryability, doc and remedy, and the extra fields each carries, read from a header
 * or an error-document element.
 */
import type { IrError, IrModel } from '../../../ir/types.js';
import { scalarType } from './members.js';

export function errorsView(ir: IrModel) {
  return ir.errors.map((e: IrError) => ({
    className: e.names.py,
    code: e.code,
    status: e.status,
    message: e.message,
    retryable: e.retryable ? 'True' : 'False',
    doc: e.doc.en,
    remedy: e.remedy.en,
    hasFields: e.fields.length > 0,
    fields: e.fields.map((f) => ({
      attr: f.names.py,
      pyType: scalarType(f.type),
      type: f.type,
      header: f.header ?? '',
      xml: f.xml ?? '',
      doc: f.doc.en,
    })),
  }));
}

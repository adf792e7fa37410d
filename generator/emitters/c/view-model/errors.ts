/**
 * The errors as C prints them: the modeled errors and their fields (one error struct), the client's own
 * kinds, the codes a body-less answer gets from its status, and the error document the runtime reads.
 */
import type { IrAppendProtocol, IrError, IrErrorField, IrModel } from '../../../ir/types.js';
import { CLIENT_ERRORS, type CNames } from './names.js';
import type { CViewModel } from './types.js';

export function errorByCode(ir: IrModel, code: string): IrError {
  const error = ir.errors.find((e) => e.code === code);
  if (!error) throw new Error(`C emitter: unknown error code ${code}`);
  return error;
}

type ErrorsView = Pick<
  CViewModel,
  'errors' | 'clientErrors' | 'clientErrorList' | 'statusErrors' | 'errorBody' | 'errorFields' | 'errorsWithFields'
>;

export function buildErrors(ir: IrModel, protocol: IrAppendProtocol, { clientErrors }: CNames): ErrorsView {
  // The union of every modeled error's fields, once per name, for the one error struct.
  const fieldMap = new Map<string, IrErrorField>();
  for (const e of ir.errors) for (const f of e.fields) if (!fieldMap.has(f.names.c)) fieldMap.set(f.names.c, f);
  const errorFields = [...fieldMap.values()].map((f) => {
    const name = f.names.c;
    const isInt = f.type === 'int64' || f.type === 'uint64' || f.type === 'boolean';
    const ctype = f.type === 'uint64' ? 'uint64_t ' : f.type === 'boolean' ? 'int ' : 'int64_t ';
    return {
      doc: f.doc.en,
      name,
      owned: !isInt,
      decls: isInt ? [{ type: 'int ', name: `has_${name}` }, { type: ctype, name }] : [{ type: 'char *', name }],
    };
  });

  // A body-less error is named by its status only when the protocol says so (the model's choices, and every
  // status exactly one modeled error has). A status shared by several codes (409, 400) is the unmodeled error,
  // code "": never a guessed code such as the already-exists one.
  const statusErrors = ir.protocol.statusCodes.map((s) => ({ status: s.status, enumName: s.error.names.c }));
  const body = ir.protocol.errorBody;
  const { requestId, hostId, ec } = body.elements;
  if (!requestId || !hostId || !ec || !body.bodylessHeaderLower || !ir.protocol.headers.errorCode) {
    throw new Error('C emitter: protocol.errorBody needs requestId, hostId and ec elements, a bodylessHeader and headers.errorCode');
  }
  const withStatus = (status: number) => ir.errors.filter((e) => e.status === status);
  const sharedStatus = protocol.positionError.error.status;
  const appendErrors = [protocol.positionError.error, protocol.notAppendable];
  // The example a client must not guess: the overwrite error (ir.protocol.overwrite) when it shares that status.
  const overwrite = ir.protocol.overwrite?.error;
  const unguessed = overwrite?.status === sharedStatus ? overwrite : withStatus(sharedStatus).find((e) => !appendErrors.includes(e));
  if (ir.protocol.statusCodes.some((s) => s.status === sharedStatus) || !unguessed) {
    throw new Error('C emitter: the position error must share its status with other errors and no code be chosen for it');
  }
  const errorBody: CViewModel['errorBody'] = {
    rootTag: `<${body.root}>`,
    code: body.elements.code,
    message: body.elements.message,
    requestId,
    hostId,
    ec,
    bodylessHeader: body.bodylessHeaderLower,
    requestIdHeader: ir.protocol.headers.requestId,
    errorCodeHeader: ir.protocol.headers.errorCode,
    chosenStatuses: ir.protocol.statusCodes
      .filter((s) => withStatus(s.status).length > 1)
      .map((s) => ({ status: s.status, code: s.error.code }))
      .sort((a, b) => b.status - a.status),
    sharedStatus,
    unguessedCode: unguessed.code,
  };

  return {
    errors: ir.errors.map((e) => ({
      code: e.code,
      enumName: e.names.c,
      status: e.status,
      retryable: e.retryable,
      retryableFlag: e.retryable ? 1 : 0,
      doc: e.doc.en,
    })),
    clientErrors,
    clientErrorList: CLIENT_ERRORS.map((e) => ({ enumName: clientErrors[e.key], text: e.text })),
    statusErrors,
    errorBody,
    errorFields,
    errorsWithFields: ir.errors
      .filter((e) => e.fields.length > 0)
      .map((e) => ({
        enumName: e.names.c,
        fields: e.fields.map((f) => ({
          name: f.names.c,
          header: f.headerLower ?? '',
          xml: f.xml ?? '',
          isHeaderInt: !!f.header && f.type !== 'string',
          isUnsigned: f.type === 'uint64',
          isHeaderString: !!f.header && f.type === 'string',
          isXmlString: !f.header && !!f.xml,
        })),
      })),
  };
}

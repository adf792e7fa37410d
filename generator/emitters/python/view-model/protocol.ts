/**
 * The protocol facts `_protocol.py` prints for the static runtime modules (ir.protocol): CRC-64
 * parameters as Python hex literals, the error document's element names, the request-id and
 * error-code headers, the signed-header sets; the signature schemes' parameters; and the code a
 * body-less error answer gets from its status. Nothing here names a header or an element itself.
 */
import type { IrModel } from '../../../ir/types.js';
import { pyHex64 } from '../helpers.js';

/** Wire contract: the code a body-less error answer gets from its status (resolved in the IR). */
export function codeByStatusView(ir: IrModel): { status: number; code: string }[] {
  return ir.protocol.statusCodes.map((s) => ({ status: s.status, code: s.error.code }));
}

/** What `_protocol.py` prints: the model's protocol facts the static runtime modules import. */
export function protocolView(ir: IrModel) {
  const p = ir.protocol;
  const hex = (decimal: string) => pyHex64(BigInt(decimal));
  return {
    crc64: {
      polynomial: hex(p.crc64.polynomial),
      init: hex(p.crc64.init),
      xorOut: hex(p.crc64.xorOut),
      reflected: p.crc64.reflected ? 'True' : 'False',
      check: hex(p.crc64.check),
    },
    errorBody: {
      root: p.errorBody.root,
      code: p.errorBody.elements.code,
      message: p.errorBody.elements.message,
      requestId: p.errorBody.elements.requestId ?? '',
      hostId: p.errorBody.elements.hostId ?? '',
      ec: p.errorBody.elements.ec ?? '',
      bodylessHeader: p.errorBody.bodylessHeaderLower ?? '',
    },
    requestIdHeader: p.headers.requestId,
    errorCodeHeader: p.headers.errorCode ?? '',
    signedHeaderPrefix: p.signing.signedHeaderPrefix,
    signedHeaders: p.signing.signedHeaders,
  };
}

export function schemeView(ir: IrModel, id: 'v4' | 'v1') {
  const s = ir.auth.schemes.find((x) => x.id === id);
  if (!s) throw new Error(`the Python emitter needs the ${id} auth scheme`);
  return {
    algorithm: s.algorithm,
    product: s.product ?? '',
    secretPrefix: s.secretPrefix ?? '',
    scopeTerminator: s.scopeTerminator ?? '',
    dateHeader: s.dateHeader,
    payloadHashHeader: s.payloadHashHeader ?? '',
    payloadHash: s.payloadHash ?? '',
  };
}

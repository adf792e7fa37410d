/**
 * The protocol facts the Go templates and the static runtime print (ir.protocol): header names,
 * error-document element names, the object-type value, the CRC-64 polynomial in the form Go's
 * hash/crc64 takes, the append protocol's errors, and the signature schemes' parameters. Nothing
 * here names a header, an element or an error code itself.
 */
import type { IrAppendProtocol, IrError, IrModel } from '../../../ir/types.js';
import { requireValue } from './shared.js';
import type { GoViewModel, GoWire } from './types.js';

/** A reflected (bit-reversed) 64-bit polynomial, as Go prints a hex constant (upper case). */
export function reflectedPolynomial(polynomial: string): string {
  let value = BigInt(polynomial);
  let reflected = 0n;
  for (let i = 0; i < 64; i++) {
    reflected = (reflected << 1n) | (value & 1n);
    value >>= 1n;
  }
  return `0x${reflected.toString(16).toUpperCase().padStart(16, '0')}`;
}

export function goWire(ir: IrModel, append: IrAppendProtocol): GoWire {
  const { errorBody, headers, crc64 } = ir.protocol;
  const objectType = requireValue(append.objectType, 'append protocol object type');
  const ones = ((1n << 64n) - 1n).toString();
  // hash/crc64 inverts before and after: it computes exactly the reflected CRCs with all-ones init and xor-out.
  if (!crc64.reflected || crc64.init !== ones || crc64.xorOut !== ones) throw new Error('go emitter: hash/crc64 computes only reflected CRC-64s with all-ones init and xor-out');
  return {
    requestIdHeader: headers.requestId,
    errorCodeHeader: headers.errorCode ?? '',
    bodylessErrorHeader: errorBody.bodylessHeaderLower ?? '',
    nextPositionHeader: requireValue(append.nextPosition.headerLower, 'next position header'),
    crcHeader: requireValue(append.crc.headerLower, 'CRC-64 header'),
    objectTypeHeader: requireValue(objectType.member.headerLower, 'object type header'),
    appendableValue: objectType.appendable,
    errorRoot: errorBody.root,
    codeElement: errorBody.elements.code,
    messageElement: errorBody.elements.message,
    requestIdElement: errorBody.elements.requestId ?? '',
    hostIdElement: errorBody.elements.hostId ?? '',
    ecElement: errorBody.elements.ec ?? '',
    signedHeaderPrefix: ir.protocol.signing.signedHeaderPrefix,
    signedHeaders: [...ir.protocol.signing.signedHeaders].sort().reverse(),
    crcPolynomial: reflectedPolynomial(crc64.polynomial),
  };
}

/** The append protocol's errors for an object of another type and for a missing object. */
export function appendErrors(append: IrAppendProtocol): { wrongType: IrError; notFound: IrError } {
  return {
    wrongType: requireValue(append.notAppendable, 'append protocol error for an object of another type'),
    notFound: requireValue(append.notFound, 'append protocol not-found error'),
  };
}

/**
 * The signature schemes' parameters: V4's algorithm, product, secret prefix and scope terminator
 * (the signing-key chain and the credential scope), headers and payload hash; V1's algorithm and
 * date header.
 */
export function schemeViews(ir: IrModel): Pick<GoViewModel, 'v4' | 'v1'> {
  const v4 = requireValue(ir.auth.schemes.find((s) => s.id === 'v4'), 'v4 auth scheme');
  const v1 = requireValue(ir.auth.schemes.find((s) => s.id === 'v1'), 'v1 auth scheme');
  return {
    v4: {
      algorithm: v4.algorithm,
      product: requireValue(v4.product, 'v4 product'),
      secretPrefix: requireValue(v4.secretPrefix, 'v4 secret prefix'),
      scopeTerminator: requireValue(v4.scopeTerminator, 'v4 scope terminator'),
      dateHeader: v4.dateHeader,
      payloadHashHeader: requireValue(v4.payloadHashHeader, 'v4 payload hash header'),
      payloadHash: requireValue(v4.payloadHash, 'v4 payload hash'),
    },
    v1: { algorithm: v1.algorithm, dateHeader: v1.dateHeader },
  };
}

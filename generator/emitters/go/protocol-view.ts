/**
 * The protocol part of the Go view model: every OSS fact the Go templates and the static runtime
 * need (header names, error-body element names, the object-type value, the CRC-64 polynomial)
 * read from `ir.protocol`, and the canned wire texts the generated tests send, built from them.
 * Nothing here names a header or an error code itself.
 */
import type { IrAppendProtocol, IrError, IrModel } from '../../ir/types.js';

export interface GoWire {
  /** Lower-case header names. */
  requestIdHeader: string;
  errorCodeHeader: string;
  bodylessErrorHeader: string;
  nextPositionHeader: string;
  crcHeader: string;
  objectTypeHeader: string;
  /** The object-type value of an object that can be appended to. */
  appendableValue: string;
  /** Error document: the root element and the child elements the client reads. */
  errorRoot: string;
  codeElement: string;
  messageElement: string;
  requestIdElement: string;
  hostIdElement: string;
  ecElement: string;
  /** Prefix of the headers V4 signs (and the request vectors compare). */
  signedHeaderPrefix: string;
  /** The other headers V4 signs when present (lower case, in reverse order: as the client has always listed them). */
  signedHeaders: string[];
  /** The reflected CRC-64 polynomial as a Go hex literal (what hash/crc64.MakeTable takes). */
  crcPolynomial: string;
}

/** Wire texts of the generated tests: error documents and raw HTTP answers. */
export interface GoTestWire {
  /** `<Error><Code>…</Code></Error>` for the fake service's answers. */
  rangeErrorDoc: string;
  serverErrorDoc: string;
  wrongTypeErrorDoc: string;
  positionErrorDoc: string;
  /** `<Error>` and `<Error><Code>`: the start of an error document. */
  errorOpen: string;
  errorCodeOpen: string;
  /** `<Message><a`: an unclosed message element. */
  messageOpen: string;
  drippedHeaders: string;
  drippedErrorBody: string;
  typeHeaders: string;
  endlessErrorHead: string;
  /** A tolerant-parsing document and the code, message and request id it must give. */
  tolerantDoc: string;
  tolerantCode: string;
  notAnErrorDocument: string;
  truncatedError: string;
  truncatedSuccess: string;
  truncatedHeaders: string;
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`go emitter: the IR has no ${what}`);
  return value;
}

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
  const objectType = must(append.objectType, 'append protocol object type');
  const ones = ((1n << 64n) - 1n).toString();
  // hash/crc64 inverts before and after: it computes exactly the reflected CRCs with all-ones init and xor-out.
  if (!crc64.reflected || crc64.init !== ones || crc64.xorOut !== ones) throw new Error('go emitter: hash/crc64 computes only reflected CRC-64s with all-ones init and xor-out');
  return {
    requestIdHeader: headers.requestId,
    errorCodeHeader: headers.errorCode ?? '',
    bodylessErrorHeader: errorBody.bodylessHeaderLower ?? '',
    nextPositionHeader: must(append.nextPosition.headerLower, 'next position header'),
    crcHeader: must(append.crc.headerLower, 'CRC-64 header'),
    objectTypeHeader: must(objectType.member.headerLower, 'object type header'),
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
    wrongType: must(append.notAppendable, 'append protocol error for an object of another type'),
    notFound: must(append.notFound, 'append protocol not-found error'),
  };
}

/** The texts of the generated tests, from the wire facts and the model's errors. */
export function goTestWire(ir: IrModel, append: IrAppendProtocol, wire: GoWire, serverError: IrError): GoTestWire {
  const byStatus = (status: number) => must(ir.errors.find((e) => e.status === status), `error with status ${status}`);
  const { wrongType } = appendErrors(append);
  const open = `<${wire.errorRoot}>`;
  const codeOpen = `${open}<${wire.codeElement}>`;
  const doc = (code: string) => `${codeOpen}${code}</${wire.codeElement}></${wire.errorRoot}>`;
  const next = `${wire.nextPositionHeader}: 4\r\n`;
  // Any modeled code does for the tolerant document: the one the object-size limit answers with.
  const tolerantCode = ir.limits.objectSize.error;
  const el = (name: string, text: string) => `<${name}>${text}</${name}>`;
  return {
    rangeErrorDoc: doc(byStatus(416).code),
    serverErrorDoc: doc(serverError.code),
    wrongTypeErrorDoc: doc(wrongType.code),
    positionErrorDoc: doc(append.positionError.error.code),
    errorOpen: open,
    errorCodeOpen: codeOpen,
    messageOpen: `<${wire.messageElement}><a`,
    drippedHeaders: `HTTP/1.1 200 OK\r\n${next}`,
    drippedErrorBody: `${codeOpen}${append.positionError.error.code}</${wire.codeElement}>`,
    typeHeaders: `HTTP/1.1 200 OK\r\nContent-Length: 10\r\n${wire.objectTypeHeader}: ${wire.appendableValue}\r\n\r\n`,
    endlessErrorHead: `HTTP/1.1 409 Conflict\r\nContent-Type: application/xml\r\nContent-Length: 107374182400\r\n\r\n${codeOpen}`,
    tolerantDoc:
      `<?xml version="1.0"?>${open}${el(wire.codeElement, tolerantCode)}` +
      `${el(wire.messageElement, 'bad &#x110000; &#0; &#xD800; &#99999999999; &bogus; &amp')}${el(wire.requestIdElement, 'r&#x1F600;&lt;')}</${wire.errorRoot}>`,
    tolerantCode,
    notAnErrorDocument: `an HTML page is not an ${open} document: %v`,
    // A body cut off inside the code of the 503 error.
    truncatedError: `HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/xml\r\nContent-Length: 1000\r\n\r\n${codeOpen}${byStatus(503).code.slice(0, 11)}`,
    truncatedSuccess: `HTTP/1.1 200 OK\r\n${next}${wire.crcHeader}: 1\r\nContent-Length: 50\r\n\r\nshort`,
    truncatedHeaders: `HTTP/1.1 200 OK\r\n${next}`,
  };
}

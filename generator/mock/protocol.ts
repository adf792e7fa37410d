/**
 * The protocol facts the mock needs, read once from the IR (`ir.protocol`, `ir.errors`,
 * `ir.limits`, the operations' members), so no service literal lives in the mock's code: error
 * codes, header names, the appendable object type, the error body's element names and the headers
 * replay compares. A model with other codes and header names gives a mock that speaks them
 * (test/mock/sim.test.ts builds one).
 *
 * The class errors (`invalidArgument`, `accessDenied`) and the overwrite check (`overwrite`: the
 * member that forbids it and its error) are `ir.protocol` slots too; a model without `overwrite`
 * has no overwrite check in the simulator. `notImplemented` (a request no operation answers) and
 * `incompleteBody` (a body shorter than its Content-Length) are optional in the model; without them
 * the mock answers those requests with the invalidArgument error, still a modeled, OSS-shaped one.
 */
import type { IrAppendProtocol, IrModel, IrOperation, IrProtocol } from '../ir/types.js';
import { signingStrings, type SigningStrings } from './signing.js';

export interface MockProtocol {
  protocol: IrProtocol;
  append: IrAppendProtocol;
  /** Error codes. */
  codes: {
    positionError: string;
    notAppendable: string;
    notFound: string;
    invalidBucket: string;
    invalidArgument: string;
    accessDenied: string;
    notImplemented: string;
    incompleteBody: string;
    methodNotAllowed: string;
    unknownAccessKey: string;
    invalidSecurityToken: string;
    invalidDigest: string;
  };
  /** The input member (by id) that forbids overwriting an existing object, and the error's code then. */
  overwrite?: { member: string; code: string };
  /** The position error's field id (`nextAppendPosition`), whose value is the object's length. */
  positionField: string;
  /** The object-type header's value for an appendable object. */
  appendable: string;
  /** Lower-cased header names. */
  headers: { crc: string; objectType?: string; requestId: string; errorCode?: string; bodyless?: string };
  /** The whole-object write (PUT with a body), when the model has one. */
  put?: IrOperation;
  /** The strings both signatures are computed with (algorithms, V4's secret prefix and scope terminator, headers). */
  signing: SigningStrings;
  /** True for a request header replay compares (it changes what the service does). */
  significant: (name: string) => boolean;
}

const cache = new WeakMap<IrModel, MockProtocol>();

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the mock needs ${what} in the model`);
  return value;
}

/** The mock's view of `ir.protocol` (built once per IR). */
export function mockProtocol(ir: IrModel): MockProtocol {
  const cached = cache.get(ir);
  if (cached) return cached;
  const protocol = ir.protocol;
  const append = need(protocol.append, 'protocol.append');
  const put = ir.operations.find((o) => o.name !== append.operation.name && o.http.method === 'PUT' && o.inputBody);
  // Replay compares every header an operation takes (other than user metadata, compared through
  // the signed prefix), the signed headers, and the signed prefix's headers except the volatile ones.
  const inputHeaders = new Set(ir.operations.flatMap((o) => o.input).flatMap((m) => (m.location === 'header' && m.headerLower ? [m.headerLower] : [])));
  const signing = protocol.signing;
  const volatile = new Set(signing.volatileHeaders);
  const signed = new Set(signing.signedHeaders);
  const prefix = signing.signedHeaderPrefix.toLowerCase();
  const significant = (name: string) => !volatile.has(name) && (inputHeaders.has(name) || signed.has(name) || name.startsWith(prefix));
  const built: MockProtocol = {
    protocol,
    append,
    codes: {
      positionError: append.positionError.error.code,
      notAppendable: need(append.notAppendable, 'protocol.append.notAppendable').code,
      notFound: need(append.notFound, 'protocol.append.notFound').code,
      invalidBucket: need(protocol.invalidBucket, 'protocol.invalidBucket').code,
      invalidArgument: protocol.errors.invalidArgument.code,
      accessDenied: protocol.errors.accessDenied.code,
      notImplemented: (protocol.errors.notImplemented ?? protocol.errors.invalidArgument).code,
      incompleteBody: (protocol.errors.incompleteBody ?? protocol.errors.invalidArgument).code,
      methodNotAllowed: (protocol.errors.methodNotAllowed ?? protocol.errors.notImplemented ?? protocol.errors.invalidArgument).code,
      unknownAccessKey: (protocol.errors.unknownAccessKey ?? protocol.errors.accessDenied).code,
      invalidSecurityToken: (protocol.errors.invalidSecurityToken ?? protocol.errors.accessDenied).code,
      invalidDigest: (protocol.errors.invalidDigest ?? protocol.errors.invalidArgument).code,
    },
    ...(protocol.overwrite ? { overwrite: { member: protocol.overwrite.member, code: protocol.overwrite.error.code } } : {}),
    positionField: append.positionError.field.id,
    appendable: need(append.objectType, 'protocol.append.objectType').appendable,
    headers: {
      crc: need(append.crc.headerLower, 'a header for the append CRC'),
      ...(append.objectType?.member.headerLower ? { objectType: append.objectType.member.headerLower } : {}),
      requestId: protocol.headers.requestId,
      ...(protocol.headers.errorCode ? { errorCode: protocol.headers.errorCode } : {}),
      ...(protocol.errorBody.bodylessHeaderLower ? { bodyless: protocol.errorBody.bodylessHeaderLower } : {}),
    },
    ...(put ? { put } : {}),
    signing: signingStrings(ir),
    significant,
  };
  cache.set(ir, built);
  return built;
}

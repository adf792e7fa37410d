/**
 * The protocol facts the mock needs, read once from the IR (`ir.protocol`, `ir.errors`,
 * `ir.limits`, the operations' members), so no service literal lives in the mock's code: error
 * codes, header names, the appendable object type, the error body's element names and the headers
 * replay compares. A model with other codes and header names gives a mock that speaks them
 * (test/mock/sim.test.ts builds one).
 *
 * Three codes have no slot of their own in `ir.protocol` yet and are derived here, each from the
 * one place of the model that names it:
 * - `invalidArgument` (a header or parameter value the service refuses): `limits.objectSize.error`,
 *   the model's generic "bad request value" code;
 * - `accessDenied` (unsigned or malformed authorization): the code a body-less 403 gets
 *   (`protocol.statusCodes`);
 * - `alreadyExists` (a write that would overwrite while overwriting is forbidden): the one 409
 *   error of the whole-object write (a PUT with a body that is not the append operation); a model
 *   without one has no overwrite check in the simulator.
 */
import type { IrAppendProtocol, IrError, IrModel, IrOperation, IrProtocol } from '../ir/types.js';

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
    alreadyExists?: string;
  };
  /** The position error's field id (`nextAppendPosition`), whose value is the object's length. */
  positionField: string;
  /** The object-type header's value for an appendable object. */
  appendable: string;
  /** Lower-cased header names. */
  headers: { crc: string; objectType?: string; requestId: string; errorCode?: string; bodyless?: string };
  /** The whole-object write (PUT with a body), when the model has one. */
  put?: IrOperation;
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
  const byCode = new Map(ir.errors.map((e) => [e.code, e]));
  const conflicts = put ? put.errors.map((c) => byCode.get(c)).filter((e): e is IrError => e?.status === 409) : [];
  const statusError = (status: number) => protocol.statusCodes.find((s) => s.status === status)?.error;
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
      invalidArgument: ir.limits.objectSize.error,
      accessDenied: need(statusError(403), 'a protocol.statusCodes entry for 403').code,
      ...(conflicts.length === 1 ? { alreadyExists: conflicts[0]!.code } : {}),
    },
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
    significant,
  };
  cache.set(ir, built);
  return built;
}

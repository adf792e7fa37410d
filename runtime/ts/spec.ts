/**
 * The shape of the operation table (operations.ts, generated): how each operation and each of its
 * members travels on the wire, as data the client's request and answer code reads.
 */
/** How one input or output member travels on the wire. */
export interface MemberSpec {
  /** Property name in the Input/Output interface. */
  name: string;
  location: 'host' | 'path' | 'query' | 'header' | 'header-map' | 'body';
  /** Lower-case header name, header prefix, or query name. */
  wire?: string;
  type: 'string' | 'int64' | 'uint64' | 'boolean' | 'map' | 'blob';
  required: boolean;
  enum?: readonly string[];
  minimum?: number;
  format?: string;
  firstAppendOnly?: 'ignore' | 'reject';
}

/** The HTTP binding of one operation. */
export interface OperationSpec {
  name: string;
  method: string;
  /** Valueless query flags. */
  flags: readonly string[];
  /** Safe to resend blindly after an unknown outcome. */
  idempotent: boolean;
  input: readonly MemberSpec[];
  output: readonly MemberSpec[];
  /** Present on the append operation. */
  append?: { position: string; nextPosition: string; crc: string };
  /** Check the streamed body against the output member `crc` (whole-object CRC-64), unless the input member `unlessInput` (a range) is set. */
  verifyBody?: { crc: string; unlessInput?: string };
}

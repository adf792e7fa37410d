/**
 * The client-side failures (validation, network, timeout, abort, integrity, protocol) and the base
 * ServiceError that every modeled error code extends (errors.ts, generated, adds one class per code).
 */
/** Base of every error this package throws. */
export class SdkError extends Error {
  override name: string = 'SdkError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** An input broke one of the model’s constraints. Thrown before anything is sent. */
export class ValidationError extends SdkError {
  override name: string = 'ValidationError';
  /** The input member at fault. */
  readonly field: string;
  /** The constraint, e.g. `objectKey.maxBytes`. */
  readonly rule: string;

  constructor(message: string, field: string, rule: string, options?: { cause?: unknown }) {
    super(message, options);
    this.field = field;
    this.rule = rule;
  }
}

/** The connection failed or was reset, or the answer was cut short. The request may or may not have reached the service. */
export class NetworkError extends SdkError {
  override name: string = 'NetworkError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** No answer within the configured time: the idle `timeoutMs`, the answer deadline (headers and an error body in full within `timeoutMs` of sending), or the call’s `operationTimeout`. The request may or may not have reached the service. */
export class TimeoutError extends SdkError {
  override name: string = 'TimeoutError';
  readonly timeoutMs: number;

  constructor(message: string, timeoutMs: number, options?: { cause?: unknown }) {
    super(message, options);
    this.timeoutMs = timeoutMs;
  }
}

/** The call was cancelled through its `signal`. Like a timeout, the request may or may not have reached the service: for an append the outcome is unknown (an `Appender` checks for that chunk before its next append). */
export class AbortError extends SdkError {
  override name: string = 'AbortError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The CRC-64 the service reported differs from the one computed over the bytes sent. */
export class IntegrityError extends SdkError {
  override name: string = 'IntegrityError';
  /** CRC-64 computed by the client. */
  readonly expected: bigint;
  /** CRC-64 reported by the service. */
  readonly actual: bigint;

  constructor(message: string, expected: bigint, actual: bigint, options?: { cause?: unknown }) {
    super(message, options);
    this.expected = expected;
    this.actual = actual;
  }
}

/** The service answered with something this client cannot believe: a missing or malformed header, or an append answer whose next position is not the position plus the bytes sent. The request may have been applied. */
export class ProtocolError extends SdkError {
  override name: string = 'ProtocolError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** At most this much of an error body is read; the connection is then closed, not reused. */
export const MAX_ERROR_BODY_BYTES = 65536;

/** What an error answer carried. */
export interface ServiceErrorDetails {
  code: string;
  status: number;
  message: string;
  requestId?: string;
  hostId?: string;
  ec?: string;
  /** Response headers, lower-case names. */
  headers: Record<string, string>;
  /** Every element of the XML error body, by element name. */
  fields: Record<string, string>;
}

/** The service answered with an error. Subclasses exist for every modeled code; others arrive as this class. */
export class ServiceError extends SdkError {
  override name: string = 'ServiceError';
  /** The service error code, as the error document or its header carried it. */
  readonly code: string;
  /** HTTP status. */
  readonly status: number;
  readonly requestId?: string;
  readonly hostId?: string;
  /** Detailed error code (the error document's or the response header's). Do not build logic on it. */
  readonly ec?: string;
  /** The raw response headers. */
  readonly headers: Readonly<Record<string, string>>;
  /** Whether the model marks this error as worth retrying. */
  readonly retryable: boolean;

  constructor(details: ServiceErrorDetails, retryable: boolean = false) {
    super(details.message || details.code);
    this.code = details.code;
    this.status = details.status;
    if (details.requestId !== undefined) this.requestId = details.requestId;
    if (details.hostId !== undefined) this.hostId = details.hostId;
    if (details.ec !== undefined) this.ec = details.ec;
    this.headers = details.headers;
    this.retryable = retryable;
  }
}

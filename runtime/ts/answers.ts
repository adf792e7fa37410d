/**
 * How the client reads an answer, whatever the model: which failures leave an outcome unknown, the
 * credential check, the append answer's consistency check, the output parser driven by an
 * operation's spec. client.ts and fetch-client.ts use these; nothing here needs Node, so the
 * fetch (browser) entry shares them.
 */
import { Crc64 } from './crc64.js';
import {
  AbortError,
  IntegrityError,
  NetworkError,
  ProtocolError,
  ServiceError,
  TimeoutError,
  ValidationError,
} from './sdk-errors.js';
import type { OperationSpec } from './spec.js';

/** Whether a failed attempt may still have changed the object: no answer (network error, timeout, cancellation, a response cut short), or a 5xx answer. */
export function isUnknownOutcome(err: unknown): boolean {
  return (
    err instanceof NetworkError ||
    err instanceof TimeoutError ||
    err instanceof AbortError ||
    (err instanceof ServiceError && err.status >= 500)
  );
}

/** Credentials are header material: non-empty printable ASCII without spaces. The message names the setting, never any part of its value. */
export function checkCredential(setting: string, value: unknown): void {
  if (typeof value !== 'string' || !/^[\x21-\x7e]+$/.test(value)) {
    throw new ValidationError(
      `${setting}: must be non-empty printable ASCII without spaces, tabs, line breaks or NUL (the value is not shown)`,
      setting,
      'credentials.printable',
    );
  }
}

/** The header an output member travels in (for messages; looked up only when one is written). */
function wireName(spec: OperationSpec, member: string): string {
  return spec.output.find((m) => m.name === member)?.wire ?? member;
}

/** Believes an append’s 2xx only as far as it is consistent: the next position must be `position + sent` and the CRC-64 header present (ProtocolError: the append may have been applied), and equal to the CRC of the bytes sent when that is known (IntegrityError). */
export function checkAppendAnswer(
  spec: OperationSpec,
  output: Record<string, unknown>,
  position: number,
  sent: number,
  crc: Crc64 | undefined,
): Record<string, unknown> {
  const append = spec.append!;
  const next = output[append.nextPosition];
  if (next !== position + sent) {
    throw new ProtocolError(
      `the append answer’s ${wireName(spec, append.nextPosition)} is ${next === undefined ? 'missing' : String(next)}, not ${position + sent} (position ${position} + ${sent} bytes sent); the append may have been applied`,
    );
  }

  const reported = output[append.crc];
  if (typeof reported !== 'bigint')
    throw new ProtocolError(
      `the append answer lacks ${wireName(spec, append.crc)}; the append may have been applied`,
    );
  if (crc && reported !== crc.digest()) {
    throw new IntegrityError(
      `CRC-64 mismatch after appending at ${position}: computed ${crc.digest()}, service reported ${reported}`,
      crc.digest(),
      reported,
    );
  }

  return output;
}

export function memberAt(spec: OperationSpec, location: string): string {
  const member = spec.input.find((m) => m.location === location);
  if (!member) throw new Error(`${spec.name} has no ${location} member`);
  return member.name;
}

export function bucketMember(spec: OperationSpec): string {
  return memberAt(spec, 'host');
}

export function keyMember(spec: OperationSpec): string {
  return memberAt(spec, 'path');
}

export function bodyMember(spec: OperationSpec): string {
  return spec.input.find((m) => m.location === 'body')?.name ?? 'body';
}

export function headerValue(value: unknown): string {
  return typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value);
}

/** Reads an operation’s output from a success answer’s headers (ProtocolError for a missing required or malformed one; integers are non-negative decimals); the body stays a stream when the output has one. */
export function parseOutput(
  spec: OperationSpec,
  headers: Record<string, string>,
  body: unknown,
): Record<string, unknown> {
  const output: Record<string, unknown> = {};
  for (const m of spec.output) {
    if (m.location === 'body') {
      output[m.name] = body;
      continue;
    }

    if (m.location === 'header-map') {
      const prefix = m.wire ?? '';
      const map: Record<string, string> = {};
      for (const [name, value] of Object.entries(headers))
        if (name.startsWith(prefix)) map[name.slice(prefix.length)] = value;
      if (Object.keys(map).length > 0) output[m.name] = map;
      continue;
    }

    const raw = headers[m.wire ?? ''];
    if (raw === undefined) {
      if (m.required) throw new ProtocolError(`the answer lacks the ${m.wire} header`);
      continue;
    }

    const text = raw.trim();
    if (m.type === 'int64') {
      if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)))
        throw new ProtocolError(
          `${m.wire}: ${JSON.stringify(raw)} is not a non-negative decimal integer`,
        );
      output[m.name] = Number(text);
    } else if (m.type === 'uint64') {
      // Parsed once (a CRC-64 per append answer): -1 stands for "not decimal digits".
      const value = /^\d+$/.test(text) ? BigInt(text) : -1n;
      if (value < 0n || value > 0xffffffffffffffffn)
        throw new ProtocolError(
          `${m.wire}: ${JSON.stringify(raw)} is not an unsigned 64-bit integer`,
        );
      output[m.name] = value;
    } else if (m.type === 'boolean') output[m.name] = text.toLowerCase() === 'true';
    else output[m.name] = raw;
  }

  return output;
}

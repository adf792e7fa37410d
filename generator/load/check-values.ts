/**
 * Checks that a value written in the model (an example, a test input, an expected output)
 * fits the member it is for. Returns a reason, or undefined when it conforms.
 */
import type { MemberType } from '../model/types.js';

const UINT64_MAX = (1n << 64n) - 1n;
const INT64_MAX = (1n << 63n) - 1n;

export interface ValueShape {
  type: MemberType | 'string' | 'int64' | 'uint64' | 'boolean';
  enum?: string[];
  minimum?: number;
}

export function checkValue(shape: ValueShape, value: unknown): string | undefined {
  switch (shape.type) {
    case 'string':
      if (typeof value !== 'string') return `must be a string, got ${kind(value)}`;
      if (shape.enum && !shape.enum.includes(value)) return `${JSON.stringify(value)} is not one of ${shape.enum.join(', ')}`;
      return undefined;
    case 'blob':
      return typeof value === 'string' ? undefined : `must be a string (the body as UTF-8 text), got ${kind(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `must be true or false, got ${kind(value)}`;
    case 'int64': {
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) return `must be an integer, got ${kind(value)}`;
      if (BigInt(value) > INT64_MAX) return 'is larger than a signed 64-bit integer';
      if (shape.minimum !== undefined && value < shape.minimum) return `must be at least ${shape.minimum}`;
      return undefined;
    }
    case 'uint64': {
      const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
      if (typeof text !== 'string' || !/^(0|[1-9][0-9]*)$/.test(text)) return `must be an unsigned 64-bit integer written as a decimal string, got ${kind(value)}`;
      if (BigInt(text) > UINT64_MAX) return 'is larger than an unsigned 64-bit integer';
      return undefined;
    }
    case 'map': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return `must be a map of strings, got ${kind(value)}`;
      for (const [k, v] of Object.entries(value)) {
        if (typeof v !== 'string') return `entry ${JSON.stringify(k)} must be a string, got ${kind(v)}`;
      }
      return undefined;
    }
  }
}

export function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 30 ? `${value.slice(0, 30)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

/** Normalizes a conforming value to its IR form (uint64 as a decimal string, maps sorted). */
export function normalizeValue(type: ValueShape['type'], value: unknown): unknown {
  if (type === 'uint64') return String(value);
  if (type === 'map') {
    const entries = Object.entries(value as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries);
  }
  return value;
}

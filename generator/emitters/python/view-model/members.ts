/**
 * Members as Python dataclass fields and operation specs: a member's Python type (enums become
 * Literal types, request bodies accept BodyLike, optional fields are `| None`), the order
 * dataclass fields need (required first), the spec arguments the runtime reads a member's wire
 * location from, and a member's bound values by id.
 */
import type { IrMember, IrValue } from '../../../ir/types.js';
import { pyString } from '../helpers.js';
import { pyTuple } from './literals.js';

export function scalarType(type: IrMember['type']): string {
  switch (type) {
    case 'int64':
    case 'uint64':
      return 'int';
    case 'boolean':
      return 'bool';
    case 'map':
      return 'dict[str, str]';
    default:
      return 'str';
  }
}

/** The annotation of a request field (enums become Literal types; bodies accept BodyLike). */
export function inputAnnotation(m: IrMember): string {
  const base = m.type === 'blob' ? 'BodyLike' : m.enum ? `Literal[${m.enum.map((e) => pyString(e.value)).join(', ')}]` : scalarType(m.type);
  return m.required ? base : `${base} | None`;
}

export function outputAnnotation(m: IrMember): string {
  if (m.type === 'blob') return 'bytes';
  if (m.type === 'map') return 'dict[str, str]';
  return m.required ? scalarType(m.type) : `${scalarType(m.type)} | None`;
}

/** Required members first (dataclass fields without defaults must come first), else authored order. */
export function requiredFirst<T extends { required: boolean }>(members: T[]): T[] {
  return [...members.filter((m) => m.required), ...members.filter((m) => !m.required)];
}

export function specArgs(m: IrMember): string {
  const wire = m.header ?? m.prefix ?? m.queryName;
  const args = [
    `attr=${pyString(m.names.py)}`,
    `model=${pyString(m.id)}`,
    `location=${pyString(m.location)}`,
    `wire=${wire !== undefined ? pyString(wire) : 'None'}`,
    `type=${pyString(m.type)}`,
  ];
  if (m.format) args.push(`format=${pyString(m.format)}`);
  if (m.enum) args.push(`enum=${pyTuple(m.enum.map((e) => e.value))}`);
  if (m.required) args.push('required=True');
  if (m.minimum !== undefined) args.push(`minimum=${m.minimum}`);
  if (m.firstAppendOnly) args.push(`first_append_only=${pyString(m.firstAppendOnly)}`);
  return args.join(', ');
}

/** Bound values by member id. */
export function valuesById(values: IrValue[]): Map<string, unknown> {
  return new Map(values.map((v) => [v.member.id, v.value]));
}

/**
 * What every part of the Go view model shares: the IR's operations and errors indexed once per
 * IR, the one way to insist on a value the IR may lack (an emitter error naming what is missing),
 * and Go's doc-comment convention (a declaration's doc starts with its name).
 */
import type { IrError, IrModel, IrOperation } from '../../../ir/types.js';

/** The IR's operations by name and errors by code, built once per IR. */
const INDEXES = new WeakMap<IrModel, { operations: Map<string, IrOperation>; errors: Map<string, IrError> }>();

export function indexOf(ir: IrModel): { operations: Map<string, IrOperation>; errors: Map<string, IrError> } {
  let index = INDEXES.get(ir);
  if (!index) {
    index = { operations: new Map(ir.operations.map((o) => [o.name, o])), errors: new Map(ir.errors.map((e) => [e.code, e])) };
    INDEXES.set(ir, index);
  }
  return index;
}

export function operationNamed(ir: IrModel, name: string): IrOperation {
  return requireValue(indexOf(ir).operations.get(name), `operation ${name}`);
}

/** Go doc text for a declaration: Go convention starts it with the declared name. */
export function declDoc(name: string, text: string): string {
  const trimmed = text.trim();
  const first = trimmed.charAt(0);
  const second = trimmed.charAt(1);
  const lowered = first && second && second === second.toLowerCase() ? first.toLowerCase() + trimmed.slice(1) : trimmed;
  return `${name} ${lowered}`;
}

export function requireValue<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`go emitter: the IR has no ${what}`);
  return value;
}

/**
 * The public surface of the generated packages, derived from the IR: what a user's code can
 * depend on. Publishing keeps one snapshot per released version, diffs the new model against the
 * last one to write the changelog, and refuses a version bump too small for the change.
 */
import type { IrModel } from '../ir/types.js';

export interface SurfaceMember {
  type: string;
  required: boolean;
  enum?: string[];
}

export interface Surface {
  version: string;
  operations: Record<string, { input: Record<string, SurfaceMember>; output: Record<string, SurfaceMember>; errors: string[] }>;
  errors: Record<string, { status: number; fields: Record<string, string> }>;
}

const sortedRecord = <T>(entries: [string, T][]): Record<string, T> =>
  Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

export function surfaceOf(ir: IrModel): Surface {
  const member = (m: IrModel['operations'][number]['input'][number]): SurfaceMember => ({
    type: m.type,
    required: m.required,
    ...(m.enum ? { enum: m.enum.map((e) => e.value).sort() } : {}),
  });
  return {
    version: ir.service.version,
    operations: sortedRecord(
      ir.operations.map((op) => [
        op.name,
        {
          input: sortedRecord(op.input.map((m) => [m.id, member(m)])),
          output: sortedRecord(op.output.map((m) => [m.id, member(m)])),
          errors: [...op.errors].sort(),
        },
      ]),
    ),
    errors: sortedRecord(ir.errors.map((e) => [e.code, { status: e.status, fields: sortedRecord(e.fields.map((f) => [f.id, f.type])) }])),
  };
}

export interface SurfaceChange {
  kind: 'added' | 'removed' | 'changed';
  /** What changed, e.g. `operation AppendObject`, `AppendObject input member position`. */
  subject: string;
  detail?: string;
  breaking: boolean;
}

/** Lists what changed from `old` to `next`, each change flagged breaking or not for existing callers. */
export function diffSurface(old: Surface, next: Surface): SurfaceChange[] {
  const changes: SurfaceChange[] = [];
  const keys = (a: object, b: object) => [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();

  for (const name of keys(old.operations, next.operations)) {
    const before = old.operations[name];
    const after = next.operations[name];
    if (!before) {
      changes.push({ kind: 'added', subject: `operation ${name}`, breaking: false });
      continue;
    }
    if (!after) {
      changes.push({ kind: 'removed', subject: `operation ${name}`, breaking: true });
      continue;
    }
    for (const list of ['input', 'output'] as const) {
      for (const id of keys(before[list], after[list])) {
        const b = before[list][id];
        const a = after[list][id];
        const subject = `${name} ${list} member ${id}`;
        if (!b) {
          // A new required input breaks callers; a new optional input or any new output does not.
          changes.push({ kind: 'added', subject, breaking: list === 'input' && a!.required });
        } else if (!a) {
          changes.push({ kind: 'removed', subject, breaking: true });
        } else {
          if (a.type !== b.type) changes.push({ kind: 'changed', subject, detail: `type ${b.type} → ${a.type}`, breaking: true });
          if (a.required !== b.required) {
            // Inputs becoming required, or outputs becoming optional, break callers.
            const breaking = list === 'input' ? a.required : !a.required;
            changes.push({ kind: 'changed', subject, detail: a.required ? 'now required' : 'now optional', breaking });
          }
          const removedValues = (b.enum ?? []).filter((v) => !(a.enum ?? []).includes(v));
          const addedValues = (a.enum ?? []).filter((v) => !(b.enum ?? []).includes(v));
          if (removedValues.length) changes.push({ kind: 'changed', subject, detail: `enum values removed: ${removedValues.join(', ')}`, breaking: list === 'input' });
          if (addedValues.length) changes.push({ kind: 'changed', subject, detail: `enum values added: ${addedValues.join(', ')}`, breaking: list === 'output' });
        }
      }
    }
    for (const code of keys(Object.fromEntries(before.errors.map((e) => [e, 1])), Object.fromEntries(after.errors.map((e) => [e, 1])))) {
      if (!before.errors.includes(code)) changes.push({ kind: 'added', subject: `${name} error ${code}`, breaking: false });
      else if (!after.errors.includes(code)) changes.push({ kind: 'removed', subject: `${name} error ${code}`, breaking: false });
    }
  }
  for (const code of keys(old.errors, next.errors)) {
    const b = old.errors[code];
    const a = next.errors[code];
    if (!b) changes.push({ kind: 'added', subject: `error ${code}`, breaking: false });
    else if (!a) changes.push({ kind: 'removed', subject: `error ${code}`, breaking: true });
    else {
      for (const field of keys(b.fields, a.fields)) {
        if (!b.fields[field]) changes.push({ kind: 'added', subject: `error ${code} field ${field}`, breaking: false });
        else if (!a.fields[field]) changes.push({ kind: 'removed', subject: `error ${code} field ${field}`, breaking: true });
        else if (a.fields[field] !== b.fields[field]) changes.push({ kind: 'changed', subject: `error ${code} field ${field}`, detail: `type ${b.fields[field]} → ${a.fields[field]}`, breaking: true });
      }
    }
  }
  return changes;
}

export type Bump = 'major' | 'minor' | 'patch' | 'none';

export function parseVersion(version: string): [number, number, number] {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!m) throw new Error(`not a SemVer version: ${version}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

export function compareVersions(a: string, b: string): number {
  const [x, y] = [parseVersion(a), parseVersion(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

export function bumpBetween(from: string, to: string): Bump {
  const [a, b] = [parseVersion(from), parseVersion(to)];
  if (b[0] !== a[0]) return 'major';
  if (b[1] !== a[1]) return 'minor';
  if (b[2] !== a[2]) return 'patch';
  return 'none';
}

/**
 * The smallest bump the changes allow. Strict SemVer, also below 1.0: a breaking change needs a
 * major bump, an addition a minor one.
 */
export function requiredBump(changes: readonly SurfaceChange[]): Bump {
  if (changes.some((c) => c.breaking)) return 'major';
  if (changes.some((c) => c.kind === 'added' || c.kind === 'changed')) return 'minor';
  if (changes.length > 0) return 'patch';
  return 'patch';
}

const RANK: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

/** Undefined when `to` is a big enough step from `from` for the changes; otherwise the reason it is not. */
export function checkSemver(from: string, to: string, changes: readonly SurfaceChange[]): string | undefined {
  if (compareVersions(to, from) <= 0) return `version ${to} is not newer than the last published ${from}`;
  const needed = requiredBump(changes);
  const got = bumpBetween(from, to);
  if (RANK[got] < RANK[needed]) {
    const breaking = changes.filter((c) => c.breaking).map((c) => `${c.kind} ${c.subject}${c.detail ? ` (${c.detail})` : ''}`);
    return `${from} → ${to} is a ${got} bump, but the changes need a ${needed} bump${breaking.length ? `; breaking: ${breaking.join('; ')}` : ''}`;
  }
  return undefined;
}

/** A changelog entry in Markdown, breaking changes first. */
export function changelogEntry(version: string, previous: string | undefined, changes: readonly SurfaceChange[]): string {
  const lines = [`## ${version}`, ''];
  if (!previous) {
    lines.push('First release.', '');
    return lines.join('\n');
  }
  if (changes.length === 0) {
    lines.push(`No changes to the API since ${previous}.`, '');
    return lines.join('\n');
  }
  const line = (c: SurfaceChange) => `- ${c.breaking ? '**Breaking:** ' : ''}${c.kind} ${c.subject}${c.detail ? ` (${c.detail})` : ''}`;
  lines.push(...changes.filter((c) => c.breaking).map(line), ...changes.filter((c) => !c.breaking).map(line), '');
  return lines.join('\n');
}

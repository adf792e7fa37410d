/**
 * Resolves an operation's `use:` entries against the model's shared members. Shared by the
 * semantic checks (which report what does not resolve) and build-ir (which only sees models
 * that passed them).
 */
import { isMemberRef, type MemberDef, type MemberEntry, type ModelDef } from '../model/types.js';

export interface ResolvedMember extends MemberDef {
  name: string;
  /** Index of the entry in the operation's list, for diagnostics. */
  index: number;
  /** Name of the shared member it came from. */
  use?: string;
}

export function resolveMembers(model: ModelDef, entries: readonly MemberEntry[]): { members: ResolvedMember[]; unresolved: { index: number; use: string }[] } {
  const members: ResolvedMember[] = [];
  const unresolved: { index: number; use: string }[] = [];
  entries.forEach((entry, index) => {
    if (isMemberRef(entry)) {
      const def = Object.prototype.hasOwnProperty.call(model.members, entry.use) ? model.members[entry.use] : undefined;
      if (!def) {
        unresolved.push({ index, use: entry.use });
        return;
      }
      members.push({ ...def, required: entry.required ?? def.required ?? false, name: entry.use, index, use: entry.use });
    } else {
      members.push({ ...entry, required: entry.required ?? false, index });
    }
  });
  return { members, unresolved };
}

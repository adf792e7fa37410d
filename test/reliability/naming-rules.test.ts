// The naming rules under hostile names: words that are members of Object.prototype, enum values
// that reduce to the same letters, values starting with a digit, reserved words.
import { describe, expect, it } from 'vitest';
import { toGoPascal } from '../../generator/emitters/go/naming.js';
import { NAMERS } from '../../generator/emitters/languages.js';
import { enumValuesNames, memberNames, operationNames } from '../../generator/ir/naming.js';

describe('naming rules (hostile names)', () => {
  it('does not look words up on Object.prototype', () => {
    expect(toGoPascal(['constructor'])).toBe('Constructor');
    expect(toGoPascal(['to', 'string'])).toBe('ToString');
    expect(memberNames('constructor', NAMERS).go).toBe('Constructor');
    expect(memberNames('constructor', NAMERS).ts).toBe('constructor_');
    expect(memberNames('hasOwnProperty', NAMERS).go).toBe('HasOwnProperty');
  });

  it('gives colliding enum values distinct names in every language, in model order', () => {
    const names = enumValuesNames('objectAcl', ['a-b', 'a b', 'A_B', '"""', '%s', '1st', 'None', 'private', '***'], 'ossc', NAMERS);
    expect(names.map((n) => n.py)).toEqual(['A_B', 'A_B_2', 'AB', 'VALUE', 'S', 'V_1ST', 'NONE', 'PRIVATE', 'VALUE_2']);
    expect(new Set(names.map((n) => n.go)).size).toBe(names.length);
    expect(new Set(names.map((n) => n.c)).size).toBe(names.length);
    expect(new Set(names.map((n) => n.ts)).size).toBe(names.length);
    expect(new Set(names.map((n) => n.java)).size).toBe(names.length);
    expect(names.map((n) => n.java)).toContain('_1ST');
    expect(new Set(names.map((n) => n.cpp)).size).toBe(names.length);
    expect(new Set(names.map((n) => n.php)).size).toBe(names.length);
    expect(new Set(names.map((n) => n.cli)).size).toBe(names.length);
    expect(new Set(names.map((n) => n.cs)).size).toBe(names.length);
    expect(names[0]).toEqual({ value: 'a-b', ts: 'ObjectAclAB', go: 'ObjectACLAB', py: 'A_B', c: 'OSSC_OBJECT_ACL_A_B', java: 'A_B', cpp: 'AB', php: 'A_B', rb: 'A_B', cs: 'AB', cli: 'object-acl-a-b' });
  });

  it('renames reserved words per language', () => {
    expect(memberNames('import', NAMERS)).toMatchObject({ ts: 'import_', py: 'import_', go: 'Import', c: 'import', java: 'import_', cpp: 'import' });
    expect(memberNames('class', NAMERS)).toMatchObject({ c: 'class_', cpp: 'class_' });
    expect(memberNames('register', NAMERS).c).toBe('register_');
    expect(memberNames('lambda', NAMERS).py).toBe('lambda_');
    expect(operationNames('Import', 'ossc', NAMERS).py).toBe('import_');
    // The CLI reserves its own commands and global flags (a model's `Stat` or `json` member).
    expect(operationNames('Stat', 'ossc', NAMERS).cli).toBe('stat_');
    expect(memberNames('json', NAMERS).cli).toBe('json_');
    // C#: the members every request and result already has (object's, and the request's own).
    expect(memberNames('toString', NAMERS).cs).toBe('ToString_');
    expect(memberNames('operationTimeout', NAMERS).cs).toBe('OperationTimeout_');
  });
});

import { describe, expect, it } from 'vitest';
import { goNamer } from '../../generator/emitters/go/naming.js';
import { cNamer } from '../../generator/emitters/c/naming.js';
import { NAMERS } from '../../generator/emitters/languages.js';
import { enumValueNames, errorNames, escapeReserved, memberNames, operationNames, splitWords } from '../../generator/ir/naming.js';

describe('naming', () => {
  it.each([
    ['nextAppendPosition', ['next', 'append', 'position']],
    ['hashCrc64ecma', ['hash', 'crc64ecma']],
    ['contentMD5', ['content', 'md5']],
    ['PositionNotEqualToLength', ['position', 'not', 'equal', 'to', 'length']],
    ['x-oss-meta', ['x', 'oss', 'meta']],
    ['AES256', ['aes256']],
  ])('splits %s', (name, words) => {
    expect(splitWords(name)).toEqual(words);
  });

  it('names a member in every language, with Go initialisms', () => {
    expect(memberNames('serverSideEncryptionKeyId', NAMERS)).toMatchObject({
      ts: 'serverSideEncryptionKeyId',
      go: 'ServerSideEncryptionKeyID',
      py: 'server_side_encryption_key_id',
      c: 'server_side_encryption_key_id',
    });
    expect(memberNames('contentMd5', NAMERS).go).toBe('ContentMD5');
    expect(memberNames('objectAcl', NAMERS).go).toBe('ObjectACL');
    expect(memberNames('etag', NAMERS).go).toBe('ETag');
  });

  it('escapes reserved words per language', () => {
    expect(memberNames('from', NAMERS).py).toBe('from_');
    expect(memberNames('default', NAMERS)).toMatchObject({ ts: 'default_', py: 'default', c: 'default_', go: 'Default' });
    expect(memberNames('type', NAMERS).py).toBe('type_');
    expect(escapeReserved(goNamer.reserved, 'range')).toBe('range_');
    expect(escapeReserved(cNamer.reserved, 'position')).toBe('position');
  });

  it('names operations, their types and errors', () => {
    const op = operationNames('AppendObject', 'ossc', NAMERS);
    expect(op).toMatchObject({ ts: 'appendObject', go: 'AppendObject', py: 'append_object', c: 'ossc_append_object', kebab: 'append-object' });
    expect(op.input).toEqual({ ts: 'AppendObjectInput', go: 'AppendObjectRequest', py: 'AppendObjectRequest', c: 'ossc_append_object_request_t', java: 'AppendObjectRequest', cpp: 'AppendObjectRequest', php: 'AppendObjectRequest', rb: 'AppendObjectRequest', cs: 'AppendObjectRequest', cli: 'append-object-input' });
    expect(op.cli).toBe('append-object');
    // The CLI's own commands and global flags are reserved: a model's `Append` or `endpoint` cannot shadow them.
    expect(operationNames('Append', 'x', NAMERS).cli).toBe('append_');
    expect(memberNames('endpoint', NAMERS).cli).toBe('endpoint_');
    expect(memberNames('contentType', NAMERS).cli).toBe('content-type');
    expect(op.java).toBe('appendObject');
    expect(op.cpp).toBe('append_object');
    expect(op.php).toBe('appendObject');
    expect(operationNames('NewAppender', 'x', NAMERS).php).toBe('newAppender_');
    expect(operationNames('Delete', 'x', NAMERS).cpp).toBe('delete_');
    expect(errorNames('PositionNotEqualToLength', 'ossc', NAMERS)).toMatchObject({ ts: 'PositionNotEqualToLengthError', c: 'OSSC_ERR_POSITION_NOT_EQUAL_TO_LENGTH', java: 'PositionNotEqualToLengthException' });
    // Java keywords and the names every generated request already has are escaped.
    expect(operationNames('Default', 'x', NAMERS).java).toBe('default_');
    expect(operationNames('Validate', 'x', NAMERS).java).toBe('validate_');
    expect(operationNames('Delete', 'x', NAMERS).ts).toBe('delete_');
  });

  it('names enum values as constants', () => {
    expect(enumValueNames('objectAcl', 'public-read-write', 'ossc', NAMERS)).toEqual({
      value: 'public-read-write',
      ts: 'ObjectAclPublicReadWrite',
      go: 'ObjectACLPublicReadWrite',
      py: 'PUBLIC_READ_WRITE',
      c: 'OSSC_OBJECT_ACL_PUBLIC_READ_WRITE',
      java: 'PUBLIC_READ_WRITE',
      cpp: 'PublicReadWrite',
      php: 'PUBLIC_READ_WRITE',
      cli: 'object-acl-public-read-write',
      rb: 'PUBLIC_READ_WRITE',
      cs: 'PublicReadWrite',
    });
    expect(enumValueNames('x', '1x', 'p', NAMERS).cpp).toBe('V1x');
    expect(enumValueNames('x', '1x', 'p', NAMERS).rb).toBe('V_1X');
    expect(enumValueNames('x', '1x', 'p', NAMERS).java).toBe('_1X');
    expect(enumValueNames('x', '1x', 'p', NAMERS).php).toBe('V_1X');
    expect(enumValueNames('x', '1x', 'p', NAMERS).cs).toBe('V1x');
    expect(enumValueNames('x', '***', 'p', NAMERS).py).toBe('VALUE');
  });
});

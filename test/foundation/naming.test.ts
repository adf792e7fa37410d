import { describe, expect, it } from 'vitest';
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
    expect(memberNames('serverSideEncryptionKeyId')).toMatchObject({
      ts: 'serverSideEncryptionKeyId',
      go: 'ServerSideEncryptionKeyID',
      py: 'server_side_encryption_key_id',
      c: 'server_side_encryption_key_id',
    });
    expect(memberNames('contentMd5').go).toBe('ContentMD5');
    expect(memberNames('objectAcl').go).toBe('ObjectACL');
    expect(memberNames('etag').go).toBe('ETag');
  });

  it('escapes reserved words per language', () => {
    expect(memberNames('from').py).toBe('from_');
    expect(memberNames('default')).toMatchObject({ ts: 'default_', py: 'default', c: 'default_', go: 'Default' });
    expect(memberNames('type').py).toBe('type_');
    expect(escapeReserved('go', 'range')).toBe('range_');
    expect(escapeReserved('c', 'position')).toBe('position');
  });

  it('names operations, their types and errors', () => {
    const op = operationNames('AppendObject', 'ossc');
    expect(op).toMatchObject({ ts: 'appendObject', go: 'AppendObject', py: 'append_object', c: 'ossc_append_object', kebab: 'append-object' });
    expect(op.input).toEqual({ ts: 'AppendObjectInput', go: 'AppendObjectRequest', py: 'AppendObjectRequest', c: 'ossc_append_object_request_t' });
    expect(errorNames('PositionNotEqualToLength', 'ossc')).toMatchObject({ ts: 'PositionNotEqualToLengthError', c: 'OSSC_ERR_POSITION_NOT_EQUAL_TO_LENGTH' });
    expect(operationNames('Delete', 'x').ts).toBe('delete_');
  });

  it('names enum values as constants', () => {
    expect(enumValueNames('objectAcl', 'public-read-write', 'ossc')).toEqual({
      value: 'public-read-write',
      go: 'ObjectACLPublicReadWrite',
      py: 'PUBLIC_READ_WRITE',
      c: 'OSSC_OBJECT_ACL_PUBLIC_READ_WRITE',
    });
    expect(enumValueNames('x', '***', 'p').py).toBe('VALUE');
  });
});

/**
 * C# names by the .NET capitalization conventions: two-letter acronyms upper case, longer ones Pascal-cased,
 * `Id` as the abbreviation .NET spells it, the framework's own `ETag` and `MD5`, and the letters after a
 * word's digits starting a new word (`Crc64Ecma`). Only the `cs` names depend on these rules
 * (regenerating changes out/csharp alone).
 */
import { describe, expect, it } from 'vitest';
import { dotnetWord } from '../../generator/emitters/csharp/naming.js';
import { NAMERS } from '../../generator/emitters/languages.js';
import { enumValueNames, errorNames, memberNames, operationNames } from '../../generator/ir/naming.js';

describe('csharp naming', () => {
  it.each([
    ['hashCrc64ecma', 'HashCrc64Ecma'],
    ['etag', 'ETag'],
    ['contentMd5', 'ContentMD5'],
    ['serverSideEncryptionKeyId', 'ServerSideEncryptionKeyId'],
    ['requestId', 'RequestId'],
    ['objectAcl', 'ObjectAcl'],
    ['ifMatch', 'IfMatch'],
    ['nextAppendPosition', 'NextAppendPosition'],
    ['clientIp', 'ClientIP'],
    ['AES256', 'Aes256'],
    ['sha256Digest', 'Sha256Digest'],
  ])('names the member %s %s', (model, cs) => {
    expect(memberNames(model, NAMERS).cs).toBe(cs);
  });

  it('splits a word at the letters after its digits only when letters come first', () => {
    expect(dotnetWord('crc64ecma')).toBe('Crc64Ecma');
    expect(dotnetWord('a1b2c')).toBe('A1B2C');
    expect(dotnetWord('v4')).toBe('V4');
    expect(enumValueNames('x', '1st', 'p', NAMERS).cs).toBe('V1st');
  });

  it('applies the same rules to operations, request and result types, errors and enum values', () => {
    expect(operationNames('GetObjectEtag', 'ossc', NAMERS)).toMatchObject({ cs: 'GetObjectETag', input: { cs: 'GetObjectETagRequest' }, output: { cs: 'GetObjectETagResult' } });
    expect(errorNames('InvalidIoState', 'ossc', NAMERS).cs).toBe('InvalidIOStateException');
    expect(enumValueNames('x', 'crc64ecma', 'p', NAMERS).cs).toBe('Crc64Ecma');
  });

  it('names an error whose class would take a framework exception\'s name <Name>ServiceException', () => {
    expect(errorNames('NotImplemented', 'ossc', NAMERS).cs).toBe('NotImplementedServiceException');
    expect(errorNames('Timeout', 'ossc', NAMERS).cs).toBe('TimeoutServiceException');
    expect(errorNames('RequestTimeout', 'ossc', NAMERS).cs).toBe('RequestTimeoutException');
    expect(errorNames('NoSuchKey', 'ossc', NAMERS).cs).toBe('NoSuchKeyException');
  });

});

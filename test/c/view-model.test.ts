/**
 * The C emitter's pure parts: literal and comment escaping, the character classes C checks with
 * strchr, the independent CRC-64 the generated tests compare against, and byte-stable output.
 */
import { describe, expect, it } from 'vitest';
import { cEmitter } from '../../generator/emitters/c/emitter.js';
import { cComment, cString } from '../../generator/emitters/c/helpers.js';
import { buildViewModel, charClassChars, crc64For } from '../../generator/emitters/c/view-model/index.js';
import { buildModel, TEMPLATES_DIR } from '../../generator/run.js';

describe('c: helpers and view model', () => {
  it('escapes every string a model can hold into an inert C literal', () => {
    expect(cString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(cString('line\nnext\r')).toBe('"line\\nnext\\015"');
    // Trigraphs (??/ is a backslash in C99) and octal escapes that a digit cannot extend.
    expect(cString('??/')).toBe('"\\?\\?/"');
    expect(cString('\u00e91')).toBe('"\\303\\2511"');
    expect(cString('\u0000')).toBe('"\\000"');
  });

  it('keeps comments on one line and unterminated', () => {
    expect(cComment('a */ b /* c\nd ??/')).toBe('a * / b / * c d ? ?/');
  });

  it('spells out the characters of a single character class', () => {
    expect(charClassChars('^[a-c0-2-]+$')).toBe('-012abc');
    expect(charClassChars('^[A-B +\\-=._:/]*$')).toBe(' +-./:=AB_');
    expect(() => charClassChars('^(a|b)$')).toThrow(/not a single character class/);
  });

  it("computes the model's CRC-64 (CRC-64/XZ) like the service (published vectors)", async () => {
    const ir = (await buildModel()).ir!;
    const crc64xz = crc64For(ir.protocol.crc64);
    expect(crc64xz(Buffer.from('123456789'))).toBe(0x995dc9bbdf1939fan);
    expect(crc64xz(Buffer.from('123456789')).toString()).toBe(ir.protocol.crc64.check);
    expect(crc64xz(Buffer.from('test'))).toBe(18020588380933092773n);
    expect(crc64xz(Buffer.from(''))).toBe(0n);
    // Continuation: crc(A+B) = crc(B) continued from crc(A).
    expect(crc64xz(Buffer.from('56789'), crc64xz(Buffer.from('1234')))).toBe(0x995dc9bbdf1939fan);
    // The same parameters unreflected give CRC-64/WE's published check value.
    const we = crc64For({ ...ir.protocol.crc64, reflected: false });
    expect(we(Buffer.from('123456789'))).toBe(0x62ec59e3f1a4f00an);
  });

  it('takes every C name from the IR and emits byte-identical files twice', async () => {
    const ir = (await buildModel()).ir!;
    const vm = buildViewModel(ir);
    expect(vm.operations.map((o) => o.fn)).toEqual(ir.operations.map((o) => o.names.c));
    expect(vm.errors.map((e) => e.enumName)).toEqual(ir.errors.map((e) => e.names.c));
    expect(vm.clientType).toBe(ir.service.clientNames.c);
    const ctx = { modelSource: ir.source, templatesDir: TEMPLATES_DIR, samples: [] };
    const first = await cEmitter.emit(ir, ctx);
    const second = await cEmitter.emit(ir, ctx);
    expect(second).toEqual(first);
    expect(first.map((f) => f.path)).toContain(`include/${ir.service.packages.c}.h`);
  });
});

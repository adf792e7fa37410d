/** The mock's protocol facts come from the IR (generator/mock/protocol.ts), derived once per model. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startMock } from '../../generator/mock/index.js';
import { mockProtocol } from '../../generator/mock/protocol.js';
import { send } from '../../generator/mock/raw-client.js';
import { playScenario, stepRequest } from '../../generator/mock/scenario-runner.js';
import { buildModelFromText } from '../../generator/run.js';
import { ir } from './helpers.js';

describe('mockProtocol', () => {
  it('resolves the codes, headers and the appendable type of the project model', () => {
    const p = mockProtocol(ir);
    expect(p.codes).toEqual({
      positionError: 'PositionNotEqualToLength',
      notAppendable: 'ObjectNotAppendable',
      notFound: 'NoSuchKey',
      invalidBucket: 'InvalidBucketName',
      invalidArgument: 'InvalidArgument',
      accessDenied: 'AccessDenied',
      notImplemented: 'NotImplemented',
      incompleteBody: 'RequestTimeout',
      methodNotAllowed: 'MethodNotAllowed',
      unknownAccessKey: 'InvalidAccessKeyId',
      invalidSecurityToken: 'InvalidSecurityToken',
      invalidDigest: 'InvalidDigest',
    });
    expect(p.overwrite).toEqual({ member: 'forbidOverwrite', code: 'FileAlreadyExists' });
    expect(p.headers).toEqual({ crc: 'x-oss-hash-crc64ecma', objectType: 'x-oss-object-type', requestId: 'x-oss-request-id', errorCode: 'x-oss-ec', bodyless: 'x-oss-err' });
    expect([p.appendable, p.positionField, p.put?.name]).toEqual(['Appendable', 'nextAppendPosition', 'PutObject']);
    expect(mockProtocol(ir)).toBe(p);
  });

  it('reads the class errors and the overwrite check from their protocol slots, not from limits or statuses', () => {
    const error = (code: string, status: number) => ({ ...ir.errors[0]!, code, status });
    const other = {
      ...ir,
      limits: { ...ir.limits, objectSize: { ...ir.limits.objectSize, error: 'TooBig' } },
      protocol: {
        ...ir.protocol,
        statusCodes: [],
        errors: { invalidArgument: error('Refused', 400), accessDenied: error('Unsigned', 403) },
        overwrite: { member: 'noClobber', error: error('Exists', 409) },
      },
    };
    const p = mockProtocol(other);
    expect([p.codes.invalidArgument, p.codes.accessDenied]).toEqual(['Refused', 'Unsigned']);
    // A model without the optional notImplemented and incompleteBody slots answers those with its invalidArgument error.
    expect([p.codes.notImplemented, p.codes.incompleteBody]).toEqual(['Refused', 'Refused']);
    const named = mockProtocol({ ...other, protocol: { ...other.protocol, errors: { ...other.protocol.errors, notImplemented: error('Unsupported', 501), incompleteBody: error('ShortBody', 400) } } });
    expect([named.codes.notImplemented, named.codes.incompleteBody]).toEqual(['Unsupported', 'ShortBody']);
    // The other optional slots fall back to a broader error: the method one to notImplemented, the
    // credential ones to accessDenied, the digest one to invalidArgument.
    expect([named.codes.methodNotAllowed, p.codes.methodNotAllowed, p.codes.unknownAccessKey, p.codes.invalidSecurityToken, p.codes.invalidDigest]).toEqual(['Unsupported', 'Refused', 'Unsigned', 'Unsigned', 'Refused']);
    expect(p.overwrite).toEqual({ member: 'noClobber', code: 'Exists' });
    const { overwrite: _, ...withoutOverwrite } = other.protocol;
    expect(mockProtocol({ ...other, protocol: withoutOverwrite }).overwrite).toBeUndefined();
  });

  it('compares on replay the headers that change what the service does, not the volatile or transport ones', () => {
    const { significant } = mockProtocol(ir);
    const compared = ['content-type', 'content-md5', 'cache-control', 'content-disposition', 'content-encoding', 'expires', 'range', 'x-oss-meta-site', 'x-oss-forbid-overwrite', 'x-oss-tagging', 'x-oss-anything'];
    const ignored = ['x-oss-date', 'x-oss-content-sha256', 'x-oss-security-token', 'authorization', 'host', 'content-length', 'user-agent', 'date', 'connection'];
    expect(compared.filter((h) => !significant(h))).toEqual([]);
    expect(ignored.filter((h) => significant(h))).toEqual([]);
  });

  it('follows the model: another volatile set and signed prefix change what replay compares', () => {
    const other = {
      ...ir,
      protocol: { ...ir.protocol, signing: { signedHeaderPrefix: 'x-acme-', signedHeaders: ['content-md5'], volatileHeaders: ['x-acme-date'] } },
    };
    const { significant } = mockProtocol(other);
    expect(['x-acme-meta-a', 'content-type', 'x-oss-forbid-overwrite'].every(significant)).toBe(true);
    expect(['x-acme-date', 'x-oss-date', 'x-oss-meta-a'].some(significant)).toBe(false);
  });

  it('a simulator of the minimal model signs and verifies with that model\'s own scheme strings', async () => {
    // The simulator's bucket rule wants at least 3 characters; the minimal model's "b1" is renamed for this run.
    const text = readFileSync(join(import.meta.dirname, '../fixtures/minimal-model.yaml'), 'utf8').replace(/\bb1\b/g, 'mini-b1');
    const { ir: mini, diagnostics } = await buildModelFromText(text, 'minimal.yaml');
    expect(diagnostics).toEqual([]);
    expect(mockProtocol(mini!).signing.v4).toMatchObject({ algorithm: 'MINI4-HMAC-SHA256', secretPrefix: 'mini4', terminator: 'mini4_request', dateHeader: 'x-mini-date' });
    const sim = await startMock({ mode: 'sim', ir: mini!, buckets: ['mini-b1'] });
    try {
      for (const scenario of mini!.tests.scenarios) await playScenario(sim.url, mini!, scenario);
      // The project model's strings do not pass: the scheme really comes from the model.
      const scenario = mini!.tests.scenarios[0]!;
      const { signing: _, ...withContractStrings } = stepRequest(mini!, scenario, scenario.steps[0]!);
      const refused = await send(sim.url, withContractStrings);
      expect(refused.status).toBe(403);
    } finally {
      await sim.close();
    }
  });
});

/**
 * model/oss.yaml with every protocol name renamed: error codes, protocol headers, the appendable
 * object type and the error document's elements. A model that says the same things in other words;
 * anything generated from it that still holds an old name took it from a literal, not from the IR.
 * Shared by the renamed-protocol suites: test/reliability (every language, against a simulator of the
 * renamed model) and test/typescript/protocol.test.ts (TypeScript, with the stricter list of old names).
 */
/** Old name → new name, applied to the model's text as whole tokens (prose included). */
export const RENAMES: readonly [RegExp, string][] = [
  [/\bPositionNotEqualToLength\b/g, 'PositionMismatch'],
  [/\bObjectNotAppendable\b/g, 'NotAppendableObject'],
  [/\bNoSuchKey\b/g, 'KeyNotFound'],
  [/\bInvalidArgument\b/g, 'BadArgument'],
  [/\bInvalidBucketName\b/g, 'BadBucketName'],
  [/\bFileAlreadyExists\b/g, 'AlreadyThere'],
  [/\bAccessDenied\b/g, 'NotAllowed'],
  [/x-oss-next-append-position\b/g, 'x-acme-next-position'],
  [/x-oss-hash-crc64ecma\b/g, 'x-acme-crc64'],
  [/x-oss-object-type\b/g, 'x-acme-object-type'],
  [/x-oss-request-id\b/g, 'x-acme-request-id'],
  [/x-oss-ec\b/g, 'x-acme-ec'],
  [/x-oss-err\b/g, 'x-acme-err'],
  [/\bAppendable\b/g, 'Growable'],
  [/^(\s+)root: Error$/gm, '$1root: Fault'],
  [/\bcode: Code, message: Message\b/g, 'code: FaultCode, message: Text'],
  [/\bec: EC\b/g, 'ec: Detail'],
  [/\bRequestId\b/g, 'TraceId'],
  [/\bHostId\b/g, 'NodeId'],
  // The error documents of the model's response vectors and scenarios.
  [/<(\/?)Error>/g, '<$1Fault>'],
  [/<(\/?)Code>/g, '<$1FaultCode>'],
  [/<(\/?)Message>/g, '<$1Text>'],
  [/<(\/?)EC>/g, '<$1Detail>'],
];

export function renamedModel(text: string): string {
  return RENAMES.reduce((t, [from, to]) => t.replace(from, to), text);
}

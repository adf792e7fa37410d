/**
 * The IR: one language-neutral description of the API that every emitter, the docs and the
 * mock read. Built once from a validated model by build-ir.ts; names are already decided for
 * every language (naming.ts) and every collection has a fixed order.
 *
 * Order rules: operations, errors, enum values of the model, tests and scenarios are sorted by
 * name/id; members keep the model's authored order (it is the order a reader expects in docs
 * and signatures: bucket, key, position, body, then headers), which is just as deterministic.
 */
import type { EnumValueNames, ErrorNames, LanguageNames, MemberNames, OperationNames } from './naming.js';
import type { SettingsEnv } from '../model/types.js';

export interface IrText {
  en: string;
  zh: string;
}

export type IrLocation = 'host' | 'path' | 'query' | 'header' | 'header-map' | 'body';
export type IrType = 'string' | 'int64' | 'uint64' | 'boolean' | 'map' | 'blob';
export type IrFormat = 'http-date' | 'base64-md5' | 'tagging' | 'byte-range';

export interface IrMember {
  /** Model name (lowerCamel), the key for values in tests and examples. */
  id: string;
  names: MemberNames;
  location: IrLocation;
  /** Header name as documented (`Content-Type`, `x-oss-meta-` prefix members have `prefix`). */
  header?: string;
  /** Lower-cased header name, for matching responses. */
  headerLower?: string;
  /** Header prefix of a header-map member (`x-oss-meta-`). */
  prefix?: string;
  /** Query parameter name of a query member. */
  queryName?: string;
  /** A query member of a read that sets this response header on that one response (`response-content-type`). */
  responseHeader?: string;
  /** Lower-cased `responseHeader`. */
  responseHeaderLower?: string;
  type: IrType;
  format?: IrFormat;
  enum?: EnumValueNames[];
  required: boolean;
  minimum?: number;
  doc: IrText;
  example?: unknown;
  /** For AppendObject inputs that count only on the first append: what the service does with them later. */
  firstAppendOnly?: 'ignore' | 'reject';
}

export interface IrAppendRule {
  object: 'absent' | 'appendable' | 'normal';
  position: 'zero' | 'length' | 'other' | 'any';
  /** `create`, `append`, or an error code. */
  outcome: string;
  doc: IrText;
}

export interface IrAppend {
  /** Input member id carrying the position (`position`). */
  position: string;
  /** Output member id carrying the next position. */
  nextPosition: string;
  /** Output member id carrying the whole-object CRC-64. */
  crc: string;
  firstAppendOnly: { member: string; later: 'ignore' | 'reject' }[];
  rules: IrAppendRule[];
}

export interface IrOperation {
  name: string;
  names: OperationNames;
  summary: IrText;
  doc: IrText;
  http: {
    method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';
    /** Path template, e.g. `/{key}`. */
    path: string;
    /** Valueless query flags (`append`). */
    flags: string[];
  };
  permissions: { action: string; when?: string }[];
  input: IrMember[];
  output: IrMember[];
  /** Body member of the input, if any. */
  inputBody?: IrMember;
  /** Body member of the output, if any. */
  outputBody?: IrMember;
  /** Error codes, sorted. */
  errors: string[];
  append?: IrAppend;
}

export interface IrErrorField {
  id: string;
  names: MemberNames;
  header?: string;
  headerLower?: string;
  xml?: string;
  type: 'string' | 'int64' | 'uint64' | 'boolean';
  doc: IrText;
}

export interface IrError {
  code: string;
  names: ErrorNames;
  status: number;
  ec?: string;
  retryable: boolean;
  message: string;
  fields: IrErrorField[];
  doc: IrText;
  remedy: IrText;
  /** Operations that can return it, sorted. */
  operations: string[];
}

/** A value bound to the member it is for, in the member's authored order. */
export interface IrValue {
  member: IrMember;
  /** int64: number; uint64: decimal string; boolean; string; map: sorted Record; blob: UTF-8 string. */
  value: unknown;
}

export interface IrExpectedError {
  code: string;
  status: number;
  requestId?: string;
  hostId?: string;
  ec?: string;
  fields: { field: IrErrorField; value: unknown }[];
}

export type IrExpectation = { kind: 'output'; output: IrValue[] } | { kind: 'error'; error: IrExpectedError };

export interface IrRequestVector {
  id: string;
  doc: IrText;
  operation: string;
  auth: 'v4' | 'v1';
  region: string;
  endpoint: string;
  /** ISO time, and the same as Unix seconds. */
  time: string;
  epochSeconds: number;
  input: IrValue[];
  expect: { method: string; host: string; path: string; query: string; headers: { name: string; value: string }[] };
}

/** A presigned URL an official signer computed for this input, time and validity (model `tests.presigned`). */
export interface IrPresignVector {
  id: string;
  doc: IrText;
  operation: string;
  auth: 'v4' | 'v1';
  region: string;
  endpoint: string;
  /** ISO time of signing, and the same as Unix seconds. */
  time: string;
  epochSeconds: number;
  expiresSeconds: number;
  securityToken?: string;
  input: IrValue[];
  /** `query` is the URL's query as the clients write it (encoded, sorted by name); `headers` the signed headers to send, sorted. */
  expect: { method: string; host: string; path: string; query: string; headers: { name: string; value: string }[] };
}

export interface IrResponseVector {
  id: string;
  operation: string;
  status: number;
  /** Sorted by lower-cased name. */
  headers: { name: string; value: string }[];
  body: string;
  expect: IrExpectation;
}

export interface IrScenarioStep {
  index: number;
  call: string;
  /** Includes the scenario's bucket and key. */
  input: IrValue[];
  expect: IrExpectation;
}

export interface IrScenario {
  id: string;
  doc: IrText;
  bucket: string;
  key: string;
  credentials: { accessKeyId: string; accessKeySecret: string };
  /** True when the scenario's credentials differ from the test credentials (an expected auth failure). */
  badCredentials: boolean;
  /** The signature every step is signed with (the model's `auth.default` unless the scenario names one). */
  auth: 'v4' | 'v1';
  steps: IrScenarioStep[];
}

export interface IrExample {
  id: string;
  operation: string;
  title: IrText;
  input: IrValue[];
}

export interface IrAuthScheme {
  id: 'v4' | 'v1';
  algorithm: string;
  product?: string;
  /** V4: the text before the secret that keys the first HMAC of the signing-key chain. */
  secretPrefix?: string;
  /** V4: the credential scope's last element (date/region/product/terminator), also the chain's last HMAC. */
  scopeTerminator?: string;
  dateHeader: string;
  payloadHashHeader?: string;
  payloadHash?: string;
  maxClockSkewSeconds: number;
  /** The query-string form (a presigned URL), when the model has it. */
  presign?: IrPresign;
}

/** What a presigned request gets when it is refused: the error, its message and detail code. */
export interface IrPresignRejection {
  error: IrError;
  message: string;
  ec?: string;
}

/**
 * The query-string form of a scheme (model `auth.schemes[].presign`): the authorization travels in
 * these query parameters instead of the Authorization header. V1 signs its usual string with the
 * `expires` value (Unix seconds) on the Date line; V4 signs its usual canonical request with every
 * query parameter but `signature`, only the default-signed and additional headers, and `payloadHash`.
 */
export interface IrPresign {
  /** Query parameter names, as sent (case matters). */
  parameters: {
    /** V4: the algorithm's parameter (its value is the scheme's `algorithm`). */
    algorithm?: string;
    /** V1: the access key id. */
    accessKeyId?: string;
    /** V4: `<id>/<scope>`. */
    credential?: string;
    /** V4: the signing time, `yyyymmddTHHMMSSZ`. */
    date?: string;
    /** V1: Unix seconds when the URL stops working; V4: seconds after `date`. */
    expires: string;
    signature: string;
    /** V4: the `;`-joined lower-case additional header names. */
    additionalHeaders?: string;
    securityToken?: string;
  };
  /** V4: the canonical request's payload hash. */
  payloadHash?: string;
  /** V4: the longest validity a URL may ask for. */
  maxExpiresSeconds?: number;
  expired: IrPresignRejection;
  expiresOutOfRange?: IrPresignRejection;
}

/**
 * The append protocol, resolved: every operation, member and error the append path needs, as the
 * IR's own objects (the same objects as in `operations` and `errors`), so an emitter never looks
 * them up again.
 */
export interface IrAppendProtocol {
  operation: IrOperation;
  /** HEAD: the object's length and CRC, read back after an unknown outcome and to open an appender. */
  probe: IrOperation;
  /** GET with a byte range: a chunk read back when the object has grown past it. */
  read?: IrOperation;
  bucket: IrMember;
  key: IrMember;
  body: IrMember;
  position: IrMember;
  nextPosition: IrMember;
  crc: IrMember;
  probeBucket: IrMember;
  probeKey: IrMember;
  probeNextPosition: IrMember;
  /** The probe's Content-Length, the fallback length when the next position is absent. */
  probeLength?: IrMember;
  probeCrc?: IrMember;
  objectType?: { member: IrMember; appendable: string };
  readBucket?: IrMember;
  readKey?: IrMember;
  readRange?: IrMember;
  /** The read's range-behavior input (`protocol.range`); the read-back sends `IrProtocol.range.strict` in it. */
  readRangeBehavior?: IrMember;
  readContentRange?: IrMember;
  readBody?: IrMember;
  positionError: { error: IrError; field: IrErrorField };
  notAppendable?: IrError;
  notFound?: IrError;
}

/** How the service speaks beyond its operations (model `protocol:`), resolved. */
export interface IrProtocol {
  errorBody: {
    format: 'xml';
    root: string;
    elements: { code: string; message: string; requestId?: string; hostId?: string; ec?: string };
    bodylessHeader?: string;
    /** Lower-cased `bodylessHeader`. */
    bodylessHeaderLower?: string;
  };
  /** Codes a body-less answer gets from its status: the model's choices plus every status only one error uses; sorted by status. */
  statusCodes: { status: number; error: IrError }[];
  /** Lower-cased header names. */
  headers: { requestId: string; errorCode?: string };
  signing: { signedHeaderPrefix: string; signedHeaders: string[]; volatileHeaders: string[] };
  /** CRC-64 parameters as unsigned decimal strings (bigint-safe in every language). */
  crc64: { polynomial: string; init: string; xorOut: string; reflected: boolean; check: string };
  /** The prefix of user-metadata headers (lower case), from the model's header-map member. */
  metadataPrefix?: string;
  append?: IrAppendProtocol;
  /**
   * How a ranged read is served (model `protocol.range`). By default a range the object cannot serve
   * (malformed, reversed, past either end, a suffix longer than the object) is ignored: 200, the whole
   * object, no Content-Range. While the behavior header carries `strict`: a start beyond the end (or an
   * empty suffix) is `unsatisfiable`, an end beyond the end (or a long suffix) is clipped to the object.
   * Of several ranges only the first is read.
   */
  range?: { behavior: { member: string; header: string; headerLower: string }; strict: string; unsatisfiable: IrError };
  invalidBucket?: IrError;
  /** Errors of a whole class of requests rather than of one operation's rules (model `protocol.errors`). */
  errors: {
    /** A header or parameter value the service refuses (enum, boolean, metadata, tagging, first-append-only). */
    invalidArgument: IrError;
    /** A request that is not signed, or whose authorization cannot be parsed. */
    accessDenied: IrError;
    /** A request no modeled operation answers (method, sub-resource, bucket- or service-level). */
    notImplemented?: IrError;
    /** A body shorter than its declared Content-Length (it stalls, or the client ends it early). */
    incompleteBody?: IrError;
    /** An HTTP method no operation has on an object (405). */
    methodNotAllowed?: IrError;
    /** A signature by an AccessKey ID the service does not know. */
    unknownAccessKey?: IrError;
    /** A security token that is not valid for the AccessKey ID that signed. */
    invalidSecurityToken?: IrError;
    /** A Content-MD5 that is not a Base64 MD5 digest, or not the body's. */
    invalidDigest?: IrError;
  };
  /**
   * The boolean input member (by id, the same in every operation that takes it) that forbids
   * overwriting an existing object, and the error a write that would overwrite then gets.
   */
  overwrite?: { member: string; error: IrError };
}

export interface IrModel {
  /** Where the model came from, for "generated from" headers (a path relative to the project). */
  source: string;
  service: {
    id: string;
    name: string;
    title: IrText;
    summary: IrText;
    version: string;
    license: string;
    /** The git URL of the generated clients' source (package metadata: npm `repository`). */
    repository?: string;
    /** `java` is the Java package (the model's, else `ossgen.<python>`); `cpp` the C++ namespace, CMake package and library name (the model's, else `<python>`); `php` the Composer package name (the model's, else `ossgen/<python with - for _>`). */
    packages: { npm: string; go: string; python: string; c: string; java: string; cpp: string; php: string; ruby: string; csharp: string };
    /** Client type name per language. */
    clientNames: LanguageNames;
    credentials: { accessKeyIdEnv: string; accessKeySecretEnv: string; securityTokenEnv: string; securityTokenHeader: string };
    /** The variables the samples read when a flag is absent: the model's, else `<ID>_ENDPOINT` and so on. */
    settingsEnv: SettingsEnv;
    defaults: { region: string; timeoutMs: number };
  };
  endpoint: { template: string; addressing: { default: 'virtual-hosted' | 'path'; pathStyleFor: ('ip' | 'localhost')[] } };
  auth: { default: 'v4' | 'v1'; schemes: IrAuthScheme[]; signedSubresources: string[] };
  retry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number; retryableStatuses: number[]; honorRetryAfter: boolean };
  protocol: IrProtocol;
  limits: {
    objectKey: { minBytes: number; maxBytes: number; forbiddenPrefixes: string[]; error: string };
    objectSize: { maxBytes: number; error: string };
    userMetadata: { maxTotalBytes: number; namePattern: string };
    tagging: { maxTags: number; maxKeyLength: number; maxValueLength: number; charPattern: string };
  };
  /** The object types a reader meets, as background for the docs (model objectTypes). */
  objectTypes: { name: string; doc: IrText }[];
  /** What a reader needs to know before relying on the API (model notes), for the docs' guide. */
  notes: { id: string; title: IrText; doc: IrText }[];
  decisions: { topic: IrText; choice: IrText; reason: IrText }[];
  operations: IrOperation[];
  errors: IrError[];
  examples: IrExample[];
  tests: {
    credentials: { accessKeyId: string; accessKeySecret: string };
    requests: IrRequestVector[];
    presigned: IrPresignVector[];
    responses: IrResponseVector[];
    scenarios: IrScenario[];
  };
}

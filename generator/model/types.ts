/**
 * The shape of a model that passed the JSON Schema (model/model.schema.json). Only the loader,
 * the validator, the semantic checks and build-ir read these types; emitters read the IR.
 */

export interface Text {
  en: string;
  zh: string;
}

export type Location = 'host' | 'path' | 'query' | 'header' | 'header-map' | 'body';
export type MemberType = 'string' | 'int64' | 'uint64' | 'boolean' | 'map' | 'blob';
export type Format = 'http-date' | 'base64-md5' | 'tagging' | 'byte-range';
export type Values = Record<string, unknown>;

export interface MemberDef {
  location: Location;
  header?: string;
  wireName?: string;
  /** Query members of a read: the response header this parameter sets on that one response. */
  responseHeader?: string;
  prefix?: string;
  type: MemberType;
  format?: Format;
  enum?: string[];
  required?: boolean;
  minimum?: number;
  doc: Text;
  example?: unknown;
}

export interface MemberRef {
  use: string;
  required?: boolean;
}

export interface MemberInline extends MemberDef {
  name: string;
}

export type MemberEntry = MemberRef | MemberInline;

export interface AppendRules {
  position: string;
  nextPosition: string;
  crc: string;
  firstAppendOnly: { member: string; later: 'ignore' | 'reject' }[];
  rules: { object: 'absent' | 'appendable' | 'normal'; position: 'zero' | 'length' | 'other' | 'any'; outcome: string; doc: Text }[];
}

export interface OperationDef {
  name: string;
  summary: Text;
  doc: Text;
  http: { method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE'; path: string; query?: { name: string; flag: true }[] };
  permissions: { action: string; when?: string }[];
  input: MemberEntry[];
  output: MemberEntry[];
  errors: string[];
  append?: AppendRules;
}

export interface ErrorDef {
  code: string;
  status: number;
  ec?: string;
  retryable: boolean;
  message: string;
  fields?: { name: string; header?: string; xml?: string; type: 'string' | 'int64' | 'uint64' | 'boolean'; doc: Text }[];
  doc: Text;
  remedy: Text;
}

export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
}

export interface ExpectedError {
  code: string;
  status: number;
  requestId?: string;
  hostId?: string;
  ec?: string;
  fields?: Values;
}

export type Expectation = { output: Values; error?: undefined } | { error: ExpectedError; output?: undefined };

export interface RequestVectorDef {
  id: string;
  doc: Text;
  operation: string;
  auth: 'v4' | 'v1';
  region: string;
  endpoint: string;
  time: string;
  input: Values;
  expect: { method: string; host: string; path: string; query: string; headers: Record<string, string> };
}

/** A presigned URL computed by an official signer (model `tests.presigned`). */
export interface PresignVectorDef {
  id: string;
  doc: Text;
  operation: string;
  auth: 'v4' | 'v1';
  region: string;
  endpoint: string;
  time: string;
  expiresSeconds: number;
  securityToken?: string;
  input: Values;
  expect: { method: string; host: string; path: string; query: string; headers?: Record<string, string> };
}

/** What a presigned request of one scheme gets when it is refused. */
export interface PresignRejectionDef {
  error: string;
  message: string;
  ec?: string;
}

/** The query-string form of an auth scheme (a presigned URL). */
export interface PresignDef {
  parameters: {
    algorithm?: string;
    accessKeyId?: string;
    credential?: string;
    date?: string;
    expires: string;
    signature: string;
    additionalHeaders?: string;
    securityToken?: string;
  };
  payloadHash?: string;
  maxExpiresSeconds?: number;
  expired: PresignRejectionDef;
  expiresOutOfRange?: PresignRejectionDef;
}

export interface ResponseVectorDef {
  id: string;
  operation: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  expect: Expectation;
}

export interface ScenarioDef {
  id: string;
  doc: Text;
  bucket: string;
  key: string;
  credentials?: Credentials;
  /** The signature the steps are signed with (default `auth.default`). */
  auth?: 'v4' | 'v1';
  steps: { call: string; input: Values; expect: Expectation }[];
}

/** How the service speaks beyond its operations (model `protocol:`). */
export interface ProtocolDef {
  errorBody: {
    format: 'xml';
    root: string;
    elements: { code: string; message: string; requestId?: string; hostId?: string; ec?: string };
    bodylessHeader?: string;
  };
  statusCodes: { status: number; code: string }[];
  headers: { requestId: string; errorCode?: string };
  signing: { signedHeaderPrefix: string; signedHeaders: string[]; volatileHeaders: string[] };
  crc64: { polynomial: string; init: string; xorOut: string; reflected: boolean; check: string };
  append?: {
    operation: string;
    probe: string;
    read?: string;
    objectType?: { member: string; appendable: string };
    positionError: { code: string; field: string };
    notAppendable?: string;
    notFound?: string;
  };
  invalidBucket?: string;
  /** How a ranged read is served: lenient by default, strict while the behavior member carries `strict`. */
  range?: { behavior: { member: string; strict: string }; unsatisfiable: string };
  errors: { invalidArgument: string; accessDenied: string; notImplemented?: string; incompleteBody?: string; methodNotAllowed?: string; unknownAccessKey?: string; invalidSecurityToken?: string; invalidDigest?: string };
  overwrite?: { member: string; error: string };
}

export interface ModelDef {
  ossgen: 1;
  service: {
    id: string;
    name: string;
    title: Text;
    summary: Text;
    version: string;
    license: string;
    repository?: string;
    packages: { npm: string; go: string; python: string; c: string; java?: string; cpp?: string; php?: string; ruby?: string; csharp?: string };
    credentials: { accessKeyIdEnv: string; accessKeySecretEnv: string; securityTokenEnv: string; securityTokenHeader: string };
    settingsEnv?: Partial<SettingsEnv>;
    defaults: { region: string; timeoutMs: number };
  };
  endpoint: { template: string; addressing: { default: 'virtual-hosted' | 'path'; pathStyleFor: ('ip' | 'localhost')[] } };
  auth: {
    default: 'v4' | 'v1';
    schemes: {
      id: 'v4' | 'v1';
      algorithm: string;
      product?: string;
      secretPrefix?: string;
      scopeTerminator?: string;
      dateHeader: string;
      payloadHashHeader?: string;
      payloadHash?: string;
      maxClockSkewSeconds: number;
      presign?: PresignDef;
    }[];
    signedSubresources: string[];
  };
  retry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number; retryableStatuses: number[]; honorRetryAfter: boolean };
  protocol: ProtocolDef;
  limits: {
    objectKey: { minBytes: number; maxBytes: number; forbiddenPrefixes: string[]; error: string };
    objectSize: { maxBytes: number; error: string };
    userMetadata: { maxTotalBytes: number; namePattern: string };
    tagging: { maxTags: number; maxKeyLength: number; maxValueLength: number; charPattern: string };
  };
  objectTypes?: { name: string; doc: Text }[];
  notes?: { id: string; title: Text; doc: Text }[];
  decisions?: { topic: Text; choice: Text; reason: Text }[];
  members: Record<string, MemberDef>;
  operations: OperationDef[];
  errors: ErrorDef[];
  examples?: { id: string; operation: string; title: Text; input: Values }[];
  tests: {
    credentials: Credentials;
    requests: RequestVectorDef[];
    presigned?: PresignVectorDef[];
    responses: ResponseVectorDef[];
    scenarios: ScenarioDef[];
  };
}

export function isMemberRef(entry: MemberEntry): entry is MemberRef {
  return 'use' in entry;
}

/** The environment variables the samples read for their settings (model `service.settingsEnv`). */
export interface SettingsEnv {
  endpoint: string;
  region: string;
  bucket: string;
  key: string;
  file: string;
}

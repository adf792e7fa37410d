/**
 * The shapes the C templates print (the view model), one interface per kind of thing. Every name, type,
 * declaration and order in them is decided by the builders beside this file, from the IR alone.
 */

/** The client's own error kinds (not the service's), each a constant of the error enum. */
export type ClientErrorKey = 'unmodeled' | 'invalidInput' | 'transport' | 'timeout' | 'integrity' | 'protocol' | 'io' | 'noMemory';

export interface CDecl {
  /** C type text, ending where the name starts (`const char *`, `int64_t `). */
  type: string;
  name: string;
}

export interface CField {
  doc: string;
  required: boolean;
  decls: CDecl[];
}

export interface CEnum {
  tag: string;
  typeName: string;
  unsetName: string;
  lastName: string;
  validFn: string;
  stringFn: string;
  doc: string;
  values: { cName: string; value: string }[];
}

/** One input member as the build function uses it; the flags say which lines apply. */
export interface CInput {
  name: string;
  header: string;
  queryName: string;
  prefix: string;
  minimum: number;
  sizeBase: string;
  unsetName: string;
  validFn: string;
  stringFn: string;
  setTest: string;
  isQueryInt: boolean;
  isQueryString: boolean;
  isString: boolean;
  isEnum: boolean;
  isBool: boolean;
  isMap: boolean;
  isBody: boolean;
  isTagging: boolean;
  rejectLater: boolean;
}

export interface COutput {
  name: string;
  header: string;
  prefix: string;
  required: boolean;
  isInt: boolean;
  isUnsigned: boolean;
  isString: boolean;
  isMap: boolean;
  isBody: boolean;
}

export interface COperation {
  name: string;
  summary: string;
  doc: string;
  fn: string;
  /** The function that sends the request once: fn itself, except for an append (fn adds the recovery). */
  exchangeFn: string;
  freeFn: string;
  buildFn: string;
  /** The public function that presigns this operation's request (emitted only when the model has both presigned forms). */
  presignFn: string;
  parseFn: string;
  requestType: string;
  requestTag: string;
  resultType: string;
  resultTag: string;
  method: string;
  isHead: 0 | 1;
  idempotent: 0 | 1;
  isAppend: boolean;
  crcField: string;
  nextPositionField: string;
  bucketField: string;
  keyField: string;
  positionField: string;
  flags: string[];
  requestFields: CField[];
  resultFields: CField[];
  inputs: CInput[];
  outputs: COutput[];
}

/** A statement that sets one request field in a generated test. */
export interface CAssignment {
  field: string;
  /** A C expression built here from numbers and generated names (never from model text). */
  literal: string;
  string: string;
  length: number;
  pairs: { name: string; value: string }[];
  isLiteral: boolean;
  isString: boolean;
  isBody: boolean;
  isMap: boolean;
}

/** One check of a generated test; the flags say which macro prints it. */
export interface CCheck {
  what: string;
  /** `result` or `error`: the struct the check reads. */
  target: string;
  field: string;
  /** Metadata entry name (model text, printed with cstr). */
  key: string;
  literal: string;
  string: string;
  length: number;
  isI64: boolean;
  isU64: boolean;
  isString: boolean;
  isMetadata: boolean;
  isBody: boolean;
  isCount: boolean;
}

export interface CCall {
  label: string;
  fn: string;
  buildFn: string;
  presignFn: string;
  parseFn: string;
  requestType: string;
  resultType: string;
  freeFn: string;
  assignments: CAssignment[];
  isError: boolean;
  errorEnum: string;
  errorStatus: number;
  checks: CCheck[];
  /** Append calls continue the scenario's CRC-64 and have the client check it. */
  isAppend: boolean;
  positionField: string;
  crcField: string;
}

export interface CViewModel {
  p: string;
  P: string;
  guard: string;
  internalGuard: string;
  title: string;
  summary: string;
  version: string;
  license: string;
  clientType: string;
  accessKeyIdEnv: string;
  accessKeySecretEnv: string;
  securityTokenEnv: string;
  securityTokenHeader: string;
  defaultRegion: string;
  defaultTimeoutMs: number;
  retryBaseDelayMs: number;
  maxAttempts: number;
  endpointTemplate: string;
  /** The endpoint template with the default region in it (the README's example). */
  defaultEndpoint: string;
  endpoint: { beforeRegion: string; afterRegion: string; pathStyleForIp: 0 | 1; pathStyleForLocalhost: 0 | 1 };
  errors: { code: string; enumName: string; status: number; retryable: boolean; retryableFlag: 0 | 1; doc: string }[];
  clientErrors: Record<ClientErrorKey, string>;
  clientErrorList: { enumName: string; text: string }[];
  statusErrors: { status: number; enumName: string }[];
  /** The CRC of "123456789" under the model's CRC-64 (unsigned decimal), which the runtime checks is its own. */
  crc64Check: string;
  /** What V4 signs: headers with the prefix, and these (lower case). */
  signing: { signedHeaderPrefix: string; signedHeaders: string[] };
  /** The error document (ir.protocol.errorBody) and the headers an error answer carries. */
  errorBody: {
    /** The root's opening tag, whose presence makes a body an error document. */
    rootTag: string;
    code: string;
    message: string;
    requestId: string;
    hostId: string;
    ec: string;
    bodylessHeader: string;
    requestIdHeader: string;
    errorCodeHeader: string;
    /** The statuses the model itself names a code for (shared by several errors), highest first, for the README. */
    chosenStatuses: { status: number; code: string }[];
    /** A status several errors share with no code chosen, and one of its codes a client must not guess. */
    sharedStatus: number;
    unguessedCode: string;
  };
  errorFields: { doc: string; name: string; owned: boolean; decls: CDecl[] }[];
  errorsWithFields: {
    enumName: string;
    fields: { name: string; header: string; xml: string; isHeaderInt: boolean; isUnsigned: boolean; isHeaderString: boolean; isXmlString: boolean }[];
  }[];
  enums: CEnum[];
  authSchemes: { enumName: string; algorithm: string; value: number }[];
  defaultAuth: string;
  v4: {
    algorithm: string;
    product: string;
    dateHeader: string;
    payloadHashHeader: string;
    payloadHash: string;
    /** Put before the secret to derive the first signing key, and the scope's last part. */
    secretPrefix: string;
    scopeTerminator: string;
    enumName: string;
  };
  v1: { algorithm: string; dateHeader: string; enumName: string };
  /** The presigned forms (empty strings and hasPresign 0 when the model lacks them: no presign functions then). */
  hasPresign: boolean;
  /** What an expired presigned URL gets: its status and the error document's code and message elements. */
  presignExpired: { status: number; code: string; message: string };
  presign: {
    v4: { algorithm: string; credential: string; date: string; expires: string; signature: string; securityToken: string; payloadHash: string; maxExpiresSeconds: number };
    v1: { accessKeyId: string; expires: string; signature: string; securityToken: string };
  };
  signedSubresources: string[];
  retry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number; statuses: number[]; honorRetryAfter: 0 | 1 };
  limits: {
    keyMinBytes: number;
    keyMaxBytes: number;
    keyForbiddenPrefixes: string[];
    keyError: string;
    objectMaxBytes: number;
    objectSizeError: string;
    metadataMaxTotalBytes: number;
    metadataNamePattern: string;
    metadataNameChars: string;
    metadataError: string;
    taggingMaxTags: number;
    taggingMaxKeyLength: number;
    taggingMaxValueLength: number;
    taggingChars: string;
    taggingError: string;
    laterAppendError: string;
  };
  operations: COperation[];
  appender: Record<string, string>;
  tests: {
    accessKeyId: string;
    accessKeySecret: string;
    /** The model's presigned vectors. */
    presigned: { id: string; auth: string; region: string; endpoint: string; epochSeconds: number; securityToken: string; expiresSeconds: number; call: CCall; method: string; url: string; expiration: number }[];
    requests: {
      id: string;
      auth: string;
      region: string;
      endpoint: string;
      epochSeconds: number;
      call: CCall;
      method: string;
      host: string;
      path: string;
      query: string;
      headers: { name: string; value: string }[];
    }[];
    responses: { id: string; status: number; headers: { name: string; value: string }[]; body: string; bodyLength: number; call: CCall }[];
    /** `appends`: some step is an append (the scenario carries the CRC between them). */
    scenarios: { id: string; bucket: string; key: string; accessKeyId: string; accessKeySecret: string; auth: string; steps: CCall[]; appends: boolean }[];
    /** CRC-64/XZ of each scenario's successful appends, computed here independently of the C code. */
    crcVectors: { id: string; chunks: { string: string; length: number }[]; expected: string }[];
    /** Bodies of the error-parsing tests, built from the error document's element names. */
    errorDocs: {
      messageOpen: string;
      messageOpenLength: number;
      messageClose: string;
      messageCloseLength: number;
      codeNoise: string;
      codeNoiseLength: number;
      badReferences: string;
      notDocumentLabel: string;
      notFoundStatus: number;
    };
    /** Arguments that break one of the model's limits: refused with that error before anything is sent. */
    constraints: { id: string; fn: string; requestType: string; resultType: string; freeFn: string; assignments: CAssignment[]; errorEnum: string }[];
  };
  samples: {
    /** The variables the samples' settings fall back to (ir.service.settingsEnv), and them as a list for comments. */
    env: { endpoint: string; region: string; bucket: string; key: string; file: string };
    envList: string;
    /** Usage lines of the samples' one set of flags (emitters/sample-ids.ts). */
    usage: { memory: string; file: string; resume: string };
    /** The --signature default: the model's default scheme. */
    signature: string;
    bucket: string;
    key: string;
    body: string;
    bodyLength: number;
    contentType: string;
    metadataName: string;
    metadataValue: string;
    contentTypeField: string;
    metadataField: string;
    getFn: string;
    getRequestType: string;
    getResultType: string;
    getFreeFn: string;
    getBodyField: string;
  };
  /** Sample programs (examples/NAME.c), in the order the docs show them. */
  sampleBinaries: string[];
  files: { header: string; internalHeader: string; operations: string; runtime: string; runtimeConfig: string; test: string; pc: string; library: string };
  /** The static runtime (runtime/c, copied into src/): its objects and headers, for the build files. */
  staticRuntime: { objects: string[]; sources: string[]; headers: string[] };
}

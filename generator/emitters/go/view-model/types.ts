/**
 * The shape of what the Go templates see: one interface per printed thing (enum, field,
 * operation, error, test call, vector, scenario) and GoViewModel, the whole view. This file
 * decides nothing; the files beside it fill these shapes from the IR, each for one concern.
 */
import type { IrModel } from '../../../ir/types.js';
import type { PresignParts } from '../../presign.js';

export type GoKind = 'string' | 'enum' | 'int64' | 'uint64' | 'bool' | 'map' | 'blob';

export interface GoEnumValue {
  name: string;
  /** The name padded to the longest in its const block, as gofmt aligns it. */
  padded: string;
  value: string;
}

export interface GoEnum {
  typeName: string;
  doc: string;
  values: GoEnumValue[];
  valueNames: string[];
}

export interface GoField {
  id: string;
  name: string;
  goType: string;
  kind: GoKind;
  pointer: boolean;
  required: boolean;
  doc: string;
  header?: string;
  prefix?: string;
  queryName?: string;
  isHost: boolean;
  isPath: boolean;
  isQuery: boolean;
  isHeader: boolean;
  isHeaderMap: boolean;
  isBody: boolean;
  isContentLength: boolean;
  checkObjectKey: boolean;
  checkMetadata: boolean;
  checkTagging: boolean;
  checkEnum: boolean;
  checkRequired: boolean;
  hasMinimum: boolean;
  minimum: number;
  rejectAfterFirst: boolean;
  checkObjectSize: boolean;
  /** Go helper that writes an input member to the request (`setHeader`, `queryInt64`, ...). */
  setter: string;
  /** Go helper that reads an output member from the response headers. */
  getter: string;
  /** Go expression, over `in`, that is true when the caller set this member. */
  isSetExpr: string;
}

export interface GoOperation {
  name: string;
  method: string;
  /** The method that sends the request once: the exported method, except for the append (recovered around it). */
  implName: string;
  inputType: string;
  outputType: string;
  docLines: string;
  inputDoc: string;
  outputDoc: string;
  httpMethod: string;
  flags: string[];
  input: GoField[];
  output: GoField[];
  hostField: string;
  pathField: string;
  hasBody: boolean;
  bodyField: string;
  hasOutputBody: boolean;
  outputBodyField: string;
  /** Appends are never resent blindly; the Appender recovers them. */
  isAppend: boolean;
  positionField: string;
  /** Output field with the whole-object CRC-64, checked on full reads and appends. */
  hasCrcOutput: boolean;
  crcOutputField: string;
  rangeCheck: boolean;
  rangeField: string;
  /** Statuses whose code is implied when the body carries none (HEAD). */
  statusFallbacks: { status: number; code: string }[];
  /** Append answer headers that must be present: the next position and the CRC-64. */
  nextPositionHeader: string;
  crcHeader: string;
  /** HEAD: an answer with neither the next position nor a length is a protocol error. */
  lengthCheck: { nextField: string; nextHeader: string; lengthHeader: string } | false;
}

export interface GoErrorFieldView {
  name: string;
  goType: string;
  kind: 'string' | 'int64' | 'uint64' | 'bool';
  doc: string;
  fromHeader: boolean;
  header: string;
  xml: string;
  /** Go helper that parses the field's text. */
  parser: string;
}

export interface GoErrorView {
  code: string;
  message: string;
  typeName: string;
  status: number;
  retryable: boolean;
  doc: string;
  fields: GoErrorFieldView[];
  hasFields: boolean;
}

export interface GoAssign {
  field: string;
  expr: string;
}

export interface GoCheck {
  fn: 'check' | 'checkPtr' | 'checkMap' | 'checkBody';
  label: string;
  got: string;
  want: string;
}

export interface GoErrorExpect {
  typeName: string;
  checks: GoCheck[];
}

export interface GoCall {
  method: string;
  inputType: string;
  assigns: GoAssign[];
  isError: boolean;
  captureOutput: boolean;
  outputChecks: GoCheck[];
  /** The streamed result body that no check reads, which the test closes (empty when none). */
  closeBody: string;
  /** The input uses strings.NewReader. */
  usesStrings: boolean;
  error?: GoErrorExpect;
}

export interface GoPresignVector {
  id: string;
  doc: string;
  signature: string;
  region: string;
  endpoint: string;
  epochSeconds: number;
  securityToken: string;
  expiresSeconds: number;
  call: GoCall;
  method: string;
  /** The whole URL the client must produce. */
  url: string;
  expirationUnix: number;
}

export interface GoRequestVector {
  id: string;
  doc: string;
  signature: string;
  region: string;
  endpoint: string;
  epochSeconds: number;
  call: GoCall;
  method: string;
  host: string;
  path: string;
  query: string;
  headers: { name: string; value: string }[];
}

export interface GoResponseVector {
  id: string;
  status: number;
  headers: { name: string; value: string }[];
  body: string;
  call: GoCall;
}

export interface GoScenario {
  id: string;
  doc: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** The signature the cassette was recorded with (`v4`, `v1`). */
  auth: string;
  steps: (GoCall & { index: number; name: string; stepName: string })[];
}

export interface GoViewModel {
  modulePath: string;
  packageName: string;
  goVersion: string;
  version: string;
  title: string;
  summary: string;
  packageDoc: string;
  clientType: string;
  env: { accessKeyId: string; accessKeySecret: string; securityToken: string };
  securityTokenHeader: string;
  defaultRegion: string;
  timeoutMs: number;
  endpointTemplate: string;
  pathStyleForIP: boolean;
  pathStyleForLocalhost: boolean;
  defaultSignature: string;
  /** The model's default scheme id (`v4`), as the samples' -signature flag spells it. */
  defaultSignatureName: string;
  v4: { algorithm: string; product: string; secretPrefix: string; scopeTerminator: string; dateHeader: string; payloadHashHeader: string; payloadHash: string };
  /** The schemes' query-string forms (presigned URLs), when the model has both; absent, no Presign methods. */
  presign?: PresignParts;
  /** The model's presigned vectors, as the presign tests print them. */
  presignVectors: GoPresignVector[];
  /** The append position's query parameter, the error-document texts an expired URL carries (presign tests). */
  presignPositionParam: string;
  presignExpiredCode: string;
  presignExpiredMessage: string;
  v1: { algorithm: string; dateHeader: string };
  signedSubresources: string[];
  retry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number; statuses: number[]; honorRetryAfter: boolean };
  limits: IrModel['limits'] & { objectKeyErrorType: string; objectSizeErrorType: string };
  enums: GoEnum[];
  /** Imports of types.go: io only when some member is streamed. */
  typesImports: string[];
  operations: GoOperation[];
  errors: GoErrorView[];
  retryableCodes: string[];
  /** A status the model retries, for the retry test (503 when the model retries it). */
  retryStatus: number;
  appender: {
    appendMethod: string;
    appendOnce: string;
    appendInput: string;
    appendOutput: string;
    headMethod: string;
    headInput: string;
    positionField: string;
    nextPositionField: string;
    crcField: string;
    headLengthField: string;
    headNextPositionField: string;
    headCrcField: string;
    headTypeField: string;
    appendableConst: string;
    notFoundError: string;
    positionError: string;
    /** The error for an object of another type (not appendable). */
    wrongTypeError: string;
    positionErrorField: string;
    bucketField: string;
    keyField: string;
    bodyField: string;
    /** Members that describe one request's body (Content-MD5), never copied to an appended chunk. */
    perChunk: string[];
    headBucketField: string;
    headKeyField: string;
    headRequestIDField: string;
    wrongTypeCode: string;
    positionErrorCode: string;
    contentTypeField: string;
    metadataField: string;
    headContentTypeField: string;
    headMetadataField: string;
  };
  /** The operation that reads an object's content (GetObject), for read-backs in tests. */
  reader: { method: string; input: string; bucketField: string; keyField: string; bodyField: string; rangeField: string; contentRangeField: string;
    /** The range-behavior field and the Go expression of its strict value (protocol.range), when modeled. */
    strictRange?: { field: string; value: string; header: string; strict: string };
  };
  /** Other reads the simulator test calls under both signatures (appender.ts otherReadsView). */
  otherReads: {
    metas: { method: string; input: string; bucketField: string; keyField: string; nextField: string; nextPointer: boolean }[];
    overrides: { field: string; outField: string; value: string }[];
    hasOverrides: boolean;
    any: boolean;
  };
  /** A retryable error code (InternalError), for fault injection in simulator tests. */
  retryCode: string;
  /** Protocol facts (ir.protocol): header and error-element names, the object-type value, the CRC polynomial. */
  wire: GoWire;
  /** Wire texts the generated tests send, built from `wire`. */
  testWire: GoTestWire;
  /** Environment variables the samples read besides the credentials. */
  sampleEnv: { endpoint: string; region: string; bucket: string; key: string; file: string };
  /** The samples' usage lines (emitters/sample-ids.ts). */
  usage: { memory: string; file: string; resume: string };
  tests: {
    accessKeyId: string;
    accessKeySecret: string;
    requests: GoRequestVector[];
    responses: GoResponseVector[];
    scenarios: GoScenario[];
  };
  example: { bucket: string; key: string; body: string; contentType: string; metadata: { key: string; value: string }[] };
  vectorImports: string[];
  scenarioImports: string[];
  /** First-append-only members the service refuses later, with a value to try. */
  rejectedLater: { name: string; value: string }[];
  crcVectors: { label: string; data: string; crc: string }[];
}

export interface GoWire {
  /** Lower-case header names. */
  requestIdHeader: string;
  errorCodeHeader: string;
  bodylessErrorHeader: string;
  nextPositionHeader: string;
  crcHeader: string;
  objectTypeHeader: string;
  /** The object-type value of an object that can be appended to. */
  appendableValue: string;
  /** Error document: the root element and the child elements the client reads. */
  errorRoot: string;
  codeElement: string;
  messageElement: string;
  requestIdElement: string;
  hostIdElement: string;
  ecElement: string;
  /** Prefix of the headers V4 signs (and the request vectors compare). */
  signedHeaderPrefix: string;
  /** The other headers V4 signs when present (lower case, in reverse order: as the client has always listed them). */
  signedHeaders: string[];
  /** The reflected CRC-64 polynomial as a Go hex literal (what hash/crc64.MakeTable takes). */
  crcPolynomial: string;
}

/** Wire texts of the generated tests: error documents and raw HTTP answers. */
export interface GoTestWire {
  /** `<Error><Code>…</Code></Error>` for the fake service's answers. */
  rangeErrorDoc: string;
  serverErrorDoc: string;
  wrongTypeErrorDoc: string;
  positionErrorDoc: string;
  /** `<Error>` and `<Error><Code>`: the start of an error document. */
  errorOpen: string;
  errorCodeOpen: string;
  /** `<Message><a`: an unclosed message element. */
  messageOpen: string;
  drippedHeaders: string;
  drippedErrorBody: string;
  typeHeaders: string;
  endlessErrorHead: string;
  /** A tolerant-parsing document and the code, message and request id it must give. */
  tolerantDoc: string;
  tolerantCode: string;
  notAnErrorDocument: string;
  truncatedError: string;
  truncatedSuccess: string;
  truncatedHeaders: string;
}

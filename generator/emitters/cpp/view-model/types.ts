/** The C++ view model's shapes: what the templates print (index.ts and tests.ts decide each from the IR). */
import type { CViewModel } from '../../c-core.js';

export interface CppEnum {
  typeName: string;
  cType: string;
  cUnset: string;
  doc: string;
  values: { name: string; cName: string; value: string }[];
}

export interface CppOperation {
  name: string;
  summary: string;
  doc: string;
  method: string;
  presignMethod: string;
  requestType: string;
  resultType: string;
  cFn: string;
  cFreeFn: string;
  cPresignFn: string;
  cBuildFn: string;
  cParseFn: string;
  cRequestType: string;
  cResultType: string;
  requestFields: { decl: string; doc: string }[];
  resultFields: { decl: string; doc: string }[];
  toC: string[];
  fromC: string[];
  hasBody: boolean;
  isAppend: boolean;
}

export interface CppErrorField {
  accessor: string;
  type: string;
  fromC: string;
  doc: string;
}

export interface CppViewModel {
  ns: string;
  p: string;
  P: string;
  guard: string;
  title: string;
  summary: string;
  version: string;
  license: string;
  clientType: string;
  c: CViewModel;
  enums: CppEnum[];
  operations: CppOperation[];
  errors: {
    className: string;
    enumName: string;
    code: string;
    status: number;
    retryable: boolean;
    doc: string;
    fields: CppErrorField[];
  }[];
  errorFields: CppErrorField[];
  clientErrors: CViewModel['clientErrors'];
  appender: {
    opName: string;
    appendMethod: string;
    appendRequest: string;
    getMethod: string;
    presignGetMethod: string;
    getRequest: string;
    headMethod: string;
    headRequest: string;
    bucket: string;
    key: string;
    position: string;
    body: string;
    getBody: string;
    nextPosition: string;
    crc: string;
    headNextPosition: string;
    positionError: string;
    notAppendable: string;
    noSuchKey: string;
    noSuchBucket: string;
  };
  defaultRegion: string;
  credentialEnv: { id: string; secret: string; token: string };
  samples: CViewModel['samples'] & {
    contentTypeField: string;
    metadataField: string;
  };
  tests: CppTests;
  files: {
    header: string;
    internalHeader: string;
    source: string;
    pc: string;
    config: string;
    cHeader: string;
    cCore: string;
  };
  coreSources: string[];
  sampleBinaries: string[];
}

export interface CppCall {
  label: string;
  method: string;
  presignMethod: string;
  requestType: string;
  resultType: string;
  cBuildFn: string;
  cParseFn: string;
  cRequestType: string;
  cResultType: string;
  cFreeFn: string;
  assignments: string[];
  isError: boolean;
  errorClass: string;
  errorStatus: number;
  checks: string[];
  isAppend: boolean;
  position: string;
  crc: string;
}

export interface CppTests {
  accessKeyId: string;
  accessKeySecret: string;
  requests: {
    id: string;
    auth: string;
    region: string;
    endpoint: string;
    epochSeconds: number;
    call: CppCall;
    method: string;
    host: string;
    path: string;
    query: string;
    headers: { name: string; value: string }[];
  }[];
  presigned: {
    id: string;
    auth: string;
    region: string;
    endpoint: string;
    epochSeconds: number;
    securityToken: string;
    expiresSeconds: number;
    call: CppCall;
    method: string;
    url: string;
    expiration: number;
  }[];
  responses: {
    id: string;
    status: number;
    headers: { name: string; value: string }[];
    body: string;
    bodyLength: number;
    call: CppCall;
  }[];
  scenarios: {
    id: string;
    index: number;
    accessKeyId: string;
    accessKeySecret: string;
    auth: string;
    steps: CppCall[];
    appends: boolean;
  }[];
}

/**
 * The shape of what the Java templates see. This file decides nothing; the files beside it fill
 * these shapes from the IR. Java statements and expressions that differ by a member's kind (how
 * it is written to a request, read from an answer, checked, or given in a test) are decided there
 * and reach the templates as text, so the templates stay logic-free.
 */
export type JavaKind = 'string' | 'enum' | 'int64' | 'uint64' | 'bool' | 'map' | 'blob';

export interface JavaField {
  id: string;
  name: string;
  javaType: string;
  kind: JavaKind;
  required: boolean;
  doc: string;
  isBlob: boolean;
  isMap: boolean;
  /** `= new TreeMap<>()` and the like; empty when the field starts null. */
  initializer: string;
  /** The setter's statement (a map is copied). */
  assign: string;
  /** Java statement writing the member to `headers` or `query` from `request`; empty for bucket, key and body. */
  write: string;
  /** Java statements that check the member before sending. */
  checks: string[];
  /** Java expression reading the member from `response` (a result field). */
  read: string;
  /** Java expression over the field that is true when it is set (`true` for a primitive). */
  present: string;
  /** The field in a result's toString (a body is left out). */
  shown: boolean;
}

export interface JavaEnum {
  typeName: string;
  doc: string;
  values: { name: string; value: string }[];
}

export interface JavaOperation {
  name: string;
  method: string;
  /** The method that sends once: `appendObjectOnce` for the append (the public method recovers around it), else the method. */
  implName: string;
  /** `presign` + the method name (generated only when the model has presigned URLs). */
  presignMethod: string;
  inputType: string;
  outputType: string;
  summary: string;
  doc: string;
  httpMethod: string;
  flags: string[];
  input: JavaField[];
  output: JavaField[];
  bucketField: string;
  keyField: string;
  hasBody: boolean;
  bodyField: string;
  hasOutputBody: boolean;
  outputBodyField: string;
  isAppend: boolean;
  /** The request's position expression for the object-size check: `request.position()` or `0`. */
  sizeBase: string;
  positionField: string;
  nextPositionHeader: string;
  crcHeader: string;
  /** The CRC-64 the body's bytes continue, and whether the one after them is known (then checked). */
  crcInit: string;
  crcKnown: string;
  /** Output field with the whole-object CRC-64. */
  hasCrcOutput: boolean;
  crcOutputField: string;
  /** A CRC check of a download only without a Range. */
  rangeCheck: boolean;
  rangeField: string;
  /** HEAD: an answer with neither of these headers has no usable length. */
  lengthCheck: { nextHeader: string; lengthHeader: string } | false;
  /** Arguments of the result's constructor, from `response` (and `body` for a streamed result). */
  resultArgs: string;
  /** For the append: the arguments of a result built by the appender from a read-back (`next`, `crc`). */
  landedArgs: string;
  imports: { request: string[]; result: string[] };
}

export interface JavaErrorField {
  name: string;
  javaType: string;
  doc: string;
  read: string;
}

export interface JavaError {
  code: string;
  className: string;
  status: number;
  retryable: boolean;
  doc: string;
  fields: JavaErrorField[];
  /** `, Long nextAppendPosition` */
  params: string;
  /** `, nextAppendPosition` */
  args: string;
  /** `, Wire.parseLong(details.header("…"))` */
  reads: string;
}

export interface JavaCheck {
  label: string;
  want: string;
  got: string;
  /** `check` for values, `checkBody` for a streamed body. */
  fn: string;
}

export interface JavaCall {
  method: string;
  inputType: string;
  outputType: string;
  assigns: string[];
  isError: boolean;
  errorType: string;
  checks: JavaCheck[];
  /** A streamed body the test must close. */
  closes: boolean;
}

export interface JavaRequestVector {
  id: string;
  testName: string;
  doc: string;
  signature: string;
  region: string;
  endpoint: string;
  epochSeconds: number;
  call: JavaCall;
  method: string;
  host: string;
  path: string;
  query: string;
  headers: { name: string; value: string }[];
}

export interface JavaResponseVector {
  id: string;
  testName: string;
  status: number;
  headers: { name: string; value: string }[];
  body: string;
  call: JavaCall;
}

export interface JavaScenario {
  id: string;
  testName: string;
  doc: string;
  /** The SignatureVersion constant the scenario's client signs with. */
  signature: 'V4' | 'V1';
  accessKeyId: string;
  accessKeySecret: string;
  steps: (JavaCall & { stepName: string })[];
}

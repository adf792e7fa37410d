/** What the sample programs (templates/c/examples) use: the model's example values and the operations they call. */
import type { IrModel } from '../../../ir/types.js';
import { memberOf } from './operations.js';
import type { CAppendView } from './protocol.js';
import { utf8Length } from './text.js';
import type { CViewModel } from './types.js';

export function buildSamples(ir: IrModel, append: CAppendView): CViewModel['samples'] {
  const { protocol, appendOp, getVm, appender } = append;
  const example = ir.examples.find((e) => e.operation === appendOp.name) ?? ir.examples[0];
  const exampleValue = (id: string): unknown => example?.input.find((v) => v.member.id === id)?.value;
  const exampleMeta = Object.entries((exampleValue('metadata') as Record<string, string> | undefined) ?? {})[0] ?? ['source', 'ossgen'];
  const sampleBody = String(exampleValue(protocol.body.id) ?? 'hello\n');
  return {
    bucket: String(exampleValue('bucket') ?? 'examplebucket'),
    key: String(exampleValue('key') ?? 'logs/app.log'),
    body: sampleBody,
    bodyLength: utf8Length(sampleBody),
    contentType: String(exampleValue('contentType') ?? 'text/plain'),
    metadataName: exampleMeta[0],
    metadataValue: String(exampleMeta[1]),
    contentTypeField: memberOf(appendOp, 'contentType', 'input').names.c,
    metadataField: memberOf(appendOp, 'metadata', 'input').names.c,
    getFn: getVm.fn,
    getRequestType: getVm.requestType,
    getResultType: getVm.resultType,
    getFreeFn: getVm.freeFn,
    getBodyField: appender.getBodyField!,
  };
}

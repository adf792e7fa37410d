/** What the sample programs (templates/c/examples) use: the model's example values and the operations they call. */
import type { IrModel } from '../../../ir/types.js';
import type { CAppendView } from './protocol.js';
import { utf8Length } from './text.js';
import type { CViewModel } from './types.js';
import { sampleUsages } from '../../sample-ids.js';

export function buildSamples(ir: IrModel, append: CAppendView): CViewModel['samples'] {
  const { protocol, appendOp, getVm, appender } = append;
  // The append's Content-Type header (HTTP's, not the service's) and its user-metadata map, found by role.
  const contentType = appendOp.input.find((m) => m.location === 'header' && m.headerLower === 'content-type');
  const metadata = appendOp.input.find((m) => m.type === 'map');
  if (!contentType || !metadata) throw new Error(`C emitter: the samples set ${appendOp.name}'s Content-Type and user metadata`);
  const example = ir.examples.find((e) => e.operation === appendOp.name) ?? ir.examples[0];
  const exampleValue = (id: string): unknown => example?.input.find((v) => v.member.id === id)?.value;
  const exampleMeta = Object.entries((exampleValue(metadata.id) as Record<string, string> | undefined) ?? {})[0] ?? ['source', 'ossgen'];
  const sampleBody = String(exampleValue(protocol.body.id) ?? 'hello\n');
  const env = ir.service.settingsEnv;
  return {
    env,
    envList: [env.endpoint, env.region, env.bucket, env.key, env.file].join(', '),
    usage: sampleUsages(),
    signature: ir.auth.default,
    bucket: String(exampleValue(protocol.bucket.id) ?? 'examplebucket'),
    key: String(exampleValue(protocol.key.id) ?? 'logs/app.log'),
    body: sampleBody,
    bodyLength: utf8Length(sampleBody),
    contentType: String(exampleValue(contentType.id) ?? 'text/plain'),
    metadataName: exampleMeta[0],
    metadataValue: String(exampleMeta[1]),
    contentTypeField: contentType.names.c,
    metadataField: metadata.names.c,
    getFn: getVm.fn,
    getRequestType: getVm.requestType,
    getResultType: getVm.resultType,
    getFreeFn: getVm.freeFn,
    getBodyField: appender.getBodyField!,
  };
}

/**
 * Operations as Python client methods and models: each one's method, request and result
 * dataclasses (fields, annotations, defaults), the spec the runtime sends it by, its errors as
 * classes, the extra parameters of the append (the previous CRC) and of streamed reads (a sink),
 * and the imports the models module needs.
 */
import type { IrModel, IrOperation } from '../../../ir/types.js';
import { pyTuple } from './literals.js';
import { inputAnnotation, outputAnnotation, requiredFirst, specArgs } from './members.js';

export function operationsView(ir: IrModel) {
  const errorByCode = new Map(ir.errors.map((e) => [e.code, e]));
  const ap = ir.protocol.append;
  return ir.operations.map((op: IrOperation) => {
    const inputs = requiredFirst(op.input).map((m) => ({
      attr: m.names.py,
      annotation: inputAnnotation(m),
      defaultValue: m.required ? '' : 'None',
      doc: m.doc.en,
    }));
    const outputs = requiredFirst(op.output).map((m) => ({
      attr: m.names.py,
      annotation: outputAnnotation(m),
      defaultValue: m.required && m.type !== 'map' ? '' : m.type === 'map' ? 'field(default_factory=dict)' : 'None',
      doc: m.doc.en,
    }));
    return {
      name: op.name,
      method: op.names.py,
      requestClass: op.names.input.py,
      resultClass: op.names.output.py,
      summary: op.summary.en,
      doc: op.doc.en,
      httpMethod: op.http.method,
      flagsTuple: pyTuple(op.http.flags),
      errorsTuple: pyTuple(op.errors),
      errorClasses: op.errors.map((c) => errorByCode.get(c)?.names.py ?? 'ServiceError'),
      isAppend: op.append !== undefined,
      hasSink: op.outputBody !== undefined,
      sinkBodyAttr: op.outputBody?.names.py ?? '',
      extraParams: op.append ? ', previous_crc: int | None = None' : op.outputBody ? ', sink: Writable | None = None' : '',
      invokeArgs: op.append ? ', previous_crc=previous_crc' : op.outputBody ? ', sink=sink' : '',
      append:
        ap && op === ap.operation ? { position: ap.position.names.py, nextPosition: ap.nextPosition.names.py, crc: ap.crc.names.py } : undefined,
      inputs,
      outputs,
      specInputs: op.input.map((m) => ({ specArgs: specArgs(m) })),
      specOutputs: op.output.map((m) => ({ specArgs: specArgs(m) })),
    };
  });
}

/** The models module's imports: `field` only for map outputs, Literal only for enum inputs. */
export function modelImports(ir: IrModel): string[] {
  const usesLiteral = ir.operations.some((op) => op.input.some((m) => m.enum));
  const usesField = ir.operations.some((op) => op.output.some((m) => m.type === 'map'));
  return [
    `from dataclasses import dataclass${usesField ? ', field' : ''}`,
    ...(usesLiteral ? ['from typing import Literal'] : []),
    '',
    'from ._body import BodyLike',
  ];
}

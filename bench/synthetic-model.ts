/**
 * A synthetic model with N operations, derived from model/oss.yaml: the bundled operations stay, and
 * copies of the non-append ones (HeadObject, GetObject, PutObject, DeleteObject) are added under new
 * names until there are N. Each copy gets its own query flag, so no two operations share a request line.
 * Used to show how generation time grows with the number of operations.
 */
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';

interface Operation {
  name: string;
  http: { method: string; path: string; query?: Array<Record<string, unknown>> };
  append?: unknown;
  [field: string]: unknown;
}

/** How many operations the model at `modelPath` has: the smallest synthetic model. */
export function bundledOperationCount(modelPath: string): number {
  return (parse(readFileSync(modelPath, 'utf8')) as { operations: Operation[] }).operations.length;
}

export function syntheticModel(modelPath: string, operationCount: number): string {
  const model = parse(readFileSync(modelPath, 'utf8')) as { operations: Operation[] };
  const bundled = model.operations;
  const templates = bundled.filter((op) => op.append === undefined);
  // Fewer would drop operations that the model's scenarios and examples call, and the model would not load.
  if (operationCount < bundled.length) throw new Error(`a synthetic model has at least the ${bundled.length} bundled operations, not ${operationCount}`);
  const copies: Operation[] = [];
  for (let i = 0; bundled.length + copies.length < operationCount; i++) {
    const source = templates[i % templates.length]!;
    const copy = structuredClone(source);
    const n = Math.floor(i / templates.length) + 1;
    copy.name = `${source.name}Copy${n}`;
    copy.http = { ...copy.http, query: [...(copy.http.query ?? []), { name: `copy${n}`, flag: true }] };
    copies.push(copy);
  }
  model.operations = [...bundled, ...copies];
  return stringify(model, { lineWidth: 0 });
}

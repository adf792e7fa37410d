/**
 * Plays the model's scenarios (`ir.tests.scenarios`) with hand-built, V4-signed requests that
 * follow docs/wire-contract.md, and checks every step against the expectation written in the
 * model. `recordScenarios` plays each one through the recording proxy in front of a fresh
 * simulator with a fixed clock, so test/fixtures/recordings/<scenario-id>.json is known-correct
 * and byte-identical on every run.
 *
 *   npm run record            # re-record every cassette
 *   tsx generator/mock/scenario-runner.ts --out DIR [--scenario ID]
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { IrModel, IrScenario, IrScenarioStep, IrValue } from '../ir/types.js';
import { DEFAULT_FIXTURES_DIR, loadDefaultIr, startMock } from './index.js';
import { send, xmlField, type RawRequest, type RawResponse } from './raw-client.js';
import { signingStrings, type QueryParam } from './signing.js';

/** The simulator's clock while recording: fixed, so dates in the cassettes never change. */
export const RECORDING_CLOCK = Date.parse('2026-11-22T08:00:00Z');

/** How a model value is written on the wire (booleans as true/false, integers in decimal). */
function wireText(value: unknown): string {
  return typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value);
}

/**
 * The request an operation call sends, built from the operation's HTTP binding in the IR: the
 * bucket and key, the query flags and parameters, each header member under its header name,
 * user metadata as `x-oss-meta-<name>`, and the body (an empty one for writes without a body).
 */
export function operationRequest(ir: IrModel, operation: string, input: IrValue[], credentials: { accessKeyId: string; accessKeySecret: string }): RawRequest {
  const op = ir.operations.find((o) => o.name === operation);
  if (!op) throw new Error(`unknown operation ${operation}`);
  const query: QueryParam[] = op.http.flags.map((name) => ({ name }));
  const headers: Record<string, string> = {};
  let bucket = '';
  let key: string | undefined;
  let body: string | undefined;
  for (const { member, value } of input) {
    switch (member.location) {
      case 'host':
        bucket = String(value);
        break;
      case 'path':
        key = String(value);
        break;
      case 'query':
        query.push({ name: member.queryName ?? member.id, value: wireText(value) });
        break;
      case 'header':
        headers[member.headerLower!] = wireText(value);
        break;
      case 'header-map':
        for (const [name, v] of Object.entries(value as Record<string, string>)) headers[`${member.prefix}${name.toLowerCase()}`] = v;
        break;
      case 'body':
        body = String(value);
        break;
    }
  }
  if (body === undefined && op.inputBody) body = '';
  return {
    method: op.http.method,
    bucket,
    ...(key !== undefined ? { key } : {}),
    query,
    headers,
    ...(body !== undefined ? { body } : {}),
    credentials,
    region: ir.service.defaults.region,
    signedSubresources: ir.auth.signedSubresources,
    signing: signingStrings(ir),
  };
}

/** The request a scenario step sends (the IR already binds the scenario's bucket and key into its input). */
export function stepRequest(ir: IrModel, scenario: IrScenario, step: IrScenarioStep): RawRequest {
  return { ...operationRequest(ir, step.call, step.input, scenario.credentials), auth: scenario.auth };
}

/** Every way a response differs from the step's expectation (empty when it meets it). */
export function checkStep(ir: IrModel, step: IrScenarioStep, res: RawResponse): string[] {
  const problems: string[] = [];
  const { elements, bodylessHeader } = ir.protocol.errorBody;
  const element = (name: string) => xmlField(res, name, bodylessHeader);
  const expectValue = (what: string, expected: string, got: string | undefined) => {
    if (got !== expected) problems.push(`${what}: expected ${JSON.stringify(expected)}, got ${got === undefined ? '(absent)' : JSON.stringify(got)}`);
  };
  const checkOutput = (v: IrValue) => {
    const m = v.member;
    if (m.location === 'header') expectValue(m.header!, wireText(v.value), res.headers[m.headerLower!]);
    else if (m.location === 'header-map') {
      for (const [name, value] of Object.entries(v.value as Record<string, string>)) expectValue(`${m.prefix}${name}`, value, res.headers[`${m.prefix}${name}`]);
    } else if (m.location === 'body') expectValue('body', String(v.value), res.body.toString('utf8'));
  };
  if (step.expect.kind === 'output') {
    if (res.status < 200 || res.status > 299) problems.push(`status: expected success, got ${res.status} ${element(elements.code) ?? ''}`.trim());
    for (const v of step.expect.output) checkOutput(v);
  } else {
    const e = step.expect.error;
    expectValue('status', String(e.status), String(res.status));
    // A body-less answer without the error document (304) is known by its status, as the clients read it.
    const byStatus = ir.protocol.statusCodes.find((sc) => sc.status === res.status)?.error.code;
    expectValue(elements.code, e.code, element(elements.code) ?? byStatus);
    for (const [name, want] of [[elements.ec, e.ec], [elements.requestId, e.requestId], [elements.hostId, e.hostId]] as const) {
      if (want !== undefined) expectValue(name ?? '(no element)', want, name ? element(name) : undefined);
    }
    for (const { field, value } of e.fields) {
      if (field.headerLower) expectValue(field.header!, wireText(value), res.headers[field.headerLower]);
      else if (field.xml) expectValue(field.xml, wireText(value), element(field.xml));
    }
  }
  return problems;
}

export interface PlayOptions {
  /** Signing time in epoch ms (default: now). */
  time?: number;
}

/** Plays one scenario against `baseUrl`; throws with every unmet expectation. */
export async function playScenario(baseUrl: string, ir: IrModel, scenario: IrScenario, options: PlayOptions = {}): Promise<void> {
  for (const step of scenario.steps) {
    const req = stepRequest(ir, scenario, step);
    const res = await send(baseUrl, { ...req, time: options.time ?? Date.now() });
    const problems = checkStep(ir, step, res);
    if (problems.length > 0) {
      const detail = res.status >= 400 ? ` (${xmlField(res, ir.protocol.errorBody.elements.message, ir.protocol.errorBody.bodylessHeader) ?? ''})` : '';
      throw new Error(`scenario ${scenario.id}, step ${step.index + 1} (${step.call}): ${problems.join('; ')}${detail}`);
    }
  }
}

/** Records each scenario (or the ones named) into `outDir/<id>.json` through the recording proxy. */
export async function recordScenarios(outDir: string = DEFAULT_FIXTURES_DIR, only?: string[], ir?: IrModel): Promise<string[]> {
  const model = ir ?? (await loadDefaultIr());
  const written: string[] = [];
  for (const scenario of model.tests.scenarios) {
    if (only && only.length > 0 && !only.includes(scenario.id)) continue;
    const sim = await startMock({ mode: 'sim', ir: model, clock: () => RECORDING_CLOCK, buckets: [...new Set(['examplebucket', scenario.bucket])] });
    const file = resolve(outDir, `${scenario.id}.json`);
    const recorder = await startMock({
      mode: 'record',
      ir: model,
      recordFile: file,
      upstream: sim.url,
      scenario: scenario.id,
      provenance: {
        upstream: 'ossgen simulator (gen mock --sim)',
        clock: new Date(RECORDING_CLOCK).toISOString(),
        model: model.source,
        modelVersion: model.service.version,
        tool: 'ossgen scenario runner (generator/mock/scenario-runner.ts) through gen mock --record',
      },
    });
    try {
      await playScenario(recorder.url, model, scenario, { time: RECORDING_CLOCK });
    } finally {
      await recorder.close();
      await sim.close();
    }
    written.push(file);
  }
  return written;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' }, scenario: { type: 'string', multiple: true } } });
  const files = await recordScenarios(values.out ? resolve(values.out) : DEFAULT_FIXTURES_DIR, values.scenario);
  for (const f of files) process.stdout.write(`recorded ${f}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`record: ${(err as Error).message}\n`);
    process.exitCode = 1;
  });
}

/**
 * The docs' view model: everything a docs template prints, decided here from the IR (order,
 * anchors, links, which columns exist, the words of each language). Templates only print it,
 * through the escaping helpers of helpers.ts.
 *
 * Anchors are the same in both languages and in the Markdown and HTML pages (they come from
 * header names and error codes, never from translated text), so a link checker and the
 * translation test can compare the two languages page by page.
 */
import { STATUS_CODES } from 'node:http';
import type { IrError, IrMember, IrModel, IrOperation, IrRequestVector, IrResponseVector } from '../../ir/types.js';
import { DOC_LANGUAGES, LABELS, type DocLanguage, type Labels } from './labels.js';
import type { LanguageSamples } from '../types.js';
import { codeFence, escapeHtml, markdownProse } from './helpers.js';
import { presignParts } from '../presign.js';
import { withoutHeader } from '../../render/header.js';

/** The vector shown as the raw REST example. */
export const REST_VECTOR_ID = 'append-first-v4';

export const GUIDE_FILE = 'append-upload.md';
export const CLI_FILE = 'cli.md';

/** The CLI's task commands as typed (runtime/cli/tasks.go), in the order of `labels.cliTasks`. */
const CLI_TASK_COMMANDS = [
  'append LOCAL {scheme}://BUCKET/KEY',
  'stat {scheme}://BUCKET/KEY',
  'cat [--range 0-99] {scheme}://BUCKET/KEY',
  'rm {scheme}://BUCKET/KEY',
  'presign [--expires 1h] {scheme}://BUCKET/KEY',
  'config',
  'completion bash|zsh',
];
export const HTML_FILE = 'index.html';
export const INDEX_FILE = 'index.md';

/** A link target, as written from a Markdown page of a given folder and from the language's HTML page. */
export interface Link {
  md: string;
  html: string;
}

export interface CodeSampleView {
  id: string;
  title: string;
  anchor: string;
  /** Shown above the block: the file's path under out/, or the vector id. */
  caption: string;
  /** Relative link from a language folder's Markdown page to the file (empty for the REST block). */
  href: string;
  /** Project-relative path of the file (data attribute of the HTML block; empty for REST). */
  sourcePath: string;
  fence: string;
  info: string;
  content: string;
  /** The REST tab's signed request (its caption names the clock and the credentials). */
  isRequest: boolean;
  /** A REST response's caption: what its headers mean (empty for files and the request). */
  intro: string;
  headerNotes: { name: string; doc: string }[];
}

export interface SampleTabView {
  key: string;
  name: string;
  tabId: string;
  panelId: string;
  selected: boolean;
  samples: CodeSampleView[];
}

export interface RestView {
  vectorId: string;
  doc: string;
  time: string;
  accessKeyId: string;
  accessKeySecret: string;
}

export interface RuleView {
  object: string;
  position: string;
  outcome: string;
  outcomeIsError: boolean;
  outcomeLink: Link;
  doc: string;
}

export interface FirstAppendView {
  header: string;
  later: string;
  link: Link;
}

export interface LimitView {
  anchor: string;
  name: string;
  values: string[];
  note: string;
  error: string;
  errorLink: Link;
  hasError: boolean;
}

export interface PermissionView {
  operation: string;
  operationLink: Link;
  actions: { action: string; whenHeader: string; conditional: boolean }[];
}

export interface ErrorFieldView {
  name: string;
  source: string;
  doc: string;
}

export interface ErrorView {
  anchor: string;
  code: string;
  status: number;
  retryable: string;
  doc: string;
  remedy: string;
  message: string;
  fields: ErrorFieldView[];
  hasFields: boolean;
  operations: { name: string; link: Link }[];
}

export interface DecisionView {
  topic: string;
  choice: string;
  reason: string;
}

export interface GuideView {
  title: string;
  anchor: string;
  /** The guide's sections, for a table of contents. */
  sections: { anchor: string; title: string }[];
  operation: string;
  operationLink: Link;
  purpose: string[];
  /** Model notes: what to know before relying on appends. */
  notes: { anchor: string; title: string; doc: string }[];
  /** Background: the object types (model objectTypes), with the header that reports them. */
  objectTypes: { name: string; doc: string }[];
  objectTypeHeader: string;
  rules: RuleView[];
  firstAppendOnly: FirstAppendView[];
  limits: LimitView[];
  permissions: PermissionView[];
  /** The presigned forms of the auth schemes, when the model has both (model auth.schemes[].presign). */
  presign: { intro: string; expired: string; expiredLink: Link; rows: { scheme: string; parameter: string; meaning: string }[] } | null;
  /** The TypeScript package's fetch entry (browsers, Deno, Bun), when the model has the append protocol. */
  browser: { intro: string } | null;
  errors: ErrorView[];
  decisions: DecisionView[];
  tabs: SampleTabView[];
  rest: RestView;
}

export interface MemberRowView {
  anchor: string;
  name: string;
  location: string;
  type: string;
  required: string;
  values: string[];
  firstAppendOnly: string;
  doc: string;
}

export interface OperationView {
  name: string;
  anchor: string;
  /** Markdown file, relative to the language folder. */
  file: string;
  link: Link;
  summary: string;
  doc: string;
  requestLine: string;
  host: string;
  pathStyleFor: string[];
  permissions: PermissionView['actions'];
  parameters: MemberRowView[];
  query: MemberRowView[];
  hasQuery: boolean;
  headers: MemberRowView[];
  hasHeaders: boolean;
  showFirstAppendOnly: boolean;
  body: string;
  hasBody: boolean;
  responseHeaders: MemberRowView[];
  hasResponseHeaders: boolean;
  responseBody: string;
  hasResponseBody: boolean;
  errors: ErrorView[];
  constraints: LimitView[];
}

/** The command-line tool's page, when the CLI is among the generated languages. */
export interface CliPageView {
  title: string;
  intro: string;
  tasks: { command: string; doc: string }[];
  operationsIntro: string;
  operations: { name: string; synopsis: string; summary: string; flags: { flag: string; doc: string; required: boolean }[] }[];
  settings: string;
  exitCodes: string;
  samplesLink: string;
}

export interface LanguageView {
  lang: DocLanguage;
  labels: Labels;
  /** The labels' texts escaped once for the pages (`{{labelsHtml.x}}` is `{{h labels.x}}`, `{{labelsMd.x}}` `{{md labels.x}}`). */
  labelsHtml: Record<string, string>;
  labelsMd: Record<string, string>;
  /** The other language: its name and its folder, relative to this language's folder. */
  other: { name: string; dir: string };
  title: string;
  summary: string;
  version: string;
  guide: GuideView | null;
  hasGuide: boolean;
  cli: CliPageView | null;
  hasCli: boolean;
  cliFile: string;
  guideFile: string;
  htmlFile: string;
  indexFile: string;
  operations: OperationView[];
}

export interface SiteView {
  languages: LanguageView[];
  title: string;
  indexFile: string;
}

/**
 * Every text label escaped by `escape`, once per page set: the templates print labels in every table row (two per
 * cell of the HTML tables), each a helper call when escaped there.
 */
function escapedLabels(labels: Labels, escape: (text: string) => string): Record<string, string> {
  const escaped: Record<string, string> = {};
  for (const [key, value] of Object.entries(labels)) if (typeof value === 'string') escaped[key] = escape(value);
  return escaped;
}

/** Anchors: lower-case words joined with `-`, unique within the site (the HTML page holds everything). */
class Anchors {
  private readonly used = new Map<string, string>();
  private readonly taken = new Set<string>();
  get(...parts: string[]): string {
    return this.keyed(parts.join('\u0000'), ...parts);
  }
  /** An id made of `parts`, the same for every call with the same `key`. */
  keyed(key: string, ...parts: string[]): string {
    const known = this.used.get(key);
    if (known) return known;
    const base =
      parts
        .join('-')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '') || 'section';
    let id = base;
    for (let n = 2; this.taken.has(id); n++) id = `${base}-${n}`;
    this.taken.add(id);
    this.used.set(key, id);
    return id;
  }
}

const MARKDOWN_FROM_GUIDE = '';
const MARKDOWN_FROM_REFERENCE = '../';

function formatBytes(bytes: number): string {
  const units: [number, string][] = [
    [1024 ** 3, 'GiB'],
    [1024 ** 2, 'MiB'],
    [1024, 'KiB'],
  ];
  for (const [size, unit] of units) if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  return '';
}

function memberHeaderName(member: IrMember): string {
  if (member.location === 'header-map') return `${member.prefix ?? ''}*`;
  if (member.location === 'query') return member.queryName ?? member.id;
  return member.header ?? member.id;
}

function memberType(member: IrMember): string {
  return member.format ? `${member.type} (${member.format})` : member.type;
}

function requestLine(op: IrOperation): string {
  const query = [
    ...op.http.flags,
    ...op.input.filter((m) => m.location === 'query').map((m) => `${m.queryName ?? m.id}={${m.id}}`),
  ];
  return `${op.http.method} ${op.http.path}${query.length ? `?${query.join('&')}` : ''}`;
}

/** The virtual-hosted Host of the endpoint template (`{bucket}.oss-{region}.aliyuncs.com`). */
function hostTemplate(ir: IrModel): string {
  const bucket = ir.protocol.append?.bucket;
  return `{${bucket?.id ?? 'bucket'}}.${ir.endpoint.template.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '')}`;
}

/** The raw HTTP request of a request vector, exactly as the vector expects it on the wire. */
export function renderRawRequest(vector: IrRequestVector): string {
  const target = `${vector.expect.path}${vector.expect.query ? `?${vector.expect.query}` : ''}`;
  const lines = [`${vector.expect.method} ${target} HTTP/1.1`, `Host: ${vector.expect.host}`];
  for (const header of vector.expect.headers) lines.push(`${header.name}: ${header.value}`);
  const body = vector.input.find((v) => v.member.location === 'body');
  const text = typeof body?.value === 'string' ? body.value : '';
  return `${lines.join('\n')}\n${text ? `\n${text}${text.endsWith('\n') ? '' : '\n'}` : ''}`;
}

/** The raw HTTP response of a response vector, as the wire carries it. */
export function renderRawResponse(vector: IrResponseVector): string {
  const lines = [`HTTP/1.1 ${vector.status} ${STATUS_CODES[vector.status] ?? ''}`.trimEnd()];
  for (const header of vector.headers) lines.push(`${header.name}: ${header.value}`);
  return `${lines.join('\n')}\n${vector.body ? `\n${vector.body}${vector.body.endsWith('\n') ? '' : '\n'}` : ''}`;
}

/**
 * The REST tab's responses: the first response vector of the append operation that succeeds and the
 * first that fails with the position error (the one every appender meets), when the model has them.
 */
export function restResponses(ir: IrModel): { vector: IrResponseVector; kind: 'ok' | 'error' }[] {
  const append = ir.protocol.append;
  if (!append) return [];
  const ofAppend = ir.tests.responses.filter((r) => r.operation === append.operation.name);
  const ok = ofAppend.find((r) => r.status < 300 && r.headers.some((h) => h.name.toLowerCase() === append.crc.headerLower));
  const error = ofAppend.find((r) => r.expect.kind === 'error' && r.expect.error.code === append.positionError.error.code && r.body !== '');
  return [...(ok ? [{ vector: ok, kind: 'ok' as const }] : []), ...(error ? [{ vector: error, kind: 'error' as const }] : [])];
}

export function restVector(ir: IrModel): IrRequestVector | undefined {
  return ir.tests.requests.find((r) => r.id === REST_VECTOR_ID);
}

/** Builds the whole site's view: both languages, the guide, every operation page, the sample tabs. */
export function buildSiteView(ir: IrModel, samples: readonly LanguageSamples[]): SiteView {
  const anchors = new Anchors();
  const appendOp = ir.protocol.append?.operation;
  // The word for an appendable object's type, as the model's object-type header says it.
  const appendableType = ir.protocol.append?.objectType?.appendable ?? 'appendable';
  const errorByCode = new Map(ir.errors.map((e) => [e.code, e]));
  // An error's sections link every operation that returns it, in every operation's page: by name, not by a search
  // of the operations each time (cubic in the operations otherwise). The first operation of a name, as find() gave.
  const opByName = new Map<string, IrOperation>();
  for (const op of ir.operations) if (!opByName.has(op.name)) opByName.set(op.name, op);
  const opFile = (op: IrOperation) => `reference/${op.names.kebab.replace(/[^a-z0-9-]+/g, '-')}.md`;
  const opAnchor = (op: IrOperation) => anchors.get('op', op.names.kebab);
  const guideAnchor = anchors.get('guide');

  const languages = DOC_LANGUAGES.map((lang): LanguageView => {
    const L = LABELS[lang];
    const t = (text: { en: string; zh: string }) => text[lang];
    const otherLang = DOC_LANGUAGES.find((l) => l !== lang) ?? lang;
    const opLink = (op: IrOperation, from: string): Link => ({ md: `${from}${opFile(op)}`, html: `#${opAnchor(op)}` });
    const opLinkByName = (name: string, from: string): Link => {
      const op = opByName.get(name);
      return op ? opLink(op, from) : { md: '', html: '' };
    };
    /** An error's section in the guide, from the guide itself. */
    const guideErrorLink = (code: string): Link => {
      const id = anchors.get('error', code);
      return { md: `#${id}`, html: `#${id}` };
    };

    // The operations returning an error, linked from `from`: one list per error and `from`, which every page
    // describing the error shares (rebuilt for each, it was a list of all operations per operation and error).
    const operationsOfError = new Map<IrError, Map<string, ErrorView['operations']>>();
    const errorOperations = (error: IrError, from: string): ErrorView['operations'] => {
      const byFrom = operationsOfError.get(error) ?? new Map<string, ErrorView['operations']>();
      operationsOfError.set(error, byFrom);
      let list = byFrom.get(from);
      if (!list) {
        list = error.operations.map((name) => ({ name, link: opLinkByName(name, from) }));
        byFrom.set(from, list);
      }
      return list;
    };

    const errorView = (error: IrError, anchor: string, from: string): ErrorView => ({
      anchor,
      code: error.code,
      status: error.status,
      retryable: error.retryable ? L.yes : L.no,
      doc: t(error.doc),
      remedy: t(error.remedy),
      message: error.message,
      fields: error.fields.map((f) => ({ name: f.names.model, source: f.header ?? f.xml ?? '', doc: t(f.doc) })),
      hasFields: error.fields.length > 0,
      operations: errorOperations(error, from),
    });

    const limitRows = (prefix: string, op: IrOperation | undefined, errorLink: (code: string) => Link): LimitView[] => {
      const limits = ir.limits;
      const rows: LimitView[] = [];
      const add = (id: string, name: string, values: string[], note: string, error: string) =>
        rows.push({ anchor: anchors.get(prefix, 'limit', id), name, values, note, error, errorLink: errorLink(error), hasError: error !== '' });
      const inputs = op ? op.input : ir.operations.flatMap((o) => o.input);
      const hasKey = inputs.some((m) => m.location === 'path');
      const hasBody = op ? Boolean(op.inputBody) : true;
      const hasMetadata = inputs.some((m) => m.location === 'header-map');
      const hasTagging = inputs.some((m) => m.format === 'tagging');
      if (hasKey) {
        add('key-bytes', L.limitNames.keyBytes, [`${limits.objectKey.minBytes}–${limits.objectKey.maxBytes}`], '', limits.objectKey.error);
        add('key-prefixes', L.limitNames.keyForbiddenPrefixes, limits.objectKey.forbiddenPrefixes, '', limits.objectKey.error);
      }
      if (hasBody) add('size', L.limitNames.sizeMaxBytes, [String(limits.objectSize.maxBytes)], formatBytes(limits.objectSize.maxBytes), limits.objectSize.error);
      if (hasMetadata) {
        add('metadata-bytes', L.limitNames.metadataMaxTotalBytes, [String(limits.userMetadata.maxTotalBytes)], formatBytes(limits.userMetadata.maxTotalBytes), '');
        add('metadata-names', L.limitNames.metadataNamePattern, [limits.userMetadata.namePattern], '', '');
      }
      if (hasTagging) {
        add('tags', L.limitNames.taggingMaxTags, [String(limits.tagging.maxTags)], '', '');
        add('tag-key', L.limitNames.taggingMaxKeyLength, [String(limits.tagging.maxKeyLength)], '', '');
        add('tag-value', L.limitNames.taggingMaxValueLength, [String(limits.tagging.maxValueLength)], '', '');
        add('tag-chars', L.limitNames.taggingCharPattern, [limits.tagging.charPattern], '', '');
      }
      for (const m of op ? op.input : []) {
        if (m.minimum !== undefined) add(`min-${m.id}`, L.limitNames.minimum.replace('{name}', memberHeaderName(m)), [String(m.minimum)], '', '');
      }
      return rows;
    };

    const permissionActions = (op: IrOperation) =>
      op.permissions.map((p) => {
        const member = p.when ? op.input.find((m) => m.id === p.when) : undefined;
        const whenHeader = p.when ? (member ? memberHeaderName(member) : p.when) : '';
        return { action: p.action, whenHeader, conditional: whenHeader !== '' };
      });

    let guide: GuideView | null = null;
    if (appendOp?.append) {
      const append = appendOp.append;
      const from = MARKDOWN_FROM_GUIDE;
      const refHeader = (member: IrMember): Link => {
        const id = anchors.get(appendOp.names.kebab, 'req', memberHeaderName(member));
        return { md: `${from}${opFile(appendOp)}#${id}`, html: `#${id}` };
      };
      const tabs: SampleTabView[] = samples.map(({ language, samples: languageSamples }, index) => ({
        key: language.name,
        name: language.displayName,
        tabId: anchors.get('tab', language.name),
        panelId: anchors.get('panel', language.name),
        selected: index === 0,
        samples: languageSamples.map((sample) => ({
          id: sample.id,
          title: L.sampleTitles[sample.id] ?? sample.id,
          anchor: anchors.keyed(`sample\u0000${language.name}\u0000${sample.path}`, 'sample', language.name, sample.id),
          caption: `out/${language.outDir}/${sample.path}`,
          href: encodeURI(`../../${language.outDir}/${sample.path}`),
          sourcePath: `out/${language.outDir}/${sample.path}`,
          // Readers copy the block: it is the tested file minus the generated-file header.
          fence: codeFence(withoutHeader(sample.content, ir.source)),
          info: language.fence ?? '',
          content: withoutHeader(sample.content, ir.source),
          isRequest: false,
          intro: '',
          headerNotes: [],
        })),
      }));
      const vector = restVector(ir);
      let rest: RestView = { vectorId: '', doc: '', time: '', accessKeyId: '', accessKeySecret: '' };
      if (vector) {
        const content = renderRawRequest(vector);
        rest = { vectorId: vector.id, doc: t(vector.doc), time: vector.time, ...ir.tests.credentials };
        tabs.push({
          key: 'rest',
          name: L.restTab,
          tabId: anchors.get('tab', 'rest'),
          panelId: anchors.get('panel', 'rest'),
          selected: tabs.length === 0,
          samples: [
            {
              id: 'raw-rest',
              title: L.restTitle,
              anchor: anchors.get('sample', 'rest', vector.id),
              caption: vector.id,
              href: '',
              sourcePath: '',
              fence: codeFence(content),
              info: 'http',
              content,
              isRequest: true,
              intro: '',
              headerNotes: [],
            },
            ...restResponses(ir).map(({ vector: response, kind }) => {
              const raw = renderRawResponse(response);
              const members = kind === 'ok' ? [append.nextPosition, append.crc].map((id) => appendOp.output.find((m) => m.id === id)) : [];
              const error = kind === 'error' ? ir.errors.find((e) => response.expect.kind === 'error' && e.code === response.expect.error.code) : undefined;
              const notes =
                kind === 'ok'
                  ? members.flatMap((m) => (m ? [{ name: memberHeaderName(m), doc: t(m.doc) }] : []))
                  : (error?.fields ?? []).filter((f) => f.header).map((f) => ({ name: f.header!, doc: t(f.doc) }));
              return {
                id: `raw-${kind === 'ok' ? 'response' : 'error'}`,
                title: kind === 'ok' ? L.restResponseTitle : L.restErrorTitle,
                anchor: anchors.get('sample', 'rest', response.id),
                caption: response.id,
                href: '',
                sourcePath: '',
                fence: codeFence(raw),
                info: 'http',
                content: raw,
                isRequest: false,
                intro: kind === 'ok' ? L.restResponseIntro : L.restErrorIntro,
                headerNotes: notes,
              };
            }),
          ],
        });
      }
      const presign = presignParts(ir);
      guide = {
        title: L.guideTitle,
        anchor: guideAnchor,
        sections: [
          { anchor: `${guideAnchor}-purpose`, title: L.purposeTitle },
          ...(ir.notes.length ? [{ anchor: `${guideAnchor}-notes`, title: L.notesTitle }] : []),
          { anchor: `${guideAnchor}-position`, title: L.positionTitle },
          { anchor: `${guideAnchor}-limits`, title: L.limitsTitle },
          { anchor: `${guideAnchor}-permissions`, title: L.permissionsTitle },
          ...(presign ? [{ anchor: `${guideAnchor}-presign`, title: L.presignTitle }] : []),
          { anchor: `${guideAnchor}-browser`, title: L.browserTitle },
          { anchor: `${guideAnchor}-samples`, title: L.samplesTitle },
          { anchor: `${guideAnchor}-errors`, title: L.errorsTitle },
          { anchor: `${guideAnchor}-decisions`, title: L.decisionsTitle },
        ],
        operation: appendOp.name,
        operationLink: opLink(appendOp, from),
        purpose: [t(ir.service.summary), t(appendOp.doc)],
        notes: ir.notes.map((n) => ({ anchor: anchors.get('note', n.id), title: t(n.title), doc: t(n.doc) })),
        objectTypes: ir.objectTypes.map((o) => ({ name: o.name, doc: t(o.doc) })),
        objectTypeHeader: ir.protocol.append?.objectType ? memberHeaderName(ir.protocol.append.objectType.member) : '',
        rules: append.rules.map((rule) => {
          const isError = rule.outcome !== 'create' && rule.outcome !== 'append';
          return {
            object: L.objectStates[rule.object].replace('{appendable}', appendableType),
            position: L.positionKinds[rule.position],
            outcome: rule.outcome === 'create' ? L.outcomeCreate : rule.outcome === 'append' ? L.outcomeAppend : rule.outcome,
            outcomeIsError: isError,
            outcomeLink: isError ? guideErrorLink(rule.outcome) : { md: '', html: '' },
            doc: t(rule.doc),
          };
        }),
        firstAppendOnly: append.firstAppendOnly.flatMap((entry) => {
          const member = appendOp.input.find((m) => m.id === entry.member);
          if (!member) return [];
          return [{ header: memberHeaderName(member), later: entry.later === 'reject' ? L.laterReject : L.laterIgnore, link: refHeader(member) }];
        }),
        limits: limitRows('guide', undefined, (code) => (errorByCode.has(code) ? guideErrorLink(code) : { md: '', html: '' })),
        permissions: ir.operations.map((op) => ({ operation: op.name, operationLink: opLink(op, from), actions: permissionActions(op) })),
        presign: presign
          ? {
              intro: L.presignIntro.replace('{max}', String(presign.v4.maxExpiresSeconds)).replace('{hash}', presign.v4.payloadHash),
              expired: L.presignExpired.replace('{code}', presign.expired.error.code).replace('{message}', presign.expired.message),
              expiredLink: guideErrorLink(presign.expired.error.code),
              rows: ir.auth.schemes.flatMap((scheme) =>
                Object.entries(scheme.presign?.parameters ?? {}).map(([role, parameter]) => ({
                  scheme: scheme.algorithm,
                  parameter,
                  meaning: L.presignRoles[(role === 'expires' && scheme.id === 'v1' ? 'expiresV1' : role) as keyof typeof L.presignRoles],
                })),
              ),
            }
          : null,
        browser: {
          intro: L.browserIntro
            .replace('{package}', ir.service.packages.npm)
            .replace('{client}', `Fetch${ir.service.clientNames.ts}`)
            .replace(
              '{call}',
              `await new Fetch${ir.service.clientNames.ts}({ endpoint, bucket, credentials }).${appendOp.names.ts}({ ${ir.protocol.append!.key.names.ts}: 'log.txt', ${ir.protocol.append!.position.names.ts}: 0, ${ir.protocol.append!.body.names.ts}: file })`,
            )
            .replace('{headers}', ['ETag', ir.protocol.append!.nextPosition.headerLower, ir.protocol.append!.crc.headerLower, ir.protocol.headers.requestId].filter((h): h is string => Boolean(h)).map((h) => `\`${h}\``).join(', '))
            .replace('{readme}', `out/ts/README.md`),
        },
        errors: ir.errors.map((e) => errorView(e, anchors.get('error', e.code), from)),
        decisions: ir.decisions.map((d) => ({ topic: t(d.topic), choice: t(d.choice), reason: t(d.reason) })),
        tabs,
        rest,
      };
    }

    const operations = ir.operations.map((op): OperationView => {
      const from = MARKDOWN_FROM_REFERENCE;
      const kebab = op.names.kebab;
      const firstOnly = new Map((op.append?.firstAppendOnly ?? []).map((f) => [f.member, f.later]));
      const row = (member: IrMember, side: 'req' | 'resp'): MemberRowView => {
        const later = firstOnly.get(member.id);
        return {
          anchor: anchors.get(kebab, side, memberHeaderName(member)),
          name: memberHeaderName(member),
          location: side === 'resp' ? L.responseHeaderLocation : L.locations[member.location],
          type: memberType(member),
          required: member.required ? L.yes : L.no,
          values: [...(member.enum ?? []).map((e) => e.value), ...(member.minimum === undefined ? [] : [`≥ ${member.minimum}`])],
          firstAppendOnly: side === 'req' && later ? (later === 'reject' ? L.laterReject : L.laterIgnore) : '',
          doc: t(member.doc),
        };
      };
      const headers = op.input.filter((m) => m.location === 'header' || m.location === 'header-map').map((m) => row(m, 'req'));
      const query = op.input.filter((m) => m.location === 'query').map((m) => row(m, 'req'));
      const responseHeaders = op.output.filter((m) => m.location === 'header' || m.location === 'header-map').map((m) => row(m, 'resp'));
      const opErrorLink = (code: string): Link => {
        if (!op.errors.includes(code)) return { md: '', html: '' };
        const id = anchors.get(kebab, 'error', code);
        return { md: `#${id}`, html: `#${id}` };
      };
      return {
        name: op.name,
        anchor: opAnchor(op),
        file: opFile(op),
        link: opLink(op, ''),
        summary: t(op.summary),
        doc: t(op.doc),
        requestLine: requestLine(op),
        host: hostTemplate(ir),
        pathStyleFor: ir.endpoint.addressing.pathStyleFor,
        permissions: permissionActions(op),
        parameters: op.input.filter((m) => m.location === 'host' || m.location === 'path').map((m) => row(m, 'req')),
        query,
        hasQuery: query.length > 0,
        headers,
        hasHeaders: headers.length > 0,
        showFirstAppendOnly: firstOnly.size > 0,
        body: op.inputBody ? t(op.inputBody.doc) : '',
        hasBody: Boolean(op.inputBody),
        responseHeaders,
        hasResponseHeaders: responseHeaders.length > 0,
        responseBody: op.outputBody ? t(op.outputBody.doc) : '',
        hasResponseBody: Boolean(op.outputBody),
        errors: op.errors.flatMap((code) => {
          const error = errorByCode.get(code);
          return error ? [errorView(error, anchors.get(kebab, 'error', code), from)] : [];
        }),
        constraints: limitRows(kebab, op, opErrorLink),
      };
    });

    // The CLI's page: its commands are the IR's CLI names (`names.cli`), its program the Go package it is built on.
    const cliSamples = samples.find((s) => s.language.namer?.key === 'cli');
    const program = ir.service.packages.go.slice(ir.service.packages.go.lastIndexOf('/') + 1);
    const fill = (text: string) => text.replaceAll('{program}', program).replaceAll('{scheme}', ir.service.id);
    const cli: CliPageView | null = cliSamples
      ? {
          title: L.cliTitle,
          intro: fill(L.cliIntro),
          tasks: CLI_TASK_COMMANDS.map((command, i) => ({ command: `${program} ${fill(command)}`, doc: fill(L.cliTasks[i] ?? '') })),
          operationsIntro: fill(L.cliOperationsIntro),
          operations: ir.operations.map((op) => ({
            name: op.names.cli,
            synopsis: `${program} ${op.names.cli} [${ir.service.id}://BUCKET/KEY] [FLAGS]`,
            summary: t(op.summary),
            flags: op.input.map((m) => ({ flag: `--${m.names.cli}`, doc: t(m.doc), required: m.required })),
          })),
          settings: fill(L.cliSettings),
          exitCodes: L.cliExitCodes,
          samplesLink: `${GUIDE_FILE}#panel-${cliSamples.language.name}`,
        }
      : null;

    return {
      lang,
      labels: L,
      labelsHtml: escapedLabels(L, escapeHtml),
      labelsMd: escapedLabels(L, markdownProse),
      other: { name: LABELS[otherLang].languageName, dir: `../${otherLang}/` },
      title: t(ir.service.title),
      summary: t(ir.service.summary),
      version: ir.service.version,
      guide,
      hasGuide: guide !== null,
      cli,
      hasCli: cli !== null,
      cliFile: CLI_FILE,
      guideFile: GUIDE_FILE,
      htmlFile: HTML_FILE,
      indexFile: INDEX_FILE,
      operations,
    };
  });
  return { languages, title: ir.service.title.en, indexFile: INDEX_FILE };
}


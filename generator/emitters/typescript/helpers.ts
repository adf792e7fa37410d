/**
 * The small vocabulary the TypeScript emitter builds code with: ts-morph Structures for every
 * declaration (imports, interfaces, classes, functions, constants), and escaping helpers so a
 * hostile model string can never break out of a string literal or a doc comment.
 */
import { createRequire } from 'node:module';
import type {
  CodeBlockWriter,
  WriterFunction,
  ClassDeclarationStructure,
  ExportDeclarationStructure,
  FunctionDeclarationStructure,
  ImportDeclarationStructure,
  InterfaceDeclarationStructure,
  MethodDeclarationStructure,
  OptionalKind,
  ParameterDeclarationStructure,
  PropertyDeclarationStructure,
  PropertySignatureStructure,
  SourceFileStructure,
  StatementStructures,
  TypeAliasDeclarationStructure,
  VariableStatementStructure,
} from 'ts-morph';
import type { IrProtocol } from '../../ir/types.js';

// ts-morph (with the TypeScript compiler, several hundred ms to load) is required the first time the TypeScript
// emitter uses it, so `gen --lang go` and the other languages never load it; required, not imported, so Node does
// not scan it for named exports as an ESM import of a CommonJS module does.
let tsMorph: typeof import('ts-morph') | undefined;
function loadTsMorph(): typeof import('ts-morph') {
  tsMorph ??= createRequire(import.meta.url)('ts-morph') as typeof import('ts-morph');
  return tsMorph;
}
/** One of ts-morph's enums, looked up in ts-morph when first read. */
function lazyEnum<T extends object>(name: 'Scope' | 'StructureKind' | 'VariableDeclarationKind'): T {
  return new Proxy({} as T, { get: (_, key) => (loadTsMorph()[name] as Record<string | symbol, unknown>)[key] });
}
const Scope = lazyEnum<typeof import('ts-morph').Scope>('Scope');
const StructureKind = lazyEnum<typeof import('ts-morph').StructureKind>('StructureKind');
const VariableDeclarationKind = lazyEnum<typeof import('ts-morph').VariableDeclarationKind>('VariableDeclarationKind');
type Scope = import('ts-morph').Scope;
type StructureKind = import('ts-morph').StructureKind;

export { Scope, StructureKind };

/** A string literal for TypeScript source: JSON's escaping covers quotes, backslashes and newlines. */
export function str(value: string): string {
  // U+2028/2029 are legal in JSON but were line terminators in older JS; escape them anyway.
  return JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Text safe inside a template literal of generated code: no closing backtick, no `${`. */
export function templateText(value: string): string {
  return value.replace(/[`\\$]/g, '\\$&').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** An error document as the service writes it (model `protocol.errorBody`): its code, and its message when given. */
export function errorXml(errorBody: IrProtocol['errorBody'], code: string, message?: string): string {
  const tag = (name: string, text: string) => `<${name}>${text}</${name}>`;
  return tag(errorBody.root, tag(errorBody.elements.code, code) + (message === undefined ? '' : tag(errorBody.elements.message, message)));
}

/** `object.name` when `name` is an identifier, `object["name"]` otherwise. */
export function member(object: string, name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `${object}.${name}` : `${object}[${str(name)}]`;
}

/** Text safe inside a `/** … *\/` comment: no comment terminator, no stray TSDoc tags at line starts. */
export function docText(text: string): string {
  return text
    .replace(/\*\//g, '*\\/')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/^(\s*)@/, '$1\\@'))
    .join('\n')
    .trim();
}

export function docs(...paragraphs: (string | undefined)[]): { description: string }[] {
  const text = paragraphs.filter((p): p is string => !!p && p.trim().length > 0).map(docText).join('\n\n');
  return text ? [{ description: text }] : [];
}

/** A property name, quoted when it is not a plain identifier. */
export function propName(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : str(name);
}

export type Statement = string | WriterFunction | StatementStructures;

/** Code inside a block: a statement string or a writer. */
export type Code = string | WriterFunction;

function writeCode(writer: CodeBlockWriter, code: Code): void {
  if (typeof code === 'string') writer.write(code);
  else code(writer);
  writer.newLineIfLastNot();
}

/** `callee(args…, [async] () => { body });`: the shape of describe/it blocks and try-style helpers. */
export function callbackBlock(callee: string, args: string[], body: Code[], isAsync = false): WriterFunction {
  return (writer) => {
    writer.write(`${callee}(${[...args, `${isAsync ? 'async ' : ''}() =>`].join(', ')} `);
    writer.inlineBlock(() =>
      body.forEach((code, i) => {
        // Nested blocks (it inside describe) are set apart by a blank line.
        if (typeof code === 'function' && i > 0) writer.blankLineIfLastNot();
        writeCode(writer, code);
      }),
    );
    writer.write(');').newLine();
  };
}

export const describeBlock = (title: string, body: Code[], skipIf?: string): WriterFunction =>
  callbackBlock(skipIf ? `describe.skipIf(${skipIf})` : 'describe', [str(title)], body);

export const itBlock = (title: string, body: Code[]): WriterFunction => callbackBlock('it', [str(title)], body, true);

export const itSync = (title: string, body: Code[]): WriterFunction => callbackBlock('it', [str(title)], body);

/** A plain `{ … }` block statement (a scope for one step's constants). */
export function scope(comment: string, body: Code[]): WriterFunction {
  return (writer) => {
    writer.inlineBlock(() => {
      writer.writeLine(`// ${comment.replace(/[\r\n]+/g, ' ')}`);
      body.forEach((code) => writeCode(writer, code));
    });
    writer.newLine();
  };
}

/** `{ name: value, … }`, names quoted when they are not identifiers. */
export function objectLiteral(entries: [string, string][]): string {
  return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${propName(k)}: ${v}`).join(', ')} }`;
}

export function call(callee: string, args: string[]): string {
  return `${callee}(${args.join(', ')})`;
}

/** `expect(actual).matcher(expected);` */
export function expectThat(actual: string, matcher: string, expected?: string): string {
  return `expect(${actual}).${matcher}(${expected ?? ''});`;
}

export function constDecl(name: string, value: string): string {
  return `const ${name} = ${value};`;
}

export function importFrom(moduleSpecifier: string, names: string[], typeOnly = false): ImportDeclarationStructure {
  return { kind: StructureKind.ImportDeclaration, moduleSpecifier, namedImports: [...names].sort(), isTypeOnly: typeOnly };
}

export function importDefault(moduleSpecifier: string, name: string): ImportDeclarationStructure {
  return { kind: StructureKind.ImportDeclaration, moduleSpecifier, defaultImport: name };
}

export function exportAllFrom(moduleSpecifier: string): ExportDeclarationStructure {
  return { kind: StructureKind.ExportDeclaration, moduleSpecifier };
}

export interface Param {
  name: string;
  type?: string;
  optional?: boolean;
  initializer?: string;
}

function params(list: Param[]): OptionalKind<ParameterDeclarationStructure>[] {
  return list.map((p) => ({
    name: p.name,
    ...(p.type ? { type: p.type } : {}),
    ...(p.optional ? { hasQuestionToken: true } : {}),
    ...(p.initializer ? { initializer: p.initializer } : {}),
  }));
}

export interface FnSpec {
  name: string;
  doc?: string;
  exported?: boolean;
  async?: boolean;
  generator?: boolean;
  typeParameters?: string[];
  params?: Param[];
  returns?: string;
  body: string[];
}

export function fn(spec: FnSpec): FunctionDeclarationStructure {
  return {
    kind: StructureKind.Function,
    name: spec.name,
    isExported: spec.exported ?? true,
    isAsync: spec.async ?? false,
    isGenerator: spec.generator ?? false,
    docs: docs(spec.doc),
    ...(spec.typeParameters ? { typeParameters: spec.typeParameters } : {}),
    parameters: params(spec.params ?? []),
    ...(spec.returns ? { returnType: spec.returns } : {}),
    statements: spec.body,
  };
}

export interface PropSpec {
  name: string;
  type: string;
  doc?: string;
  optional?: boolean;
  readonly?: boolean;
}

export function iface(name: string, props: PropSpec[], doc?: string, extendsList: string[] = []): InterfaceDeclarationStructure {
  return {
    kind: StructureKind.Interface,
    name,
    isExported: true,
    docs: docs(doc),
    extends: extendsList,
    properties: props.map(
      (p): OptionalKind<PropertySignatureStructure> => ({
        name: propName(p.name),
        type: p.optional ? orUndefined(p.type) : p.type,
        hasQuestionToken: p.optional ?? false,
        isReadonly: p.readonly ?? false,
        docs: docs(p.doc),
      }),
    ),
  };
}

/** An optional property's type with `undefined` spelled out, so callers compiling with `exactOptionalPropertyTypes` can pass a value that may be undefined (`{ endpoint: process.env.X }`). */
export function orUndefined(type: string): string {
  if (/(^|\|)\s*undefined\s*(\||$)/.test(type)) return type;
  return `${type.includes('=>') ? `(${type})` : type} | undefined`;
}

export function typeAlias(name: string, type: string, doc?: string): TypeAliasDeclarationStructure {
  return { kind: StructureKind.TypeAlias, name, type, isExported: true, docs: docs(doc) };
}

export function constant(name: string, initializer: string, opts: { type?: string; doc?: string; exported?: boolean } = {}): VariableStatementStructure {
  return {
    kind: StructureKind.VariableStatement,
    declarationKind: VariableDeclarationKind.Const,
    isExported: opts.exported ?? true,
    docs: docs(opts.doc),
    declarations: [{ name, initializer, ...(opts.type ? { type: opts.type } : {}) }],
  };
}

export interface FieldSpec {
  name: string;
  type?: string;
  doc?: string;
  optional?: boolean;
  readonly?: boolean;
  scope?: Scope;
  isStatic?: boolean;
  initializer?: string;
  override?: boolean;
}

export interface MethodSpec {
  name: string;
  doc?: string;
  async?: boolean;
  scope?: Scope;
  isStatic?: boolean;
  params?: Param[];
  returns?: string;
  body: string[];
  override?: boolean;
}

export interface ClassSpec {
  name: string;
  doc?: string;
  extends?: string;
  fields?: FieldSpec[];
  ctor?: { params: (Param & { scope?: Scope; readonly?: boolean })[]; body: string[]; doc?: string };
  methods?: MethodSpec[];
}

export function method(m: MethodSpec): OptionalKind<MethodDeclarationStructure> {
  return {
    name: m.name,
    docs: docs(m.doc),
    isAsync: m.async ?? false,
    isStatic: m.isStatic ?? false,
    hasOverrideKeyword: m.override ?? false,
    ...(m.scope ? { scope: m.scope } : {}),
    parameters: params(m.params ?? []),
    ...(m.returns ? { returnType: m.returns } : {}),
    statements: m.body,
  };
}

export function cls(spec: ClassSpec): ClassDeclarationStructure {
  return {
    kind: StructureKind.Class,
    name: spec.name,
    isExported: true,
    docs: docs(spec.doc),
    ...(spec.extends ? { extends: spec.extends } : {}),
    properties: (spec.fields ?? []).map(
      (f): OptionalKind<PropertyDeclarationStructure> => ({
        // `#name` is an ECMAScript private field (emitter-chosen names only, never a model's).
        name: f.name.startsWith('#') ? f.name : propName(f.name),
        ...(f.type ? { type: f.optional ? orUndefined(f.type) : f.type } : {}),
        docs: docs(f.doc),
        hasQuestionToken: f.optional ?? false,
        isReadonly: f.readonly ?? false,
        isStatic: f.isStatic ?? false,
        hasOverrideKeyword: f.override ?? false,
        ...(f.scope ? { scope: f.scope } : {}),
        ...(f.initializer ? { initializer: f.initializer } : {}),
      }),
    ),
    ctors: spec.ctor
      ? [
          {
            docs: docs(spec.ctor.doc),
            parameters: spec.ctor.params.map((p) => ({
              name: p.name,
              ...(p.type ? { type: p.type } : {}),
              hasQuestionToken: p.optional ?? false,
              ...(p.initializer ? { initializer: p.initializer } : {}),
              ...(p.scope ? { scope: p.scope } : {}),
              isReadonly: p.readonly ?? false,
            })),
            statements: spec.ctor.body,
          },
        ]
      : [],
    methods: (spec.methods ?? []).map(method),
  };
}

/** ts-morph's own structure printer, as Project.createSourceFile runs it (ts-morph is pinned: package.json). */
interface StructurePrinting {
  createWriter(): { toString(): string };
  structurePrinterFactory: { forSourceFile(options: { isAmbient: boolean }): { printText(writer: unknown, structure: SourceFileStructure): void } };
}

/** Prints source files from structures; one in-memory project per emit. */
export class Printer {
  private readonly project = new (loadTsMorph().Project)({ useInMemoryFileSystem: true, skipFileDependencyResolution: true });

  /**
   * The text Project.createSourceFile(path, structure) would give, without its parsing the text into a syntax
   * tree that nothing here reads: the same writer and structure printer, called directly. Falls back to
   * createSourceFile where ts-morph's internals are not as expected.
   */
  private printStructure(path: string, structure: SourceFileStructure): string {
    const context = (this.project as unknown as { _context?: Partial<StructurePrinting> })._context;
    if (typeof context?.createWriter === 'function' && typeof context.structurePrinterFactory?.forSourceFile === 'function') {
      const writer = context.createWriter();
      context.structurePrinterFactory.forSourceFile({ isAmbient: path.endsWith('.d.ts') }).printText(writer, structure);
      return writer.toString();
    }
    const file = this.project.createSourceFile(path, structure, { overwrite: true });
    const text = file.getFullText();
    this.project.removeSourceFile(file);
    return text;
  }

  print(path: string, statements: Statement[], leadingDoc?: string): string {
    const structure: SourceFileStructure = { kind: StructureKind.SourceFile, statements: statements as SourceFileStructure['statements'] };
    const text = this.printStructure(path, structure);
    return leadingDoc ? `/**\n * ${docText(leadingDoc).split('\n').join('\n * ')}\n */\n${text}` : text;
  }
}

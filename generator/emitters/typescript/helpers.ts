/**
 * The small vocabulary the TypeScript emitter builds code with: structures (structure-printer.ts, the shapes
 * of ts-morph's Structures) for every declaration (imports, interfaces, classes, functions, constants), and escaping helpers so a
 * hostile model string can never break out of a string literal or a doc comment.
 */
import type { IrProtocol } from '../../ir/types.js';
import { isInlinePart } from './parts.js';
import {
  printSourceFile,
  Scope,
  StructureKind,
  VariableDeclarationKind,
  type ClassDeclarationStructure,
  type CodeBlockWriter,
  type ExportDeclarationStructure,
  type FunctionDeclarationStructure,
  type ImportDeclarationStructure,
  type InterfaceDeclarationStructure,
  type MethodDeclarationStructure,
  type ParameterDeclarationStructure,
  type PropertyDeclarationStructure,
  type PropertySignatureStructure,
  type Statement,
  type TypeAliasDeclarationStructure,
  type VariableStatementStructure,
  type WriterFunction,
} from './structure-printer.js';

export { Scope, StructureKind };
export type { Statement };

/** A string literal for TypeScript source: JSON's escaping covers quotes, backslashes and newlines. */
export function str(value: string): string {
  // U+2028/2029 are legal in JSON but were line terminators in older JS; escape them anyway.
  return JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * A JSON value as a one-line JavaScript literal in prettier's spacing (`{ a: 1, "b-c": ["x", 2] }`): strings
 * exactly as JSON.stringify writes them, keys unquoted where they are identifier names. Prettier prints the same
 * bytes for it as for JSON.stringify's text, and render/typescript-layout.ts can print it without prettier (it
 * takes only code already in prettier's spacing).
 */
export function jsLiteral(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : jsLiteral(v))).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    return `{ ${entries.map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${jsLiteral(v)}`).join(', ')} }`;
  }
  return JSON.stringify(value);
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
        if (typeof code === 'function' && i > 0 && !isInlinePart(code)) writer.blankLineIfLastNot();
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

function params(list: Param[]): ParameterDeclarationStructure[] {
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
  body: Code[];
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
      (p): PropertySignatureStructure => ({
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
  body: Code[];
  override?: boolean;
}

export interface ClassSpec {
  name: string;
  doc?: string;
  extends?: string;
  fields?: FieldSpec[];
  ctor?: { params: (Param & { scope?: Scope; readonly?: boolean })[]; body: Code[]; doc?: string };
  methods?: MethodSpec[];
}

export function method(m: MethodSpec): MethodDeclarationStructure {
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
      (f): PropertyDeclarationStructure => ({
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

/** Prints source files from structures (structure-printer.ts: ts-morph's printers, without ts-morph). */
export class Printer {
  /** `printSource`: another printer of a file's statements (test/typescript/structure-printer.test.ts compares with ts-morph's). */
  constructor(private readonly printSource: (path: string, statements: Statement[]) => string = (_path, statements) => printSourceFile(statements)) {}

  print(path: string, statements: Statement[], leadingDoc?: string): string {
    const text = this.printSource(path, statements);
    return leadingDoc ? `/**\n * ${docText(leadingDoc).split('\n').join('\n * ')}\n */\n${text}` : text;
  }
}

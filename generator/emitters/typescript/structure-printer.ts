/**
 * The TypeScript emitter's declarations as data (imports, interfaces, classes, functions, constants) and their
 * printer: the text ts-morph 28's structure printers give for the same structures (ClassDeclarationStructurePrinter
 * and the rest, with ts-morph's default manipulation settings: 4-space indents, LF, double quotes, spaces inside
 * braces), on the same writer (code-block-writer, the package ts-morph writes with), for the subset of structure
 * properties the emitter uses. It replaces ts-morph at generation time (issue #16): ts-morph loads the whole
 * TypeScript compiler (about 0.6 s and 70 MB in a cold process) only to run these few printers.
 * test/typescript/structure-printer.test.ts prints the emitter's structures of several models through ts-morph
 * too and requires the same text, so the generated files (which prettier formats next) keep their bytes.
 */
import CodeBlockWriter from 'code-block-writer';

export { CodeBlockWriter };
export type WriterFunction = (writer: CodeBlockWriter) => void;

/** ts-morph's Scope values (the strings it writes). */
export enum Scope {
  Public = 'public',
  Protected = 'protected',
  Private = 'private',
}

/** The structure kinds the emitter builds; the names of ts-morph's StructureKind members. */
export enum StructureKind {
  Class = 'Class',
  ExportDeclaration = 'ExportDeclaration',
  Function = 'Function',
  ImportDeclaration = 'ImportDeclaration',
  Interface = 'Interface',
  SourceFile = 'SourceFile',
  TypeAlias = 'TypeAlias',
  VariableStatement = 'VariableStatement',
}

export enum VariableDeclarationKind {
  Const = 'const',
  Let = 'let',
}

export interface JSDocStructure {
  description: string;
}

interface Modifiers {
  isExported?: boolean;
  scope?: Scope;
  isStatic?: boolean;
  hasOverrideKeyword?: boolean;
  isAsync?: boolean;
  isReadonly?: boolean;
}

export interface ParameterDeclarationStructure extends Modifiers {
  name: string;
  type?: string;
  hasQuestionToken?: boolean;
  initializer?: string;
}

type Body = (string | WriterFunction)[];

export interface FunctionDeclarationStructure extends Modifiers {
  kind: StructureKind.Function;
  name: string;
  isGenerator?: boolean;
  docs?: JSDocStructure[];
  typeParameters?: string[];
  parameters?: ParameterDeclarationStructure[];
  returnType?: string;
  statements?: Body;
}

export interface PropertySignatureStructure extends Modifiers {
  name: string;
  type?: string;
  hasQuestionToken?: boolean;
  docs?: JSDocStructure[];
}

export interface InterfaceDeclarationStructure extends Modifiers {
  kind: StructureKind.Interface;
  name: string;
  docs?: JSDocStructure[];
  extends?: string[];
  properties?: PropertySignatureStructure[];
}

export interface TypeAliasDeclarationStructure extends Modifiers {
  kind: StructureKind.TypeAlias;
  name: string;
  type: string;
  docs?: JSDocStructure[];
}

export interface VariableStatementStructure extends Modifiers {
  kind: StructureKind.VariableStatement;
  declarationKind: VariableDeclarationKind;
  docs?: JSDocStructure[];
  declarations: { name: string; type?: string; initializer?: string }[];
}

export interface ImportDeclarationStructure {
  kind: StructureKind.ImportDeclaration;
  moduleSpecifier: string;
  defaultImport?: string;
  namedImports?: string[];
  isTypeOnly?: boolean;
}

export interface ExportDeclarationStructure {
  kind: StructureKind.ExportDeclaration;
  moduleSpecifier?: string;
  namedExports?: string[];
  isTypeOnly?: boolean;
}

export interface PropertyDeclarationStructure extends Modifiers {
  name: string;
  type?: string;
  hasQuestionToken?: boolean;
  initializer?: string;
  docs?: JSDocStructure[];
}

export interface MethodDeclarationStructure extends Modifiers {
  name: string;
  isGenerator?: boolean;
  docs?: JSDocStructure[];
  parameters?: ParameterDeclarationStructure[];
  returnType?: string;
  statements?: Body;
}

export interface ConstructorDeclarationStructure extends Modifiers {
  docs?: JSDocStructure[];
  parameters?: ParameterDeclarationStructure[];
  statements?: Body;
}

export interface ClassDeclarationStructure extends Modifiers {
  kind: StructureKind.Class;
  name: string;
  docs?: JSDocStructure[];
  extends?: string;
  properties?: PropertyDeclarationStructure[];
  ctors?: ConstructorDeclarationStructure[];
  methods?: MethodDeclarationStructure[];
}

export type StatementStructures =
  | ClassDeclarationStructure
  | ExportDeclarationStructure
  | FunctionDeclarationStructure
  | ImportDeclarationStructure
  | InterfaceDeclarationStructure
  | TypeAliasDeclarationStructure
  | VariableStatementStructure;

export type Statement = string | WriterFunction | StatementStructures;

/** The writer ts-morph's Project gives its printers by default. */
export function createWriter(): CodeBlockWriter {
  return new CodeBlockWriter({ newLine: '\n', indentNumberOfSpaces: 4, useTabs: false, useSingleQuote: false });
}

function isNullOrWhitespace(text: string | undefined): boolean {
  return text === undefined || text.trim().length === 0;
}

/** ts-morph's isLastNonWhitespaceCharCloseBrace. */
function lastNonWhitespaceIsCloseBrace(writer: CodeBlockWriter): boolean {
  return (
    writer.iterateLastCharCodes((code) => {
      if (code === 125) return true;
      if (/\s/.test(String.fromCharCode(code))) return undefined;
      return false;
    }) ?? false
  );
}

/**
 * A structure's text through a fresh writer, as ts-morph's Printer.getText (only strings here). A fresh writer is at
 * indentation 0 with nothing queued, so it writes every line as it is and only turns `\r\n` into `\n`: that, without
 * building a writer per type and initializer (issue #16: they were most of code-block-writer's time).
 */
export function textOf(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n/g, '\n') : text;
}

function printModifiers(writer: CodeBlockWriter, s: Modifiers): void {
  if (s.isExported) writer.write('export ');
  if (s.scope !== undefined) writer.write(`${s.scope} `);
  if (s.isStatic) writer.write('static ');
  if (s.hasOverrideKeyword) writer.write('override ');
  if (s.isAsync) writer.write('async ');
  if (s.isReadonly) writer.write('readonly ');
}

function printDocs(writer: CodeBlockWriter, docs: JSDocStructure[] | undefined): void {
  for (const doc of docs ?? []) {
    writer.closeComment();
    const text = textOf(doc.description);
    const lines = text.split(/\r?\n/);
    const startIndex = lines[0]!.length === 0 ? 1 : 0;
    writer.write('/**');
    if (lines.length <= 1) {
      writer.space();
      writer.write(lines[startIndex] ?? '');
    } else {
      writer.newLine();
      for (let i = startIndex; i < lines.length; i++) {
        writer.write(' *');
        if (lines[i]!.length > 0) writer.write(` ${lines[i]}`);
        writer.newLine();
      }
    }
    writer.spaceIfLastNot();
    writer.write('*/');
    writer.newLine();
  }
}

/** ts-morph's TypedNodeStructurePrinter. */
function printType(writer: CodeBlockWriter, separator: string, type: string | undefined, alwaysWrite = false): void {
  if (type === undefined && !alwaysWrite) return;
  const text = textOf(type ?? 'any');
  if (!isNullOrWhitespace(text)) writer.hangingIndent(() => writer.write(`${separator} ${text}`));
}

function printInitializer(writer: CodeBlockWriter, initializer: string | undefined): void {
  if (initializer === undefined) return;
  const text = textOf(initializer);
  if (!isNullOrWhitespace(text)) {
    writer.hangingIndent(() => {
      writer.spaceIfLastNot();
      writer.write(`= ${text}`);
    });
  }
}

function printReturnType(writer: CodeBlockWriter, returnType: string | undefined): void {
  if (returnType === undefined) return;
  const text = textOf(returnType);
  if (!isNullOrWhitespace(text)) writer.hangingIndent(() => writer.write(`: ${text}`));
}

/**
 * ts-morph's CommaSeparatedStructuresPrinter: items apart by a space, a comma after each but the last at the end
 * of its text (before trailing whitespace; none after an item that already ends with one).
 */
function printCommaSeparated<T>(writer: CodeBlockWriter, items: readonly T[], print: (item: T) => void): void {
  const commaAt: (number | false)[] = [];
  for (const [i, item] of items.entries()) {
    if (i > 0) writer.spaceIfLastNot();
    const start = writer.getLength();
    print(item);
    const text = textSince(writer, start);
    const end = text.trimEnd().length;
    commaAt.push(end === 0 || text[end - 1] === ',' ? false : start + end);
  }
  let last = true;
  for (let i = commaAt.length - 1; i >= 0; i--) {
    const pos = commaAt[i];
    if (pos === false || pos === undefined) continue;
    if (last) last = false;
    else writer.unsafeInsert(pos, ',');
  }
}

/** The writer's text from position `start` on (ts-morph's WriterUtils.getLastCharactersToPos). */
function textSince(writer: CodeBlockWriter, start: number): string {
  const chars: string[] = [];
  writer.iterateLastChars((char, i) => {
    if (i < start) return true;
    chars.push(char);
    return undefined;
  });
  return chars.reverse().join('');
}

function printTypeParameters(writer: CodeBlockWriter, typeParameters: string[] | undefined): void {
  if (!typeParameters || typeParameters.length === 0) return;
  writer.write('<');
  printCommaSeparated(writer, typeParameters, (t) => writer.write(t));
  writer.write('>');
}

function printParameters(writer: CodeBlockWriter, parameters: ParameterDeclarationStructure[] | undefined): void {
  writer.write('(');
  if (parameters && parameters.length > 0) {
    writer.hangingIndent(() =>
      printCommaSeparated(writer, parameters, (p) => {
        writer.closeComment();
        printModifiers(writer, p);
        writer.write(p.name);
        writer.conditionalWrite(p.hasQuestionToken, '?');
        printType(writer, ':', p.type, p.hasQuestionToken);
        printInitializer(writer, p.initializer);
      }),
    );
  }
  writer.write(')');
}

function printStatements(writer: CodeBlockWriter, statements: readonly Statement[] | undefined): void {
  for (const statement of statements ?? []) {
    if (lastNonWhitespaceIsCloseBrace(writer)) writer.blankLineIfLastNot();
    else if (!writer.isAtStartOfFirstLineOfBlock()) writer.newLineIfLastNot();
    printStatement(writer, statement);
  }
}

function ensureBlankLine(writer: CodeBlockWriter): void {
  if (!writer.isAtStartOfFirstLineOfBlock()) writer.blankLineIfLastNot();
}

function printStatement(writer: CodeBlockWriter, statement: Statement): void {
  if (typeof statement === 'string') {
    writer.write(statement);
    return;
  }
  if (typeof statement === 'function') {
    statement(writer);
    return;
  }
  switch (statement.kind) {
    case StructureKind.Function:
      ensureBlankLine(writer);
      writer.closeComment();
      return printFunction(writer, statement);
    case StructureKind.Class:
      ensureBlankLine(writer);
      writer.closeComment();
      return printClass(writer, statement);
    case StructureKind.Interface:
      ensureBlankLine(writer);
      writer.closeComment();
      return printInterface(writer, statement);
    case StructureKind.TypeAlias:
      writer.closeComment();
      printDocs(writer, statement.docs);
      printModifiers(writer, statement);
      writer.write(`type ${statement.name}`);
      printType(writer, ' =', statement.type);
      writer.write(';');
      return;
    case StructureKind.VariableStatement:
      writer.closeComment();
      printDocs(writer, statement.docs);
      writer.hangingIndent(() => {
        printModifiers(writer, statement);
        writer.write(`${statement.declarationKind} `);
        if (statement.declarations.length === 0) throw new Error('a variable statement needs at least one declaration');
        printCommaSeparated(writer, statement.declarations, (d) => {
          writer.closeComment();
          writer.write(d.name);
          printType(writer, ':', d.type);
          printInitializer(writer, d.initializer);
        });
        writer.write(';');
      });
      return;
    case StructureKind.ImportDeclaration:
      writer.closeComment();
      return printImport(writer, statement);
    case StructureKind.ExportDeclaration:
      writer.closeComment();
      return printExport(writer, statement);
    default:
      throw new Error(`structure-printer: unknown structure ${JSON.stringify(statement)}`);
  }
}

function printFunction(writer: CodeBlockWriter, s: FunctionDeclarationStructure): void {
  printDocs(writer, s.docs);
  printModifiers(writer, s);
  writer.write('function');
  writer.conditionalWrite(s.isGenerator, '*');
  if (!isNullOrWhitespace(s.name)) writer.write(` ${s.name}`);
  printTypeParameters(writer, s.typeParameters);
  printParameters(writer, s.parameters);
  printReturnType(writer, s.returnType);
  writer.space().inlineBlock(() => printStatements(writer, s.statements));
}

function printInterface(writer: CodeBlockWriter, s: InterfaceDeclarationStructure): void {
  printDocs(writer, s.docs);
  printModifiers(writer, s);
  writer.write(`interface ${s.name}`);
  writer.space();
  if (s.extends !== undefined) {
    const extendsText = s.extends.map(textOf).join(', ');
    if (!isNullOrWhitespace(extendsText)) writer.hangingIndent(() => writer.write(`extends ${extendsText} `));
  }
  writer.inlineBlock(() => {
    const properties = s.properties ?? [];
    if (properties.length > 0 && !writer.isAtStartOfFirstLineOfBlock()) writer.newLine();
    for (const [i, p] of properties.entries()) {
      writer.conditionalNewLine(i > 0);
      writer.closeComment();
      printDocs(writer, p.docs);
      printModifiers(writer, p);
      writer.write(p.name);
      writer.conditionalWrite(p.hasQuestionToken, '?');
      printType(writer, ':', p.type);
      writer.write(';');
    }
  });
}

function printImport(writer: CodeBlockWriter, s: ImportDeclarationStructure): void {
  const named = s.namedImports !== undefined && s.namedImports.length > 0;
  writer.write('import');
  if (s.isTypeOnly) writer.write(' type');
  if (s.defaultImport !== undefined) {
    writer.write(` ${s.defaultImport}`);
    writer.conditionalWrite(named, ',');
  }
  if (named) {
    writer.space();
    printNamesInBraces(writer, s.namedImports!);
  }
  writer.conditionalWrite(s.defaultImport !== undefined || named, ' from');
  writer.write(' ');
  writer.quote(s.moduleSpecifier);
  writer.write(';');
}

function printExport(writer: CodeBlockWriter, s: ExportDeclarationStructure): void {
  const hasModule = s.moduleSpecifier !== undefined && s.moduleSpecifier.length > 0;
  writer.write('export');
  if (s.isTypeOnly) writer.write(' type');
  if (s.namedExports !== undefined && s.namedExports.length > 0) {
    writer.space();
    printNamesInBraces(writer, s.namedExports);
  } else if (!hasModule) writer.write(' { }');
  else writer.write(' *');
  if (hasModule) {
    writer.write(' from ');
    writer.quote(s.moduleSpecifier!);
  }
  writer.write(';');
}

/** An import or export specifier that no writer state can change: a name, or `name as alias`. */
const PLAIN_SPECIFIER = /^[A-Za-z_$][\w$]*(?: as [A-Za-z_$][\w$]*)?$/;

/** ts-morph's NamedImportExportSpecifierStructurePrinter.printTextsWithBraces for plain names. */
function printNamesInBraces(writer: CodeBlockWriter, names: readonly string[]): void {
  writer.write('{');
  // Plain names (`a`, `a as b`): each writer below writes the name as it is and the commas go between them.
  if (names.every((name) => PLAIN_SPECIFIER.test(name))) {
    writer.write(` ${names.join(', ')} }`);
    return;
  }
  const inner = createWriter();
  printCommaSeparated(inner, names, (name) => {
    inner.closeComment();
    const specifier = createWriter();
    specifier.queueIndentationLevel(1);
    specifier.write(name);
    inner.write(specifier.toString());
  });
  const text = inner.toString();
  if (!/^\r?\n/.test(text)) writer.space();
  writer.write(text);
  if (!/\r?\n$/.test(text)) writer.space();
  writer.write('}');
}

function printClass(writer: CodeBlockWriter, s: ClassDeclarationStructure): void {
  printDocs(writer, s.docs);
  printModifiers(writer, s);
  writer.write('class');
  if (!isNullOrWhitespace(s.name)) writer.space().write(s.name);
  writer.space();
  writer.hangingIndent(() => {
    if (s.extends !== undefined) {
      const extendsText = textOf(s.extends);
      if (!isNullOrWhitespace(extendsText)) writer.write(`extends ${extendsText} `);
    }
  });
  const separator = () => {
    if (!writer.isAtStartOfFirstLineOfBlock()) writer.blankLine();
  };
  writer.inlineBlock(() => {
    for (const [i, p] of (s.properties ?? []).entries()) {
      writer.conditionalNewLine(i > 0);
      writer.closeComment();
      printDocs(writer, p.docs);
      printModifiers(writer, p);
      writer.write(p.name);
      writer.conditionalWrite(p.hasQuestionToken, '?');
      printType(writer, ':', p.type);
      printInitializer(writer, p.initializer);
      writer.write(';');
    }
    for (const ctor of s.ctors ?? []) {
      separator();
      writer.closeComment();
      printDocs(writer, ctor.docs);
      printModifiers(writer, ctor);
      writer.write('constructor');
      printParameters(writer, ctor.parameters);
      writer.space().inlineBlock(() => printStatements(writer, ctor.statements));
    }
    const methods = s.methods ?? [];
    if (methods.length > 0) {
      separator();
      for (const [i, m] of methods.entries()) {
        if (i > 0) writer.blankLine();
        writer.closeComment();
        printDocs(writer, m.docs);
        printModifiers(writer, m);
        writer.conditionalWrite(m.isGenerator, '*');
        writer.write(m.name);
        printParameters(writer, m.parameters);
        printReturnType(writer, m.returnType);
        writer.spaceIfLastNot().inlineBlock(() => printStatements(writer, m.statements));
      }
    }
  });
}

/** A source file's text from its statements: ts-morph's SourceFileStructurePrinter. */
export function printSourceFile(statements: readonly Statement[]): string {
  const writer = createWriter();
  writer.closeComment();
  printStatements(writer, statements);
  writer.conditionalNewLine(!writer.isAtStartOfFirstLineOfBlock() && !writer.isLastNewLine());
  return writer.toString();
}

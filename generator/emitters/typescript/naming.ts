/** TypeScript identifiers: camelCase members and methods, PascalCase types and error classes. */
import { escapeReserved, toCamel, toPascal, type Namer } from '../../ir/naming.js';

const RESERVED: ReadonlySet<string> = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with as implements interface let package private protected public static yield await constructor prototype'.split(
    ' ',
  ),
);

export const typescriptNamer: Namer = {
  key: 'ts',
  reserved: RESERVED,
  member: (words) => escapeReserved(RESERVED, toCamel(words)),
  operation: (words) => escapeReserved(RESERVED, toCamel(words)),
  input: (words) => `${toPascal(words)}Input`,
  output: (words) => `${toPascal(words)}Output`,
  error: (words) => `${toPascal(words)}Error`,
  // The client types enum members as string-literal unions; this name is for languages' docs and tools.
  enumValue: (memberWords, valueWords) => `${toPascal(memberWords)}${toPascal(valueWords)}`,
  client: (words) => `${toPascal(words)}Client`,
};

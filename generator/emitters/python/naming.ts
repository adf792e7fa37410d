/** Python identifiers (PEP 8): snake_case members and methods, PascalCase classes, UPPER_CASE constants. */
import { escapeReserved, toPascal, toScreamingSnake, toSnake, type Namer } from '../../ir/naming.js';

/** Keywords, soft keywords and the builtins a generated name would shadow. */
const RESERVED: ReadonlySet<string> = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case type self cls bytes str int bool object'.split(
    ' ',
  ),
);

export const pythonNamer: Namer = {
  key: 'py',
  reserved: RESERVED,
  member: (words) => escapeReserved(RESERVED, toSnake(words)),
  operation: (words) => escapeReserved(RESERVED, toSnake(words)),
  input: (words) => `${toPascal(words)}Request`,
  output: (words) => `${toPascal(words)}Result`,
  error: (words) => `${toPascal(words)}Error`,
  enumValue: (_memberWords, valueWords) => {
    const screaming = toScreamingSnake(valueWords);
    // A Python name cannot start with a digit (`1st` → `V_1ST`); the enum class gives the member's context.
    return escapeReserved(RESERVED, /^[0-9]/.test(screaming) ? `V_${screaming}` : screaming);
  },
  client: (words) => `${toPascal(words)}Client`,
};

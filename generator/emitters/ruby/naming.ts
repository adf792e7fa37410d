/** Ruby identifiers: snake_case methods and keyword arguments, CamelCase classes, SCREAMING_SNAKE constants. */
import { escapeReserved, toPascal, toScreamingSnake, toSnake, type Namer } from '../../ir/naming.js';

/**
 * Ruby's keywords, plus the methods every generated result (a keyword Struct) and the client already
 * have, which a member of the same name would replace (`hash`, `method`, `send`...), and the keyword
 * arguments the generated methods take besides the members.
 */
const RESERVED: ReadonlySet<string> = new Set(
  (
    'BEGIN END alias and begin break case class def defined do else elsif end ensure false for if in module next nil not or redo rescue retry ' +
    'return self super then true undef unless until when while yield __method__ __FILE__ __LINE__ __ENCODING__ ' +
    'hash method methods send class object_id freeze frozen dup clone display inspect to_s to_h to_a members each size length values ' +
    'then tap itself instance_variables equal eql previous_crc operation_timeout sink expires_seconds auth additional_headers'
  ).split(' '),
);

export const rubyNamer: Namer = {
  key: 'rb',
  reserved: RESERVED,
  member: (words) => escapeReserved(RESERVED, toSnake(words)),
  operation: (words) => escapeReserved(RESERVED, toSnake(words)),
  input: (words) => `${toPascal(words)}Request`,
  output: (words) => `${toPascal(words)}Result`,
  error: (words) => `${toPascal(words)}Error`,
  enumValue: (_memberWords, valueWords) => {
    const screaming = toScreamingSnake(valueWords);
    // A Ruby constant starts with an upper-case letter (`1st` → `V_1ST`).
    return /^[A-Z]/.test(screaming) ? screaming : `V_${screaming}`;
  },
  client: (words) => `${toPascal(words)}Client`,
};

/** The library's names: its prefixes, and the constants of the client's own error kinds. */
import { splitWords, toScreamingSnake } from '../../../ir/naming.js';
import type { IrModel } from '../../../ir/types.js';
import type { ClientErrorKey } from './types.js';

/** The client's own error kinds, with the code string each reports. */
export const CLIENT_ERRORS: { key: ClientErrorKey; words: string; text: string }[] = [
  { key: 'unmodeled', words: 'service unmodeled', text: 'UnmodeledServiceError' },
  { key: 'invalidInput', words: 'client invalid input', text: 'ClientInvalidInput' },
  { key: 'transport', words: 'client transport', text: 'ClientTransport' },
  { key: 'timeout', words: 'client timeout', text: 'ClientTimeout' },
  { key: 'integrity', words: 'client integrity', text: 'ClientIntegrity' },
  { key: 'protocol', words: 'client protocol', text: 'ClientProtocol' },
  { key: 'io', words: 'client io', text: 'ClientIO' },
  { key: 'noMemory', words: 'client no memory', text: 'ClientNoMemory' },
];

export interface CNames {
  /** The lower-case prefix of every symbol (`ossc`), and its upper-case form for constants and macros. */
  p: string;
  P: string;
  clientErrors: Record<ClientErrorKey, string>;
}

export function namesFor(ir: IrModel): CNames {
  const p = ir.service.packages.c;
  const P = toScreamingSnake(splitWords(p));
  const constant = (words: string) => `${P}_${toScreamingSnake(words.split(' '))}`;
  const clientErrors = Object.fromEntries(CLIENT_ERRORS.map((e) => [e.key, constant(e.words)])) as Record<ClientErrorKey, string>;
  return { p, P, clientErrors };
}

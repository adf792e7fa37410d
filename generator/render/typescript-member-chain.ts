/**
 * prettier 3's member-chain rule (its printMemberChain, src/language-js/print/member-chain.js) for the statement
 * printer (typescript-statement.ts): a chain of calls and member accesses, `Object.keys(h).filter((n) => …).sort()`,
 * is cut into groups (the head, then each `.name(args)` run); with more groups than the cutoff (2, or 3 when the
 * head is merged with the first call: `Object.keys(h)`, `this.x`, a short name in an expression statement), and
 * more than two calls one of whose arguments is not simple (its isSimpleCallArgument: an arrow function, a call of
 * more than two arguments …), prettier always prints it broken, one group a line, two spaces in; otherwise on one
 * line where that fits, else broken the same way. Only chains of plain `.name` members and calls are described
 * here (no `?.`, `!` or computed members, whose grouping rules are not printed); the caller refuses the rest.
 */

/** One element of a chain after its primary: a `.name` member access or a call's argument list. */
export interface ChainLink {
  kind: 'member' | 'call';
  /** `.name`, or `(args)` printed on one line. */
  text: string;
  /** For a call: each argument's least isSimpleCallArgument depth (Infinity: never simple; undefined: unknown). */
  argDepths?: (number | undefined)[];
}

export interface ChainPrimary {
  /** What the chain starts with: `this`, a name, a call on a name (`f(a)`, one node for prettier), or else. */
  kind: 'this' | 'name' | 'call' | 'other';
  text: string;
  /** For a call: its arguments' least isSimpleCallArgument depths, as in ChainLink. */
  argDepths?: (number | undefined)[];
}

export interface MemberChainLayout {
  /** The first line's text: the head group, and the first call group when prettier merges it with the head. */
  first: string;
  /** The other groups, each printed on a line of its own, two spaces in. */
  rest: string[];
  /** prettier never prints it on one line (more than two calls, an argument not simple). */
  forced: boolean;
  /** It holds a group prettier always breaks (set by the statement printer; such chains are not printed). */
  innerHard?: boolean;
}

/** prettier's isFactory: a capitalized name, or one of `_` and `$` only. */
function isFactory(name: string): boolean {
  return /^[A-Z]|^[$_]+$/.test(name);
}

/** prettier's tabWidth (write/format.ts leaves it at its default). */
const TAB_WIDTH = 2;

/**
 * The chain's layout when prettier prints it as a member chain (more groups than the cutoff), or undefined when
 * it prints it as one group (the caller's own rules). `expressionStatement`: the chain is a statement's whole
 * expression (a short name then keeps its first call on its line).
 */
export function memberChainLayout(primary: ChainPrimary, links: ChainLink[], expressionStatement: boolean): MemberChainLayout | undefined {
  // The head group: the primary, and for a primary that is not a call, every member but the last before a call.
  const head: string[] = [primary.text];
  let i = 0;
  if (primary.kind !== 'call') {
    while (i + 1 < links.length && links[i]!.kind === 'member' && links[i + 1]!.kind === 'member') head.push(links[i++]!.text);
  } else {
    while (i < links.length && links[i]!.kind === 'call') head.push(links[i++]!.text);
  }
  // Then groups of members followed by calls.
  const groups: ChainLink[][] = [];
  let current: ChainLink[] = [];
  let seenCall = false;
  for (; i < links.length; i++) {
    const link = links[i]!;
    if (seenCall && link.kind === 'member') {
      groups.push(current);
      current = [];
      seenCall = false;
    }
    if (link.kind === 'call') seenCall = true;
    current.push(link);
  }
  if (current.length > 0) groups.push(current);
  const headLength = head.length;
  // shouldNotWrap (no computed members here): `this`, a factory name, a short name in an expression statement;
  // or a head ending in a factory member (`a.B`).
  let merge = false;
  if (groups.length >= 1) {
    if (headLength === 1) merge = primary.kind === 'this' || (primary.kind === 'name' && (isFactory(primary.text) || (expressionStatement && primary.text.length <= TAB_WIDTH)));
    else merge = primary.kind !== 'call' && isFactory(head[headLength - 1]!.slice(1));
  }
  const cutoff = merge ? 3 : 2;
  // groups counts the head group too in prettier's terms.
  if (groups.length + 1 <= cutoff) return undefined;
  const calls = links.filter((l) => l.kind === 'call');
  const callCount = calls.length + (primary.kind === 'call' ? 1 : 0);
  const depths = [...(primary.argDepths ?? []), ...calls.flatMap((c) => c.argDepths ?? [])];
  if (callCount > 2 && depths.some((d) => d === undefined)) return undefined;
  const forced = callCount > 2 && depths.some((d) => d! > 2);
  const text = (g: ChainLink[]) => g.map((l) => l.text).join('');
  const first = head.join('') + (merge ? text(groups[0]!) : '');
  const rest = (merge ? groups.slice(1) : groups).map(text);
  return { first, rest, forced };
}

/**
 * A statement's lines joined into one: by a space, but for a line that starts a member access (`.filter(…)`, a
 * chain the emitter wrote broken), which follows the previous line directly (prettier keeps no line break there
 * but for blank lines, which the caller never joins), and lines after `[` or `(` (prettier keeps no break there
 * either; the caller never joins after `{`, where it does).
 */
export function joinStatementLines(parts: string[]): string {
  let out = parts[0]!;
  // The last character of `out`, kept aside: reading it from the growing text copied the whole text at every
  // line (a data literal of 50 lines and 99k characters at 50 operations).
  let last = out.charCodeAt(out.length - 1);
  for (let k = 1; k < parts.length; k++) {
    const part = parts[k]!;
    const first = part.charCodeAt(0);
    // An array or argument list written one item a line (`[` / `a,` / `],`): joined as on one line, its
    // trailing comma dropped (prettier prints the same either way).
    if ((first === 0x29 /* ) */ || first === 0x5d) /* ] */ && last === 0x2c /* , */) out = `${out.slice(0, -1)}${part}`;
    else if ((first === 0x2e /* . */ && /^[A-Za-z_$]/.test(part.charAt(1))) || last === 0x28 /* ( */ || last === 0x5b /* [ */) out += part;
    else {
      out += ` ${part}`;
      last = 0x20;
    }
    if (part.length > 0) last = part.charCodeAt(part.length - 1);
  }
  return out;
}

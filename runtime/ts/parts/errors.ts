/**
 * Model-independent parts of the generated src/errors.ts (generator/emitters/typescript/view-model/errors.ts
 * splices each region into it as it is). The function around the last two regions stands for the generated
 * parseErrorXml, whose root element name comes from the model.
 */

// #region xml-text
const ENTITIES: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
};

/** Decodes character and the five predefined entity references; a reference that names no character (`&#x110000;`, `&#0;`, `&bogus;`) stays as written. One linear pass, never throws. */
function decodeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(
    /&(#[xX][0-9a-fA-F]{1,8}|#[0-9]{1,10}|[A-Za-z]{2,4});/g,
    (whole, entity: string) => {
      if (entity[0] !== '#') return Object.hasOwn(ENTITIES, entity) ? ENTITIES[entity]! : whole;
      const cp =
        entity[1] === 'x' || entity[1] === 'X'
          ? parseInt(entity.slice(2), 16)
          : parseInt(entity.slice(1), 10);
      const legal =
        cp === 0x9 ||
        cp === 0xa ||
        cp === 0xd ||
        (cp >= 0x20 && cp <= 0xd7ff) ||
        (cp >= 0xe000 && cp <= 0xfffd) ||
        (cp >= 0x10000 && cp <= 0x10ffff);
      return legal ? String.fromCodePoint(cp) : whole;
    },
  );
}

/** UTF-8 text of base64: with Buffer where there is one (Node, lenient as ever), else with atob on the base64 characters (browsers; undecodable input is empty). */
function fromBase64(text: string): string {
  if (typeof Buffer !== 'undefined') return Buffer.from(text, 'base64').toString('utf8');
  const clean = text.replace(/[^A-Za-z0-9+/]/g, '');
  try {
    const binary = atob(clean + '='.repeat((4 - (clean.length % 4)) % 4));
    return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return '';
  }
}
// #endregion

export function parseErrorXmlShape(xml: string): Record<string, string> {
  const fields: Record<string, string> = {};
  let depth = 0;
  let child: string | undefined;
  let childStart = 0;
  let i = xml.indexOf('<');
  while (i !== -1) {
    const close = xml.indexOf('>', i + 1);
    if (close === -1) break;
    const tag = xml.slice(i + 1, close);
    const next = xml.indexOf('<', close + 1);
    // #region tag-name
    const end = tag[0] === '/';
    const selfClosing = !end && tag.endsWith('/');
    const name = /^[A-Za-z_][\w.:-]*/.exec(end ? tag.slice(1) : tag)?.[0];
    if (name === undefined) {
      i = next;
      continue;
    }
    // #endregion
    if (depth === 0) {
      depth = 1;
    } else if (child === undefined) {
      // #region child-start
      if (end) return fields;
      if (selfClosing) fields[name] = '';
      else {
        child = name;
        childStart = close + 1;
      }
      // #endregion
    } else if (end && name === child) {
      if (name !== '__proto__') fields[name] = decodeXml(xml.slice(childStart, i));
      child = undefined;
    }
    i = next;
  }
  return fields;
}

// Used by the generated createServiceError.
export { fromBase64 };

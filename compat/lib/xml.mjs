// A minimal, strict XML parser: what python-plexapi gets from ElementTree.fromstring, no more.
// Strict on purpose: a document ElementTree would reject (mismatched or unclosed tags, an undefined entity, a bare
// '&' or '<', a duplicate or unquoted attribute, text after the root) throws here too, with the offset.
// Elements come back as { tag, attrs, children, text }.

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(raw, at) {
  if (raw.includes('<')) throw new XmlError("'<' inside a value", at);
  return raw.replace(/&([^;]*);|&/g, (m, ent) => {
    if (ent === undefined) throw new XmlError("bare '&' (not an entity reference)", at);
    if (ent in ENTITIES) return ENTITIES[ent];
    const num = /^#(x[0-9a-fA-F]+|[0-9]+)$/.exec(ent);
    if (num) return String.fromCodePoint(num[1][0] === 'x' ? parseInt(num[1].slice(1), 16) : parseInt(num[1], 10));
    throw new XmlError(`undefined entity &${ent};`, at);
  });
}

export class XmlError extends Error {
  constructor(msg, at) {
    super(`not well-formed XML at offset ${at}: ${msg}`);
  }
}

export function parseXml(text) {
  let i = 0;
  const skipWs = () => { while (i < text.length && ' \t\r\n'.includes(text[i])) i++; };
  const name = () => {
    NAME.lastIndex = i;
    const m = NAME.exec(text);
    if (!m) throw new XmlError('expected a name', i);
    i += m[0].length;
    return m[0];
  };
  const skipMisc = () => {
    for (;;) {
      skipWs();
      if (text.startsWith('<?', i)) {
        const end = text.indexOf('?>', i);
        if (end < 0) throw new XmlError('unterminated processing instruction', i);
        i = end + 2;
      } else if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i);
        if (end < 0) throw new XmlError('unterminated comment', i);
        i = end + 3;
      } else if (text.startsWith('<!DOCTYPE', i)) {
        throw new XmlError('DOCTYPE is not expected from a Plex server', i);
      } else return;
    }
  };
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  skipMisc();
  if (text[i] !== '<') throw new XmlError('expected the root element', i);
  const stack = [];
  let root = null;
  while (i < text.length) {
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i);
      if (end < 0) throw new XmlError('unterminated comment', i);
      i = end + 3;
    } else if (text.startsWith('<![CDATA[', i)) {
      const end = text.indexOf(']]>', i);
      if (end < 0 || !stack.length) throw new XmlError('bad CDATA', i);
      stack.at(-1).text += text.slice(i + 9, end);
      i = end + 3;
    } else if (text.startsWith('</', i)) {
      i += 2;
      const tag = name();
      skipWs();
      if (text[i] !== '>') throw new XmlError(`expected '>' to close </${tag}`, i);
      i++;
      const open = stack.pop();
      if (!open || open.tag !== tag) throw new XmlError(`</${tag}> closes <${open?.tag ?? 'nothing'}>`, i);
      if (!stack.length) break;
    } else if (text[i] === '<') {
      i++;
      const el = { tag: name(), attrs: {}, children: [], text: '' };
      for (;;) {
        const before = i;
        skipWs();
        if (text[i] === '>' || text.startsWith('/>', i)) break;
        if (i === before) throw new XmlError(`expected whitespace before an attribute in <${el.tag}>`, i);
        const attr = name();
        skipWs();
        if (text[i] !== '=') throw new XmlError(`attribute ${attr} of <${el.tag}> has no '='`, i);
        i++;
        skipWs();
        const q = text[i];
        if (q !== '"' && q !== "'") throw new XmlError(`attribute ${attr} of <${el.tag}> is not quoted`, i);
        const end = text.indexOf(q, i + 1);
        if (end < 0) throw new XmlError(`unterminated attribute ${attr}`, i);
        if (Object.hasOwn(el.attrs, attr)) throw new XmlError(`duplicate attribute ${attr} in <${el.tag}>`, i);
        el.attrs[attr] = decode(text.slice(i + 1, end), i);
        i = end + 1;
      }
      if (stack.length) stack.at(-1).children.push(el);
      else if (root) throw new XmlError('a second root element', i);
      else root = el;
      if (text.startsWith('/>', i)) {
        i += 2;
        if (!stack.length) break;
      } else {
        i++;
        stack.push(el);
      }
    } else {
      const end = text.indexOf('<', i);
      if (end < 0) throw new XmlError(`unclosed <${stack.at(-1)?.tag}>`, i);
      if (!stack.length) throw new XmlError('text outside the root', i);
      stack.at(-1).text += decode(text.slice(i, end), i);
      i = end;
    }
  }
  if (stack.length) throw new XmlError(`unclosed <${stack.at(-1).tag}>`, i);
  skipMisc();
  if (i < text.length) throw new XmlError('content after the root element', i);
  return root;
}

/** ElementTree-like helpers: children by tag, first child by tag, all descendants by tag. */
export const findall = (el, tag) => el.children.filter(c => c.tag === tag);
export const find = (el, tag) => el.children.find(c => c.tag === tag);
export function iter(el, tag) {
  const out = [];
  const walk = e => { if (e.tag === tag) out.push(e); e.children.forEach(walk); };
  walk(el);
  return out;
}

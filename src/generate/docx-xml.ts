/**
 * Just enough WordprocessingML reading to edit a vendor's document without re-serialising it:
 * element spans found by a tag scanner, so every byte we do not touch stays as the vendor wrote it.
 */

export function escapeXmlText(text: string): string {
  // Characters XML 1.0 forbids are dropped rather than producing a file Word refuses to open.
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text).replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

export function decodeXmlText(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_m, entity: string) => {
    if (entity[0] === "#")
      return String.fromCodePoint(entity[1] === "x" ? Number.parseInt(entity.slice(2), 16) : Number.parseInt(entity.slice(1), 10));
    return { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" }[entity] ?? "";
  });
}

export interface XmlElementSpan {
  name: string;
  /** Index of "<" of the start tag. */
  start: number;
  /** Index just after the start tag's ">". */
  contentStart: number;
  /** Index of "<" of the end tag (== end for an empty element). */
  contentEnd: number;
  /** Index just after the end tag. */
  end: number;
  parent: number;
  index: number;
  attributes: string;
}

const TAG = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>|<(\/?)([A-Za-z_][\w.:-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g;

/** Every element of the document with its span and parent (-1 for the root). */
export function scanElements(xml: string): XmlElementSpan[] {
  const spans: XmlElementSpan[] = [];
  const stack: number[] = [];
  TAG.lastIndex = 0;
  for (let m = TAG.exec(xml); m; m = TAG.exec(xml)) {
    const name = m[2];
    if (!name) continue;
    const [whole, closing, , attributes = "", selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (open === undefined || spans[open]!.name !== name) throw new Error(`unbalanced </${name}> at ${m.index}`);
      spans[open]!.contentEnd = m.index;
      spans[open]!.end = m.index + whole.length;
      continue;
    }
    const span: XmlElementSpan = {
      name,
      start: m.index,
      contentStart: m.index + whole.length,
      contentEnd: m.index + whole.length,
      end: m.index + whole.length,
      parent: stack.at(-1) ?? -1,
      index: spans.length,
      attributes,
    };
    spans.push(span);
    if (!selfClosing) stack.push(span.index);
  }
  if (stack.length > 0) throw new Error(`unclosed <${spans[stack.at(-1)!]!.name}>`);
  return spans;
}

export function attribute(attributes: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name.replace(/[.:]/g, "\\$&")}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(attributes);
  return m ? decodeXmlText(m[2] ?? m[3] ?? "") : undefined;
}

/**
 * The visible text of a paragraph's XML, as Word and mammoth read it: w:t (also inside
 * insertions), tabs and breaks; deleted text (w:delText) and field codes (w:instrText) are not text.
 */
export function paragraphText(paragraphXml: string): string {
  let text = "";
  const pieces = /<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:(tab|br|cr)(?:\s[^>]*)?\/>/g;
  for (let m = pieces.exec(paragraphXml); m; m = pieces.exec(paragraphXml)) {
    if (m[1] !== undefined) text += decodeXmlText(m[1]);
    else text += m[2] === "tab" ? "\t" : "\n";
  }
  return text;
}

/** The largest w:id number in the parts given, so new revision and comment ids never collide. */
export function maxWordId(...parts: string[]): number {
  let max = -1;
  for (const xml of parts) for (const m of xml.matchAll(/\sw:id="(-?\d+)"/g)) max = Math.max(max, Number(m[1]));
  return max;
}

/** Lower-case, single spaces, plain quotes and dashes: the parser's text and the XML's runs may differ in these. */
export function normaliseForMatching(text: string): string {
  return text
    .normalize("NFC")
    .toLowerCase()
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/\u00AD/g, "")
    .replace(/[\s\u00A0\u2007\u202F]+/g, " ")
    .trim();
}

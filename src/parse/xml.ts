/** A minimal, linear-time XML tag scanner for the few OOXML parts we read ourselves. */

export interface XmlTag {
  /** Qualified name, e.g. "w:p". */
  name: string;
  closing: boolean;
  selfClosing: boolean;
  /** Offsets of the tag in the source, `<` to after `>`. */
  start: number;
  end: number;
  raw: string;
}

/** Yields every element tag in order; comments, processing instructions and CDATA are skipped. */
export function* scanTags(xml: string): Generator<XmlTag> {
  let i = xml.indexOf("<");
  while (i >= 0 && i < xml.length) {
    if (xml.startsWith("<!--", i)) {
      const close = xml.indexOf("-->", i + 4);
      if (close < 0) return;
      i = xml.indexOf("<", close + 3);
      continue;
    }
    if (xml.startsWith("<![CDATA[", i)) {
      const close = xml.indexOf("]]>", i + 9);
      if (close < 0) return;
      i = xml.indexOf("<", close + 3);
      continue;
    }
    const close = xml.indexOf(">", i + 1);
    if (close < 0) return;
    const raw = xml.slice(i, close + 1);
    const first = xml[i + 1];
    if (first !== "?" && first !== "!") {
      const closing = first === "/";
      const nameStart = closing ? i + 2 : i + 1;
      let nameEnd = nameStart;
      while (nameEnd < close) {
        const c = xml.charCodeAt(nameEnd);
        if (c === 32 || c === 9 || c === 10 || c === 13 || c === 47 || c === 62) break;
        nameEnd++;
      }
      yield { name: xml.slice(nameStart, nameEnd), closing, selfClosing: xml[close - 1] === "/", start: i, end: close + 1, raw };
    }
    i = xml.indexOf("<", close + 1);
  }
}

/** One attribute value from a raw tag, e.g. attr('<w:numId w:val="3"/>', "w:val") → "3". */
export function attr(rawTag: string, name: string): string | null {
  const key = ` ${name}=`;
  let at = rawTag.indexOf(key);
  if (at < 0) {
    // attributes may be separated by newlines or tabs instead of a space
    const m = new RegExp(`\\s${name.replace(":", "\\:")}\\s*=`).exec(rawTag);
    if (!m) return null;
    at = m.index;
  }
  const eq = rawTag.indexOf("=", at);
  let q = eq + 1;
  while (rawTag[q] === " ") q++;
  const quote = rawTag[q];
  if (quote !== '"' && quote !== "'") return null;
  const endQuote = rawTag.indexOf(quote, q + 1);
  if (endQuote < 0) return null;
  return decodeXmlText(rawTag.slice(q + 1, endQuote));
}

export function decodeXmlText(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e[0] === "#") {
      const code = e[1] === "x" ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "\uFFFD";
    }
    return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[e as "amp"];
  });
}

export function escapeXmlText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

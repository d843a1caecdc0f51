/**
 * HTML → raw blocks with a linear tokenizer. Nothing is ever executed: scripts, styles and
 * other non-content elements are skipped unread, and only text and structure are kept.
 */
import type { RawBlock } from "./builder.js";
import type { Deadline } from "./deadline.js";

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", euro: "€", copy: "©", reg: "®", trade: "™",
  sect: "§", para: "¶", deg: "°", middot: "·", bull: "•", hellip: "…", ndash: "–", mdash: "—", lsquo: "‘", rsquo: "’",
  sbquo: "‚", ldquo: "“", rdquo: "”", bdquo: "„", laquo: "«", raquo: "»", shy: "\u00ad", times: "×", divide: "÷",
  pound: "£", yen: "¥", cent: "¢", frac12: "½", frac14: "¼", frac34: "¾", sup2: "²", sup3: "³", iexcl: "¡", iquest: "¿",
  ordf: "ª", ordm: "º", plusmn: "±", micro: "µ", thinsp: "\u2009", ensp: "\u2002", emsp: "\u2003", zwnj: "", zwj: "",
  szlig: "ß", aelig: "æ", AElig: "Æ", oslash: "ø", Oslash: "Ø", aring: "å", Aring: "Å", ccedil: "ç", Ccedil: "Ç",
  ntilde: "ñ", Ntilde: "Ñ", yuml: "ÿ", Yuml: "Ÿ", oelig: "œ", OElig: "Œ", ijlig: "ĳ", IJlig: "Ĳ",
};
for (const [base, letters] of Object.entries({ a: "àáâãä", e: "èéêẽë", i: "ìíîĩï", o: "òóôõö", u: "ùúûũü" })) {
  const names = ["grave", "acute", "circ", "tilde", "uml"];
  names.forEach((n, i) => {
    NAMED_ENTITIES[base + n] = letters[i];
    NAMED_ENTITIES[base.toUpperCase() + n] = letters[i].toUpperCase();
  });
}

export function decodeEntities(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[A-Za-z][A-Za-z0-9]{1,31});?/g, (whole, e: string) => {
    if (e[0] === "#") {
      const code = e[1] === "x" || e[1] === "X" ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return "\uFFFD";
      return String.fromCodePoint(code);
    }
    return NAMED_ENTITIES[e] ?? whole;
  });
}

const SKIP_CONTENT = new Set(["script", "style", "noscript", "template", "head", "title", "svg", "math", "iframe", "object", "select", "button", "textarea", "canvas"]);
const BLOCK_TAGS = new Set([
  "p", "div", "section", "article", "main", "aside", "header", "footer", "nav", "blockquote", "pre", "address", "dl", "dt", "dd",
  "figure", "figcaption", "form", "fieldset", "legend", "hr", "center", "body", "html", "details", "summary", "caption",
]);
const HEADINGS: Record<string, number> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 };

interface ListState {
  ordered: boolean;
  type: string;
  next: number;
}

export interface HtmlOptions {
  /** Write the number a browser would show in front of ordered list items ("3."). */
  numberOrderedLists: boolean;
  deadline?: Deadline;
}

function listLabel(n: number, type: string): string {
  switch (type) {
    case "a":
      return `${String.fromCharCode(96 + (((n - 1) % 26) + 1))}.`;
    case "A":
      return `${String.fromCharCode(64 + (((n - 1) % 26) + 1))}.`;
    case "i":
    case "I": {
      const table: [number, string][] = [[10, "x"], [9, "ix"], [5, "v"], [4, "iv"], [1, "i"]];
      let rest = Math.min(Math.max(n, 1), 39);
      let out = "";
      for (const [v, l] of table) while (rest >= v) { out += l; rest -= v; }
      return `${type === "I" ? out.toUpperCase() : out}.`;
    }
    default:
      return `${n}.`;
  }
}

function tagAttr(raw: string, name: string): string | null {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(raw);
  return m ? (m[1] ?? m[2] ?? m[3] ?? "") : null;
}

/** HTML → headings, paragraphs, list items (with depth) and table cells, in document order. */
export function htmlToBlocks(html: string, options: HtmlOptions): RawBlock[] {
  const blocks: RawBlock[] = [];
  const lists: ListState[] = [];
  let buffer = "";
  let headingLevel = 0;
  let inCell = 0;
  let liDepth = 0;
  let skipUntil: string | null = null;

  const flush = () => {
    const text = decodeEntities(buffer);
    buffer = "";
    if (!text.trim()) return;
    if (inCell > 0) {
      blocks.push({ kind: "table-cell", text });
    } else if (headingLevel) {
      blocks.push({ kind: "heading", text, level: headingLevel });
    } else if (liDepth > 0) {
      blocks.push({ kind: "list-item", text, level: lists.length || 1, indent: lists.length || 1 });
    } else {
      blocks.push({ kind: "paragraph", text });
    }
  };

  let i = 0;
  let steps = 0;
  while (i < html.length) {
    if (++steps % 4096 === 0) options.deadline?.check();
    const lt = html.indexOf("<", i);
    if (skipUntil) {
      // Raw-text content: jump straight to its end tag without looking inside.
      const endTag = new RegExp(`</${skipUntil}`, "ig");
      endTag.lastIndex = i;
      const found = endTag.exec(html);
      if (!found) break;
      const close = found.index;
      const end = html.indexOf(">", close);
      i = end < 0 ? html.length : end + 1;
      skipUntil = null;
      continue;
    }
    if (lt < 0) {
      buffer += html.slice(i);
      break;
    }
    if (lt > i) buffer += html.slice(i, lt);
    if (html.startsWith("<!--", lt)) {
      const end = html.indexOf("-->", lt + 4);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    const gt = html.indexOf(">", lt + 1);
    if (gt < 0) {
      buffer += html.slice(lt);
      break;
    }
    const raw = html.slice(lt, gt + 1);
    i = gt + 1;
    const m = /^<\/?([A-Za-z][A-Za-z0-9-]*)/.exec(raw);
    if (!m) {
      // "<!doctype>", "<?xml>", or a stray "<" in text
      if (!/^<[!?]/.test(raw)) buffer += raw;
      continue;
    }
    const name = m[1].toLowerCase();
    const closing = raw[1] === "/";
    const selfClosing = raw.endsWith("/>");
    if (SKIP_CONTENT.has(name)) {
      if (!closing && !selfClosing && name !== "head") skipUntil = name;
      continue;
    }
    if (name === "br") {
      buffer += " ";
      continue;
    }
    if (name in HEADINGS) {
      flush();
      headingLevel = closing ? 0 : HEADINGS[name];
      continue;
    }
    if (name === "ol" || name === "ul") {
      flush();
      if (closing) lists.pop();
      else {
        const start = Number.parseInt(tagAttr(raw, "start") ?? "1", 10);
        lists.push({ ordered: name === "ol", type: tagAttr(raw, "type") ?? "1", next: Number.isFinite(start) ? start : 1 });
      }
      continue;
    }
    if (name === "li") {
      flush();
      if (closing) {
        liDepth = Math.max(0, liDepth - 1);
        continue;
      }
      liDepth++;
      const list = lists[lists.length - 1];
      if (list?.ordered) {
        const value = tagAttr(raw, "value");
        const n = value !== null && /^\d+$/.test(value) ? Number(value) : list.next;
        list.next = n + 1;
        if (options.numberOrderedLists) buffer += `${listLabel(n, list.type)} `;
      }
      continue;
    }
    if (name === "td" || name === "th") {
      flush();
      inCell = closing ? Math.max(0, inCell - 1) : inCell + 1;
      continue;
    }
    if (name === "tr" || name === "table" || name === "thead" || name === "tbody" || name === "tfoot") {
      flush();
      continue;
    }
    if (BLOCK_TAGS.has(name)) {
      // Paragraphs inside a table cell or list item stay part of that cell or item.
      if (inCell > 0 || (liDepth > 0 && name === "p")) {
        buffer += " ";
        continue;
      }
      flush();
      continue;
    }
    // inline element (a, strong, em, span, sup, img…): its text simply flows on
    if (name === "img") {
      const alt = tagAttr(raw, "alt");
      if (alt) buffer += ` ${alt} `;
    }
  }
  flush();
  return blocks;
}

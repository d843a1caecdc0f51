/**
 * Markdown → raw blocks: ATX and setext headings, nested lists, pipe tables, block quotes,
 * fenced code. Inline markup is removed so the text reads like the rendered document.
 * Line-based and linear; no regex here can backtrack over a whole line.
 */
import type { RawBlock } from "./builder.js";
import type { Deadline } from "./deadline.js";
import { decodeEntities } from "./html.js";

/** Removes emphasis, links, code spans, inline HTML and backslash escapes. */
export function stripInline(s: string): string {
  let t = s;
  t = t.replace(/!\[([^\]\n]{0,500})\]\([^)\n]{0,2000}\)/g, "$1");
  t = t.replace(/\[([^\]\n]{0,2000})\]\([^)\n]{0,2000}\)/g, "$1");
  t = t.replace(/\[([^\]\n]{0,2000})\]\[[^\]\n]{0,200}\]/g, "$1");
  t = t.replace(/<(https?:\/\/[^>\s]{1,2000})>/g, "$1");
  t = t.replace(/<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]{0,1000})?\/?>/g, "");
  t = t.replace(/`{1,3}([^`\n]{0,2000})`{1,3}/g, "$1");
  t = t.replace(/\*\*|__/g, "");
  t = t.replace(/(^|[\s(["'“‘])[*_](?=\S)/g, "$1");
  t = t.replace(/(\S)[*_](?=$|[\s).,;:!?"'”’\]])/g, "$1");
  t = t.replace(/~~/g, "");
  t = t.replace(/\\([\\`*_{}[\]()#+\-.!|>~<"'$])/g, "$1");
  t = t.replace(/ {2,}$/, "");
  return decodeEntities(t);
}

function removeHtmlComments(s: string): string {
  if (!s.includes("<!--")) return s;
  let out = "";
  let i = 0;
  for (;;) {
    const open = s.indexOf("<!--", i);
    if (open < 0) return out + s.slice(i);
    out += s.slice(i, open);
    const close = s.indexOf("-->", open + 4);
    if (close < 0) return out;
    i = close + 3;
  }
}

function leadingSpaces(line: string): number {
  let n = 0;
  for (const c of line) {
    if (c === " ") n++;
    else if (c === "\t") n += 4;
    else break;
  }
  return n;
}

function isThematicBreak(line: string): boolean {
  const t = line.replace(/[ \t]/g, "");
  return t.length >= 3 && /^(?:-+|\*+|_+)$/.test(t) && leadingSpaces(line) < 4;
}

const LIST_ITEM = /^([ \t]*)([-*+•]|\d{1,9}[.)])[ \t]+(\S.*)$/;
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+|$)/;
const TABLE_DELIMITER = /^[ \t]*\|?[ \t]*:?-{1,}:?[ \t]*(?:\|[ \t]*:?-{1,}:?[ \t]*)*\|?[ \t]*$/;

function splitRow(line: string): string[] {
  let t = line.trim();
  if (t.startsWith("|")) t = t.slice(1);
  if (t.endsWith("|") && !t.endsWith("\\|")) t = t.slice(0, -1);
  const cells: string[] = [];
  let cell = "";
  for (let i = 0; i < t.length; i++) {
    if (t[i] === "\\" && t[i + 1] === "|") {
      cell += "|";
      i++;
    } else if (t[i] === "|") {
      cells.push(cell);
      cell = "";
    } else cell += t[i];
  }
  cells.push(cell);
  return cells.map((c) => c.trim());
}

function atxTitle(line: string, hashes: number): string {
  let t = line.trim().slice(hashes).trim();
  // closing hashes ("## Title ##") are not part of the title
  let end = t.length;
  while (end > 0 && t[end - 1] === "#") end--;
  if (end < t.length && (end === 0 || t[end - 1] === " ")) t = t.slice(0, end).trim();
  return t;
}

export function parseMarkdown(source: string, deadline?: Deadline): RawBlock[] {
  const lines = removeHtmlComments(source.replace(/\r\n?/g, "\n")).split("\n");
  const blocks: RawBlock[] = [];
  let paragraph: string[] = [];
  let item: { text: string[]; level: number; contentIndent: number } | null = null;
  let container: { level: number; contentIndent: number } | null = null;
  const listIndents: number[] = [];

  const flushParagraph = () => {
    if (paragraph.length) blocks.push({ kind: "paragraph", text: stripInline(paragraph.join(" ")), indent: container?.level });
    paragraph = [];
  };
  const flushItem = () => {
    if (item) blocks.push({ kind: "list-item", text: stripInline(item.text.join(" ")), level: item.level, indent: item.level });
    item = null;
  };
  const flushAll = () => {
    flushParagraph();
    flushItem();
  };

  for (let i = 0; i < lines.length; i++) {
    if (i % 1024 === 0) deadline?.check();
    const line = lines[i];
    const trimmed = line.trim();
    if (!trimmed) {
      flushParagraph();
      // A blank line ends an item only if what follows is not indented under it.
      const next = lines[i + 1] ?? "";
      const open: { level: number; contentIndent: number } | null = item ?? container;
      if (open && next.trim() && leadingSpaces(next) >= open.contentIndent) {
        // A paragraph indented under a list item belongs to it but is a block of its own.
        container = { level: open.level, contentIndent: open.contentIndent };
      } else {
        container = null;
        if (!LIST_ITEM.test(next)) listIndents.length = 0;
      }
      flushItem();
      continue;
    }
    if (/^ {0,3}(```|~~~)/.test(line)) {
      flushAll();
      const fence = trimmed.slice(0, 3);
      const code: string[] = [];
      for (i++; i < lines.length && !lines[i].trim().startsWith(fence); i++) code.push(lines[i]);
      if (code.length) blocks.push({ kind: "paragraph", text: code.join(" ") });
      continue;
    }
    const atx = ATX.exec(line);
    if (atx) {
      flushAll();
      listIndents.length = 0;
      blocks.push({ kind: "heading", text: stripInline(atxTitle(line, atx[1].length + leadingSpaces(line))), level: atx[1].length });
      continue;
    }
    if (paragraph.length && !item && /^ {0,3}(=+|-+)[ \t]*$/.test(line)) {
      const level = trimmed[0] === "=" ? 1 : 2;
      blocks.push({ kind: "heading", text: stripInline(paragraph.join(" ")), level });
      paragraph = [];
      continue;
    }
    if (isThematicBreak(line)) {
      flushAll();
      continue;
    }
    if (line.includes("|") && TABLE_DELIMITER.test(lines[i + 1] ?? "") && (lines[i + 1] ?? "").includes("-")) {
      flushAll();
      for (const cell of splitRow(line)) blocks.push({ kind: "table-cell", text: stripInline(cell) });
      i += 2;
      for (; i < lines.length && lines[i].includes("|") && lines[i].trim(); i++) {
        for (const cell of splitRow(lines[i])) blocks.push({ kind: "table-cell", text: stripInline(cell) });
      }
      i--;
      continue;
    }
    const li = LIST_ITEM.exec(line);
    if (li && !(paragraph.length && /^\d/.test(li[2]) && !item)) {
      flushAll();
      const indent = leadingSpaces(li[1]);
      while (listIndents.length && listIndents[listIndents.length - 1] > indent) listIndents.pop();
      if (!listIndents.length || listIndents[listIndents.length - 1] < indent) listIndents.push(indent);
      const marker = li[2];
      const ordered = /^\d/.test(marker);
      const content = li[3];
      const text = ordered ? `${marker.replace(")", ".")} ${content}` : content;
      item = { text: [text], level: listIndents.length, contentIndent: indent + marker.length + 1 };
      continue;
    }
    const quote = /^ {0,3}>[ \t]?(.*)$/.exec(line);
    if (quote) {
      flushItem();
      if (quote[1].trim()) paragraph.push(quote[1]);
      else flushParagraph();
      continue;
    }
    if (container && leadingSpaces(line) < container.contentIndent && !paragraph.length) container = null;
    if (item && (leadingSpaces(line) >= (item as { contentIndent: number }).contentIndent || !paragraph.length)) {
      (item as { text: string[] }).text.push(trimmed);
      continue;
    }
    flushItem();
    paragraph.push(trimmed);
  }
  flushAll();
  return blocks;
}

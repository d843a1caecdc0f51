import { ContractwijzerError } from "../errors.js";
import type { RawBlock } from "./builder.js";
import type { Deadline } from "./deadline.js";
import { type ClauseNumber, matchClauseNumber } from "./numbering.js";
import { nodePdfTextSource, pdfError, type PdfPageText, type PdfTextItem, type PdfTextSource } from "./pdf-source.js";

export interface PdfLine {
  page: number;
  text: string;
  x: number;
  xEnd: number;
  y: number;
  size: number;
  bold: boolean;
  /** Cells when the line has wide gaps (a table row), left to right. */
  cells: { x: number; text: string }[];
}

export interface PdfReadResult {
  pages: number;
  blocks: RawBlock[];
  warnings: string[];
}

const BULLETS = /^[•●○▪■◦‣∙·\-–*]\s+/;

function median(values: number[]): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function mode(values: number[], bucket: number): number {
  const counts = new Map<number, number>();
  let best = 0;
  let bestCount = 0;
  for (const v of values) {
    const k = Math.round(v / bucket) * bucket;
    const c = (counts.get(k) ?? 0) + 1;
    counts.set(k, c);
    if (c > bestCount) {
      best = k;
      bestCount = c;
    }
  }
  return best;
}

/** Finds an empty vertical band near the middle that splits the page into two columns. */
function findGutter(page: PdfPageText): number | null {
  const items = page.items.filter((i) => i.str.trim());
  if (items.length < 10) return null;
  const w = page.width;
  for (let x = w * 0.4; x <= w * 0.6; x += 2) {
    let crossing = 0;
    let left = 0;
    let right = 0;
    for (const it of items) {
      if (it.x + it.width < x - 4) left++;
      else if (it.x > x + 4) right++;
      else crossing++;
    }
    if (crossing <= items.length * 0.03 && left > items.length * 0.25 && right > items.length * 0.25) return x;
  }
  return null;
}

function groupLines(items: PdfTextItem[], page: number): PdfLine[] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: PdfTextItem[][] = [];
  let current: PdfTextItem[] = [];
  let rowY = Number.NaN;
  let rowSize = 0;
  for (const it of sorted) {
    if (current.length && Math.abs(it.y - rowY) <= Math.max(2, 0.45 * Math.max(rowSize, it.size))) {
      current.push(it);
      continue;
    }
    if (current.length) rows.push(current);
    current = [it];
    rowY = it.y;
    rowSize = it.size;
  }
  if (current.length) rows.push(current);
  const lines: PdfLine[] = [];
  for (const row of rows) {
    row.sort((a, b) => a.x - b.x);
    const visible = row.filter((i) => i.str.trim());
    if (!visible.length) continue;
    let text = "";
    let prevEnd = Number.NaN;
    const cells: { x: number; text: string }[] = [];
    let cell = { x: visible[0].x, text: "" };
    const size = mode(
      visible.map((i) => i.size),
      0.5,
    );
    for (const it of row) {
      const gap = it.x - prevEnd;
      if (!Number.isNaN(prevEnd) && it.str.trim() && gap > 2.2 * size) {
        cells.push(cell);
        cell = { x: it.x, text: "" };
      }
      const needsSpace = !Number.isNaN(prevEnd) && gap > 0.18 * size && !text.endsWith(" ") && !it.str.startsWith(" ");
      if (needsSpace) {
        text += " ";
        cell.text += " ";
      }
      text += it.str;
      cell.text += it.str;
      // pdf.js stretches a space item over a tab-like gap, so spaces never move the pen.
      if (it.str.trim()) prevEnd = it.x + it.width;
    }
    cells.push(cell);
    const last = visible[visible.length - 1];
    lines.push({
      page,
      // Symbol-font bullets arrive as private-use characters (U+F0B7).
      text: text.replace(/\s+/g, " ").trim().replace(/^[\uE000-\uF8FF]\s*/, "• "),
      x: visible[0].x,
      xEnd: last.x + last.width,
      y: visible[0].y,
      size,
      bold: visible.every((i) => i.bold),
      cells: cells.length > 1 ? cells.map((c) => ({ x: c.x, text: c.text.trim() })) : [],
    });
  }
  return lines;
}

/** Lines of one page in reading order; two simple columns are read left then right. */
export function pageLines(page: PdfPageText): PdfLine[] {
  const gutter = findGutter(page);
  if (gutter === null) return groupLines(page.items, page.pageNumber);
  const left = page.items.filter((i) => i.x < gutter);
  const right = page.items.filter((i) => i.x >= gutter);
  return [...groupLines(left, page.pageNumber), ...groupLines(right, page.pageNumber)];
}

const PAGE_NUMBER =
  /^(?:(?:page|pagina|blz\.?|p\.)\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|van|\/|de)\s*\d{1,4})?$|^[-–—]\s*\d{1,4}\s*[-–—]$/i;

function furnitureKey(text: string): string {
  return text.toLowerCase().replace(/\d+/g, "#").replace(/\s+/g, " ").trim();
}

/**
 * Removes running headers and footers (lines at the top or bottom repeated on most pages,
 * digits ignored) and page numbers ("Page 3 of 9", "- 3 -").
 */
export function removePageFurniture(pages: PdfLine[][]): { pages: PdfLine[][]; removed: number } {
  const edge = 2;
  const counts = new Map<string, number>();
  for (const lines of pages) {
    const seen = new Set<string>();
    const candidates = [...lines.slice(0, edge), ...lines.slice(Math.max(edge, lines.length - edge))];
    for (const l of candidates) seen.add(furnitureKey(l.text));
    for (const k of seen) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const threshold = Math.max(2, Math.ceil(pages.length * 0.5));
  let removed = 0;
  const out = pages.map((lines) => {
    const keep = lines.map(() => true);
    const edgeIndexes = new Set<number>();
    for (let i = 0; i < Math.min(edge, lines.length); i++) edgeIndexes.add(i);
    for (let i = Math.max(0, lines.length - edge); i < lines.length; i++) edgeIndexes.add(i);
    for (const i of edgeIndexes) {
      const l = lines[i];
      const repeated = pages.length >= 3 && (counts.get(furnitureKey(l.text)) ?? 0) >= threshold;
      if (repeated || PAGE_NUMBER.test(l.text)) {
        keep[i] = false;
        removed++;
      }
    }
    return lines.filter((_, i) => keep[i]);
  });
  return { pages: out, removed };
}

const NO_JOIN_AFTER_HYPHEN = new Set(["en", "of", "and", "or", "tot", "noch", "als", "nor", "to"]);

/** Joins two lines of one paragraph: end-of-line hyphenation is undone, words stay apart. */
export function joinLines(a: string, b: string): string {
  if (a.endsWith("\u00ad")) return a.slice(0, -1) + b;
  if (/\p{L}-$/u.test(a) && /^\p{Ll}/u.test(b)) {
    const firstWord = /^\p{L}+/u.exec(b)?.[0] ?? "";
    // "inkoop- en verkoopvoorwaarden" keeps its hyphen; "verwer-kingen" is one word.
    if (!NO_JOIN_AFTER_HYPHEN.has(firstWord)) return a.slice(0, -1) + b;
    return `${a} ${b}`;
  }
  if (/[-/]$/.test(a) && /^\p{Lu}/u.test(b)) return a + b;
  return `${a} ${b}`;
}

interface Paragraph {
  lines: PdfLine[];
}

function isTableRun(lines: PdfLine[], i: number): number {
  // A table is two or more consecutive rows whose cells start at the same x positions.
  const first = lines[i];
  if (first.cells.length < 2) return 0;
  let j = i + 1;
  while (j < lines.length && lines[j].page === first.page && lines[j].cells.length >= 2) {
    const prev = lines[j - 1];
    const aligned = lines[j].cells.some((c) => prev.cells.some((p) => Math.abs(p.x - c.x) < 3));
    if (!aligned) break;
    j++;
  }
  return j - i >= 2 ? j - i : 0;
}

/** Rebuilds paragraphs, headings, list items and table cells from the lines of all pages. */
export function linesToBlocks(pages: PdfLine[][]): RawBlock[] {
  const all = pages.flat();
  if (!all.length) return [];
  const bodySize = mode(
    all.map((l) => l.size),
    0.5,
  );
  const left = median(all.filter((l) => Math.abs(l.size - bodySize) < 0.6).map((l) => l.x));
  const right = Math.max(...all.map((l) => l.xEnd));
  const gaps: number[] = [];
  for (let i = 1; i < all.length; i++) {
    const a = all[i - 1];
    const b = all[i];
    if (a.page === b.page && Math.abs(a.size - bodySize) < 0.6 && Math.abs(b.size - bodySize) < 0.6 && a.y > b.y) gaps.push(a.y - b.y);
  }
  const lineGap = mode(gaps, 0.5) || bodySize * 1.2;

  const blocks: RawBlock[] = [];
  const headingRank = new Map<RawBlock, number>();
  let para: Paragraph | null = null;
  const flush = () => {
    if (para) {
      const block = paragraphBlock(para, bodySize, left);
      const first = para.lines[0];
      if (block.kind === "heading") headingRank.set(block, first.size + (first.bold ? 0.25 : 0));
      blocks.push(block);
    }
    para = null;
  };
  for (let i = 0; i < all.length; i++) {
    const line = all[i];
    const tableRows = isTableRun(all, i);
    if (tableRows) {
      flush();
      for (let r = i; r < i + tableRows; r++) {
        for (const c of all[r].cells) if (c.text) blocks.push({ kind: "table-cell", text: c.text, page: all[r].page });
      }
      i += tableRows - 1;
      continue;
    }
    const current = para as Paragraph | null;
    const prev = current ? current.lines[current.lines.length - 1] : null;
    if (prev && !startsNewParagraph(prev, line, { bodySize, left, right, lineGap }, current!.lines[0])) {
      current!.lines.push(line);
      continue;
    }
    flush();
    para = { lines: [line] };
  }
  flush();
  assignHeadingLevels(headingRank);
  return blocks;
}

function startsNewParagraph(
  prev: PdfLine,
  line: PdfLine,
  m: { bodySize: number; left: number; right: number; lineGap: number },
  first: PdfLine = prev,
): boolean {
  if (Math.abs(prev.size - line.size) > 0.6 || prev.bold !== line.bold) return true;
  // Two headings in a row are set further apart than the lines of one heading.
  if (prev.bold && line.bold && prev.page === line.page && prev.y - line.y > prev.size * 1.35) return true;
  const fullPrev = prev.xEnd >= m.right - m.bodySize * 6;
  const openEnded = fullPrev && !/(?:[.:;!?]["”’)]?|\b(?:and|or|en|of))$/.test(prev.text);
  const number = matchClauseNumber(line.text);
  if (BULLETS.test(line.text)) return true;
  if (number) {
    const wrapped = prev.page === line.page && Math.abs(line.x - prev.x) < 2 && fullPrev;
    // "… as set out in\nSection 17" is a wrapped line, not a new clause. So is "(iii) …; and\n(iv) …"
    // typed inside a paragraph that is not itself an item of that kind: the lines of a real list
    // start with numbers of one style, the paragraph's first line included.
    const inlineEnumeration =
      (/(?:[;,]|\b(?:and|or|en|of))$/.test(prev.text) && matchClauseNumber(first.text)?.style !== number.style) ||
      // "… arising from:\n(1) use of …; (2) …": the next number on the same line means the items run on.
      (prev.text.endsWith(":") && hasNextSiblingInline(line.text, number));
    if (!(wrapped && (openEnded || inlineEnumeration))) return true;
  }
  if (prev.page === line.page) {
    const gap = prev.y - line.y;
    if (gap > m.lineGap * 1.45 || gap < 0) return true;
  } else if (/[.:;!?]["”’)]?$/.test(prev.text) && prev.xEnd < m.right - m.bodySize * 4) {
    return true;
  }
  const shortPrev = prev.xEnd < m.right - m.bodySize * 6;
  if (shortPrev && /[.:;!?]["”’)]?$/.test(prev.text)) return true;
  // A first-line indent opens a paragraph; a hanging indent (list) continues one.
  if (line.x > prev.x + m.bodySize * 1.2 && Math.abs(prev.x - m.left) < 2) return true;
  return false;
}

/** Whether "(i) … (ii) …" or "(1) …; (2) …": the number after `number` follows on the same line. */
function hasNextSiblingInline(text: string, number: ClauseNumber): boolean {
  const rest = text.slice(number.length);
  for (const m of rest.matchAll(/\((\w{1,4})\)/g)) {
    const sibling = matchClauseNumber(m[0]);
    if (sibling && sibling.style === number.style && sibling.ordinal === number.ordinal + 1) return true;
  }
  return false;
}

function paragraphBlock(p: Paragraph, bodySize: number, left: number): RawBlock {
  let text = p.lines[0].text;
  for (let i = 1; i < p.lines.length; i++) text = joinLines(text, p.lines[i].text);
  const first = p.lines[0];
  const indent = Math.max(0, Math.round((first.x - left) / 14));
  const size = first.size;
  const allBold = p.lines.every((l) => l.bold);
  const looksLikeTitle = text.length <= 160 && !/[.;,]$/.test(text) && p.lines.length <= 3;
  if ((size > bodySize * 1.1 && text.length <= 240) || (allBold && looksLikeTitle)) {
    return { kind: "heading", text, page: first.page, level: 0, indent };
  }
  const bullet = BULLETS.exec(text);
  if (bullet && !matchClauseNumber(text)) {
    return { kind: "list-item", text: text.slice(bullet[0].length), page: first.page, level: indent + 1, indent };
  }
  return { kind: "paragraph", text, page: first.page, indent };
}

/** Heading levels from font size: the largest size is level 1; bold beats regular at one size. */
function assignHeadingLevels(ranks: Map<RawBlock, number>): void {
  const key = (r: number) => Math.round(r * 4) / 4;
  const distinct = [...new Set([...ranks.values()].map(key))].sort((a, b) => b - a);
  for (const [block, rank] of ranks) block.level = distinct.indexOf(key(rank)) + 1;
}

/** PDF → raw blocks with page numbers. Refuses encrypted, corrupt and image-only files. */
export async function parsePdf(bytes: Uint8Array, deadline: Deadline, source: PdfTextSource = nodePdfTextSource): Promise<PdfReadResult> {
  if (!hasEndOfFileMarker(bytes)) {
    throw new ContractwijzerError("E_PDF_CORRUPT", "the PDF is truncated or damaged (no end-of-file marker)");
  }
  const doc = await deadline.race(source.open(bytes)).catch((e) => {
    throw pdfError(e);
  });
  const warnings: string[] = [];
  try {
    const pageLinesList: PdfLine[][] = [];
    let visibleChars = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      deadline.check();
      const page = await deadline.race(doc.getPage(n)).catch((e) => {
        throw pdfError(e);
      });
      for (const it of page.items) visibleChars += it.str.replace(/\s+/g, "").length;
      pageLinesList.push(pageLines(page));
    }
    if (visibleChars < Math.max(20, doc.numPages * 10)) {
      throw new ContractwijzerError(
        "E_PDF_NO_TEXT",
        "the PDF has no text layer (probably a scan); run OCR on it first (e.g. ocrmypdf) and upload the result",
      );
    }
    const { pages, removed } = removePageFurniture(pageLinesList);
    if (removed) warnings.push(`${removed} lines of running headers, footers and page numbers removed`);
    deadline.check();
    const blocks = linesToBlocks(pages);
    if (blocks.some((b) => b.kind === "table-cell")) warnings.push("table rows in the PDF were split into cells at wide gaps");
    return { pages: doc.numPages, blocks, warnings };
  } finally {
    await doc.close().catch(() => undefined);
  }
}

function hasEndOfFileMarker(bytes: Uint8Array): boolean {
  const tail = bytes.subarray(Math.max(0, bytes.length - 16_384));
  const s = new TextDecoder("latin1").decode(tail);
  return s.includes("%%EOF");
}

import type { Deadline } from "./deadline.js";
import { matchClauseNumber, SectionTracker } from "./numbering.js";
import type { Block, BlockKind } from "./types.js";

/** A block as a format reader sees it, before offsets and sections are known. */
export interface RawBlock {
  kind: "heading" | "paragraph" | "list-item" | "table-cell";
  text: string;
  /** Heading level (1 = top) or list depth (1 = top). */
  level?: number;
  /** List depth or quantised indentation, used to tell a nested "1." from a new one. */
  indent?: number;
  page?: number | null;
}

export interface BuiltText {
  text: string;
  blocks: Block[];
}

export const BLOCK_SEPARATOR = "\n\n";

/** Collapses every run of whitespace to one space, in one pass. */
export function normaliseWhitespace(s: string): string {
  let out = "";
  let pendingSpace = false;
  let chunkStart = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // space, tab, newline, CR, form feed, vertical tab, NBSP, narrow NBSP, zero-width space
    const isSpace = c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x202f || c === 0x2007 || c === 0x200b;
    if (isSpace) {
      if (chunkStart >= 0) {
        out += s.slice(chunkStart, i);
        chunkStart = -1;
      }
      pendingSpace = out.length > 0;
    } else {
      if (chunkStart < 0) {
        if (pendingSpace) out += " ";
        pendingSpace = false;
        chunkStart = i;
      }
    }
  }
  if (chunkStart >= 0) out += s.slice(chunkStart);
  return out;
}

function stripNumber(text: string, length: number): string {
  return text.slice(length).replace(/^[\s.:\-–—]+/, "");
}

/**
 * Lays the blocks out as one text (blocks separated by a blank line) and assigns kind,
 * section and nearest heading to each. Offsets are exact: `text.slice(start, end)`.
 */
export function buildText(raw: Iterable<RawBlock>, deadline?: Deadline): BuiltText {
  const parts: string[] = [];
  const blocks: Block[] = [];
  const tracker = new SectionTracker();
  let offset = 0;
  let heading: string | null = null;
  let count = 0;
  for (const r of raw) {
    if (++count % 256 === 0) deadline?.check();
    const text = normaliseWhitespace(r.text);
    if (!text) continue;
    const isHeading = r.kind === "heading";
    const number = r.kind === "table-cell" ? null : matchClauseNumber(text, isHeading);
    const section = tracker.assign({ isHeading, level: isHeading ? (r.level ?? 1) : null, indent: r.indent ?? null, number });
    let kind: BlockKind = r.kind;
    if (isHeading) {
      const title = number ? stripNumber(text, number.length) : text;
      heading = title || text;
    } else if (number) {
      kind = "clause";
    }
    if (parts.length) {
      parts.push(BLOCK_SEPARATOR);
      offset += BLOCK_SEPARATOR.length;
    }
    parts.push(text);
    const block: Block = { kind, section, heading, start: offset, end: offset + text.length, page: r.page ?? null };
    if (isHeading || r.kind === "list-item") block.level = r.level ?? 1;
    blocks.push(block);
    offset += text.length;
  }
  return { text: parts.join(""), blocks };
}

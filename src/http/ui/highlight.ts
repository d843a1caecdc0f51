/**
 * Splits a document's text into blocks and, inside each block, into plain and highlighted
 * runs for the evidence spans of a report. Spans may overlap (two findings quoting the same
 * sentence); each run records which spans cover it and which spans start in it, so the view
 * can give every span a `<mark id>` anchor.
 */
import type { Report } from "../../check/types.js";
import type { Block } from "../../parse/types.js";

export interface Span {
  start: number;
  end: number;
}

export interface TextRun {
  text: string;
  /** Spans covering this run (empty = plain text). */
  covering: Span[];
  /** Spans that begin at this run's start: their anchor ids go here. */
  starting: Span[];
}

export interface ViewBlock {
  kind: Block["kind"] | "text";
  section: string | null;
  heading: string | null;
  page: number | null;
  start: number;
  end: number;
  runs: TextRun[];
}

/** The anchor id of an evidence span: unique across the documents of a bundle. */
export const spanId = (documentIndex: number, s: Span) => `ev-${documentIndex}-${s.start}-${s.end}`;

/** The distinct evidence spans of one document of a report, in text order. */
export function evidenceSpans(report: Report, documentIndex: number): Span[] {
  const seen = new Map<string, Span>();
  for (const f of report.findings)
    for (const e of f.evidence)
      if (e.document === documentIndex && e.end > e.start) seen.set(`${e.start}-${e.end}`, { start: e.start, end: e.end });
  return [...seen.values()].sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Runs of text[start, end) cut at every span boundary inside it. */
export function runsFor(text: string, start: number, end: number, spans: readonly Span[]): TextRun[] {
  const inside = spans.filter((s) => s.end > start && s.start < end);
  const cuts = new Set<number>([start, end]);
  for (const s of inside) {
    if (s.start > start && s.start < end) cuts.add(s.start);
    if (s.end > start && s.end < end) cuts.add(s.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const runs: TextRun[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i];
    const b = points[i + 1];
    runs.push({
      text: text.slice(a, b),
      covering: inside.filter((s) => s.start <= a && s.end >= b),
      starting: inside.filter((s) => s.start === a),
    });
  }
  return runs;
}

/**
 * The text as view blocks. Parsers' blocks cover the text; gaps between them (rare) become
 * "text" blocks so that no character and no evidence span is lost. A span that starts in a
 * gap or crosses blocks is anchored in the block where it starts.
 */
export function viewBlocks(text: string, blocks: readonly Block[], spans: readonly Span[]): ViewBlock[] {
  const sorted = [...blocks].filter((b) => b.end > b.start).sort((a, b) => a.start - b.start);
  const out: ViewBlock[] = [];
  let cursor = 0;
  const push = (kind: ViewBlock["kind"], start: number, end: number, meta: Pick<Block, "section" | "heading" | "page">) => {
    if (end <= start) return;
    if (text.slice(start, end).trim() === "" && !spans.some((s) => s.start >= start && s.start < end)) return;
    out.push({ kind, section: meta.section, heading: meta.heading, page: meta.page, start, end, runs: runsFor(text, start, end, spans) });
  };
  let last: Pick<Block, "section" | "heading" | "page"> = { section: null, heading: null, page: null };
  for (const b of sorted) {
    const start = Math.max(b.start, cursor);
    if (start > cursor) push("text", cursor, start, last);
    push(b.kind, start, b.end, b);
    last = b;
    cursor = Math.max(cursor, b.end);
  }
  if (cursor < text.length) push("text", cursor, text.length, last);
  return out;
}

import { expect } from "vitest";
import type { ParsedDocument } from "../../src/parse/types.js";

/** Blocks in text order, not overlapping, and only "\n\n" between them. */
export function expectWellFormed(doc: ParsedDocument): void {
  expect(doc.characters).toBe(doc.text.length);
  let previousEnd = 0;
  for (const [i, b] of doc.blocks.entries()) {
    expect(b.start, `block ${i} starts before the previous one ends`).toBeGreaterThanOrEqual(previousEnd);
    expect(b.end).toBeGreaterThan(b.start);
    const gap = doc.text.slice(previousEnd, b.start);
    expect(i === 0 ? gap : gap, `separator before block ${i}`).toBe(i === 0 ? "" : "\n\n");
    const body = doc.text.slice(b.start, b.end);
    expect(body).toBe(body.trim());
    previousEnd = b.end;
  }
  expect(doc.text.slice(previousEnd)).toBe("");
}

export function blockTexts(doc: ParsedDocument): string[] {
  return doc.blocks.map((b) => doc.text.slice(b.start, b.end));
}

export function sectionOf(doc: ParsedDocument, startsWith: string): string | null | undefined {
  const b = doc.blocks.find((x) => doc.text.slice(x.start, x.end).startsWith(startsWith));
  return b ? b.section : undefined;
}

export function blockOf(doc: ParsedDocument, startsWith: string) {
  return doc.blocks.find((x) => doc.text.slice(x.start, x.end).startsWith(startsWith));
}

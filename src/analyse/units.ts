/**
 * Splits a document into units: sentences within blocks. A sentence that ends in ":" takes
 * the list items under it along (its `extEnd`), so "will not use X to train, except:" sees
 * the exceptions listed below it.
 */
import type { Block, ParsedDocument } from "../parse/types.js";

export interface Unit {
  index: number;
  blockIndex: number;
  start: number;
  end: number;
  /** End of the unit including list items it introduces (>= end). */
  extEnd: number;
}

/** Abbreviations after which a full stop does not end a sentence. */
const ABBREVIATIONS = new Set(
  [
    "e.g", "i.e", "etc", "incl", "excl", "art", "arts", "nr", "no", "nos", "sec", "para", "cf", "vs", "viz", "approx",
    "inc", "ltd", "corp", "co", "llc", "b.v", "n.v", "bv", "nv", "mr", "mrs", "dr", "prof", "st", "u.s", "u.k", "e.u",
    "o.a", "m.b.t", "t.a.v", "i.v.m", "bijv", "d.w.z", "z.g", "jo", "lid", "blz", "p", "pp", "ca", "min", "max", "jan",
    "feb", "mrt", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "oct", "nov", "dec", "resp", "evt", "ev", "excl",
  ].map((a) => a.toLowerCase()),
);

/** Very long "sentences" (all-caps disclaimers without stops) are cut so units stay small. */
const MAX_UNIT_CHARS = 1500;
/** A lead-in takes at most this many list items along (a to z). */
const MAX_LIST_ITEMS = 26;

function isSentenceEnd(text: string, i: number): boolean {
  const ch = text[i];
  if (ch !== "." && ch !== "!" && ch !== "?" && ch !== ";") return false;
  const next = text[i + 1];
  if (next !== undefined && !/\s/.test(next)) return false;
  if (ch === ";") return true;
  if (ch !== ".") return true;
  // The word before the stop: abbreviations and numbers ("1.", "7.2.") do not end sentences.
  let j = i - 1;
  while (j >= 0 && /[\p{L}\p{N}.]/u.test(text[j])) j--;
  const word = text.slice(j + 1, i).toLowerCase();
  if (word.length === 0) return true;
  if (ABBREVIATIONS.has(word)) return false;
  if (/^\d+(\.\d+)*$/.test(word)) {
    // "7.2." at the start of a line is numbering; "within 30 days 12." rarely ends a sentence either,
    // but "… in Article 7." does: a number ends a sentence only when a word stands before it on the line.
    let k = j;
    while (k >= 0 && text[k] === " ") k--;
    if (k < 0 || text[k] === "\n") return false;
  }
  if (/^[a-z]$/i.test(word)) return false; // initials, "a." list markers
  // Next non-space character must look like a sentence start.
  let k = i + 1;
  while (k < text.length && /\s/.test(text[k])) k++;
  if (k >= text.length) return true;
  return /[\p{Lu}\p{N}"“'‘([•\-–]/u.test(text[k]);
}

/** "… except: (a) …; (b) …" typed in one paragraph: the lead-in ends at the colon, so each item pairs with it. */
const ENUMERATION_AFTER_COLON = /^\s+(?:\((?:[a-z]|[ivx]{1,4}|\d{1,2})\)|(?:[a-z]|\d{1,2})[.)])\s/i;

function isLeadInEnd(text: string, i: number, end: number): boolean {
  return text[i] === ":" && ENUMERATION_AFTER_COLON.test(text.slice(i + 1, Math.min(end, i + 12)));
}

/** The second marker after a first one: (a) → (b), (i) → (ii), (1) → (2). */
const NEXT_MARKER: Record<string, string> = { a: "b", A: "B", i: "ii", I: "II", "1": "2" };

/**
 * "… do not read your documents, except (a) …; (b) …; or (c) …": an enumeration without a
 * colon. The text before "(a)" is the lead-in when the block goes on with "; (b)" (or "; or (b)").
 */
function enumerationStartsAt(text: string, i: number, end: number, unitStart: number): boolean {
  if (text[i] !== "(" || i - unitStart < 20 || !/\s/.test(text[i - 1] ?? "")) return false;
  const m = /^\(([aAiI1])\)\s/.exec(text.slice(i, i + 5));
  if (!m) return false;
  const next = NEXT_MARKER[m[1]];
  return new RegExp(`;\\s+(?:(?:and|or|en|of)\\s+)?\\(${next}\\)\\s`).test(text.slice(i, Math.min(end, i + 3000)));
}

/** [start, end, isLeadIn]: a lead-in cut before an enumeration that has no colon. */
export function splitSentences(text: string, start: number, end: number): [number, number, boolean?][] {
  const out: [number, number, boolean?][] = [];
  let s = start;
  while (s < end && /\s/.test(text[s])) s++;
  for (let i = s; i < end; i++) {
    if (enumerationStartsAt(text, i, end, s)) {
      let e = i;
      while (e > s && /\s/.test(text[e - 1])) e--;
      out.push([s, e, true]);
      s = i;
      continue;
    }
    const cut = isSentenceEnd(text, i) || isLeadInEnd(text, i, end) || i - s >= MAX_UNIT_CHARS && /\s/.test(text[i]);
    if (cut || text[i] === "\n" && text[i + 1] === "\n") {
      const e = text[i] === "\n" ? i : i + 1;
      if (e > s) out.push([s, e]);
      s = e;
      while (s < end && /\s/.test(text[s])) s++;
      i = s - 1;
    }
  }
  if (s < end) {
    let e = end;
    while (e > s && /\s/.test(text[e - 1])) e--;
    if (e > s) out.push([s, e]);
  }
  return out;
}

export function splitUnits(doc: Pick<ParsedDocument, "text" | "blocks">): Unit[] {
  const units: Unit[] = [];
  const { text, blocks } = doc;
  const leadIns = new Set<number>();
  blocks.forEach((block: Block, blockIndex: number) => {
    for (const [s, e, leadIn] of splitSentences(text, block.start, block.end)) {
      if (leadIn) leadIns.add(units.length);
      units.push({ index: units.length, blockIndex, start: s, end: e, extEnd: e });
    }
  });
  // Lead-in sentences ending in ":" (or "following", "volgende") take the next list items along.
  for (let u = 0; u < units.length; u++) {
    const unit = units[u];
    const tail = text.slice(Math.max(unit.start, unit.end - 3), unit.end).trim();
    if (!tail.endsWith(":") && !tail.endsWith("—") && !leadIns.has(u)) continue;
    const isLastInBlock = u + 1 >= units.length || units[u + 1].blockIndex !== unit.blockIndex;
    let extEnd = unit.end;
    if (!isLastInBlock) {
      // An enumeration typed inside the block ("(a) …; (b) …; and (c) ….") ends at the first full stop.
      for (let v = u + 1; v < units.length && units[v].blockIndex === unit.blockIndex; v++) {
        extEnd = units[v].end;
        if (/[.!?]["”’)]*$/.test(text.slice(units[v].start, units[v].end).trimEnd())) break;
      }
    } else {
      // List items in the blocks below: the first sentence of each, while they stay items of this lead-in.
      const lead = blocks[unit.blockIndex];
      let items = 0;
      for (let v = u + 1; v < units.length && items < MAX_LIST_ITEMS; ) {
        const blockIndex = units[v].blockIndex;
        const b = blocks[blockIndex];
        const nested = b.section !== null && lead.section !== null && b.section !== lead.section && b.section.startsWith(lead.section);
        if (b.kind !== "list-item" && !(b.kind === "clause" && nested)) break;
        if (b.kind === "list-item" && b.section !== null && lead.section !== null && !b.section.startsWith(lead.section)) break;
        extEnd = units[v].end;
        items++;
        while (v < units.length && units[v].blockIndex === blockIndex) v++;
      }
    }
    unit.extEnd = extEnd;
  }
  return units;
}

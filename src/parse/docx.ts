/**
 * DOCX → raw blocks. mammoth turns the package into HTML but drops automatic numbering, so
 * before it runs we compute every list number from word/numbering.xml and write it into the
 * paragraph as ordinary text ("7.2 "), exactly where Word and the PDF rendition show it.
 * mammoth only ever sees a package rebuilt from parts we inflated under the size limits.
 */
import JSZip from "jszip";
import mammoth from "mammoth";
import { ContractwijzerError } from "../errors.js";
import type { RawBlock } from "./builder.js";
import type { Deadline } from "./deadline.js";
import { htmlToBlocks } from "./html.js";
import { attr, escapeXmlText, scanTags } from "./xml.js";
import { checkDeclaredSizes, InflateBudget, inflateEntry, readZipDirectory } from "./zip.js";

interface LevelDefinition {
  start: number;
  numFmt: string;
  lvlText: string;
  isLgl: boolean;
}

interface NumberingDefinitions {
  abstractLevels: Map<string, Map<number, LevelDefinition>>;
  nums: Map<string, { abstractId: string; startOverrides: Map<number, number> }>;
}

interface StyleNumbering {
  numId: string | null;
  ilvl: number | null;
  basedOn: string | null;
}

export function readNumberingXml(xml: string): NumberingDefinitions {
  const abstractLevels = new Map<string, Map<number, LevelDefinition>>();
  const nums = new Map<string, { abstractId: string; startOverrides: Map<number, number> }>();
  let abstractId: string | null = null;
  let level: (LevelDefinition & { ilvl: number }) | null = null;
  let numId: string | null = null;
  let overrideLevel: number | null = null;
  for (const t of scanTags(xml)) {
    if (t.closing) {
      if (t.name === "w:lvl" && level && abstractId !== null && numId === null) {
        abstractLevels.get(abstractId)?.set(level.ilvl, level);
        level = null;
      } else if (t.name === "w:abstractNum") abstractId = null;
      else if (t.name === "w:num") numId = null;
      else if (t.name === "w:lvlOverride") overrideLevel = null;
      continue;
    }
    switch (t.name) {
      case "w:abstractNum":
        abstractId = attr(t.raw, "w:abstractNumId");
        if (abstractId !== null) abstractLevels.set(abstractId, new Map());
        break;
      case "w:lvl":
        if (numId === null) level = { ilvl: Number(attr(t.raw, "w:ilvl") ?? 0), start: 1, numFmt: "decimal", lvlText: "", isLgl: false };
        break;
      case "w:start":
        if (level) level.start = Number(attr(t.raw, "w:val") ?? 1);
        break;
      case "w:numFmt":
        if (level) level.numFmt = attr(t.raw, "w:val") ?? "decimal";
        break;
      case "w:lvlText":
        if (level) level.lvlText = attr(t.raw, "w:val") ?? "";
        break;
      case "w:isLgl":
        if (level) level.isLgl = attr(t.raw, "w:val") !== "0";
        break;
      case "w:num":
        numId = attr(t.raw, "w:numId");
        if (numId !== null) nums.set(numId, { abstractId: "", startOverrides: new Map() });
        break;
      case "w:abstractNumId":
        if (numId !== null) {
          const n = nums.get(numId);
          if (n) n.abstractId = attr(t.raw, "w:val") ?? "";
        }
        break;
      case "w:lvlOverride":
        overrideLevel = Number(attr(t.raw, "w:ilvl") ?? 0);
        break;
      case "w:startOverride":
        if (numId !== null && overrideLevel !== null) nums.get(numId)?.startOverrides.set(overrideLevel, Number(attr(t.raw, "w:val") ?? 1));
        break;
    }
  }
  return { abstractLevels, nums };
}

export function readStyleNumbering(xml: string): Map<string, StyleNumbering> {
  const styles = new Map<string, StyleNumbering>();
  let current: StyleNumbering | null = null;
  let depthInPPrChange = 0;
  for (const t of scanTags(xml)) {
    if (t.name === "w:pPrChange") {
      if (!t.selfClosing) depthInPPrChange += t.closing ? -1 : 1;
      continue;
    }
    if (t.closing) {
      if (t.name === "w:style") current = null;
      continue;
    }
    if (t.name === "w:style") {
      const id = attr(t.raw, "w:styleId");
      current = { numId: null, ilvl: null, basedOn: null };
      if (id !== null) styles.set(id, current);
    } else if (current && depthInPPrChange === 0) {
      if (t.name === "w:basedOn") current.basedOn = attr(t.raw, "w:val");
      else if (t.name === "w:numId") current.numId = attr(t.raw, "w:val");
      else if (t.name === "w:ilvl") current.ilvl = Number(attr(t.raw, "w:val") ?? 0);
    }
  }
  return styles;
}

function formatCounter(n: number, fmt: string): string {
  switch (fmt) {
    case "lowerLetter":
    case "upperLetter": {
      const letter = String.fromCharCode(97 + ((n - 1) % 26)).repeat(Math.floor((n - 1) / 26) + 1);
      return fmt === "upperLetter" ? letter.toUpperCase() : letter;
    }
    case "lowerRoman":
    case "upperRoman": {
      const roman = toRoman(n);
      return fmt === "upperRoman" ? roman.toUpperCase() : roman;
    }
    case "decimalZero":
      return n < 10 ? `0${n}` : String(n);
    default:
      return String(n);
  }
}

function toRoman(n: number): string {
  const table: [number, string][] = [
    [1000, "m"],
    [900, "cm"],
    [500, "d"],
    [400, "cd"],
    [100, "c"],
    [90, "xc"],
    [50, "l"],
    [40, "xl"],
    [10, "x"],
    [9, "ix"],
    [5, "v"],
    [4, "iv"],
    [1, "i"],
  ];
  let out = "";
  let rest = Math.max(1, Math.min(n, 3999));
  for (const [value, letters] of table) {
    while (rest >= value) {
      out += letters;
      rest -= value;
    }
  }
  return out;
}

/** Counts list numbers the way Word does and returns the label for each numbered paragraph. */
export class ListCounter {
  private counters = new Map<string, (number | undefined)[]>();
  private startedNums = new Set<string>();

  constructor(private readonly defs: NumberingDefinitions) {}

  next(numId: string, ilvl: number): string | null {
    const num = this.defs.nums.get(numId);
    if (!num) return null;
    const levels = this.defs.abstractLevels.get(num.abstractId);
    const level = levels?.get(ilvl);
    if (!levels || !level) return null;
    // A num with a start override is its own list; plain nums share their abstract list.
    const key = num.startOverrides.size ? `num:${numId}` : `abs:${num.abstractId}`;
    let counters = this.counters.get(key);
    if (!counters) {
      counters = [];
      this.counters.set(key, counters);
    }
    if (!this.startedNums.has(numId)) {
      this.startedNums.add(numId);
      for (const [l, start] of num.startOverrides) counters[l] = start - 1;
    }
    counters[ilvl] = counters[ilvl] === undefined ? level.start : (counters[ilvl] as number) + 1;
    for (let l = ilvl + 1; l < 9; l++) counters[l] = undefined;
    for (let l = 0; l < ilvl; l++) if (counters[l] === undefined) counters[l] = levels.get(l)?.start ?? 1;
    if (level.numFmt === "bullet" || level.numFmt === "none" || !level.lvlText) return null;
    const label = level.lvlText.replace(/%([1-9])/g, (_, d: string) => {
      const l = Number(d) - 1;
      const fmt = level.isLgl ? "decimal" : (levels.get(l)?.numFmt ?? "decimal");
      return formatCounter(counters![l] ?? 1, fmt);
    });
    return label.trim() || null;
  }
}

function styleNumbering(styles: Map<string, StyleNumbering>, styleId: string | null): { numId: string | null; ilvl: number | null } {
  let id = styleId;
  for (let hops = 0; id && hops < 12; hops++) {
    const s = styles.get(id);
    if (!s) break;
    if (s.numId !== null) return { numId: s.numId, ilvl: s.ilvl };
    id = s.basedOn;
  }
  return { numId: null, ilvl: null };
}

/**
 * Writes each paragraph's automatic number into document.xml as a text run at the start of
 * the paragraph. Returns the new XML and how many numbers were written.
 */
export function writeListNumbers(documentXml: string, defs: NumberingDefinitions, styles: Map<string, StyleNumbering>, deadline?: Deadline): { xml: string; count: number } {
  const counter = new ListCounter(defs);
  const out: string[] = [];
  let copied = 0;
  let count = 0;
  interface OpenParagraph {
    styleId: string | null;
    numId: string | null;
    ilvl: number | null;
    inPPr: boolean;
    pPrChangeDepth: number;
    decided: boolean;
  }
  const stack: OpenParagraph[] = [];
  let seen = 0;
  const decide = (p: OpenParagraph, insertAt: number) => {
    p.decided = true;
    const fromStyle = styleNumbering(styles, p.styleId);
    const numId = p.numId ?? fromStyle.numId;
    if (!numId || numId === "0") return;
    const ilvl = p.ilvl ?? fromStyle.ilvl ?? 0;
    const label = counter.next(numId, ilvl);
    if (!label) return;
    out.push(documentXml.slice(copied, insertAt), `<w:r><w:t xml:space="preserve">${escapeXmlText(label)} </w:t></w:r>`);
    copied = insertAt;
    count++;
  };
  for (const t of scanTags(documentXml)) {
    if (++seen % 4096 === 0) deadline?.check();
    const p = stack[stack.length - 1];
    if (t.name === "w:p") {
      if (t.closing) {
        if (p && !p.decided) decide(p, t.start);
        stack.pop();
      } else if (!t.selfClosing) {
        stack.push({ styleId: null, numId: null, ilvl: null, inPPr: false, pPrChangeDepth: 0, decided: false });
      }
      continue;
    }
    if (!p || p.decided) continue;
    if (t.name === "w:pPr") {
      if (t.closing) {
        p.inPPr = false;
        decide(p, t.end);
      } else if (t.selfClosing) {
        decide(p, t.end);
      } else p.inPPr = true;
      continue;
    }
    if (!p.inPPr) {
      // pPr is always the first child; any other child means there is none.
      decide(p, t.start);
      continue;
    }
    if (t.name === "w:pPrChange" || t.name === "w:rPr") {
      if (!t.selfClosing) p.pPrChangeDepth += t.closing ? -1 : 1;
      continue;
    }
    if (p.pPrChangeDepth > 0 || t.closing) continue;
    if (t.name === "w:pStyle") p.styleId = attr(t.raw, "w:val");
    else if (t.name === "w:numId") p.numId = attr(t.raw, "w:val");
    else if (t.name === "w:ilvl") p.ilvl = Number(attr(t.raw, "w:val") ?? 0);
  }
  out.push(documentXml.slice(copied));
  return { xml: out.join(""), count };
}

const TEXT_PART = /\.(xml|rels)$/i;

export interface DocxReadResult {
  blocks: RawBlock[];
  warnings: string[];
}

/** DOCX → raw blocks, with recovered list numbers. Refuses broken packages and zip bombs. */
export async function parseDocx(bytes: Uint8Array, maxInflatedBytes: number, deadline: Deadline): Promise<DocxReadResult> {
  const entries = readZipDirectory(bytes);
  checkDeclaredSizes(entries, maxInflatedBytes);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const main = byName.get("word/document.xml");
  if (!main || !byName.has("[Content_Types].xml")) {
    throw new ContractwijzerError("E_DOCX_INVALID", "the DOCX is not a valid Word package (word/document.xml or [Content_Types].xml is missing)");
  }
  const budget = new InflateBudget(maxInflatedBytes);
  const parts = new Map<string, Uint8Array>();
  for (const e of entries) {
    if (!TEXT_PART.test(e.name) || e.name.endsWith("/")) continue;
    deadline.check();
    parts.set(e.name, await inflateEntry(bytes, e, budget));
  }
  const decoder = new TextDecoder("utf-8");
  const text = (name: string) => {
    const data = parts.get(name);
    return data ? decoder.decode(data) : null;
  };
  const warnings: string[] = [];
  const numberingXml = text("word/numbering.xml");
  const documentXml = text("word/document.xml") ?? "";
  if (numberingXml) {
    const defs = readNumberingXml(numberingXml);
    const styles = readStyleNumbering(text("word/styles.xml") ?? "");
    const { xml, count } = writeListNumbers(documentXml, defs, styles, deadline);
    parts.set("word/document.xml", new TextEncoder().encode(xml));
    if (count) warnings.push(`${count} automatic list numbers recovered from word/numbering.xml`);
  }
  const zip = new JSZip();
  for (const [name, data] of parts) zip.file(name, data, { compression: "STORE" });
  const rebuilt = await zip.generateAsync({ type: "nodebuffer", compression: "STORE" });
  deadline.check();
  let html: string;
  try {
    const result = await deadline.race(
      mammoth.convertToHtml(
        // Both fields: mammoth's Node build reads `buffer`, its browser build (used in the Worker) `arrayBuffer`.
        {
          buffer: rebuilt,
          arrayBuffer: rebuilt.buffer.slice(rebuilt.byteOffset, rebuilt.byteOffset + rebuilt.byteLength),
        } as { buffer: Buffer },
        {
          styleMap: ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh"],
          convertImage: mammoth.images.imgElement(async () => ({ src: "" })),
          ignoreEmptyParagraphs: true,
        },
      ),
    );
    html = result.value;
  } catch (e) {
    if (e instanceof ContractwijzerError) throw e;
    throw new ContractwijzerError("E_DOCX_INVALID", `the DOCX cannot be read (${(e as Error).message.split("\n")[0]})`);
  }
  return { blocks: htmlToBlocks(html, { numberOrderedLists: false, deadline }), warnings };
}

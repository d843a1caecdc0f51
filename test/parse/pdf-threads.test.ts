/**
 * Long PDFs are read on helper threads (src/parse/pdf-threads.ts). What must hold: the document
 * is exactly what one thread reads, helpers really take part, a failing helper costs nothing
 * but time, and a parse that stops early (timeout, close) leaves no helper running.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDocument } from "../../src/parse/index.js";
import { pdfThreadStats, withPageThreads } from "../../src/parse/pdf-threads.js";
import { openPdfjsText } from "../../src/parse/pdf-text.mjs";
import { longContractPdf } from "./fixtures.js";

const saved = process.env.CONTRACTWIJZER_PDF_THREADS;
let pdf: Uint8Array;

async function parseWith(threads: number, bytes = pdf, timeoutMs = 120_000) {
  process.env.CONTRACTWIJZER_PDF_THREADS = String(threads);
  try {
    return await parseDocument(bytes, { name: "long.pdf", timeoutMs });
  } finally {
    process.env.CONTRACTWIJZER_PDF_THREADS = saved ?? "";
  }
}

async function readAll(doc: { numPages: number; getPage(n: number): Promise<unknown>; close(): Promise<void> }) {
  const pages = [];
  for (let n = 1; n <= doc.numPages; n++) pages.push(await doc.getPage(n));
  await doc.close();
  return pages;
}

const settle = async (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  pdf = await longContractPdf(60);
});
afterAll(() => {
  process.env.CONTRACTWIJZER_PDF_THREADS = saved ?? "";
});

describe("PDF pages on helper threads", () => {
  it("gives exactly the document one thread reads, with the helpers reading part of it", async () => {
    const one = await parseWith(0);
    // The first document starts the helpers; they load pdf.js while this thread reads, and may come too late to help.
    expect(await parseWith(2)).toEqual(one);
    const before = pdfThreadStats();
    const two = await parseWith(2);
    const after = pdfThreadStats();
    expect(one.pages).toBe(60);
    expect(one.blocks.filter((b) => b.kind === "heading" && b.section?.startsWith("Article")).length).toBe(120);
    expect(two).toEqual(one);
    expect(after.helperChunks).toBeGreaterThan(before.helperChunks);
    expect(after.alive).toBeLessThanOrEqual(2);
    // Again with warm helpers: still the same, and no new helper threads.
    expect(await parseWith(2)).toEqual(one);
    expect(pdfThreadStats().started).toBe(after.started);
  }, 120_000);

  it("reads the pages itself when a helper cannot (the helper gets a damaged copy)", async () => {
    const reference = await readAll(await openPdfjsText(pdf));
    const damaged = pdf.slice(0, 2000);
    const before = pdfThreadStats();
    const pages = await readAll(withPageThreads(damaged, await openPdfjsText(pdf), 1));
    expect(pages).toEqual(reference);
    expect(pdfThreadStats().helperChunks).toBe(before.helperChunks);
  }, 120_000);

  it("stops its helpers when the document is closed early, and the next document is read in full", async () => {
    const doc = withPageThreads(pdf, await openPdfjsText(pdf), 2);
    await doc.getPage(1);
    await doc.close();
    await settle(1500);
    const reference = await readAll(await openPdfjsText(pdf));
    expect(await readAll(withPageThreads(pdf, await openPdfjsText(pdf), 2))).toEqual(reference);
    expect(pdfThreadStats().alive).toBeLessThanOrEqual(2);
  }, 120_000);

  it("times out as one thread would, then parses the same file normally", async () => {
    await expect(parseWith(2, pdf, 30)).rejects.toMatchObject({ code: "E_PARSE_TIMEOUT" });
    await settle(500);
    expect(await parseWith(2)).toEqual(await parseWith(0));
  }, 120_000);
});

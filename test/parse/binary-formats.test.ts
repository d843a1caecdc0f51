import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ContractwijzerError } from "../../src/errors.js";
import { parseDocument } from "../../src/parse/index.js";
import { blockOf, blockTexts, expectWellFormed, sectionOf } from "./invariants.js";
import {
  buildZip,
  CONTENT_TYPES,
  deflatedZeros,
  dutchContractPdf,
  encryptWithQpdf,
  englishTwoColumnPdf,
  imageOnlyPdf,
  numberedDocx,
  storedEntry,
  wrappedEnumerationsPdf,
} from "./fixtures.js";

const work = mkdtempSync(path.join(tmpdir(), "cw-parse-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function failure(p: Promise<unknown>): Promise<ContractwijzerError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ContractwijzerError);
    return e as ContractwijzerError;
  }
  throw new Error("expected the parser to refuse the input");
}

describe("PDF", () => {
  it("rebuilds the text of a Dutch contract: headers, footers, hyphenation, sections, pages, table", async () => {
    const doc = await parseDocument(await dutchContractPdf(), { name: "voorwaarden.pdf" });
    expectWellFormed(doc);
    expect(doc).toMatchObject({ format: "pdf", pages: 3, language: "nl" });
    expect(doc.text).not.toMatch(/Pagina \d van 3/);
    expect(doc.text).not.toContain("Algemene voorwaarden 2026");
    expect(doc.text).toContain("voor de verwerkingen die in de verwerkersovereenkomst");
    expect(doc.text).toContain("€ 1.250 per maand, exclusief btw, en wordt jaarlijks geïndexeerd");
    expect(doc.text).toContain("Het reële risico");
    expect(blockOf(doc, "Algemene voorwaarden Voorbeeld")).toMatchObject({ kind: "heading", page: 1 });
    expect(blockOf(doc, "Artikel 2 Persoonsgegevens")).toMatchObject({ kind: "heading", section: "Artikel 2", page: 1 });
    expect(blockOf(doc, "1.2 Leverancier")).toMatchObject({ kind: "clause", section: "1.2", heading: "Definities", page: 1 });
    expect(blockTexts(doc)).toContain("1.2 Leverancier: Voorbeeld B.V., gevestigd te Utrecht, die de diensten levert aan de opdrachtgever.");
    expect(sectionOf(doc, "(a) passende")).toBe("2.2(a)");
    expect(sectionOf(doc, "(b) een datalek")).toBe("2.2(b)");
    expect(blockOf(doc, "4.1 De aansprakelijkheid")).toMatchObject({ section: "4.1", page: 2, heading: "Aansprakelijkheid" });
    expect(blockOf(doc, "5.1 Partijen")).toMatchObject({ section: "5.1", page: 3 });
    expect(blockTexts(doc)).toContain(
      "5.1 Partijen houden vertrouwelijke informatie geheim, ook na het einde van de overeenkomst. Dit geldt ook voor het personeel en voor ingeschakelde derden; de leverancier legt deze verplichting schriftelijk op aan zijn onderaannemers.",
    );
    const cells = doc.blocks.filter((b) => b.kind === "table-cell").map((b) => doc.text.slice(b.start, b.end));
    expect(cells).toEqual(["Dienst", "Prijs per maand", "Hosting", "€ 500", "Beheer en ondersteuning", "€ 750"]);
    expect(doc.warnings?.join(" ")).toMatch(/headers, footers and page numbers removed/);
  });

  it("reads two columns left then right, in English", async () => {
    const doc = await parseDocument(await englishTwoColumnPdf(), { name: "terms.pdf" });
    expectWellFormed(doc);
    expect(doc.language).toBe("en");
    const texts = blockTexts(doc);
    expect(texts).toContain("7.1 The Supplier shall be liable for direct damage caused by its breach.");
    expect(texts).toContain("8.1 The Customer may terminate this agreement for convenience on thirty days' written notice to the Supplier.");
    expect(texts.findIndex((t) => t.startsWith("(b) death"))).toBeLessThan(texts.findIndex((t) => t.startsWith("Article 8")));
    expect(sectionOf(doc, "(a) wilful")).toBe("7.2(a)");
    expect(sectionOf(doc, "8.2 Either")).toBe("8.2");
  });

  it("keeps enumerations typed inside a paragraph together, and a real list apart", async () => {
    const doc = await parseDocument(await wrappedEnumerationsPdf(), { name: "enumerations.pdf" });
    expectWellFormed(doc);
    const texts = blockTexts(doc);
    expect(texts.find((t) => t.startsWith("1.1 "))).toMatch(/; and \(iv\) the processing runs/);
    expect(texts.find((t) => t.startsWith("1.2 "))).toMatch(/arises from: \(1\) use of the service/);
    expect(texts.some((t) => t.startsWith("(iv)") || t.startsWith("(1)"))).toBe(false);
    expect(sectionOf(doc, "(a) notify")).toBe("1.3(a)");
    expect(sectionOf(doc, "(b) keep")).toBe("1.3(b)");
  });

  it("refuses truncated, corrupt, encrypted and image-only PDFs", async () => {
    const good = await dutchContractPdf();
    expect((await failure(parseDocument(good.subarray(0, Math.floor(good.length / 2)), { name: "kapot.pdf" }))).code).toBe("E_PDF_CORRUPT");
    const garbage = new TextEncoder().encode(`%PDF-1.7\n${"garbage ".repeat(200)}\n%%EOF\n`);
    expect((await failure(parseDocument(garbage, { name: "kapot.pdf" }))).code).toBe("E_PDF_CORRUPT");

    const encrypted = await failure(parseDocument(encryptWithQpdf(good), { name: "locked.pdf" }));
    expect(encrypted.code).toBe("E_PDF_ENCRYPTED");

    const scan = await failure(parseDocument(await imageOnlyPdf(), { name: "scan.pdf" }));
    expect(scan.code).toBe("E_PDF_NO_TEXT");
    expect(scan.message).toMatch(/OCR/);
  });
});

describe("DOCX", () => {
  it("recovers automatic numbering, headings and tables", async () => {
    const doc = await parseDocument(await numberedDocx(), { name: "voorwaarden.docx" });
    expectWellFormed(doc);
    expect(doc).toMatchObject({ format: "docx", pages: null, language: "nl" });
    expect(blockOf(doc, "Leveringsvoorwaarden")?.kind).toBe("heading");
    expect(blockOf(doc, "1. Definities")).toMatchObject({ kind: "heading", section: "1", heading: "Definities" });
    expect(blockOf(doc, "1.1 Opdrachtgever")).toMatchObject({ kind: "clause", section: "1.1", heading: "Definities" });
    expect(sectionOf(doc, "2. Persoonsgegevens")).toBe("2");
    expect(sectionOf(doc, "2.1 De leverancier verwerkt")).toBe("2.1");
    expect(sectionOf(doc, "2.2 De leverancier zal")).toBe("2.2");
    expect(sectionOf(doc, "(a) passende")).toBe("2.2(a)");
    expect(sectionOf(doc, "(b) een datalek")).toBe("2.2(b)");
    expect(sectionOf(doc, "3.1 De vergoeding")).toBe("3.1");
    expect(doc.text).toContain("€ 1.250 per maand; het reële tarief wordt geïndexeerd.");
    const cells = doc.blocks.filter((b) => b.kind === "table-cell").map((b) => doc.text.slice(b.start, b.end));
    expect(cells).toEqual(["Dienst", "Prijs", "Hosting", "€ 500"]);
  });

  it("reads the same after LibreOffice turns it into a PDF", async () => {
    const docx = await numberedDocx();
    const file = path.join(work, "lo.docx");
    writeFileSync(file, docx);
    execFileSync("soffice", ["--headless", `-env:UserInstallation=file://${work}/lo-profile`, "--convert-to", "pdf", "--outdir", work, file], {
      stdio: "ignore",
      timeout: 120_000,
    });
    const fromDocx = await parseDocument(docx, { name: "lo.docx" });
    const fromPdf = await parseDocument(new Uint8Array(readFileSync(path.join(work, "lo.pdf"))), { name: "lo.pdf" });
    expectWellFormed(fromPdf);
    const sections = (d: typeof fromDocx) => [...new Set(d.blocks.map((b) => b.section).filter(Boolean))];
    expect(sections(fromPdf)).toEqual(sections(fromDocx));
    expect(blockOf(fromPdf, "2.2 De leverancier zal")?.page).toBe(1);
  });

  it("refuses packages that are not Word documents", async () => {
    const notWord = buildZip([storedEntry("[Content_Types].xml", CONTENT_TYPES), storedEntry("hello.txt", "hoi")]);
    expect((await failure(parseDocument(notWord, { name: "x.docx" }))).code).toBe("E_UNKNOWN_TYPE");
    const truncated = (await numberedDocx()).subarray(0, 400);
    expect((await failure(parseDocument(truncated, { name: "x.docx" }))).code).toBe("E_UNKNOWN_TYPE");
    const brokenXml = buildZip([storedEntry("[Content_Types].xml", CONTENT_TYPES), storedEntry("word/document.xml", "<w:document><w:body><w:p>")]);
    expect((await failure(parseDocument(brokenXml, { name: "x.docx" }))).code).toBe("E_DOCX_INVALID");
    const badDeflate = buildZip([
      storedEntry("[Content_Types].xml", CONTENT_TYPES),
      { name: "word/document.xml", data: new Uint8Array([0xff, 0xff, 0xff, 0xff, 1, 2, 3]), method: 8, uncompressedSize: 100 },
    ]);
    expect((await failure(parseDocument(badDeflate, { name: "x.docx" }))).code).toBe("E_DOCX_INVALID");
  });

  it("refuses a zip bomb from its directory, and one with lying headers while inflating", async () => {
    const zeros = await deflatedZeros(300);
    expect(zeros.length).toBeLessThan(1024 * 1024);
    const honest = buildZip([
      storedEntry("[Content_Types].xml", CONTENT_TYPES),
      { name: "word/document.xml", data: zeros, method: 8, uncompressedSize: 300 * 1024 * 1024 },
    ]);
    const before = process.memoryUsage().rss;
    const declared = await failure(parseDocument(honest, { name: "bom.docx" }));
    expect(declared.code).toBe("E_DOCX_TOO_LARGE");
    expect(declared.message).toMatch(/declared/);

    const lying = buildZip([
      storedEntry("[Content_Types].xml", CONTENT_TYPES),
      { name: "word/document.xml", data: zeros, method: 8, uncompressedSize: 4096 },
    ]);
    const liar = await failure(parseDocument(lying, { name: "bom.docx" }));
    expect(liar.code).toBe("E_DOCX_TOO_LARGE");
    expect(liar.message).toMatch(/declares/);
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 1024 * 1024);

    const small = await failure(parseDocument(await numberedDocx(), { name: "x.docx", maxInflatedBytes: 2000 }));
    expect(small.code).toBe("E_DOCX_TOO_LARGE");
  });
});

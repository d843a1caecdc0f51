import { describe, expect, it } from "vitest";
import { renderAnnexDocx } from "../../src/generate/annex-docx.js";
import { generateClauses } from "../../src/generate/clauses.js";
import { assertWellFormed, docxParts, rawText } from "./docx-helpers.js";
import { fixturePlaybook, fixtureReport, fixtureTemplates, libreOfficeText } from "./fixtures.js";

const playbook = await fixturePlaybook();
const templates = await fixtureTemplates(playbook);
const report = fixtureReport(playbook);
const clauses = generateClauses(report, playbook, templates, { lang: "nl" });
const bytes = await renderAnnexDocx(clauses, report, { lang: "nl" });
const parts = await docxParts(bytes);
const documentXml = parts["word/document.xml"]!;

describe("renderAnnexDocx", () => {
  it("is a well-formed package", () => {
    for (const name of ["word/document.xml", "word/styles.xml", "word/numbering.xml", "docProps/core.xml", "[Content_Types].xml"]) {
      expect(parts[name], name).toBeDefined();
      assertWellFormed(parts[name]!);
    }
  });

  it("uses real heading styles that the package defines", () => {
    for (const style of ["Heading1", "Heading2", "Heading3"]) {
      expect(documentXml).toContain(`<w:pStyle w:val="${style}"/>`);
      expect(parts["word/styles.xml"]).toMatch(new RegExp(`w:styleId="${style}"`));
    }
    expect(documentXml.match(/<w:pStyle w:val="Heading1"\/>/g)).toHaveLength(1);
    // Findings + three themes.
    expect(documentXml.match(/<w:pStyle w:val="Heading2"\/>/g)).toHaveLength(4);
  });

  it("numbers clauses and sub-clauses with a numbering definition (A.1, A.1.1)", () => {
    const numbering = parts["word/numbering.xml"]!;
    const abstract = /<w:abstractNum\b[^>]*w:abstractNumId="(\d+)"[^>]*>((?:(?!<\/w:abstractNum>)[\s\S])*A\.%1\.%2(?:(?!<\/w:abstractNum>)[\s\S])*)<\/w:abstractNum>/.exec(numbering);
    expect(abstract, "abstractNum with A.%1.%2").not.toBeNull();
    expect(abstract![2]).toContain('<w:lvlText w:val="A.%1"/>');
    const numId = new RegExp(`<w:num w:numId="(\\d+)"[^>]*><w:abstractNumId w:val="${abstract![1]}"/>`).exec(numbering)?.[1];
    expect(numId).toBeDefined();
    const level = (l: number) => documentXml.match(new RegExp(`<w:numPr><w:ilvl w:val="${l}"/><w:numId w:val="${numId}"/></w:numPr>`, "g"))?.length ?? 0;
    expect(level(0)).toBe(clauses.length);
    expect(level(1)).toBe(clauses.reduce((n, c) => n + c.paragraphs.length, 0));
  });

  it("has the findings table with a header row", () => {
    expect(documentXml.match(/<w:tbl>/g)).toHaveLength(1);
    expect(documentXml).toContain("<w:tblHeader/>");
    expect(documentXml.match(/<w:tr>/g)).toHaveLength(1 + clauses.length);
  });

  it("sets the document properties", () => {
    const core = parts["docProps/core.xml"]!;
    expect(core).toContain("<dc:title>Aanvullende bepalingen</dc:title>");
    expect(core).toContain("<dc:creator>Contractwijzer</dc:creator>");
    expect(core).toMatch(/<dc:subject>[^<]*voorwaarden\.docx<\/dc:subject>/);
    expect(core).toContain(`playbook ${playbook.version}`);
    expect(core).toMatch(/<dcterms:created[^>]*>2026-11-29T10:00:00Z<\/dcterms:created>/);
  });

  it("contains the clause texts, sources and replaced passages", async () => {
    const text = await rawText(bytes);
    for (const c of clauses) for (const p of c.paragraphs) expect(text).toContain(p);
    expect(text).toContain("Bron: ARBIT-2022 liability article (te verifiëren)");
    expect(text).toContain("Vervangt: “5.1 De aansprakelijkheid");
  });

  it("opens in LibreOffice with the clause text and numbers", async () => {
    const text = await libreOfficeText(bytes);
    expect(text).toContain("Aanvullende bepalingen");
    for (const c of clauses) for (const p of c.paragraphs) expect(text).toContain(p);
    expect(text).toMatch(/A\.1\.1\s+Opdrachtnemer meldt iedere inbreuk/);
    expect(text).toMatch(/A\.3\s+Nederlands recht en rechter/);
  });
});

import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { generateClauses } from "../../src/generate/clauses.js";
import { escapeXmlText, maxWordId, paragraphText } from "../../src/generate/docx-xml.js";
import { redlineDocxWithPlacements, withTrackRevisions } from "../../src/generate/redline.js";
import { acceptInsertions, assertWellFormed, docxParts, rawText, rejectInsertionsAndDropComments, withDocumentXml } from "./docx-helpers.js";
import { BREACH_QUOTE, CAP_QUOTE, fixturePlaybook, fixtureReport, fixtureTemplates, libreOfficeText, vendorDocx } from "./fixtures.js";

const playbook = await fixturePlaybook();
const templates = await fixtureTemplates(playbook);
const report = fixtureReport(playbook);
const clauses = generateClauses(report, playbook, templates, { lang: "nl" });
const original = await vendorDocx();
const DATE = "2026-11-29T10:00:00Z";
const { bytes, placements } = await redlineDocxWithPlacements(original, report, clauses, { lang: "nl", author: "Contractwijzer", date: DATE });
const parts = await docxParts(bytes);
const documentXml = parts["word/document.xml"]!;
const commentsXml = parts["word/comments.xml"]!;

describe("redlineDocx on a vendor's DOCX", () => {
  it("keeps every part well-formed and registers comments.xml", () => {
    for (const name of ["word/document.xml", "word/comments.xml", "word/settings.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"])
      assertWellFormed(parts[name]!);
    expect(parts["[Content_Types].xml"]).toContain(
      '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>',
    );
    expect(parts["word/_rels/document.xml.rels"]).toMatch(/Type="http:\/\/schemas\.openxmlformats\.org\/officeDocument\/2006\/relationships\/comments" Target="comments\.xml"/);
  });

  it("switches on track changes", () => {
    expect(parts["word/settings.xml"]).toContain("<w:trackRevisions/>");
  });

  it("places each clause: partial after its article, conflicting as a comment, missing in the annex", () => {
    expect(placements).toEqual([
      { requirement: "breach-notice", action: "inserted", where: "article", anchor: "Artikel 8 Privacy" },
      { requirement: "liability-cap", action: "commented", where: "passage", anchor: expect.stringContaining("5.1 De aansprakelijkheid") },
      { requirement: "governing-law", action: "inserted", where: "annex", anchor: null },
    ]);
    const text = (needle: string) => documentXml.indexOf(needle);
    // After article 8's last paragraph and before article 12.
    expect(text("Melding van datalekken")).toBeGreaterThan(text("o spoedig mogelijk aan Opdrachtgever."));
    expect(text("Melding van datalekken")).toBeLessThan(text("Artikel 12 Slotbepalingen"));
    // The annex goes at the end, before the body's section properties.
    expect(text("Aanvullende bepalingen (voorgesteld door Contractwijzer)")).toBeGreaterThan(text("in werking op 1 januari 2024."));
    expect(text("Geschillen worden voorgelegd")).toBeLessThan(documentXml.lastIndexOf("<w:sectPr"));
  });

  it("marks inserted runs and paragraph marks as insertions by Contractwijzer with the date", () => {
    const insertedParagraphs = documentXml.match(/<w:pPr>(?:(?!<\/w:pPr>)[\s\S])*<w:rPr><w:ins w:id="\d+" w:author="Contractwijzer" w:date="2026-11-29T10:00:00Z"\/><\/w:rPr><\/w:pPr>/g) ?? [];
    const expected = 1 + clauses.filter((c) => c.verdict !== "conflicting").reduce((n, c) => n + 1 + c.paragraphs.length, 0);
    expect(insertedParagraphs).toHaveLength(expected);
    const insertedRuns = [...documentXml.matchAll(/<w:ins w:id="\d+" w:author="Contractwijzer" w:date="[^"]+">([\s\S]*?)<\/w:ins>/g)].map((m) => paragraphText(m[1]!));
    for (const p of clauses.find((c) => c.requirement === "governing-law")!.paragraphs) expect(insertedRuns).toContain(p);
  });

  it("comments on the conflicting passage with the title, source and proposed text", () => {
    const cap = clauses.find((c) => c.requirement === "liability-cap")!;
    const comment = [...commentsXml.matchAll(/<w:comment w:id="(\d+)"[^>]*>([\s\S]*?)<\/w:comment>/g)].find((m) => paragraphText(m[2]!).includes("Voorgestelde tekst"));
    expect(comment).toBeDefined();
    const text = paragraphText(comment![2]!.replace(/<\/w:p>/g, "<w:br/></w:p>"));
    expect(text).toContain("Toereikende aansprakelijkheidslimiet (strijdig)");
    expect(text).toContain(`Bron: ${cap.source}`);
    for (const p of cap.paragraphs) expect(text).toContain(p);
    const id = comment![1]!;
    // The range covers the paragraph that holds the quote.
    const range = new RegExp(`<w:commentRangeStart w:id="${id}"/>([\\s\\S]*?)<w:commentRangeEnd w:id="${id}"/><w:r><w:commentReference w:id="${id}"/></w:r>`).exec(documentXml);
    expect(range).not.toBeNull();
    expect(paragraphText(range![1]!)).toBe(CAP_QUOTE);
  });

  it("anchors every comment exactly once and uses unique ids", () => {
    const commentIds = [...commentsXml.matchAll(/<w:comment w:id="(\d+)"/g)].map((m) => m[1]);
    for (const id of commentIds) {
      for (const tag of ["commentRangeStart", "commentRangeEnd", "commentReference"])
        expect(documentXml.match(new RegExp(`<w:${tag} w:id="${id}"/>`, "g")), `${tag} ${id}`).toHaveLength(1);
    }
    const ids = [...`${documentXml}${commentsXml}`.matchAll(/<w:(?:ins|del|comment) w:id="(\d+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("escapes XML in inserted text and comments", () => {
    // The liability template contains "&"; the vendor's own text has "&" and "<gelieerde>".
    expect(commentsXml).toContain("EUR 2.500.000 &amp; niet lager");
    expect(documentXml).toContain("&lt;gelieerde&gt;");
    expect(escapeXmlText("a\u0001<b>&")).toBe("a&lt;b&gt;&amp;");
  });

  it("leaves the vendor's text untouched: rejecting all insertions and deleting comments gives the original text", async () => {
    const rejected = await withDocumentXml(bytes, rejectInsertionsAndDropComments(documentXml));
    expect(await rawText(rejected)).toBe(await rawText(original));
    // And the only differences in document.xml are the inserted pieces.
    const originalXml = (await docxParts(original))["word/document.xml"]!;
    expect(rejectInsertionsAndDropComments(documentXml)).toBe(originalXml);
  });

  it("accepting all insertions gives the vendor's text plus the clauses", async () => {
    const accepted = await rawText(await withDocumentXml(bytes, acceptInsertions(documentXml)));
    for (const c of clauses.filter((x) => x.verdict !== "conflicting")) for (const p of c.paragraphs) expect(accepted).toContain(p);
    expect(accepted).toContain("8.2 Opdrachtnemer meldt een datalek zo spoedig mogelijk aan Opdrachtgever.");
  });

  it("continues ids above the ones the document already uses and keeps existing comments", async () => {
    const zip = await JSZip.loadAsync(bytes);
    const again = await redlineDocxWithPlacements(await zip.generateAsync({ type: "uint8array" }), report, clauses, { lang: "en", date: DATE });
    const twice = await docxParts(again.bytes);
    expect(maxWordId(twice["word/document.xml"]!)).toBeGreaterThan(maxWordId(documentXml));
    const ids = [...`${twice["word/document.xml"]}${twice["word/comments.xml"]}`.matchAll(/<w:(?:ins|comment) w:id="(\d+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(twice["word/comments.xml"]!.match(/<w:comment /g)!.length).toBe(2 * commentsXml.match(/<w:comment /g)!.length);
    expect(twice["word/settings.xml"]!.match(/<w:trackRevisions\/>/g)).toHaveLength(1);
  });

  it("puts trackRevisions in its schema position", () => {
    expect(withTrackRevisions('<w:settings xmlns:w="x"><w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/><w:compat/></w:settings>')).toBe(
      '<w:settings xmlns:w="x"><w:zoom w:percent="100"/><w:trackRevisions/><w:defaultTabStop w:val="720"/><w:compat/></w:settings>',
    );
  });

  it("finds a passage whose quote carries a list number the runs do not have", async () => {
    const numbered = fixtureReport(playbook, { "breach-notice": "conflicting", "liability-cap": "satisfied", "governing-law": "satisfied" });
    numbered.findings[2]!.evidence = [{ ...numbered.findings[2]!.evidence[0]!, role: "conflicts", quote: `2. ${BREACH_QUOTE}` }];
    const generated = generateClauses(numbered, playbook, templates, { lang: "nl" });
    const result = await redlineDocxWithPlacements(original, numbered, generated, { lang: "nl", date: DATE });
    expect(result.placements).toEqual([{ requirement: "breach-notice", action: "commented", where: "passage", anchor: expect.stringContaining("8.2 Opdrachtnemer meldt een datalek") }]);
  });

  it("refuses what is not a DOCX", async () => {
    await expect(redlineDocxWithPlacements(new TextEncoder().encode("plain text"), report, clauses, { lang: "nl", date: DATE })).rejects.toMatchObject({
      code: "E_DOCX_INVALID",
    });
  });

  it("opens in LibreOffice with tracked insertions and comments", async () => {
    const text = await libreOfficeText(bytes);
    expect(text).toContain("Opdrachtnemer meldt iedere inbreuk in verband met persoonsgegevens zonder onredelijke vertraging");
    expect(text).toContain("Geschillen worden voorgelegd aan de bevoegde rechter te Den Haag.");
    const dir = await mkdtemp(path.join(tmpdir(), "cw-lo-"));
    try {
      await writeFile(path.join(dir, "redline.docx"), bytes);
      await promisify(execFile)(
        "soffice",
        [`-env:UserInstallation=file://${dir}/profile`, "--headless", "--convert-to", "fodt", "--outdir", dir, path.join(dir, "redline.docx")],
        { timeout: 120_000 },
      );
      const flat = await readFile(path.join(dir, "redline.fodt"), "utf8");
      expect(flat).toContain("<text:tracked-changes");
      expect(flat).toMatch(/<text:insertion>\s*<office:change-info>\s*<dc:creator>Contractwijzer<\/dc:creator>/);
      expect(flat.match(/<office:annotation[\s>]/g)?.length).toBe(commentsXml.match(/<w:comment /g)!.length);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

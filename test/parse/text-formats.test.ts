import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ContractwijzerError } from "../../src/errors.js";
import { detectLanguage, parseDocument, sniffFormat } from "../../src/parse/index.js";
import { matchClauseNumber } from "../../src/parse/numbering.js";
import { blockOf, blockTexts, expectWellFormed, sectionOf } from "./invariants.js";

const enc = (s: string) => new TextEncoder().encode(s);
const parse = (s: string, name: string, extra: Record<string, number> = {}) => parseDocument(enc(s), { name, ...extra });

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ContractwijzerError);
    return (e as ContractwijzerError).code;
  }
  return "no error";
}

describe("sniffFormat", () => {
  it("detects formats from the bytes", () => {
    expect(sniffFormat(enc("%PDF-1.7\n…"))).toBe("pdf");
    expect(sniffFormat(enc("<!DOCTYPE html><html><body><p>x</p></body></html>"))).toBe("html");
    expect(sniffFormat(enc("<p>Een</p>\n<p>Twee</p>\n<div>Drie</div>"))).toBe("html");
    expect(sniffFormat(enc("# Voorwaarden\n\n1. Eerste artikel"))).toBe("md");
    expect(sniffFormat(enc("Artikel 1\nDe leverancier levert."))).toBe("txt");
    expect(sniffFormat(new Uint8Array([0, 1, 2, 3, 0, 0, 255]))).toBeNull();
    expect(sniffFormat(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]))).toBeNull();
    expect(sniffFormat(new Uint8Array())).toBeNull();
  });
});

describe("bad input", () => {
  it("refuses empty, unknown, mismatched, oversized and badly encoded files", async () => {
    expect(await codeOf(parse("", "leeg.txt"))).toBe("E_EMPTY_FILE");
    expect(await codeOf(parseDocument(new Uint8Array([0, 1, 2, 0, 9, 0]), { name: "x.bin" }))).toBe("E_UNKNOWN_TYPE");
    expect(await codeOf(parse("%PDF-1.4\n%%EOF", "contract.docx"))).toBe("E_TYPE_MISMATCH");
    expect(await codeOf(parse("<html><body><p>x</p></body></html>", "terms.md"))).toBe("E_TYPE_MISMATCH");
    expect(await codeOf(parse("a".repeat(2000), "groot.txt", { maxBytes: 1000 }))).toBe("E_FILE_TOO_LARGE");
    expect(await codeOf(parseDocument(new Uint8Array([0x41, 0x72, 0x74, 0xe9, 0x20, 0x31]), { name: "latin1.txt" }))).toBe("E_TEXT_ENCODING");
  });

  it("treats .md and .txt as interchangeable", async () => {
    const md = await parse("# Titel\n\n1. Eerste regel van de leverancier.", "voorwaarden.txt");
    expect(md.format).toBe("txt");
    const txt = await parse("Artikel 1\nDe leverancier levert.", "voorwaarden.md");
    expect(txt.format).toBe("md");
  });

  it("stops at the time limit", async () => {
    const big = Array.from({ length: 200_000 }, (_, i) => `${(i % 900) + 1}. Regel ${i} van de voorwaarden.`).join("\n");
    expect(await codeOf(parse(big, "lang.md", { timeoutMs: 1 }))).toBe("E_PARSE_TIMEOUT");
  });

  it("handles an enormous single line and deeply nested lists in linear time", async () => {
    const started = Date.now();
    const line = `${"woord ".repeat(800_000)}*_[(`;
    const doc = await parse(line, "lang.md");
    expect(doc.blocks).toHaveLength(1);
    const nested = Array.from({ length: 3000 }, (_, i) => `${" ".repeat(i * 2)}- niveau ${i}`).join("\n");
    const deep = await parse(nested, "diep.md");
    expect(deep.blocks.length).toBe(3000);
    const html = `${"<ol><li>punt ".repeat(5000)}${"</li></ol>".repeat(5000)}`;
    const deepHtml = await parse(html, "diep.html");
    expect(deepHtml.blocks.length).toBe(5000);
    expectWellFormed(deepHtml);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});

describe("clause numbers", () => {
  it.each([
    ["1. Definities", "decimal", "1"],
    ["1.1 Opdrachtgever", "decimal-path", "1.1"],
    ["1.1.1. Sub", "decimal-path", "1.1.1"],
    ["Artikel 7 Aansprakelijkheid", "keyword", "7"],
    ["Article 7. Liability", "keyword", "7"],
    ["A.1. Scope", "letter-path", "A.1"],
    ["(a) wilful misconduct", "paren-lower", "a"],
    ["(i) first", "paren-roman", "i"],
    ["a. eerste", "lower", "a"],
    ["§ 3 Betaling", "paragraph-sign", "3"],
    ["B. Bijzondere bepalingen", "upper", "B"],
  ])("%s", (text, style, token) => {
    const m = matchClauseNumber(text);
    expect(m?.style).toBe(style);
    expect(m?.token).toBe(token);
  });

  it("does not take running text for a number", () => {
    expect(matchClauseNumber("18 years old or older")).toBeNull();
    expect(matchClauseNumber("i.e. the supplier")).toBeNull();
    expect(matchClauseNumber("2024 was a good year")).toBeNull();
  });
});

describe("Markdown", () => {
  const md = [
    "<!-- bron: test -->",
    "# Algemene voorwaarden",
    "",
    "Inleiding met **vet** en een [link](https://example.org) en \\*ster.",
    "",
    "## Artikel 7 Aansprakelijkheid",
    "",
    "7.1 De leverancier is aansprakelijk voor directe schade.",
    "",
    "7.2 De beperking geldt niet bij:",
    "",
    "(a) opzet of bewuste roekeloosheid;",
    "",
    "(b) dood of letsel, waaronder:",
    "",
    "(i) lichamelijk letsel;",
    "",
    "(ii) overlijden.",
    "",
    "## 8. Liability",
    "",
    "1. The supplier shall indemnify the customer.",
    "2. The customer may terminate:",
    "   - a. for convenience;",
    "   - b. for breach.",
    "3. Notices must be in writing.",
    "",
    "## § 3 Betaling",
    "",
    "Betaling binnen 30 dagen. Het reële bedrag is € 1.250 (één duizend).",
    "",
    "Bijlage",
    "-------",
    "",
    "A.1. Diensten worden geleverd volgens de SLA.",
    "",
    "| Dienst | Prijs |",
    "|---|---:|",
    "| Hosting | € 500 |",
    "| Beheer \\| support | € 750 |",
    "",
    "- - -",
    "* Losse opsomming",
  ].join("\n");

  it("finds headings, clauses, list items, table cells and their sections", async () => {
    const doc = await parse(md, "voorwaarden.md");
    expectWellFormed(doc);
    expect(doc.text).not.toContain("bron: test");
    expect(doc.text).toContain("Inleiding met vet en een link en *ster.");
    expect(blockOf(doc, "Algemene voorwaarden")?.kind).toBe("heading");
    expect(sectionOf(doc, "Artikel 7")).toBe("Artikel 7");
    expect(blockOf(doc, "7.1 De leverancier")).toMatchObject({ kind: "clause", section: "7.1", heading: "Aansprakelijkheid" });
    expect(sectionOf(doc, "(a) opzet")).toBe("7.2(a)");
    expect(sectionOf(doc, "(b) dood")).toBe("7.2(b)");
    expect(sectionOf(doc, "(i) lichamelijk")).toBe("7.2(b)(i)");
    expect(sectionOf(doc, "(ii) overlijden")).toBe("7.2(b)(ii)");
    expect(blockOf(doc, "8. Liability")).toMatchObject({ kind: "heading", section: "8", heading: "Liability", level: 2 });
    expect(sectionOf(doc, "1. The supplier")).toBe("8.1");
    expect(sectionOf(doc, "a. for convenience")).toBe("8.2(a)");
    expect(sectionOf(doc, "b. for breach")).toBe("8.2(b)");
    expect(sectionOf(doc, "3. Notices")).toBe("8.3");
    expect(sectionOf(doc, "Betaling binnen")).toBe("§ 3");
    expect(blockOf(doc, "Bijlage")?.kind).toBe("heading");
    expect(sectionOf(doc, "A.1. Diensten")).toBe("A.1");
    const cells = doc.blocks.filter((b) => b.kind === "table-cell").map((b) => doc.text.slice(b.start, b.end));
    expect(cells).toEqual(["Dienst", "Prijs", "Hosting", "€ 500", "Beheer | support", "€ 750"]);
    expect(blockOf(doc, "Losse opsomming")?.kind).toBe("list-item");
    expect(doc.sha256).toBe(createHash("sha256").update(enc(md)).digest("hex"));
    expect(doc.pages).toBeNull();
  });
});

describe("HTML", () => {
  it("strips scripts and styles, decodes entities and numbers ordered lists", async () => {
    const html = `<!doctype html><html><head><title>Voorwaarden</title><style>p{color:red}</style>
      <script>document.write("<p>injected</p>"); alert(1)</script></head><body>
      <h1>Voorwaarden &amp; condities</h1>
      <h2>Artikel 4 Prijzen</h2>
      <ol><li>De prijs is &euro;&nbsp;100 per maand, caf&eacute; &#233; &#xEB;.</li>
          <li>Prijswijzigingen:<ol type="a"><li>met 3 maanden opzegging;</li><li>maximaal CBS-index.</li></ol></li></ol>
      <table><tr><th>Dienst</th><th>Prijs</th></tr><tr><td><p>Hosting</p><p>basis</p></td><td>&euro; 500</td></tr></table>
      <ul><li>los punt</li></ul>
      <!-- <p>commentaar</p> -->
      <p onclick="steal()">Slot<br>regel</p></body></html>`;
    const doc = await parse(html, "voorwaarden.html");
    expectWellFormed(doc);
    expect(doc.format).toBe("html");
    expect(doc.text).not.toMatch(/injected|alert|color:red|commentaar|Voorwaarden\n\nVoorwaarden/);
    expect(blockTexts(doc)[0]).toBe("Voorwaarden & condities");
    expect(blockOf(doc, "1. De prijs")).toMatchObject({ kind: "clause", section: "4.1" });
    expect(doc.text).toContain("1. De prijs is € 100 per maand, café é ë.");
    expect(sectionOf(doc, "a. met 3")).toBe("4.2(a)");
    expect(sectionOf(doc, "b. maximaal")).toBe("4.2(b)");
    expect(doc.blocks.filter((b) => b.kind === "table-cell").map((b) => doc.text.slice(b.start, b.end))).toEqual([
      "Dienst",
      "Prijs",
      "Hosting basis",
      "€ 500",
    ]);
    expect(blockOf(doc, "los punt")?.kind).toBe("list-item");
    expect(blockTexts(doc).at(-1)).toBe("Slot regel");
  });
});

describe("plain text", () => {
  it("splits clauses without blank lines and finds headings", async () => {
    const txt = [
      "ALGEMENE VOORWAARDEN",
      "",
      "Artikel 1 Toepasselijkheid",
      "1.1 Deze voorwaarden zijn van toepassing op alle",
      "overeenkomsten.",
      "1.2 Afwijkingen gelden alleen schriftelijk.",
      "",
      "Artikel 2 Aansprakelijkheid",
      "2.1 De aansprakelijkheid is beperkt tot € 10.000.",
      "- behalve bij opzet;",
      "- behalve bij grove schuld.",
    ].join("\r\n");
    const doc = await parse(txt, "voorwaarden.txt");
    expectWellFormed(doc);
    expect(blockOf(doc, "ALGEMENE VOORWAARDEN")?.kind).toBe("heading");
    expect(blockOf(doc, "Artikel 1 Toepasselijkheid")).toMatchObject({ kind: "heading", section: "Artikel 1" });
    expect(blockTexts(doc)).toContain("1.1 Deze voorwaarden zijn van toepassing op alle overeenkomsten.");
    expect(blockOf(doc, "1.2")).toMatchObject({ section: "1.2", heading: "Toepasselijkheid" });
    expect(blockOf(doc, "behalve bij opzet")).toMatchObject({ kind: "list-item", section: "2.1" });
  });
});

describe("language", () => {
  it("tells Dutch from English", () => {
    expect(detectLanguage("De leverancier is niet aansprakelijk voor schade, tenzij er sprake is van opzet.")).toBe("nl");
    expect(detectLanguage("The supplier shall not be liable for any damage unless caused by wilful misconduct.")).toBe("en");
    expect(detectLanguage("Voorwaarden. Betaling binnen dertig dagen na factuurdatum.")).toBe("nl");
    expect(detectLanguage("Payment within thirty days, without withholding.")).toBe("en");
  });
});

describe("any text input", () => {
  it("never crashes and always yields well-formed blocks", async () => {
    const alphabet = fc.constantFrom("#", " ", "\n", "-", "*", "1.", "(a)", "|", "---", "Artikel 3", "<b>", "&amp;", "é", "\\", "[x](y)", "a", "§");
    await fc.assert(
      fc.asyncProperty(fc.array(alphabet, { maxLength: 80 }), fc.constantFrom("x.md", "x.txt"), async (parts, name) => {
        const s = `tekst ${parts.join("")}`;
        const doc = await parse(s, name);
        expectWellFormed(doc);
      }),
      { numRuns: 300 },
    );
  });
});

import { describe, expect, it } from "vitest";
import type { ContractwijzerError } from "../../src/errors.js";
import { renderAnnexMarkdown } from "../../src/generate/annex.js";
import { clausesAsJson, generateClauses } from "../../src/generate/clauses.js";
import { BREACH_QUOTE, CAP_QUOTE, fixturePlaybook, fixtureReport, fixtureTemplates } from "./fixtures.js";

const playbook = await fixturePlaybook();
const templates = await fixtureTemplates(playbook);

describe("generateClauses", () => {
  it("answers every applicable finding that is not satisfied, critical first, then by theme", () => {
    const clauses = generateClauses(fixtureReport(playbook), playbook, templates, { lang: "nl" });
    expect(clauses.map((c) => [c.requirement, c.verdict, c.severity])).toEqual([
      ["breach-notice", "partial", "critical"],
      ["liability-cap", "conflicting", "critical"],
      ["governing-law", "missing", "major"],
    ]);
  });

  it("skips satisfied and not_applicable findings", () => {
    const report = fixtureReport(playbook, { "breach-notice": "not_applicable", "governing-law": "satisfied" });
    expect(generateClauses(report, playbook, templates).map((c) => c.requirement)).toEqual(["liability-cap"]);
  });

  it("records the vendor passage a partial or conflicting clause replaces, and cites the sources", () => {
    const clauses = generateClauses(fixtureReport(playbook), playbook, templates, { lang: "en" });
    const cap = clauses.find((c) => c.requirement === "liability-cap")!;
    expect(cap.replaces).toEqual([{ quote: CAP_QUOTE, section: "5.1", heading: "Aansprakelijkheid", page: null, document: 0 }]);
    expect(clauses.find((c) => c.requirement === "breach-notice")!.replaces[0]!.quote).toBe(BREACH_QUOTE);
    expect(clauses.find((c) => c.requirement === "governing-law")!.replaces).toEqual([]);
    expect(cap.source).toBe("ARBIT-2022 liability article (to verify)");
    expect(clauses.find((c) => c.requirement === "breach-notice")!.source).toBe(
      "AVG/GDPR art. 33; Model Verwerkersovereenkomst ARBIT-2022 (to verify)",
    );
    expect(cap.lang).toBe("en");
    expect(cap.title).toBe("Adequate liability cap");
  });

  it("takes the supporting passage of a partial finding that has no weakening evidence", () => {
    const report = fixtureReport(playbook);
    report.findings[2]!.evidence = [{ ...report.findings[2]!.evidence[0]!, role: "supports" }];
    report.findings[1]!.evidence = [{ ...report.findings[1]!.evidence[0]!, role: "supports" }];
    const clauses = generateClauses(report, playbook, templates);
    expect(clauses.find((c) => c.requirement === "breach-notice")!.replaces.map((p) => p.quote)).toEqual([BREACH_QUOTE]);
    // A conflicting clause replaces only the conflicting passages.
    expect(clauses.find((c) => c.requirement === "liability-cap")!.replaces).toEqual([]);
  });

  it("uses the report's language unless told otherwise, and applies params", () => {
    const [breach] = generateClauses(fixtureReport(playbook), playbook, templates, { params: { max_notice_hours: 48 } });
    expect(breach!.lang).toBe("nl");
    expect(breach!.text).toContain("binnen 48 uur");
    expect(breach!.params.notice_hours).toBe(48);
  });

  it("rejects unknown params and requirements the playbook lacks", () => {
    expect(() => generateClauses(fixtureReport(playbook), playbook, templates, { params: { max_notice_hour: 48 } })).toThrow(/unknown parameter/);
    const report = fixtureReport(playbook);
    report.findings[0] = { ...report.findings[0]!, requirement: "gone" };
    const e = (() => {
      try {
        generateClauses(report, playbook, templates);
      } catch (err) {
        return err as ContractwijzerError;
      }
    })();
    expect(e?.code).toBe("E_PLAYBOOK_INVALID");
  });

  it("prints the interface's JSON shape", () => {
    const json = JSON.parse(clausesAsJson(generateClauses(fixtureReport(playbook), playbook, templates)));
    expect(json[0]).toMatchObject({ requirement: "breach-notice", verdict: "partial", lang: "nl", title: "Melding van datalekken" });
    expect(typeof json[0].text).toBe("string");
    expect(json[0].text.split("\n\n")).toHaveLength(3);
    expect(Object.keys(json[0])).toEqual(expect.arrayContaining(["source", "replaces", "severity", "theme"]));
  });
});

describe("renderAnnexMarkdown", () => {
  const report = fixtureReport(playbook);

  it("writes the Dutch annex: intro, disclaimer, findings table, themes, numbered sub-clauses, sources", () => {
    const md = renderAnnexMarkdown(generateClauses(report, playbook, templates, { lang: "nl" }), report, { lang: "nl" });
    expect(md.startsWith("# Aanvullende bepalingen\n")).toBe(true);
    expect(md).toContain("“voorwaarden.docx”");
    expect(md).toContain(`playbook-versie ${playbook.version}`);
    expect(md).toContain("2026-11-29");
    expect(md).toContain("geen juridisch advies");
    expect(md).toContain("| A.2 | Toereikende aansprakelijkheidslimiet (`liability-cap`) | strijdig | kritiek | art. 5.1 (Aansprakelijkheid) |");
    expect(md).toContain("| A.3 | Nederlands recht en rechter (`governing-law`) | ontbreekt | belangrijk | niet gevonden |");
    const headings = md.split("\n").filter((l) => l.startsWith("## ") || l.startsWith("### "));
    expect(headings).toEqual([
      "## Bevindingen waarop deze bijlage antwoordt",
      "## Privacy en persoonsgegevens",
      "### A.1 Melding van datalekken",
      "## Aansprakelijkheid",
      "### A.2 Toereikende aansprakelijkheidslimiet",
      "## Toepasselijk recht en geschillen",
      "### A.3 Nederlands recht en rechter",
    ]);
    expect(md).toContain("**A.1.3** Opdrachtnemer helpt Opdrachtgever bij het informeren van betrokkenen.");
    expect(md).toContain("*Bron: ARBIT-2022 liability article (te verifiëren)*");
    expect(md).toContain(`*Vervangt: “${CAP_QUOTE}” (art. 5.1)*`);
    expect(md).toContain("*Bron: ARBIT-2014 art. 34*\n");
  });

  it("writes the English annex", () => {
    const md = renderAnnexMarkdown(generateClauses(report, playbook, templates, { lang: "en" }), report, { lang: "en" });
    expect(md.startsWith("# Additional provisions\n")).toBe(true);
    expect(md).toContain("not legal advice");
    expect(md).toContain("| No. | Requirement | Verdict | Severity | Where |");
    expect(md).toContain("*Source: AVG/GDPR art. 33; Model Verwerkersovereenkomst ARBIT-2022 (to verify)*");
    expect(md).toContain("*Replaces: “");
  });

  it("says so when nothing is needed", () => {
    const all = fixtureReport(playbook, { "breach-notice": "satisfied", "governing-law": "satisfied", "liability-cap": "satisfied" });
    const md = renderAnnexMarkdown(generateClauses(all, playbook, templates), all, { lang: "en" });
    expect(md).toContain("no additional provisions are needed");
    expect(md).not.toContain("| No. |");
  });
});

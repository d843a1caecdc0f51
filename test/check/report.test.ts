import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { beforeAll, describe, expect, it } from "vitest";
import { checkDocuments } from "../../src/check/index.js";
import { formatReportMarkdown, formatReportText } from "../../src/check/format.js";
import type { Report } from "../../src/check/types.js";
import { main } from "../../src/cli/main.js";
import { parseDocument } from "../../src/parse/index.js";
import type { ParsedDocument } from "../../src/parse/types.js";
import { loadPlaybook } from "../../src/playbook/load.js";
import type { Playbook } from "../../src/playbook/types.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FIXTURES = path.join(ROOT, "test/fixtures/contracts");
const schema = JSON.parse(readFileSync(path.join(ROOT, "src/check/report.schema.json"), "utf8"));
const validateReport = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

async function parseFixture(name: string): Promise<ParsedDocument> {
  return parseDocument(new Uint8Array(readFileSync(path.join(FIXTURES, name))), { name });
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (c: string | Uint8Array) => out.push(String(c)), stderr: (l: string) => err.push(l), debug: false },
    out,
    err,
  };
}

const verdictOf = (r: Report, id: string) => r.findings.find((f) => f.requirement === id)?.verdict;

let playbook: Playbook;
let vendor: ParsedDocument;
let buyer: ParsedDocument;
beforeAll(async () => {
  playbook = await loadPlaybook(path.join(ROOT, "clauses"));
  vendor = await parseFixture("vendor-terms-en.md");
  buyer = await parseFixture("overeenkomst-nl.md");
});

describe("a check of vendor terms", () => {
  const profile = { genai: true, "personal-data": true, cloud: true, development: false, "high-risk": false };

  it("produces a report valid against report.schema.json, one finding per requirement in playbook order", () => {
    const report = checkDocuments([vendor], playbook, { profile, lang: "en", clock: () => new Date("2026-11-29T10:00:00Z") });
    expect(validateReport(report), JSON.stringify(validateReport.errors?.slice(0, 3))).toBe(true);
    expect(report.findings.map((f) => f.requirement)).toEqual(playbook.requirements.map((r) => r.id));
    expect(report.checkedAt).toBe("2026-11-29T10:00:00.000Z");
    expect(report.playbook.version).toBe(playbook.version);
  });

  it("quotes evidence verbatim with offsets, section and heading", () => {
    const report = checkDocuments([vendor], playbook, { profile, lang: "en" });
    let spans = 0;
    for (const f of report.findings) {
      for (const e of f.evidence) {
        expect(vendor.text.slice(e.start, e.end)).toBe(e.quote);
        spans++;
      }
      if (f.verdict === "partial" || f.verdict === "conflicting") expect(f.evidence.length, f.requirement).toBeGreaterThan(0);
      if (f.verdict === "missing") expect(f.searched?.length, f.requirement).toBeGreaterThan(0);
      expect(f.explanation.length).toBeGreaterThan(20);
    }
    expect(spans).toBeGreaterThan(10);
    const law = report.findings.find((f) => f.requirement === "governing-law-dutch")!;
    expect(law.evidence[0]).toMatchObject({ section: "7.2", role: "conflicts" });
  });

  it("finds the clear conflicts a procurement officer must negotiate away", () => {
    const report = checkDocuments([vendor], playbook, { profile, lang: "en" });
    for (const id of [
      "genai-no-training-on-customer-data",
      "liability-cap-adequate",
      "governing-law-dutch",
      "forum-dutch-court",
      "warranty-conformity",
      "data-breach-notification",
      "no-unilateral-changes",
      "supplier-terms-excluded",
    ])
      expect(verdictOf(report, id), id).toBe("conflicting");
    expect(report.result).toBe("fail");
  });

  it("takes thresholds from params, overridable per check", () => {
    const loose = checkDocuments([vendor], playbook, { profile, params: { max_notice_hours: 96 } });
    expect(verdictOf(loose, "data-breach-notification")).not.toBe("conflicting");
  });

  it("marks requirements outside the profile not_applicable and detects facts not given", () => {
    const report = checkDocuments([vendor], playbook, { lang: "en" });
    expect(report.profile.genai).toMatchObject({ value: true, from: "detected" });
    expect(report.profile.genai.reason).toMatch(/passages mention/);
    expect(report.profile.development.value).toBe(false);
    expect(verdictOf(report, "ip-custom-work-to-buyer")).toBe("not_applicable");
    const noGenai = checkDocuments([vendor], playbook, { profile: { genai: false } });
    expect(verdictOf(noGenai, "genai-no-training-on-customer-data")).toBe("not_applicable");
  });

  it("raises severities for a high-risk use as the playbook declares (raised_by)", () => {
    const normal = checkDocuments([vendor], playbook, { profile: { ...profile, "high-risk": false } });
    const highRisk = checkDocuments([vendor], playbook, { profile: { ...profile, "high-risk": true } });
    const severity = (r: Report, id: string) => r.findings.find((f) => f.requirement === id)!.severity;
    expect(severity(normal, "genai-human-oversight")).toBe("minor");
    expect(severity(highRisk, "genai-human-oversight")).toBe("critical");
    expect(severity(highRisk, "governing-law-dutch")).toBe("critical");
    expect(validateReport(highRisk)).toBe(true);
  });

  it("explains in the chosen language", () => {
    const nl = checkDocuments([vendor], playbook, { profile, lang: "nl" });
    expect(nl.lang).toBe("nl");
    expect(nl.disclaimer).toMatch(/geen juridisch advies/);
    expect(nl.findings.find((f) => f.requirement === "governing-law-dutch")!.title).not.toBe(
      checkDocuments([vendor], playbook, { profile, lang: "en" }).findings.find((f) => f.requirement === "governing-law-dutch")!.title,
    );
  });
});

describe("a buyer's own contract", () => {
  it("satisfies the points it settles", () => {
    const report = checkDocuments([buyer], playbook, { profile: { genai: true, "personal-data": true, cloud: true }, lang: "nl" });
    for (const id of [
      "arbit-applicable",
      "supplier-terms-excluded",
      "governing-law-dutch",
      "forum-dutch-court",
      "genai-no-training-on-customer-data",
      "data-breach-notification",
      "liability-cap-adequate",
      "liability-carve-outs",
      "subprocessor-consent",
    ])
      expect(verdictOf(report, id), id).toBe("satisfied");
    expect(verdictOf(report, "genai-energy-reporting")).toBe("missing");
  });
});

describe("a bundle", () => {
  it("judges several documents as one, with evidence pointing into the right one", () => {
    const report = checkDocuments([buyer, vendor], playbook, { profile: { genai: true, "personal-data": true, cloud: true } });
    expect(report.documents.map((d) => d.name)).toEqual(["overeenkomst-nl.md", "vendor-terms-en.md"]);
    expect(report.document.name).toBe("overeenkomst-nl.md + vendor-terms-en.md");
    expect(validateReport(report)).toBe(true);
    const law = report.findings.find((f) => f.requirement === "governing-law-dutch")!;
    // The vendor's California clause conflicts with the buyer's Dutch-law clause: conflicting wins.
    expect(law.verdict).toBe("conflicting");
    const docs = [buyer, vendor];
    for (const e of law.evidence) expect(docs[e.document].text.slice(e.start, e.end)).toBe(e.quote);
    expect(new Set(law.evidence.map((e) => e.document)).size).toBe(2);
  });
});

describe("report formats", () => {
  it("text and Markdown group by theme, worst first, and carry the disclaimer", () => {
    const report = checkDocuments([vendor], playbook, { profile: { genai: true, "personal-data": true, cloud: true }, lang: "en" });
    const text = formatReportText(report);
    expect(text).toMatch(/^Contractwijzer — vendor-terms-en\.md/);
    expect(text).toMatch(/Result: FAIL/);
    expect(text.indexOf("[CONFLICTING]")).toBeLessThan(text.indexOf("[MISSING]"));
    expect(text).toMatch(/not legal advice/);
    const md = formatReportMarkdown(report);
    expect(md).toMatch(/^# Contract check: vendor-terms-en\.md/);
    expect(md).toMatch(/> .*California/);
  });
});

describe("contractwijzer check", () => {
  const file = path.join(FIXTURES, "vendor-terms-en.md");
  it("prints a schema-valid JSON report and exits 1 when a critical finding fails", async () => {
    const c = capture();
    const code = await main(["check", file, "--format", "json", "--profile", "genai,personal-data,cloud"], c.io);
    expect(code).toBe(1);
    expect(validateReport(JSON.parse(c.out.join("")))).toBe(true);
  });
  it("exits 0 with --fail-on never, and 2 with one error line for bad input", async () => {
    expect(await main(["check", file, "--fail-on", "never"], capture().io)).toBe(0);
    const bad = capture();
    expect(await main(["check", file, "--format", "pdf"], bad.io)).toBe(2);
    expect(bad.err).toEqual(['E_BAD_REQUEST: --format expects text, json or md, got "pdf"']);
    const missing = capture();
    expect(await main(["check", path.join(FIXTURES, "nope.pdf")], missing.io)).toBe(2);
    expect(missing.err[0]).toMatch(/^E_NOT_FOUND: cannot read/);
    const profile = capture();
    expect(await main(["check", file, "--profile", "genai,blockchain"], profile.io)).toBe(2);
    expect(profile.err[0]).toMatch(/^E_BAD_REQUEST: unknown profile fact "blockchain"/);
  });
  it("checks several files as a bundle", async () => {
    const c = capture();
    await main(["check", file, path.join(FIXTURES, "overeenkomst-nl.md"), "--format", "json", "--fail-on", "never"], c.io);
    expect(JSON.parse(c.out.join("")).documents).toHaveLength(2);
  });
});

describe("golden verdicts of the committed fixtures", () => {
  it.each(["vendor-terms-en.md", "overeenkomst-nl.md"])("%s", async (name) => {
    const doc = await parseFixture(name);
    const report = checkDocuments([doc], playbook, { profile: { genai: true, "personal-data": true, cloud: true, development: false, "high-risk": false } });
    const verdicts = Object.fromEntries(report.findings.map((f) => [f.requirement, f.verdict]));
    await expect(`${JSON.stringify({ result: report.result, verdicts }, null, 2)}\n`).toMatchFileSnapshot(`__golden__/${name}.json`);
  });
});

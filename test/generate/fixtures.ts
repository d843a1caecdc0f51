/** Shared fixtures for the generation tests: a tiny playbook, its templates, a report and a vendor DOCX. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from "docx";
import type { Evidence, Finding, Report } from "../../src/check/types.js";
import { loadTemplates } from "../../src/generate/load.js";
import type { TemplateLibrary } from "../../src/generate/templates.js";
import type { Verdict } from "../../src/playbook/schema.js";
import { loadPlaybook } from "../../src/playbook/load.js";
import type { Playbook } from "../../src/playbook/types.js";

export const FIXTURE_DIR = fileURLToPath(new URL("../fixtures/generate/", import.meta.url));
export const REPO_DIR = fileURLToPath(new URL("../../", import.meta.url));

export async function fixturePlaybook(): Promise<Playbook> {
  return loadPlaybook(path.join(FIXTURE_DIR, "clauses"));
}

export async function fixtureTemplates(playbook: Playbook): Promise<TemplateLibrary> {
  return loadTemplates(playbook, path.join(FIXTURE_DIR, "templates"));
}

/** The vendor's terms used by the redline tests; the conflicting and partial passages are quoted in `fixtureReport`. */
export const VENDOR = {
  title: "Algemene voorwaarden Voorbeeld B.V.",
  articles: [
    {
      heading: "Artikel 1 Definities",
      paragraphs: ["In deze voorwaarden wordt verstaan onder Opdrachtgever: de wederpartij & haar <gelieerde> ondernemingen."],
    },
    {
      heading: "Artikel 5 Aansprakelijkheid",
      paragraphs: [
        "5.1 De aansprakelijkheid van Opdrachtnemer is beperkt tot het bedrag dat in de drie maanden voorafgaand aan de schade is gefactureerd.",
        "5.2 Iedere aansprakelijkheid voor indirecte schade is uitgesloten.",
      ],
    },
    {
      heading: "Artikel 8 Privacy",
      paragraphs: [
        "8.1 Opdrachtnemer verwerkt persoonsgegevens uitsluitend in opdracht van Opdrachtgever.",
        "8.2 Opdrachtnemer meldt een datalek zo spoedig mogelijk aan Opdrachtgever.",
      ],
    },
    {
      heading: "Artikel 12 Slotbepalingen",
      paragraphs: ["12.1 Deze voorwaarden treden in werking op 1 januari 2024."],
    },
  ],
};

export const CAP_QUOTE = VENDOR.articles[1]!.paragraphs[0]!;
export const BREACH_QUOTE = VENDOR.articles[2]!.paragraphs[1]!.slice(4);

export async function vendorDocx(): Promise<Uint8Array> {
  const children: Paragraph[] = [new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(VENDOR.title)] })];
  for (const article of VENDOR.articles) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(article.heading)] }));
    for (const p of article.paragraphs) {
      // Two runs per paragraph, split mid-sentence, as Word often stores text.
      const cut = Math.floor(p.length / 2);
      children.push(new Paragraph({ children: [new TextRun(p.slice(0, cut)), new TextRun({ text: p.slice(cut), bold: false })] }));
    }
  }
  const doc = new Document({ creator: "Voorbeeld B.V.", sections: [{ children }] });
  return new Uint8Array(await Packer.toArrayBuffer(doc));
}

function evidence(quote: string, role: Evidence["role"], section: string, heading: string): Evidence {
  return { quote, start: 0, end: quote.length, section, heading, page: null, role, document: 0, rule: "fixture" };
}

function finding(requirement: string, verdict: Verdict, playbook: Playbook, evidenceList: Evidence[] = []): Finding {
  const r = playbook.byId.get(requirement)!;
  return {
    requirement,
    title: r.title.nl,
    theme: r.theme,
    severity: r.severity,
    verdict,
    evidence: evidenceList,
    explanation: `Uitleg bij ${requirement}: ${verdict}.`,
    remedy: { template: `templates/nl/${requirement}.hbs` },
    kind: r.kind,
  };
}

/**
 * governing-law missing (a theme heading exists? no: "disputes" has none → annex),
 * liability-cap conflicting (quote in art. 5.1), breach-notice partial (quote in art. 8.2).
 */
export function fixtureReport(playbook: Playbook, verdicts: Partial<Record<string, Verdict>> = {}): Report {
  const v = (id: string, fallback: Verdict) => verdicts[id] ?? fallback;
  const findings = [
    finding("governing-law", v("governing-law", "missing"), playbook),
    finding("liability-cap", v("liability-cap", "conflicting"), playbook, [evidence(CAP_QUOTE, "conflicts", "5.1", "Aansprakelijkheid")]),
    finding("breach-notice", v("breach-notice", "partial"), playbook, [evidence(BREACH_QUOTE, "weakens", "8.2", "Privacy")]),
  ];
  const doc = { name: "voorwaarden.docx", sha256: "0".repeat(64), format: "docx" as const, pages: null, language: "nl" as const, characters: 1000 };
  const counts = { satisfied: 0, partial: 0, conflicting: 0, missing: 0, not_applicable: 0 };
  for (const f of findings) counts[f.verdict]++;
  const given = { value: true, from: "given" as const };
  return {
    schema: "contractwijzer.report/v1",
    document: doc,
    documents: [doc],
    playbook: { version: playbook.version, requirements: playbook.requirements.length },
    profile: { genai: given, "personal-data": given, cloud: given, development: given, "high-risk": given },
    lang: "nl",
    result: "fail",
    counts,
    findings,
    checkedAt: "2026-11-29T10:00:00.000Z",
    disclaimer: "Geen juridisch advies.",
  };
}

const run = promisify(execFile);

/** LibreOffice converts a DOCX to plain text in a fresh profile (parallel runs must not share one). */
export async function libreOfficeText(bytes: Uint8Array): Promise<string> {
  const { writeFile, readFile } = await import("node:fs/promises");
  const dir = await mkdtemp(path.join(tmpdir(), "cw-lo-"));
  try {
    const input = path.join(dir, "input.docx");
    await writeFile(input, bytes);
    await run(
      "soffice",
      [`-env:UserInstallation=file://${dir}/profile`, "--headless", "--convert-to", "txt:Text (encoded):UTF8", "--outdir", dir, input],
      { timeout: 120_000 },
    );
    return await readFile(path.join(dir, "input.txt"), "utf8");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

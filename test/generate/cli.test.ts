import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type CliIo, main } from "../../src/cli/main.js";
import { docxParts } from "./docx-helpers.js";
import { FIXTURE_DIR, vendorDocx } from "./fixtures.js";

const dir = await mkdtemp(path.join(tmpdir(), "cw-cli-"));
afterAll(() => rm(dir, { recursive: true, force: true }));
const FIXTURE = ["--playbook", path.join(FIXTURE_DIR, "clauses"), "--templates", path.join(FIXTURE_DIR, "templates")];

const vendorMd = path.join(dir, "voorwaarden.md");
await writeFile(
  vendorMd,
  "# Voorwaarden\n\n## Artikel 5 Aansprakelijkheid\n\n5.1 De aansprakelijkheid van Opdrachtnemer is beperkt tot EUR 10.000.\n\n## Artikel 8 Privacy\n\n8.1 Opdrachtnemer verwerkt persoonsgegevens in opdracht van Opdrachtgever.\n",
);
const vendorDocxFile = path.join(dir, "voorwaarden.docx");
await writeFile(vendorDocxFile, await vendorDocx());

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; bytes: Uint8Array; stderr: string }> {
  const out: Uint8Array[] = [];
  let stderr = "";
  const io: CliIo = {
    stdout: (chunk) => out.push(typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk),
    stderr: (line) => {
      stderr += `${line}\n`;
    },
    debug: false,
  };
  const code = await main(argv, io);
  const bytes = Buffer.concat(out);
  return { code, stdout: bytes.toString("utf8"), bytes: new Uint8Array(bytes), stderr };
}

describe("contractwijzer generate", () => {
  it("prints the Markdown annex for the clauses the document lacks", async () => {
    const r = await cli("generate", vendorMd, "--profile", "personal-data", ...FIXTURE);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# Aanvullende bepalingen\n/);
    expect(r.stdout).toContain("“voorwaarden.md”");
    expect(r.stdout).toContain("Melding van datalekken");
  });

  it("prints JSON in the interface's shape, in English on request, with params", async () => {
    const r = await cli("generate", vendorMd, "--profile", "personal-data", "--lang", "en", "--format", "json", "--param", "notice_hours=12", ...FIXTURE);
    expect(r.code).toBe(0);
    const clauses = JSON.parse(r.stdout) as { requirement: string; verdict: string; lang: string; title: string; text: string }[];
    const breach = clauses.find((c) => c.requirement === "breach-notice")!;
    expect(breach).toMatchObject({ verdict: "missing", lang: "en", title: "Data breach notification" });
    expect(breach.text).toContain("no later than 12 hours");
  });

  it("writes a DOCX annex only to a file or to an explicit -o -", async () => {
    const refused = await cli("generate", vendorMd, "--format", "docx", ...FIXTURE);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^E_BAD_REQUEST: --format docx/);
    const out = path.join(dir, "annex.docx");
    expect((await cli("generate", vendorMd, "--format", "docx", "-o", out, ...FIXTURE)).code).toBe(0);
    const parts = await docxParts(new Uint8Array(await readFile(out)));
    expect(parts["docProps/core.xml"]).toContain("<dc:creator>Contractwijzer</dc:creator>");
    const piped = await cli("generate", vendorMd, "--format", "docx", "-o", "-", ...FIXTURE);
    expect(Buffer.from(piped.bytes.slice(0, 2)).toString()).toBe("PK");
  });

  it("fails with E_TEMPLATE_PARAM on an unknown or mistyped --param", async () => {
    const unknown = await cli("generate", vendorMd, "--param", "notice_hour=12", ...FIXTURE);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^E_TEMPLATE_PARAM: unknown parameter\(s\): notice_hour/);
    const mistyped = await cli("generate", vendorMd, "--profile", "personal-data", "--param", "notice_hours=soon", ...FIXTURE);
    expect(mistyped.stderr).toMatch(/^E_TEMPLATE_PARAM: parameter "breach-notice.notice_hours" must be an integer/);
  });
});

describe("contractwijzer redline", () => {
  it("writes the vendor's DOCX with tracked insertions", async () => {
    const out = path.join(dir, "redline.docx");
    const r = await cli("redline", vendorDocxFile, "--profile", "personal-data", "-o", out, ...FIXTURE);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/clause\(s\) inserted as tracked changes/);
    const parts = await docxParts(new Uint8Array(await readFile(out)));
    expect(parts["word/settings.xml"]).toContain("<w:trackRevisions/>");
    expect(parts["word/document.xml"]).toMatch(/<w:ins w:id="\d+" w:author="Contractwijzer"/);
  });

  it("needs -o and a DOCX", async () => {
    expect((await cli("redline", vendorDocxFile, ...FIXTURE)).stderr).toMatch(/^E_BAD_REQUEST: give -o/);
    const md = await cli("redline", vendorMd, "-o", path.join(dir, "x.docx"), ...FIXTURE);
    expect(md.code).toBe(2);
    expect(md.stderr).toMatch(/^E_FORMAT_UNSUPPORTED_HERE/);
  });
});

describe("contractwijzer clauses", () => {
  it("lists the library with themes and params", async () => {
    const text = await cli("clauses", "list", ...FIXTURE);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("breach-notice\tprivacy\tMelding van datalekken\tnotice_hours=24 inform_data_subjects=true");
    const json = JSON.parse((await cli("clauses", "list", "--lang", "en", "--format", "json", ...FIXTURE)).stdout);
    expect(json.find((r: { id: string }) => r.id === "governing-law")).toMatchObject({ title: "Dutch law and court", theme: "disputes", params: { court: "Den Haag" } });
  });

  it("shows one clause with params, as Markdown or DOCX", async () => {
    const md = await cli("clauses", "show", "governing-law", "--lang", "en", "--param", "court=Utrecht", ...FIXTURE);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain("# Dutch law and court");
    expect(md.stdout).toContain("2. Disputes are submitted to the competent court in Utrecht.");
    expect(md.stdout).toContain("| court | string | Utrecht | Court seat. |");
    const out = path.join(dir, "clause.docx");
    expect((await cli("clauses", "show", "governing-law", "--format", "docx", "-o", out, ...FIXTURE)).code).toBe(0);
    const parts = await docxParts(new Uint8Array(await readFile(out)));
    expect(parts["word/document.xml"]).toContain("Geschillen worden voorgelegd aan de bevoegde rechter te Den Haag.");
  });

  it("fails clearly on unknown ids, subcommands and params", async () => {
    expect((await cli("clauses", "show", "nope", ...FIXTURE)).stderr).toMatch(/^E_NOT_FOUND: no requirement "nope"/);
    expect((await cli("clauses", "remove", ...FIXTURE)).stderr).toMatch(/^E_BAD_REQUEST/);
    expect((await cli("clauses", "show", "breach-notice", "--param", "notice_hours=soon", ...FIXTURE)).stderr).toMatch(/^E_TEMPLATE_PARAM/);
  });
});

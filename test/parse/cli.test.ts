import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { REPO_ROOT } from "../helpers/shared.js";
import { dutchContractPdf } from "./fixtures.js";

const work = mkdtempSync(path.join(tmpdir(), "cw-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (c: string | Uint8Array) => out.push(String(c)), stderr: (l: string) => err.push(l), debug: false },
    out: () => out.join(""),
    err: () => err.join("\n"),
  };
}

const md = "# Voorwaarden\n\n## Artikel 2 Betaling\n\n2.1 Betaling binnen 30 dagen na factuurdatum.\n";

describe("contractwijzer parse", () => {
  it("prints the document as JSON", async () => {
    const file = path.join(work, "voorwaarden.md");
    writeFileSync(file, md);
    const c = capture();
    expect(await main(["parse", file], c.io)).toBe(0);
    const json = JSON.parse(c.out());
    expect(Object.keys(json)).toEqual(["document", "text", "blocks"]);
    expect(json.document).toMatchObject({ name: "voorwaarden.md", format: "md", pages: null, language: "nl", characters: json.text.length });
    expect(json.document.sha256).toMatch(/^[0-9a-f]{64}$/);
    const clause = json.blocks.find((b: { section: string }) => b.section === "2.1");
    expect(json.text.slice(clause.start, clause.end)).toBe("2.1 Betaling binnen 30 dagen na factuurdatum.");
    expect(clause).toMatchObject({ kind: "clause", heading: "Betaling", page: null });
  });

  it("prints a readable outline with --format text", async () => {
    const file = path.join(work, "voorwaarden.pdf");
    writeFileSync(file, await dutchContractPdf());
    const c = capture();
    expect(await main(["parse", file, "--format", "text"], c.io)).toBe(0);
    expect(c.out()).toMatch(/voorwaarden\.pdf: pdf, 3 pages, nl/);
    expect(c.out()).toMatch(/2\.2\(a\)\s+clause\s+p1\s+\(a\) passende/);
  });

  it("reports errors as one E_CODE line and exit code 2", async () => {
    const file = path.join(work, "leeg.txt");
    writeFileSync(file, "");
    const c = capture();
    expect(await main(["parse", file], c.io)).toBe(2);
    expect(c.err()).toMatch(/^E_EMPTY_FILE: /);
    const bad = capture();
    expect(await main(["parse", file, "--format", "xml"], bad.io)).toBe(2);
    expect(bad.err()).toMatch(/^E_BAD_REQUEST: /);
    const missing = capture();
    expect(await main(["parse", path.join(work, "nope.pdf")], missing.io)).toBe(2);
    expect(missing.err()).toMatch(/^E_NOT_FOUND: /);
  });

  it("works through the real binary, with nothing but JSON on stdout", async () => {
    const file = path.join(work, "bin.pdf");
    writeFileSync(file, await dutchContractPdf());
    const ok = spawnSync(process.execPath, [path.join(REPO_ROOT, "bin/contractwijzer.mjs"), "parse", file], { encoding: "utf8", timeout: 60_000 });
    expect(ok.status).toBe(0);
    const json = JSON.parse(ok.stdout);
    expect(json.document).toMatchObject({ format: "pdf", pages: 3 });
    const mismatch = path.join(work, "really-a-pdf.docx");
    writeFileSync(mismatch, await dutchContractPdf());
    const bad = spawnSync(process.execPath, [path.join(REPO_ROOT, "bin/contractwijzer.mjs"), "parse", mismatch], { encoding: "utf8", timeout: 60_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toMatch(/^E_TYPE_MISMATCH: .*named \.docx but its content is PDF$/);
    expect(bad.stdout).toBe("");
  });
});

/**
 * Speed and memory, measured (never asserted in tests):
 * parse, analyse and check time separately per file, the ratio to `pdftotext` on the same PDF,
 * and peak RSS. Files: ../shared/eval/perf bundles (71 and 426 pages) when present, plus
 * documents generated here from the project's own fixtures at several sizes, so cost growth shows.
 *
 *   npm run bench [-- --runs 3]
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { analyseDocument } from "../src/analyse/index.js";
import { checkAnnotated } from "../src/check/index.js";
import { parseDocument } from "../src/parse/index.js";
import { loadPlaybook } from "../src/playbook/load.js";

const { values: opts } = parseArgs({ options: { runs: { type: "string", default: "3" }, only: { type: "string" } } });
const runs = Number(opts.runs);
const ROOT = path.resolve(import.meta.dirname, "..");
const PERF = path.resolve(ROOT, "../shared/eval/perf");
const OUT = path.join(ROOT, "test/.tmp/bench");
mkdirSync(OUT, { recursive: true });

const playbook = await loadPlaybook(path.join(ROOT, "clauses"), { lenient: process.env.BENCH_LENIENT === "1" });
const profile = { genai: true, "personal-data": true, cloud: true, development: false, "high-risk": false };

/** Markdown of n copies of the project's own fixtures (renumbered so sections stay distinct). */
function syntheticMarkdown(copies: number): string {
  const base = ["vendor-terms-en.md", "overeenkomst-nl.md"].map((f) => readFileSync(path.join(ROOT, "test/fixtures/contracts", f), "utf8"));
  const parts: string[] = [];
  for (let i = 0; i < copies; i++) parts.push(base[i % 2].replace(/^# /m, `# Part ${i + 1}: `));
  return parts.join("\n\n");
}

const files: { label: string; file: string }[] = [];
for (const copies of [10, 50, 200]) {
  const file = path.join(OUT, `synthetic-${copies}x.md`);
  writeFileSync(file, syntheticMarkdown(copies));
  files.push({ label: `md ${copies}x fixtures`, file });
}
for (const f of ["dev-bundle-1x.pdf", "dev-bundle-6x.pdf", "dev-bundle-1x.docx"]) {
  if (existsSync(path.join(PERF, f))) files.push({ label: f, file: path.join(PERF, f) });
}
if (existsSync(path.join(PERF, "dev-bundle-1x.pdf"))) {
  // A ~10-page PDF: the first pages of the 71-page bundle, cut with qpdf when available.
  const ten = path.join(OUT, "dev-bundle-10pages.pdf");
  const cut = spawnSync("qpdf", [path.join(PERF, "dev-bundle-1x.pdf"), "--pages", ".", "1-10", "--", ten]);
  if (cut.status === 0) files.unshift({ label: "10 pages (pdf)", file: ten });
}

const hasPdftotext = spawnSync("pdftotext", ["-v"]).status === 0;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;

console.log(`playbook ${playbook.version}: ${playbook.requirements.length} requirements; median of ${runs} runs\n`);
console.log(
  ["file", "size", "pages", "chars", "parse ms", "analyse ms", "check ms", "total ms", "check share", "pdftotext ms", "× pdftotext", "peak RSS"]
    .map((h, i) => (i === 0 ? h.padEnd(24) : h.padStart(12)))
    .join(""),
);
for (const { label, file } of files) {
  if (opts.only && !label.includes(opts.only)) continue;
  const bytes = new Uint8Array(readFileSync(file));
  const t = { parse: [] as number[], analyse: [] as number[], check: [] as number[] };
  let pages: number | null = null;
  let chars = 0;
  let peak = process.memoryUsage().rss;
  for (let r = 0; r < runs; r++) {
    let t0 = performance.now();
    const doc = await parseDocument(bytes, { name: path.basename(file), maxBytes: 200 * 1048576, timeoutMs: 600_000 });
    t.parse.push(performance.now() - t0);
    t0 = performance.now();
    const a = analyseDocument(doc, playbook.lexicon);
    t.analyse.push(performance.now() - t0);
    t0 = performance.now();
    checkAnnotated([a], playbook, { profile });
    t.check.push(performance.now() - t0);
    pages = doc.pages;
    chars = doc.characters;
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  let pdftotextMs: number | null = null;
  if (hasPdftotext && file.endsWith(".pdf")) {
    const times: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      execFileSync("pdftotext", ["-layout", file, "-"], { maxBuffer: 1 << 28 });
      times.push(performance.now() - t0);
    }
    pdftotextMs = median(times);
  }
  const [p, a, c] = [median(t.parse), median(t.analyse), median(t.check)];
  const total = p + a + c;
  console.log(
    [
      label.padEnd(24),
      mb(bytes.length).padStart(12),
      String(pages ?? "-").padStart(12),
      String(chars).padStart(12),
      p.toFixed(0).padStart(12),
      a.toFixed(0).padStart(12),
      c.toFixed(0).padStart(12),
      total.toFixed(0).padStart(12),
      `${(((a + c) / total) * 100).toFixed(0)}%`.padStart(12),
      (pdftotextMs === null ? "-" : pdftotextMs.toFixed(0)).padStart(12),
      (pdftotextMs === null ? "-" : (total / pdftotextMs).toFixed(1)).padStart(12),
      mb(peak).padStart(12),
    ].join(""),
  );
}
console.log("\ncheck share = (analyse + check) / total; × pdftotext = our end-to-end time / pdftotext's extraction time.");

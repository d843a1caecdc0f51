/**
 * One bench measurement in a fresh process (scripts/bench.ts spawns it per file), so the peak
 * RSS reported is this file's alone: parse, analyse and check `runs` times, print one JSON line.
 *
 *   tsx scripts/bench-run.ts FILE RUNS
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { analyseDocument } from "../src/analyse/index.js";
import { checkAnnotated } from "../src/check/index.js";
import { parseDocument } from "../src/parse/index.js";
import { pdfHelperThreads, pdfThreadStats } from "../src/parse/pdf-threads.js";
import { loadPlaybook } from "../src/playbook/load.js";

const [file, runsArg] = process.argv.slice(2);
const runs = Math.max(1, Number(runsArg ?? 3));
const ROOT = path.resolve(import.meta.dirname, "..");
const playbook = await loadPlaybook(path.join(ROOT, "clauses"), { lenient: process.env.BENCH_LENIENT === "1" });
const profile = { genai: true, "personal-data": true, cloud: true, development: false, "high-risk": false };
const baseRss = process.memoryUsage().rss;

const bytes = new Uint8Array(readFileSync(file));
const t = { parse: [] as number[], analyse: [] as number[], check: [] as number[], cpu: [] as number[], total: [] as number[] };
let pages: number | null = null;
let chars = 0;
let units = 0;
for (let r = 0; r < runs; r++) {
  const cpu0 = process.cpuUsage();
  let t0 = performance.now();
  const doc = await parseDocument(bytes, { name: path.basename(file), maxBytes: 200 * 1048576, timeoutMs: 600_000 });
  t.parse.push(performance.now() - t0);
  t0 = performance.now();
  const a = analyseDocument(doc, playbook.lexicon);
  t.analyse.push(performance.now() - t0);
  t0 = performance.now();
  checkAnnotated([a], playbook, { profile });
  t.check.push(performance.now() - t0);
  t.total.push(t.parse[r] + t.analyse[r] + t.check[r]);
  const cpu = process.cpuUsage(cpu0);
  t.cpu.push((cpu.user + cpu.system) / 1000);
  pages = doc.pages;
  chars = doc.characters;
  units = a.units.length;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// Steady state: the runs after the first (which also loads pdf.js or mammoth), when there are any.
const warm = (xs: number[]) => median(xs.length > 1 ? xs.slice(1) : xs);
console.log(
  JSON.stringify({
    pages,
    chars,
    units,
    runs,
    parse: warm(t.parse),
    analyse: warm(t.analyse),
    check: warm(t.check),
    cpu: warm(t.cpu),
    // The first run includes loading pdf.js (or mammoth): what a fresh CLI call pays.
    firstParse: t.parse[0],
    // The whole first run: what a fresh CLI call pays (pdf.js loading and helper threads starting).
    firstTotal: t.total[0],
    // Helper threads for long PDFs (src/parse/pdf-threads.ts) and the share of chunks they read.
    pdfThreads: pdfHelperThreads(),
    helperShare: (() => {
      const s = pdfThreadStats();
      return s.helperChunks + s.readerChunks ? s.helperChunks / (s.helperChunks + s.readerChunks) : null;
    })(),
    baseRssMB: baseRss / 1048576,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  }),
);

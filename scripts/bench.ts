/**
 * Speed and memory, measured (never asserted in tests). Per file, in a fresh child process
 * (scripts/bench-run.ts, so one file's peak RSS cannot hide another's): parse, analyse and
 * check time, time per page and per 1,000 characters (does cost grow linearly?), the ratio to
 * `pdftotext` on the same PDF, and peak RSS. Then API throughput: autocannon POSTs a 10-page
 * PDF to /api/checks of a running `contractwijzer serve`.
 *
 * Files: PDFs cut from ../shared/eval/perf/dev-bundle-6x.pdf with qpdf (10 … 426 pages, and the
 * bundle twice over, ~850 pages); DOCX made by repeating the body of dev-bundle-1x.docx;
 * Markdown of n copies of the project's fixtures. Without ../shared the PDF and DOCX are
 * generated from the fixtures (pdf-lib, docx), so the bench runs anywhere.
 *
 *   npm run bench [-- --runs 3] [--only pdf] [--api-seconds 15] [--connections 4] [--no-api]
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Document, HeadingLevel, Packer, Paragraph } from "docx";
import JSZip from "jszip";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { DEFAULT_PARSER_MEMORY_MB } from "../src/parse/isolated.js";

const { values: opts } = parseArgs({
  options: {
    runs: { type: "string", default: "3" },
    only: { type: "string" },
    "api-seconds": { type: "string", default: "15" },
    connections: { type: "string", default: "4" },
    "no-api": { type: "boolean", default: false },
  },
});
const runs = Number(opts.runs);
const ROOT = path.resolve(import.meta.dirname, "..");
const PERF = path.resolve(ROOT, "../shared/eval/perf");
// Outside the repo: the largest generated files would only trip the linter's size limit.
const OUT = path.join(os.tmpdir(), "contractwijzer-bench");
mkdirSync(OUT, { recursive: true });
const started = performance.now();

const fixtures = ["vendor-terms-en.md", "overeenkomst-nl.md"].map((f) => readFileSync(path.join(ROOT, "test/fixtures/contracts", f), "utf8"));
const has = (cmd: string, arg: string) => spawnSync(cmd, [arg]).status === 0;
const hasQpdf = has("qpdf", "--version");
const hasPdftotext = has("pdftotext", "-v");

/** Markdown of n copies of the project's own fixtures (renumbered so sections stay distinct). */
function syntheticMarkdown(copies: number): string {
  const parts: string[] = [];
  for (let i = 0; i < copies; i++) parts.push(fixtures[i % 2].replace(/^# /m, `# Part ${i + 1}: `));
  return parts.join("\n\n");
}

/** Fixture lines as (heading?, text), Markdown markers dropped: the material for generated PDF and DOCX. */
function fixtureLines(): { heading: boolean; text: string }[] {
  const out: { heading: boolean; text: string }[] = [];
  for (const md of fixtures)
    for (const raw of md.split("\n")) {
      const line = raw.trim();
      if (!line) continue;
      out.push({ heading: line.startsWith("#"), text: line.replace(/^#+\s*/, "").replace(/\*\*/g, "") });
    }
  return out;
}

/** A PDF of `pages` pages set from the fixtures (Helvetica, bold headings): the fallback without ../shared. */
async function generatedPdf(pages: number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  // WinAnsi only: anything else becomes "?" so the standard fonts can set it.
  const safe = (s: string) => s.replace(/[^\x20-\x7e\u00a0-\u00ff€‘’“”–—•]/g, "?");
  const lines = fixtureLines();
  let li = 0;
  for (let p = 0; p < pages; p++) {
    const page = pdf.addPage([595, 842]);
    let y = 790;
    while (y > 60) {
      const { heading, text } = lines[li++ % lines.length];
      const font = heading ? bold : regular;
      const size = heading ? 12 : 10;
      const words = safe(text).split(/\s+/);
      let line = "";
      for (const w of words) {
        const next = line ? `${line} ${w}` : w;
        if (font.widthOfTextAtSize(next, size) > 495 && line) {
          page.drawText(line, { x: 50, y, size, font });
          y -= size * 1.3;
          line = w;
        } else line = next;
      }
      if (line) page.drawText(line, { x: 50, y, size, font });
      y -= size * 1.3 + 6;
    }
    page.drawText(String(p + 1), { x: 290, y: 30, size: 9, font: regular });
  }
  return pdf.save();
}

async function generatedDocx(): Promise<Uint8Array> {
  const children = fixtureLines().map(({ heading, text }) => new Paragraph(heading ? { text, heading: HeadingLevel.HEADING_2 } : { text }));
  const doc = new Document({ sections: [{ children }] });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/** The DOCX with its body repeated `copies` times (numbering simply continues). */
async function repeatDocxBody(base: Uint8Array, copies: number): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(base);
  const xml = await zip.file("word/document.xml")!.async("string");
  const open = xml.indexOf(">", xml.indexOf("<w:body")) + 1;
  const sect = xml.lastIndexOf("<w:sectPr");
  const close = xml.lastIndexOf("</w:body>");
  const end = sect > open ? sect : close;
  const body = xml.slice(open, end);
  zip.file("word/document.xml", xml.slice(0, open) + body.repeat(copies) + xml.slice(end));
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}

interface BenchFile {
  group: "md" | "docx" | "pdf";
  label: string;
  file: string;
  runs: number;
}
const files: BenchFile[] = [];

// Markdown
for (const copies of [10, 50, 200, 800]) {
  const file = path.join(OUT, `synthetic-${copies}x.md`);
  writeFileSync(file, syntheticMarkdown(copies));
  files.push({ group: "md", label: `md ${copies}x fixtures`, file, runs: copies >= 800 ? 1 : runs });
}

// DOCX
{
  const shared = path.join(PERF, "dev-bundle-1x.docx");
  const base = existsSync(shared) ? new Uint8Array(readFileSync(shared)) : await generatedDocx();
  const name = existsSync(shared) ? "dev-bundle" : "fixtures";
  const sizes = existsSync(shared) ? [1, 2, 4] : [20, 80, 320];
  for (const copies of sizes) {
    const file = path.join(OUT, `${name}-${copies}x.docx`);
    writeFileSync(file, copies === 1 ? base : await repeatDocxBody(base, copies));
    files.push({ group: "docx", label: `docx ${name} ${copies}x`, file, runs: copies >= 4 && copies < 20 ? 1 : copies >= 320 ? 1 : runs });
  }
}

// PDF
{
  const six = path.join(PERF, "dev-bundle-6x.pdf");
  const sizes = [10, 50, 100, 200, 426];
  if (existsSync(six) && hasQpdf) {
    for (const n of sizes) {
      const file = path.join(OUT, `dev-bundle-${n}p.pdf`);
      execFileSync("qpdf", [six, "--pages", ".", `1-${n}`, "--", file]);
      files.push({ group: "pdf", label: `pdf ${n} pages`, file, runs: n >= 200 ? 2 : runs });
    }
    const double = path.join(OUT, "dev-bundle-852p.pdf");
    execFileSync("qpdf", ["--empty", "--pages", six, six, "--", double]);
    files.push({ group: "pdf", label: "pdf 852 pages", file: double, runs: 2 });
  } else {
    for (const n of [...sizes, 852]) {
      const file = path.join(OUT, `generated-${n}p.pdf`);
      writeFileSync(file, await generatedPdf(n));
      files.push({ group: "pdf", label: `pdf ${n} pages (gen)`, file, runs: n >= 200 ? 2 : runs });
    }
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Row {
  pages: number | null;
  chars: number;
  units: number;
  runs: number;
  parse: number;
  analyse: number;
  check: number;
  cpu: number;
  firstParse: number;
  firstTotal: number;
  pdfThreads: number;
  helperShare: number | null;
  peakRssMB: number;
  baseRssMB: number;
}

function measure(file: string, n: number): Row {
  // The heap limit of the service's parser workers (src/parse/isolated.ts), where checks run in production.
  const heap = `--max-old-space-size=${DEFAULT_PARSER_MEMORY_MB}`;
  const child = spawnSync(process.execPath, [heap, "--import", "tsx", path.join(ROOT, "scripts/bench-run.ts"), file, String(n)], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  const line = child.stdout.trim().split("\n").pop() ?? "";
  if (child.status !== 0 || !line.startsWith("{")) throw new Error(`bench-run failed for ${file}: ${child.stderr.slice(-2000)}`);
  return JSON.parse(line) as Row;
}

/** pdftotext's time for the file: the faster of its default and -layout modes, median of three runs each. */
function pdftotextMs(file: string): number | null {
  if (!hasPdftotext) return null;
  const modes = [[], ["-layout"]].map((flags) => {
    const times: number[] = [];
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      execFileSync("pdftotext", [...flags, file, "-"], { maxBuffer: 1 << 28 });
      times.push(performance.now() - t0);
    }
    return median(times);
  });
  return Math.min(...modes);
}

const cols: [string, number][] = [
  ["file", 22],
  ["pages", 6],
  ["chars", 9],
  ["runs", 5],
  ["parse ms", 9],
  ["analyse ms", 11],
  ["check ms", 9],
  ["total ms", 9],
  ["ms/page", 8],
  ["a+c ms/1k ch", 13],
  ["check share", 12],
  ["1st parse", 10],
  ["pdftotext", 10],
  ["× pdftotext", 12],
  ["1st total", 10],
  ["× (1st)", 8],
  ["helpers", 8],
  ["peak RSS", 9],
];
const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(cols[i][1]) : c.padStart(cols[i][1]))).join(" ");

const load = os.loadavg().map((l) => l.toFixed(1)).join(" ");
console.log(`node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, load average ${load}`);
console.log(
  `each file in a fresh process with the service's parser-worker heap limit (--max-old-space-size=${DEFAULT_PARSER_MEMORY_MB});` +
    "\ntimes are medians of the runs after the first (with 1 run: that run);\n1st parse = the first parse in the process, which also loads pdf.js / mammoth\n",
);
console.log(fmt(cols.map(([h]) => h)));
for (const f of files) {
  if (opts.only && !f.label.includes(opts.only)) continue;
  const r = measure(f.file, f.runs);
  const total = r.parse + r.analyse + r.check;
  const ref = f.group === "pdf" ? pdftotextMs(f.file) : null;
  console.log(
    fmt([
      f.label,
      String(r.pages ?? "-"),
      String(r.chars),
      String(r.runs),
      r.parse.toFixed(0),
      r.analyse.toFixed(0),
      r.check.toFixed(0),
      total.toFixed(0),
      r.pages ? (total / r.pages).toFixed(1) : "-",
      (((r.analyse + r.check) / r.chars) * 1000).toFixed(2),
      `${(((r.analyse + r.check) / total) * 100).toFixed(0)}%`,
      r.firstParse.toFixed(0),
      ref === null ? "-" : ref.toFixed(0),
      ref === null ? "-" : (total / ref).toFixed(1),
      r.firstTotal.toFixed(0),
      ref === null ? "-" : (r.firstTotal / ref).toFixed(1),
      r.helperShare === null ? "-" : `${(r.helperShare * 100).toFixed(0)}%`,
      `${r.peakRssMB.toFixed(0)} MB`,
    ]),
  );
}
console.log(
  "\nms/page = total / pages; a+c ms/1k ch = (analyse + check) per 1,000 characters (flat = linear);" +
    "\ncheck share = (analyse + check) / total; × pdftotext = our end-to-end time / pdftotext's on the same file" +
    "\n(the faster of pdftotext and pdftotext -layout); 1st total and × (1st) = the first run in a fresh process" +
    "\n(loads pdf.js, starts the PDF helper threads); helpers = pages read by helper threads (src/parse/pdf-threads.ts);" +
    "\npeak RSS = maxRSS of the child process (playbook, parsers and the runs on this one file).",
);

// API throughput
if (!opts["no-api"]) await apiThroughput();
console.log(`\nbench took ${((performance.now() - started) / 1000).toFixed(0)} s; load average now ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);

async function apiThroughput(): Promise<void> {
  const pdf = files.find((f) => f.group === "pdf" && f.label.startsWith("pdf 10 pages"));
  if (!pdf) return;
  const seconds = Number(opts["api-seconds"]);
  const connections = Number(opts.connections);
  const db = path.join(OUT, `api-${process.pid}.db`);
  const cli = path.join(ROOT, "bin/contractwijzer.mjs");
  const token = execFileSync(process.execPath, [cli, "token", "create", "--role", "officer", "--org", "Bench", "--db", db], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  })
    .trim()
    .split("\n")
    .pop()!
    .trim();
  const port = 20000 + (process.pid % 20000);
  const server: ChildProcess = spawn(process.execPath, [cli, "serve", "--port", String(port), "--db", db], {
    cwd: ROOT,
    env: { ...process.env, CONTRACTWIJZER_RATE_LIMIT_PER_MIN: "100000000" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let serverErr = "";
  server.stderr?.on("data", (d) => {
    serverErr += String(d);
  });
  const url = `http://127.0.0.1:${port}/api/checks`;
  const boundary = "----contractwijzer-bench";
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench-10p.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
    readFileSync(pdf.file),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const headers = { authorization: `Bearer ${token}`, "content-type": `multipart/form-data; boundary=${boundary}` };
  try {
    let first: Response | null = null;
    for (let i = 0; i < 100 && !first; i++) {
      first = await fetch(url, { method: "POST", headers, body }).catch(() => null);
      if (!first) await new Promise((r) => setTimeout(r, 200));
    }
    if (!first || first.status >= 300) {
      console.log(`\nAPI: the service did not accept the check (${first?.status ?? "no answer"}): ${first ? await first.text() : serverErr.slice(-500)}`);
      return;
    }
    await first.arrayBuffer();
    // autocannon ships no types; only the result fields below are used.
    const autocannon = (await import("autocannon" as string)).default as (o: object) => Promise<AutocannonResult>;
    const result = await autocannon({ url, method: "POST", headers, body, connections, duration: seconds, timeout: 120 });
    const l = result.latency;
    console.log(`\nAPI throughput: POST /api/checks, ${pdf.label} (${(body.length / 1024).toFixed(0)} KB multipart), ${connections} connections, ${seconds} s, one server process`);
    console.log(
      `  ${result.requests.total} checks, ${(result.requests.total / seconds).toFixed(2)} checks/s, ` +
        `${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts; latency p50 ${l.p50} ms, p90 ${l.p90} ms, p99 ${l.p99} ms, max ${l.max} ms`,
    );
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    for (const suffix of ["", "-wal", "-shm"]) rmSync(db + suffix, { force: true });
  }
}

interface AutocannonResult {
  requests: { total: number; average: number };
  latency: { p50: number; p90: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

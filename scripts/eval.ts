/**
 * Scores the checker on the labelled dev documents (../shared/eval/dev/*.labels.json).
 * Prints accuracy per requirement and overall, the confusion of verdicts, and false assurance
 * (satisfied where gold is conflicting or missing). Prints; asserts nothing.
 *
 *   npm run eval [-- --format md|pdf|docx|all] [--req id,id] [--doc substring] [--verbose]
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { checkDocuments } from "../src/check/index.js";
import { parseDocument } from "../src/parse/index.js";
import { loadPlaybook } from "../src/playbook/load.js";
import { PROFILE_FACTS, type ProfileFact, type Verdict } from "../src/playbook/schema.js";

const { values: opts } = parseArgs({
  options: {
    format: { type: "string", default: "md" },
    req: { type: "string" },
    doc: { type: "string" },
    verbose: { type: "boolean", default: false },
    shared: { type: "string", default: path.resolve(import.meta.dirname, "../../shared") },
    // Another folder of labelled documents (<slug>.labels.json next to <slug>.md|docx|pdf).
    dir: { type: "string" },
  },
});

interface Labels {
  doc: string;
  profile: ProfileFact[];
  labels: Record<string, { verdict: Verdict; evidence: string; why: string }>;
}

const devDir = opts.dir ? path.resolve(opts.dir) : path.join(opts.shared!, "eval", "dev");
if (!existsSync(devDir)) {
  console.log(`No labelled documents at ${devDir}: nothing to evaluate.`);
  process.exit(0);
}
const playbook = await loadPlaybook(path.resolve(import.meta.dirname, "../clauses"), {
  lenient: true,
  warn: (m) => console.error(`playbook: ${m}`),
});
const onlyReqs = opts.req ? new Set(opts.req.split(",")) : null;
const formats = opts.format === "all" ? ["md", "docx", "pdf"] : [opts.format!];
const VERDICTS: Verdict[] = ["satisfied", "partial", "conflicting", "missing", "not_applicable"];
const short = (v: string) => ({ satisfied: "sat", partial: "part", conflicting: "confl", missing: "miss", not_applicable: "n/a" })[v] ?? v;

const labelFiles = readdirSync(devDir).filter((f) => f.endsWith(".labels.json") && (!opts.doc || f.includes(opts.doc)));
for (const format of formats) {
  const perReq = new Map<string, { ok: number; n: number; rows: string[] }>();
  const confusion = new Map<string, number>();
  const falseAssurance: string[] = [];
  let ok = 0;
  let n = 0;
  const t0 = performance.now();
  for (const lf of labelFiles.sort()) {
    const labels = JSON.parse(readFileSync(path.join(devDir, lf), "utf8")) as Labels;
    const slug = lf.replace(/\.labels\.json$/, "");
    const file = path.join(devDir, `${slug}.${format}`);
    if (!existsSync(file)) continue;
    const doc = await parseDocument(new Uint8Array(readFileSync(file)), { name: path.basename(file) });
    const profile = Object.fromEntries(PROFILE_FACTS.map((f) => [f, labels.profile.includes(f)])) as Record<ProfileFact, boolean>;
    const report = checkDocuments([doc], playbook, { profile, lang: "en" });
    for (const [req, gold] of Object.entries(labels.labels)) {
      if (onlyReqs && !onlyReqs.has(req)) continue;
      const finding = report.findings.find((f) => f.requirement === req);
      if (!finding) continue;
      const r = playbook.byId.get(req)!;
      const applicable = r.applies === "always" || (Array.isArray(r.applies) ? r.applies : [r.applies]).some((f) => profile[f]);
      const expected: Verdict = applicable ? gold.verdict : "not_applicable";
      const got = finding.verdict;
      const entry = perReq.get(req) ?? { ok: 0, n: 0, rows: [] };
      entry.n++;
      n++;
      confusion.set(`${expected}>${got}`, (confusion.get(`${expected}>${got}`) ?? 0) + 1);
      if (got === expected) {
        entry.ok++;
        ok++;
      } else {
        const ev = finding.evidence[0];
        entry.rows.push(
          `    ${slug}: gold ${expected}, got ${got}` +
            (opts.verbose
              ? `\n      gold evidence: ${gold.evidence.slice(0, 200).replace(/\s+/g, " ")}\n      gold why: ${gold.why}\n      our evidence [${ev?.rule ?? "-"}] ${ev ? `(${ev.section ?? "-"}) ${ev.quote.slice(0, 220).replace(/\s+/g, " ")}` : "(none)"}`
              : ""),
        );
      }
      if (got === "satisfied" && (expected === "conflicting" || expected === "missing")) falseAssurance.push(`${slug} ${req} (gold ${expected})`);
      perReq.set(req, entry);
    }
  }
  const ms = performance.now() - t0;
  console.log(`\n=== format: ${format} (${labelFiles.length} documents, ${ms.toFixed(0)} ms) ===`);
  console.log("requirement".padEnd(40), "acc".padStart(6), "  n");
  const sorted = [...perReq.entries()].sort((x, y) => x[1].ok / x[1].n - y[1].ok / y[1].n);
  for (const [req, e] of sorted) {
    console.log(req.padEnd(40), (e.ok / e.n).toFixed(2).padStart(6), String(e.n).padStart(3));
    if (e.rows.length && (opts.verbose || onlyReqs)) console.log(e.rows.join("\n"));
  }
  console.log(`overall accuracy: ${(ok / n).toFixed(3)} (${ok}/${n})`);
  console.log(`false assurance: ${falseAssurance.length}${falseAssurance.length ? `\n  ${falseAssurance.join("\n  ")}` : ""}`);
  console.log("confusion (rows gold, columns predicted):");
  console.log("".padEnd(8), VERDICTS.map((v) => short(v).padStart(6)).join(""));
  for (const g of VERDICTS)
    console.log(short(g).padEnd(8), VERDICTS.map((p) => String(confusion.get(`${g}>${p}`) ?? 0).padStart(6)).join(""));
}

/**
 * Shows how the checker reads a piece of text: units, concepts, modality, subject, exceptions,
 * values, and the verdict for one requirement. For playbook authors.
 *
 *   npx tsx scripts/try.ts --req ID [--lang en|nl] [--profile genai,cloud] "contract text"
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { analyseDocument, clauseAt, unitMatches } from "../src/analyse/index.js";
import { GRAMMAR } from "../src/analyse/lexicon.js";
import { checkAnnotated } from "../src/check/index.js";
import { parseDocument } from "../src/parse/index.js";
import { loadPlaybook } from "../src/playbook/load.js";
import { PROFILE_FACTS, type ProfileFact } from "../src/playbook/schema.js";

const { values: opts, positionals } = parseArgs({
  options: { req: { type: "string" }, lang: { type: "string" }, profile: { type: "string" } },
  allowPositionals: true,
});
const text = positionals.join(" ");
const playbook = await loadPlaybook(path.resolve(import.meta.dirname, "../clauses"), {
  lenient: true,
  warn: (m) => console.error(`playbook: ${m}`),
});
const doc = await parseDocument(new TextEncoder().encode(text), { name: "try.txt" });
const a = analyseDocument(doc, playbook.lexicon);
const grammar = new Set<string>(Object.values(GRAMMAR));
for (const unit of a.units) {
  console.log(`\nunit ${unit.index}: ${doc.text.slice(unit.start, unit.extEnd).replace(/\s+/g, " ")}`);
  console.log(`  exception: ${unit.hasException ? "present" : unit.hasBenignException ? "benign only" : "none"}  values: ${JSON.stringify(unit.values)}`);
  for (const m of unitMatches(a, unit)) {
    if (grammar.has(m.concept)) {
      console.log(`  · ${m.concept.padEnd(22)} "${doc.text.slice(m.start, m.end)}"`);
      continue;
    }
    const r = clauseAt(a, unit, m);
    console.log(`  ${m.concept.padEnd(24)} "${doc.text.slice(m.start, m.end)}"  modality=${r.modality} subject=${r.subject}`);
  }
}
const facts = opts.profile ? opts.profile.split(",") : [...PROFILE_FACTS];
const profile = Object.fromEntries(PROFILE_FACTS.map((f) => [f, facts.includes(f)])) as Record<ProfileFact, boolean>;
const report = checkAnnotated([a], playbook, { profile, lang: (opts.lang as "en" | "nl") ?? doc.language });
for (const f of report.findings) {
  if (opts.req && f.requirement !== opts.req) continue;
  if (!opts.req && (f.verdict === "missing" || f.verdict === "not_applicable" || (f.kind === "must-not-contain" && f.evidence.length === 0))) continue;
  console.log(`\n${f.requirement}: ${f.verdict.toUpperCase()}  ${f.explanation}`);
  for (const e of f.evidence) console.log(`  [${e.role} by ${e.rule}] ${e.quote.slice(0, 200).replace(/\s+/g, " ")}`);
}

/**
 * The examples for the issue note, under docs/examples/: an annex (Markdown and DOCX) and a
 * redline made from a labelled dev document.
 *
 *   npx tsx scripts/make-examples.ts [--doc ../shared/eval/dev/nl-hkweb-voorwaarden.docx]
 *        [--profile personal-data,cloud] [--lang nl] [--lenient]
 *
 * --lenient loads an incomplete playbook (skipping requirements without templates) for drafting;
 * the committed examples are made without it.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { checkDocuments } from "../src/check/index.js";
import { parseProfileList } from "../src/cli/profile.js";
import { formatErrorLine } from "../src/errors.js";
import { annexDefinitions, generateClauses, redlineDocxWithPlacements, renderAnnexDocx, renderAnnexMarkdown } from "../src/generate/index.js";
import { loadTemplates } from "../src/generate/load.js";
import { parseDocument } from "../src/parse/index.js";
import { loadPlaybook } from "../src/playbook/load.js";
import type { Playbook } from "../src/playbook/types.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      doc: { type: "string", default: path.resolve(root, "../shared/eval/dev/nl-hkweb-voorwaarden.docx") },
      profile: { type: "string", default: "personal-data,cloud" },
      lang: { type: "string", default: "nl" },
      lenient: { type: "boolean", default: false },
    },
  });
  const lang = values.lang === "en" ? "en" : "nl";
  const warnings: string[] = [];
  let playbook: Playbook = await loadPlaybook(path.join(root, "clauses"), { lenient: values.lenient, warn: (m) => warnings.push(m) });
  const templatesDir = path.join(root, "templates");
  if (values.lenient) {
    const partial = await loadTemplates(playbook, templatesDir, { requireComplete: false });
    const requirements = playbook.requirements.filter((r) => partial.has("nl", r.id) && partial.has("en", r.id));
    for (const r of playbook.requirements) if (!requirements.includes(r)) warnings.push(`skipped ${r.id}: no template yet`);
    playbook = { ...playbook, requirements, byId: new Map(requirements.map((r) => [r.id, r])) };
  }
  const templates = await loadTemplates(playbook, templatesDir, { requireComplete: !values.lenient });

  const file = values.doc!;
  const bytes = new Uint8Array(await readFile(file));
  const doc = await parseDocument(bytes, { name: path.basename(file) });
  const report = checkDocuments([doc], playbook, { profile: parseProfileList(values.profile), lang });
  const clauses = generateClauses(report, playbook, templates, { lang });

  const out = path.join(root, "docs/examples");
  await mkdir(out, { recursive: true });
  const base = path.basename(file).replace(/\.[^.]+$/, "");
  const annex = { lang, definitions: annexDefinitions(templates, lang) } as const;
  await writeFile(path.join(out, `${base}.annex.md`), renderAnnexMarkdown(clauses, report, annex));
  await writeFile(path.join(out, `${base}.annex.docx`), await renderAnnexDocx(clauses, report, annex));
  const redline = await redlineDocxWithPlacements(bytes, report, clauses, { lang, author: "Contractwijzer", date: report.checkedAt });
  await writeFile(path.join(out, `${base}.redline.docx`), redline.bytes);
  await writeFile(path.join(out, `${base}.report.json`), `${JSON.stringify(report, null, 2)}\n`);

  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  process.stdout.write(`${clauses.length} clauses for ${doc.name} (playbook ${playbook.version})\n`);
  for (const p of redline.placements) process.stdout.write(`  ${p.requirement}: ${p.action} (${p.where}${p.anchor ? `: ${p.anchor}` : ""})\n`);
}

main().catch((e) => {
  process.stderr.write(`${formatErrorLine(e)}\n`);
  process.exitCode = 2;
});

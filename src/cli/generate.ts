/** `contractwijzer generate FILE... [--profile LIST] [--lang nl|en] [--format md|json|docx] [-o OUT] [--param key=value]...` */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { checkDocuments } from "../check/index.js";
import type { Report } from "../check/types.js";
import { ContractwijzerError } from "../errors.js";
import { annexDefinitions, clausesAsJson, generateClauses, renderAnnexDocx, renderAnnexMarkdown } from "../generate/index.js";
import type { GeneratedClause } from "../generate/types.js";
import { loadTemplates } from "../generate/load.js";
import type { TemplateLibrary } from "../generate/templates.js";
import type { ParsedDocument } from "../parse/types.js";
import { loadPlaybook } from "../playbook/load.js";
import type { Playbook } from "../playbook/types.js";
import { parseCommandArgs, parseParamPairs } from "./args.js";
import { defaultPlaybookDir, parseLang, readDocuments } from "./check.js";
import type { CliIo } from "./main.js";
import { parseProfileList } from "./profile.js";

/** The shipped templates, wherever the command is run from. */
export function defaultTemplatesDir(): string {
  return path.resolve(import.meta.dirname, "../../templates");
}

/** Options every clause command shares; --playbook and --templates point at another playbook (tests, legal teams drafting). */
export const CLAUSE_COMMAND_OPTIONS = {
  lang: { type: "string" },
  param: { type: "string", multiple: true },
  playbook: { type: "string" },
  templates: { type: "string" },
  output: { type: "string", short: "o" },
} as const;

export async function loadPlaybookAndTemplates(values: { playbook?: string; templates?: string }): Promise<{ playbook: Playbook; templates: TemplateLibrary }> {
  const playbook = await loadPlaybook(values.playbook ?? defaultPlaybookDir());
  const templates = await loadTemplates(playbook, values.templates ?? defaultTemplatesDir());
  return { playbook, templates };
}

/** Writes to -o FILE, or to stdout for "-" / no -o. Binary output to a terminal needs an explicit "-o -". */
export async function writeOutput(io: CliIo, output: string | undefined, content: string | Uint8Array): Promise<void> {
  if (output === undefined || output === "-") {
    io.stdout(content);
    return;
  }
  try {
    await writeFile(output, content);
  } catch (e) {
    throw new ContractwijzerError("E_BAD_REQUEST", `cannot write ${output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export interface CheckedClauses {
  docs: ParsedDocument[];
  report: Report;
  clauses: GeneratedClause[];
  playbook: Playbook;
  templates: TemplateLibrary;
  params: ReturnType<typeof parseParamPairs>;
}

/** parse → check → generate, as `generate` and `redline` both need. */
export async function checkAndGenerate(files: string[], values: Record<string, unknown>): Promise<CheckedClauses> {
  const profile = parseProfileList(values.profile as string | undefined);
  const lang = parseLang(values.lang as string | undefined);
  const params = parseParamPairs(values.param as string[] | undefined);
  const { playbook, templates } = await loadPlaybookAndTemplates(values as { playbook?: string; templates?: string });
  const docs = await readDocuments(files);
  const report = checkDocuments(docs, playbook, { profile, lang, params });
  const clauses = generateClauses(report, playbook, templates, { lang: lang ?? report.lang, params });
  return { docs, report, clauses, playbook, templates, params };
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    ...CLAUSE_COMMAND_OPTIONS,
    profile: { type: "string" },
    format: { type: "string", default: "md" },
  });
  const format = values.format as string;
  if (!["md", "json", "docx"].includes(format)) throw new ContractwijzerError("E_BAD_REQUEST", `--format expects md, json or docx, got "${format}"`);
  const output = values.output as string | undefined;
  if (format === "docx" && output === undefined)
    throw new ContractwijzerError("E_BAD_REQUEST", "--format docx writes a binary file: give -o OUT.docx (or -o - for stdout)");
  if (positionals.length === 0) throw new ContractwijzerError("E_BAD_REQUEST", "give at least one FILE");
  const { report, clauses, templates, params } = await checkAndGenerate(positionals, values);
  const lang = parseLang(values.lang as string | undefined) ?? report.lang;
  const annex = { lang, definitions: annexDefinitions(templates, lang, params) };
  if (format === "json") await writeOutput(io, output, clausesAsJson(clauses));
  else if (format === "md") await writeOutput(io, output, renderAnnexMarkdown(clauses, report, annex));
  else await writeOutput(io, output, await renderAnnexDocx(clauses, report, annex));
  return 0;
}

/** `contractwijzer clauses list [--lang]` and `clauses show ID [--lang] [--format md|docx] [--param key=value]... [-o OUT]` */
import { ContractwijzerError } from "../errors.js";
import { generateLibraryClause } from "../generate/clauses.js";
import { renderLibraryClauseDocx, renderLibraryClauseMarkdown } from "../generate/library.js";
import { resolveTemplateVariables } from "../generate/params.js";
import { parseCommandArgs, parseParamPairs } from "./args.js";
import { parseLang } from "./check.js";
import { CLAUSE_COMMAND_OPTIONS, loadPlaybookAndTemplates, writeOutput } from "./generate.js";
import type { CliIo } from "./main.js";

export async function run(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== "list" && sub !== "show") throw new ContractwijzerError("E_BAD_REQUEST", 'expected "clauses list" or "clauses show ID"');
  const { values, positionals } = parseCommandArgs(rest, { ...CLAUSE_COMMAND_OPTIONS, format: { type: "string" } });
  const lang = parseLang(values.lang as string | undefined) ?? "nl";
  const { playbook, templates } = await loadPlaybookAndTemplates(values);

  if (sub === "list") {
    const format = (values.format as string | undefined) ?? "text";
    const rows = playbook.requirements.map((r) => ({
      id: r.id,
      title: r.title[lang],
      theme: r.theme,
      severity: r.severity,
      params: Object.fromEntries(resolveTemplateVariables(r, lang).filter((v) => v.name in r.remedy.params).map((v) => [v.name, v.default])),
    }));
    if (format === "json") io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    else if (format === "text")
      io.stdout(
        `${rows
          .map((r) => {
            const params = Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(" ");
            return `${r.id}\t${r.theme}\t${r.title}${params ? `\t${params}` : ""}`;
          })
          .join("\n")}\n`,
      );
    else throw new ContractwijzerError("E_BAD_REQUEST", `clauses list --format expects text or json, got "${format}"`);
    return 0;
  }

  const id = positionals[0];
  if (!id || positionals.length > 1) throw new ContractwijzerError("E_BAD_REQUEST", "clauses show takes one requirement ID");
  const requirement = playbook.byId.get(id);
  if (!requirement) throw new ContractwijzerError("E_NOT_FOUND", `no requirement "${id}" (see: contractwijzer clauses list)`);
  const format = (values.format as string | undefined) ?? "md";
  const clause = generateLibraryClause(requirement, templates, lang, parseParamPairs(values.param as string[] | undefined));
  const output = values.output as string | undefined;
  if (format === "md") await writeOutput(io, output, renderLibraryClauseMarkdown(requirement, clause));
  else if (format === "docx") {
    if (output === undefined) throw new ContractwijzerError("E_BAD_REQUEST", "--format docx writes a binary file: give -o OUT.docx (or -o - for stdout)");
    await writeOutput(io, output, await renderLibraryClauseDocx(requirement, clause));
  } else throw new ContractwijzerError("E_BAD_REQUEST", `clauses show --format expects md or docx, got "${format}"`);
  return 0;
}

/** `contractwijzer check FILE... [--profile LIST] [--lang nl|en] [--format text|json|md] [--fail-on …]` */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { checkDocuments } from "../check/index.js";
import { formatReportMarkdown, formatReportText } from "../check/format.js";
import type { Report } from "../check/types.js";
import { ContractwijzerError } from "../errors.js";
import { parseDocument } from "../parse/index.js";
import { loadPlaybook } from "../playbook/load.js";
import { parseCommandArgs, parseParamPairs } from "./args.js";
import type { CliIo } from "./main.js";
import { parseProfileList } from "./profile.js";

const SEVERITY_ORDER = ["critical", "major", "minor"] as const;

/** A finding "reaches" a level when its severity is at least that level and the buyer is not protected (conflicting or missing). */
export function reachesFailLevel(report: Report, level: string): boolean {
  if (level === "never") return false;
  const idx = SEVERITY_ORDER.indexOf(level as (typeof SEVERITY_ORDER)[number]);
  if (idx < 0) throw new ContractwijzerError("E_BAD_REQUEST", `--fail-on expects critical, major, minor or never, got "${level}"`);
  return report.findings.some(
    (f) => (f.verdict === "conflicting" || f.verdict === "missing") && SEVERITY_ORDER.indexOf(f.severity) <= idx,
  );
}

export function parseLang(value: string | undefined): "nl" | "en" | undefined {
  if (value === undefined) return undefined;
  if (value !== "nl" && value !== "en") throw new ContractwijzerError("E_BAD_REQUEST", `--lang expects nl or en, got "${value}"`);
  return value;
}

/** Reads and parses the files; shared by check, generate and redline. */
export async function readDocuments(files: string[]) {
  if (files.length === 0) throw new ContractwijzerError("E_BAD_REQUEST", "give at least one FILE");
  return Promise.all(
    files.map(async (file) => {
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await readFile(file));
      } catch (e) {
        throw new ContractwijzerError("E_NOT_FOUND", `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      return parseDocument(bytes, { name: path.basename(file) });
    }),
  );
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    profile: { type: "string" },
    lang: { type: "string" },
    format: { type: "string", default: "text" },
    "fail-on": { type: "string", default: "critical" },
    param: { type: "string", multiple: true },
    playbook: { type: "string" },
  });
  const format = values.format as string;
  if (!["text", "json", "md"].includes(format)) throw new ContractwijzerError("E_BAD_REQUEST", `--format expects text, json or md, got "${format}"`);
  const failOn = values["fail-on"] as string;
  reachesFailLevel({ findings: [] } as unknown as Report, failOn);
  const profile = parseProfileList(values.profile as string | undefined);
  const lang = parseLang(values.lang as string | undefined);
  const params = parseParamPairs(values.param as string[] | undefined);
  const playbook = await loadPlaybook((values.playbook as string | undefined) ?? defaultPlaybookDir());
  const docs = await readDocuments(positionals);
  const report = checkDocuments(docs, playbook, { profile, lang, params });
  if (format === "json") io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else if (format === "md") io.stdout(formatReportMarkdown(report));
  else io.stdout(formatReportText(report));
  return reachesFailLevel(report, failOn) ? 1 : 0;
}

/** The shipped playbook, wherever the command is run from. */
export function defaultPlaybookDir(): string {
  return path.resolve(import.meta.dirname, "../../clauses");
}

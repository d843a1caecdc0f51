/** `contractwijzer redline FILE.docx [--profile LIST] [--lang nl|en] -o OUT.docx [--param key=value]...` */
import { readFile } from "node:fs/promises";
import { ContractwijzerError } from "../errors.js";
import { redlineDocxWithPlacements } from "../generate/redline.js";
import { parseCommandArgs } from "./args.js";
import { parseLang } from "./check.js";
import { CLAUSE_COMMAND_OPTIONS, checkAndGenerate, writeOutput } from "./generate.js";
import type { CliIo } from "./main.js";

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { ...CLAUSE_COMMAND_OPTIONS, profile: { type: "string" } });
  if (positionals.length !== 1) throw new ContractwijzerError("E_BAD_REQUEST", "redline takes exactly one FILE.docx");
  const output = values.output as string | undefined;
  if (output === undefined) throw new ContractwijzerError("E_BAD_REQUEST", "give -o OUT.docx (or -o - for stdout)");
  const file = positionals[0]!;
  const { docs, report, clauses } = await checkAndGenerate([file], values);
  if (docs[0]!.format !== "docx")
    throw new ContractwijzerError("E_FORMAT_UNSUPPORTED_HERE", `redline edits the vendor's own DOCX; ${file} is ${docs[0]!.format}`);
  const lang = parseLang(values.lang as string | undefined) ?? report.lang;
  const original = new Uint8Array(await readFile(file));
  const { bytes, placements } = await redlineDocxWithPlacements(original, report, clauses, { lang, author: "Contractwijzer", date: new Date() });
  await writeOutput(io, output, bytes);
  if (output !== "-") {
    const inserted = placements.filter((p) => p.action === "inserted").length;
    const commented = placements.filter((p) => p.action === "commented").length;
    io.stderr(`${output}: ${inserted} clause(s) inserted as tracked changes, ${commented} comment(s) on conflicting passages`);
  }
  return 0;
}

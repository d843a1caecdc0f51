/** `contractwijzer parse FILE [--format json|text]`: the structured document, as JSON or an outline. */
import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import { ContractwijzerError } from "../errors.js";
import { DEFAULT_MAX_BYTES, parseDocument } from "../parse/index.js";
import type { ParsedDocument } from "../parse/types.js";
import { parseCommandArgs } from "./args.js";
import type { CliIo } from "./main.js";

export function formatOutline(doc: ParsedDocument): string {
  const lines = [
    `${doc.name}: ${doc.format}, ${doc.pages === null ? "" : `${doc.pages} pages, `}${doc.language}, ${doc.characters} characters, ${doc.blocks.length} blocks`,
    `sha256 ${doc.sha256}`,
    "",
  ];
  for (const b of doc.blocks) {
    const text = doc.text.slice(b.start, b.end);
    const preview = text.length > 70 ? `${text.slice(0, 69)}…` : text;
    const indent = b.kind === "heading" ? "" : "  ";
    const page = b.page === null ? "" : ` p${b.page}`;
    lines.push(`${indent}${(b.section ?? "-").padEnd(12)} ${b.kind.padEnd(10)}${page.padEnd(5)} ${preview}`);
  }
  for (const w of doc.warnings ?? []) lines.push(`warning: ${w}`);
  return `${lines.join("\n")}\n`;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { format: { type: "string", default: "json" } });
  const format = values.format;
  if (format !== "json" && format !== "text") throw new ContractwijzerError("E_BAD_REQUEST", `--format must be json or text, not "${format}"`);
  if (positionals.length !== 1) throw new ContractwijzerError("E_BAD_REQUEST", "usage: contractwijzer parse FILE [--format json|text]");
  const file = positionals[0];
  const info = await stat(file).catch(() => {
    throw new ContractwijzerError("E_NOT_FOUND", `no such file: ${file}`);
  });
  if (info.size > DEFAULT_MAX_BYTES) {
    throw new ContractwijzerError("E_FILE_TOO_LARGE", `"${basename(file)}" is ${info.size} bytes; the limit is ${DEFAULT_MAX_BYTES}`);
  }
  const bytes = new Uint8Array(await readFile(file));
  const doc = await parseDocument(bytes, { name: basename(file) });
  if (format === "text") {
    io.stdout(formatOutline(doc));
    return 0;
  }
  const { text, blocks, name, sha256, pages, language, characters } = doc;
  const out = { document: { name, sha256, format: doc.format, pages, language, characters }, text, blocks };
  io.stdout(`${JSON.stringify(out, null, 2)}\n`);
  return 0;
}

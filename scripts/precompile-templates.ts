/**
 * Precompiles templates/ into src/generate/templates.gen.ts for the Worker, where
 * Handlebars.compile is forbidden (workerd: "Code generation from strings disallowed").
 *
 *   npx tsx scripts/precompile-templates.ts            validate against clauses/, then write
 *   npx tsx scripts/precompile-templates.ts --check    exit 1 when the file is out of date
 *   npx tsx scripts/precompile-templates.ts --no-validate   write without loading the playbook
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { formatErrorLine } from "../src/errors.js";
import { compileTemplateSources, precompiledTemplatesModule } from "../src/generate/compile.js";
import { readTemplateSources } from "../src/generate/load.js";
import { createTemplateLibrary } from "../src/generate/templates.js";
import { loadPlaybook } from "../src/playbook/load.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const GENERATED_FILE = path.join(root, "src/generate/templates.gen.ts");

async function main(argv: string[]): Promise<number> {
  const sources = await readTemplateSources(path.join(root, "templates"));
  if (!argv.includes("--no-validate")) {
    const playbook = await loadPlaybook(path.join(root, "clauses"));
    createTemplateLibrary(compileTemplateSources(sources), playbook);
  }
  const text = precompiledTemplatesModule(sources);
  if (argv.includes("--check")) {
    const current = await readFile(GENERATED_FILE, "utf8").catch(() => "");
    if (current !== text) {
      process.stderr.write(`${path.relative(root, GENERATED_FILE)} is out of date: run npm run templates:precompile\n`);
      return 1;
    }
    return 0;
  }
  await writeFile(GENERATED_FILE, text);
  process.stdout.write(`${path.relative(root, GENERATED_FILE)}: ${sources.templates.length} templates, ${sources.partials.length} partials\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`${formatErrorLine(e)}\n`);
    if (e instanceof Error && "details" in e) process.stderr.write(`${JSON.stringify((e as { details?: unknown }).details, null, 2)}\n`);
    process.exitCode = 2;
  },
);

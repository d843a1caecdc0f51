/**
 * Node only: reads templates/ from disk and compiles it (the Worker uses templates.gen.ts via
 * `templateLibraryFromPrecompiled`). Mirrors src/playbook/load.ts.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { ContractwijzerError } from "../errors.js";
import type { Language } from "../parse/types.js";
import type { Playbook } from "../playbook/types.js";
import { compileTemplateSources } from "./compile.js";
import {
  createTemplateLibrary,
  type PartialSource,
  TEMPLATE_LANGUAGES,
  type TemplateLibrary,
  type TemplateLibraryOptions,
  type TemplateSource,
  type TemplateSources,
} from "./templates.js";

async function hbsFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isFile() && e.name.endsWith(".hbs")).map((e) => e.name).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  }
}

const display = (root: string, file: string) => relative(join(root, ".."), file).split("\\").join("/");

/** Reads templates/<lang>/<id>.hbs, templates/partials/<name>.hbs and templates/partials/<lang>/<name>.hbs. */
export async function readTemplateSources(dir = "templates"): Promise<TemplateSources> {
  const templates: TemplateSource[] = [];
  const partials: PartialSource[] = [];
  for (const lang of TEMPLATE_LANGUAGES) {
    for (const name of await hbsFiles(join(dir, lang))) {
      const file = join(dir, lang, name);
      templates.push({ lang, id: name.slice(0, -4), path: display(dir, file), source: await readFile(file, "utf8") });
    }
  }
  const partialDir = join(dir, "partials");
  const partialLangs: (Language | null)[] = [null, ...TEMPLATE_LANGUAGES];
  for (const lang of partialLangs) {
    const folder = lang ? join(partialDir, lang) : partialDir;
    for (const name of await hbsFiles(folder)) {
      const file = join(folder, name);
      partials.push({ lang, name: name.slice(0, -4), path: display(dir, file), source: await readFile(file, "utf8") });
    }
  }
  if (templates.length === 0) throw new ContractwijzerError("E_TEMPLATE_INVALID", `no templates found under ${dir}/nl or ${dir}/en`);
  return { templates, partials };
}

/** Reads, compiles and validates templates/ against the playbook (see `createTemplateLibrary`). */
export async function loadTemplates(
  playbook: Playbook,
  dir = "templates",
  options: TemplateLibraryOptions = {},
): Promise<TemplateLibrary> {
  return createTemplateLibrary(compileTemplateSources(await readTemplateSources(dir)), playbook, options);
}

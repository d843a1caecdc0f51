/**
 * The real playbook's templates: every requirement has a template in both languages that
 * renders with its default params and with its example params (snapshots under
 * __snapshots__/templates/, one file per requirement), and templates.gen.ts is up to date.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compileTemplateSources } from "../../src/generate/compile.js";
import { readTemplateSources } from "../../src/generate/load.js";
import { resolveTemplateVariables } from "../../src/generate/params.js";
import { createTemplateLibrary, renderClauseTemplate } from "../../src/generate/templates.js";
import type { ParamValue } from "../../src/generate/types.js";
import { loadPlaybook } from "../../src/playbook/load.js";
import { REPO_DIR } from "./fixtures.js";

// Lenient: broken requirement files are the playbook suite's failures; this suite judges the templates of the rest.
const playbook = await loadPlaybook(path.join(REPO_DIR, "clauses"), { lenient: true });
const sources = await readTemplateSources(path.join(REPO_DIR, "templates"));
const library = createTemplateLibrary(compileTemplateSources(sources), playbook, { requireComplete: false });

describe("templates of the real playbook", () => {
  it("form a complete library: both languages for every requirement, no template without a requirement", () => {
    expect(() => createTemplateLibrary(compileTemplateSources(sources), playbook)).not.toThrow();
  });

  describe.each(playbook.requirements.map((r) => [r.id, r] as const))("%s", (id, requirement) => {
    it("has a template in nl and en", () => {
      for (const lang of ["nl", "en"]) expect(existsSync(path.join(REPO_DIR, "templates", lang, `${id}.hbs`)), `templates/${lang}/${id}.hbs`).toBe(true);
    });

    it("renders in both languages with default and example params", async () => {
      const out: string[] = [];
      for (const lang of ["nl", "en"] as const) {
        const defaults = renderClauseTemplate(library, requirement, lang);
        for (const paragraph of defaults.paragraphs) {
          expect(paragraph).not.toMatch(/\{\{|\}\}|undefined|\[object Object\]|&amp;|&lt;|&#/);
          expect(paragraph.trim().length).toBeGreaterThan(0);
        }
        out.push(`## ${lang}: defaults`, "", ...defaults.paragraphs.map((p, i) => `${i + 1}. ${p}`), "");
        const examples: Record<string, ParamValue> = {};
        for (const v of resolveTemplateVariables(requirement, lang)) if (v.example !== undefined) examples[v.name] = v.example;
        if (Object.keys(examples).length > 0) {
          const withExamples = renderClauseTemplate(library, requirement, lang, examples);
          out.push(`## ${lang}: examples ${JSON.stringify(examples)}`, "", ...withExamples.paragraphs.map((p, i) => `${i + 1}. ${p}`), "");
        }
      }
      // A declared param no template uses is a drafting slip: the legal team would set it in vain.
      // (Per language is too strict: a playbook may declare data_location and data_location_en.)
      const used = new Set([...library.variablesUsed("nl", id), ...library.variablesUsed("en", id)]);
      for (const name of Object.keys(requirement.remedy.params)) expect([...used], `${id} never uses remedy param "${name}"`).toContain(name);
      await expect(`# ${id}\n\n${out.join("\n")}`).toMatchFileSnapshot(`__snapshots__/templates/${id}.md`);
    });
  });
});

describe("src/generate/templates.gen.ts (made by `npm run generate`)", () => {
  it("holds a precompiled template for every requirement in both languages", async () => {
    const { PRECOMPILED_TEMPLATES } = await import("../../src/generate/templates.gen.js");
    const names = new Set(PRECOMPILED_TEMPLATES.templates.map((t: { lang: string; id: string }) => `${t.lang}/${t.id}`));
    for (const r of playbook.requirements) for (const lang of ["nl", "en"]) expect(names.has(`${lang}/${r.id}`), `${lang}/${r.id}`).toBe(true);
  });
});

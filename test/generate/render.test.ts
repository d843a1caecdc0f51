import { describe, expect, it } from "vitest";
import { ContractwijzerError } from "../../src/errors.js";
import { analyseTemplate, compileTemplateSources } from "../../src/generate/compile.js";
import { generateLibraryClause } from "../../src/generate/clauses.js";
import { readTemplateSources } from "../../src/generate/load.js";
import { coerceParamValue, resolveTemplateVariables, templateContext } from "../../src/generate/params.js";
import { compiledFromPrecompiled, type PrecompiledTemplates } from "../../src/generate/precompiled.js";
import { precompiledTemplatesModule } from "../../src/generate/compile.js";
import { createTemplateLibrary, renderClauseTemplate, splitParagraphs, type TemplateSources } from "../../src/generate/templates.js";
import type { Playbook } from "../../src/playbook/types.js";
import type { ParamValue } from "../../src/generate/types.js";
import { annexDefinitions } from "../../src/generate/clauses.js";
import path from "node:path";
import { FIXTURE_DIR, fixturePlaybook, fixtureTemplates } from "./fixtures.js";

const playbook: Playbook = await fixturePlaybook();
const sources: TemplateSources = await readTemplateSources(path.join(FIXTURE_DIR, "templates"));

/** The fixture sources with one template replaced. */
function withTemplate(lang: "nl" | "en", id: string, source: string | null): TemplateSources {
  const templates = sources.templates.filter((t) => !(t.lang === lang && t.id === id));
  if (source !== null) templates.push({ lang, id, path: `templates/${lang}/${id}.hbs`, source });
  return { templates, partials: sources.partials };
}

function errorOf(f: () => unknown): ContractwijzerError {
  try {
    f();
  } catch (e) {
    if (e instanceof ContractwijzerError) return e;
    throw e;
  }
  throw new Error("expected an error");
}

describe("template validation at load", () => {
  it("accepts the fixture templates and reports the variables each uses, partials included", async () => {
    const library = await fixtureTemplates(playbook);
    expect(library.ids("nl")).toEqual(["breach-notice", "governing-law", "liability-cap"]);
    expect(library.variablesUsed("en", "liability-cap").sort()).toEqual(["cap_eur", "contract", "supplier"]);
  });

  it("rejects an undeclared variable with file and line", () => {
    const e = errorOf(() =>
      createTemplateLibrary(compileTemplateSources(withTemplate("nl", "governing-law", "Op {{contract}}.\n\nRechter te {{city}}.")), playbook),
    );
    expect(e.code).toBe("E_TEMPLATE_INVALID");
    expect(e.message).toContain('templates/nl/governing-law.hbs:3: variable "city" is not declared');
  });

  it("rejects an undeclared variable used only inside {{#if}} and inside a partial", () => {
    const inIf = errorOf(() =>
      createTemplateLibrary(compileTemplateSources(withTemplate("en", "governing-law", "{{#if flag}}x{{/if}} {{court}}")), playbook),
    );
    expect(inIf.message).toContain('variable "flag" is not declared');
    const partials = sources.partials.map((p) => (p.lang === "en" ? { ...p, source: "{{undeclared}}" } : p));
    const e = errorOf(() => createTemplateLibrary(compileTemplateSources({ templates: sources.templates, partials }), playbook));
    expect(e.message).toMatch(/partials\/en\/definitions\.hbs:1: variable "undeclared"/);
  });

  it("rejects syntax errors, helpers, paths and unknown partials", () => {
    expect(() => analyseTemplate("{{#if x}}open", "t.hbs")).toThrow(/E_TEMPLATE_INVALID|t\.hbs/);
    expect(errorOf(() => analyseTemplate("{{#if x}}open", "t.hbs")).code).toBe("E_TEMPLATE_INVALID");
    expect(errorOf(() => analyseTemplate("{{lookup a b}}", "t.hbs")).message).toContain("helpers are not allowed");
    expect(errorOf(() => analyseTemplate("{{#each items}}x{{/each}}", "t.hbs")).message).toContain("only {{#if}} and {{#unless}}");
    expect(errorOf(() => analyseTemplate("{{a.b}}", "t.hbs")).message).toContain("only plain variable names");
    expect(errorOf(() => analyseTemplate("{{../a}}", "t.hbs")).message).toContain("only plain variable names");
    expect(errorOf(() => analyseTemplate("{{@root.a}}", "t.hbs")).message).toContain("only plain variable names");
    const e = errorOf(() => createTemplateLibrary(compileTemplateSources(withTemplate("nl", "governing-law", "{{> nowhere}}")), playbook));
    expect(e.message).toContain('unknown partial "nowhere"');
  });

  it("requires both languages for every requirement and no template without a requirement", () => {
    const missing = errorOf(() => createTemplateLibrary(compileTemplateSources(withTemplate("en", "breach-notice", null)), playbook));
    expect(missing.message).toContain("templates/en/breach-notice.hbs: missing");
    const orphan = errorOf(() => createTemplateLibrary(compileTemplateSources(withTemplate("nl", "not-a-requirement", "{{supplier}}")), playbook));
    expect(orphan.message).toContain('no requirement "not-a-requirement"');
    // Authoring mode checks only what exists.
    expect(() => createTemplateLibrary(compileTemplateSources(withTemplate("en", "breach-notice", null)), playbook, { requireComplete: false })).not.toThrow();
  });

  it("reports every problem at once", () => {
    const broken = withTemplate("nl", "governing-law", "{{a}} {{b}}");
    const e = errorOf(() => createTemplateLibrary(compileTemplateSources(broken), playbook));
    const problems = (e.details as { problems: string[] }).problems;
    expect(problems.filter((p) => p.includes("is not declared"))).toHaveLength(2);
  });
});

describe("strict rendering", () => {
  it("renders without HTML escaping and splits paragraphs into sub-clauses", async () => {
    const library = await fixtureTemplates(playbook);
    const r = renderClauseTemplate(library, playbook.byId.get("liability-cap")!, "en", {});
    expect(r.paragraphs).toEqual([
      "Capitalised terms have the meaning given to them in the Agreement.",
      "Supplier's liability per event is limited to no less than EUR 2,500,000 & not lower.",
    ]);
    expect(r.text).not.toContain("&amp;");
    expect(r.text).not.toContain("&#x27;");
  });

  it("uses the common party names per language and lets a call override them", async () => {
    const library = await fixtureTemplates(playbook);
    const law = playbook.byId.get("governing-law")!;
    expect(renderClauseTemplate(library, law, "nl").paragraphs[0]).toBe("Op de Overeenkomst is uitsluitend Nederlands recht van toepassing.");
    expect(renderClauseTemplate(library, law, "en", { contract: "the Framework Agreement" }).paragraphs[0]).toBe(
      "the Framework Agreement is governed exclusively by the laws of the Netherlands.",
    );
  });

  it("takes a $name default from the requirement's params, and an overridden check param wins", async () => {
    const library = await fixtureTemplates(playbook);
    const breach = playbook.byId.get("breach-notice")!;
    expect(renderClauseTemplate(library, breach, "nl").text).toContain("binnen 24 uur");
    expect(renderClauseTemplate(library, breach, "nl", { max_notice_hours: 36 }).text).toContain("binnen 36 uur");
    // The remedy param itself beats the check param; a qualified key beats a plain one.
    expect(renderClauseTemplate(library, breach, "nl", { max_notice_hours: 36, notice_hours: 12 }).text).toContain("binnen 12 uur");
    expect(renderClauseTemplate(library, breach, "nl", { notice_hours: 12, "breach-notice.notice_hours": 6 }).text).toContain("binnen 6 uur");
  });

  it("follows boolean params in {{#if}} blocks", async () => {
    const library = await fixtureTemplates(playbook);
    const breach = playbook.byId.get("breach-notice")!;
    expect(renderClauseTemplate(library, breach, "en").paragraphs).toHaveLength(3);
    expect(renderClauseTemplate(library, breach, "en", { inform_data_subjects: false }).paragraphs).toHaveLength(2);
    expect(renderClauseTemplate(library, breach, "en", { inform_data_subjects: "false" }).paragraphs).toHaveLength(2);
  });

  it("rejects a param of the wrong type", async () => {
    const library = await fixtureTemplates(playbook);
    const breach = playbook.byId.get("breach-notice")!;
    const wrong: Record<string, ParamValue>[] = [
      { notice_hours: "soon" },
      { notice_hours: 2.5 },
      { inform_data_subjects: "yes" },
      { inform_data_subjects: 1 },
      { supplier: "" },
      { supplier: true },
    ];
    for (const bad of wrong) {
      const e = errorOf(() => renderClauseTemplate(library, breach, "nl", bad));
      expect(e.code).toBe("E_TEMPLATE_PARAM");
    }
    expect(errorOf(() => renderClauseTemplate(library, breach, "nl", { max_notice_hours: "24h" })).message).toContain("breach-notice.notice_hours");
  });

  it("rejects a param no requirement declares", async () => {
    const library = await fixtureTemplates(playbook);
    const e = errorOf(() => generateLibraryClause(playbook.byId.get("governing-law")!, library, "nl", { cuort: "Utrecht" }));
    expect(e.code).toBe("E_TEMPLATE_PARAM");
    expect(e.message).toContain("cuort");
  });

  it("coerces text that spells the type exactly, nothing else", () => {
    expect(coerceParamValue("integer", "24", "x")).toBe(24);
    expect(coerceParamValue("number", "2.5", "x")).toBe(2.5);
    expect(coerceParamValue("string", 2024, "x")).toBe("2024");
    expect(() => coerceParamValue("integer", "24 uur", "x")).toThrow(ContractwijzerError);
    expect(() => coerceParamValue("number", Number.NaN, "x")).toThrow(ContractwijzerError);
  });

  it("describes the variables with resolved defaults and examples", () => {
    const vars = resolveTemplateVariables(playbook.byId.get("governing-law")!, "en", {});
    expect(vars.map((v) => v.name)).toEqual(["customer", "supplier", "contract", "court"]);
    expect(vars.find((v) => v.name === "court")).toMatchObject({ type: "string", default: "Den Haag", example: "Amsterdam" });
    expect(templateContext(playbook.byId.get("liability-cap")!, "nl").cap_eur).toBe(2500000);
  });

  it("splits paragraphs on blank lines and drops trailing whitespace", () => {
    expect(splitParagraphs("a  \nb\n\n\n  \nc\r\n\r\nd")).toEqual(["a\nb", "c", "d"]);
  });
});

describe("precompiled templates (Worker path)", () => {
  it("render exactly what the compiled templates render", async () => {
    const moduleText = precompiledTemplatesModule(sources);
    // Evaluate the generated module the way a bundler would: strip the type import and the export keyword.
    const body = moduleText
      .replace(/^import type .*$/m, "")
      .replace("export const PRECOMPILED_TEMPLATES: PrecompiledTemplates =", "return")
      .replace(/^\/\/.*$/gm, "");
    const bundle = new Function(body)() as PrecompiledTemplates;
    const fromPrecompiled = createTemplateLibrary(compiledFromPrecompiled(bundle), playbook);
    const compiled = await fixtureTemplates(playbook);
    for (const requirement of playbook.requirements)
      for (const lang of ["nl", "en"] as const) {
        const params = { inform_data_subjects: false, court: "Zwolle & Lelystad" };
        const overrides = Object.fromEntries(Object.entries(params).filter(([k]) => k in requirement.remedy.params));
        expect(renderClauseTemplate(fromPrecompiled, requirement, lang, overrides)).toEqual(
          renderClauseTemplate(compiled, requirement, lang, overrides),
        );
      }
  });

  it("is deterministic and sorted by path", () => {
    const shuffled = { templates: [...sources.templates].reverse(), partials: [...sources.partials].reverse() };
    expect(precompiledTemplatesModule(shuffled)).toBe(precompiledTemplatesModule(sources));
  });
});

describe("partials rendered on their own (annex definitions)", () => {
  it("renders the language's definitions partial with the party names and their overrides", async () => {
    const library = await fixtureTemplates(playbook);
    expect(annexDefinitions(library, "nl")).toEqual(["Begrippen met een hoofdletter hebben de betekenis die de Overeenkomst eraan geeft."]);
    expect(annexDefinitions(library, "en", { contract: "the Framework Agreement" })).toEqual([
      "Capitalised terms have the meaning given to them in the Framework Agreement.",
    ]);
    expect(library.renderPartial("nl", "nowhere", {})).toBeNull();
  });

  it("refuses a partial that needs variables it is not given", async () => {
    const library = await fixtureTemplates(playbook);
    expect(errorOf(() => library.renderPartial("nl", "definitions", { customer: "X" })).code).toBe("E_TEMPLATE_INVALID");
  });
});

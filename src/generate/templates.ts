/**
 * The clause templates as a validated library, independent of how they were compiled:
 * `compile.ts` compiles templates/ at load on Node, `precompiled.ts` uses the specs in
 * templates.gen.ts on the Worker (workerd forbids run-time code generation). Both hand
 * their delegates to `createTemplateLibrary`, and `renderClauseTemplate` renders for both.
 */
import { ContractwijzerError } from "../errors.js";
import type { Language } from "../parse/types.js";
import type { Playbook, Requirement } from "../playbook/types.js";
import { checkRemedyParamDefaults, declaredVariableNames, formatForText, templateContext } from "./params.js";
import type { ParamOverrides, ParamValue } from "./types.js";

export const TEMPLATE_LANGUAGES: readonly Language[] = ["nl", "en"];

/** Handlebars options shared by the compiler and the precompiler. */
export const HANDLEBARS_OPTIONS = {
  strict: true,
  noEscape: true,
  knownHelpersOnly: true,
  knownHelpers: { if: true, unless: true },
} as const;

/** templates/<lang>/<id>.hbs as text. */
export interface TemplateSource {
  lang: Language;
  id: string;
  /** Relative to the repository root, for messages: "templates/nl/<id>.hbs". */
  path: string;
  source: string;
}

/** templates/partials/<name>.hbs (every language) or templates/partials/<lang>/<name>.hbs. */
export interface PartialSource {
  lang: Language | null;
  name: string;
  path: string;
  source: string;
}

export interface TemplateSources {
  templates: TemplateSource[];
  partials: PartialSource[];
}

/** What a template uses, found by walking its Handlebars AST when it is compiled or precompiled. */
export interface TemplateUsage {
  variables: { name: string; line: number }[];
  partials: { name: string; line: number }[];
}

export type RenderFunction = (context: Record<string, unknown>) => string;

export interface CompiledTemplate {
  lang: Language;
  id: string;
  path: string;
  usage: TemplateUsage;
  render: RenderFunction;
}

export interface CompiledPartial {
  lang: Language | null;
  name: string;
  path: string;
  usage: TemplateUsage;
}

/** Compiled templates from either path; partials are already registered with the render functions' environments. */
export interface CompiledTemplateSet {
  templates: CompiledTemplate[];
  partials: CompiledPartial[];
  /** Each partial as the language's environment resolves it, for rendering one on its own (the annex definitions). */
  partialRenderers: { lang: Language; name: string; render: RenderFunction }[];
}

export interface TemplateLibrary {
  has(lang: Language, id: string): boolean;
  /** Every variable the template uses, its partials' included. */
  variablesUsed(lang: Language, id: string): string[];
  template(lang: Language, id: string): CompiledTemplate;
  /** Template ids present, per language. */
  ids(lang: Language): string[];
  /**
   * Renders a partial on its own with the given values (e.g. `definitions` with the party
   * names for the annex); null when the language has no such partial.
   */
  renderPartial(lang: Language, name: string, values: Record<string, ParamValue>): string | null;
}

export interface TemplateLibraryOptions {
  /**
   * true (default): every requirement must have a template in each language and every template
   * must belong to a requirement. false only checks the templates that exist.
   */
  requireComplete?: boolean;
}

const key = (lang: Language, id: string) => `${lang}/${id}`;

function partialFor(partials: CompiledPartial[], lang: Language, name: string): CompiledPartial | undefined {
  return partials.find((p) => p.lang === lang && p.name === name) ?? partials.find((p) => p.lang === null && p.name === name);
}

/** Variables used by a template or partial and every partial it includes; problems for unknown or cyclic partials. */
function collectVariables(
  usage: TemplateUsage,
  path: string,
  lang: Language,
  partials: CompiledPartial[],
  problems: string[],
  seen: string[] = [],
): { name: string; where: string }[] {
  const found = usage.variables.map((v) => ({ name: v.name, where: `${path}:${v.line}` }));
  for (const ref of usage.partials) {
    const partial = partialFor(partials, lang, ref.name);
    if (!partial) {
      problems.push(`${path}:${ref.line}: unknown partial "${ref.name}" (templates/partials/${ref.name}.hbs or templates/partials/${lang}/${ref.name}.hbs)`);
      continue;
    }
    if (seen.includes(partial.path)) {
      problems.push(`${path}:${ref.line}: partial "${ref.name}" includes itself`);
      continue;
    }
    found.push(...collectVariables(partial.usage, partial.path, lang, partials, problems, [...seen, partial.path]));
  }
  return found;
}

/**
 * Validates compiled templates against the playbook: both languages per requirement, no
 * template without a requirement, every variable used is declared (common party names or
 * the requirement's `remedy.params`), `$name` defaults point to existing params.
 * All problems are reported together in one E_TEMPLATE_INVALID.
 */
export function createTemplateLibrary(
  compiled: CompiledTemplateSet,
  playbook: Playbook,
  options: TemplateLibraryOptions = {},
): TemplateLibrary {
  const requireComplete = options.requireComplete ?? true;
  const problems: string[] = [];
  const byKey = new Map<string, CompiledTemplate>();
  const variables = new Map<string, string[]>();

  for (const t of compiled.templates) {
    if (byKey.has(key(t.lang, t.id))) problems.push(`${t.path}: duplicate template for ${t.lang}/${t.id}`);
    byKey.set(key(t.lang, t.id), t);
  }
  for (const requirement of playbook.requirements) {
    for (const problem of checkRemedyParamDefaults(requirement)) problems.push(`${requirement.file}: ${problem}`);
    for (const lang of TEMPLATE_LANGUAGES)
      if (requireComplete && !byKey.has(key(lang, requirement.id)))
        problems.push(`templates/${lang}/${requirement.id}.hbs: missing (requirement ${requirement.file} needs a template in nl and en)`);
  }
  for (const t of byKey.values()) {
    const requirement = playbook.byId.get(t.id);
    if (!requirement) {
      if (requireComplete) problems.push(`${t.path}: no requirement "${t.id}" in the playbook`);
      continue;
    }
    const declared = new Set(declaredVariableNames(requirement));
    const used = collectVariables(t.usage, t.path, t.lang, compiled.partials, problems);
    for (const v of used)
      if (!declared.has(v.name))
        problems.push(
          `${v.where}: variable "${v.name}" is not declared (declare it in ${requirement.file} remedy.params; available: ${[...declared].join(", ")})`,
        );
    variables.set(key(t.lang, t.id), [...new Set(used.map((v) => v.name))]);
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 10).join("; ");
    throw new ContractwijzerError(
      "E_TEMPLATE_INVALID",
      problems.length > 10 ? `${shown}; and ${problems.length - 10} more` : shown,
      { problems },
    );
  }

  return {
    has: (lang, id) => byKey.has(key(lang, id)),
    variablesUsed: (lang, id) => variables.get(key(lang, id)) ?? [],
    template(lang, id) {
      const t = byKey.get(key(lang, id));
      if (!t) throw new ContractwijzerError("E_NOT_FOUND", `no ${lang} template for requirement "${id}"`);
      return t;
    },
    ids: (lang) => [...byKey.values()].filter((t) => t.lang === lang).map((t) => t.id).sort(),
    renderPartial(lang, name, values) {
      const partial = partialFor(compiled.partials, lang, name);
      const renderer = compiled.partialRenderers.find((p) => p.lang === lang && p.name === name);
      if (!partial || !renderer) return null;
      const partialProblems: string[] = [];
      const undeclared = collectVariables(partial.usage, partial.path, lang, compiled.partials, partialProblems).filter((v) => !(v.name in values));
      if (partialProblems.length > 0 || undeclared.length > 0)
        throw new ContractwijzerError(
          "E_TEMPLATE_INVALID",
          [...partialProblems, ...undeclared.map((v) => `${v.where}: variable "${v.name}" is not available here (only ${Object.keys(values).join(", ")})`)].join("; "),
        );
      try {
        return renderer.render(values);
      } catch (e) {
        throw new ContractwijzerError("E_TEMPLATE_PARAM", `${partial.path}: ${(e as Error).message}`);
      }
    },
  };
}

export interface RenderedClause {
  text: string;
  paragraphs: string[];
  params: Record<string, ParamValue>;
}

/** Blank lines separate paragraphs (sub-clauses); whitespace at line ends and extra blank lines are noise. */
export function splitParagraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n/)
    .map((p) =>
      p
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line !== "")
        .join("\n"),
    )
    .filter((p) => p !== "");
}

/**
 * Renders one requirement's clause in one language. Strict: an undeclared or missing
 * variable or a value of the wrong type is an error, never blank text.
 */
export function renderClauseTemplate(
  library: TemplateLibrary,
  requirement: Requirement,
  lang: Language,
  overrides: ParamOverrides = {},
): RenderedClause {
  const template = library.template(lang, requirement.id);
  const params = templateContext(requirement, lang, overrides);
  const context: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) context[name] = typeof value === "number" ? formatForText(value, lang) : value;
  let raw: string;
  try {
    raw = template.render(context);
  } catch (e) {
    throw new ContractwijzerError("E_TEMPLATE_PARAM", `${template.path}: ${(e as Error).message}`, { template: template.path });
  }
  const paragraphs = splitParagraphs(raw);
  if (paragraphs.length === 0)
    throw new ContractwijzerError("E_TEMPLATE_INVALID", `${template.path}: renders to empty text`, { template: template.path });
  return { text: paragraphs.join("\n\n"), paragraphs, params };
}

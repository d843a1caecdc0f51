/**
 * Findings × templates × params → clauses (Markdown, JSON, DOCX annex) and the DOCX redline.
 * Runtime-neutral: the Node loader is in ./load.js (fs + compiler), the Worker uses
 * `templateLibraryFromPrecompiled` with ./templates.gen.js.
 */
import type { Playbook } from "../playbook/types.js";
import { compiledFromPrecompiled, type PrecompiledTemplates } from "./precompiled.js";
import { createTemplateLibrary, type TemplateLibrary, type TemplateLibraryOptions } from "./templates.js";

export { planAnnex, renderAnnexMarkdown, type AnnexOptions, type AnnexPlan } from "./annex.js";
export { renderAnnexDocx, CLAUSE_NUMBERING, type AnnexDocxOptions } from "./annex-docx.js";
export { annexDefinitions, generateClauses, generateLibraryClause, clausesAsJson, type GenerateOptions, type LibraryClause } from "./clauses.js";
export { renderLibraryClauseDocx, renderLibraryClauseMarkdown } from "./library.js";
export { resolveTemplateVariables, COMMON_DEFAULTS, COMMON_VARIABLES, type TemplateVariable } from "./params.js";
export { redlineDocx, redlineDocxWithPlacements, type RedlineOptions, type RedlinePlacement } from "./redline.js";
export { renderClauseTemplate, createTemplateLibrary, type TemplateLibrary, type TemplateSources } from "./templates.js";
export type { GeneratedClause, ParamOverrides, ParamValue, ReplacedPassage } from "./types.js";

/** Worker path: the templates precompiled into templates.gen.ts, validated against the playbook. */
export function templateLibraryFromPrecompiled(
  bundle: PrecompiledTemplates,
  playbook: Playbook,
  options: TemplateLibraryOptions = {},
): TemplateLibrary {
  return createTemplateLibrary(compiledFromPrecompiled(bundle), playbook, options);
}

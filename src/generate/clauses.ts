/** Findings × templates × params → the clauses a contract lacks. */
import { ContractwijzerError } from "../errors.js";
import type { Finding, Report } from "../check/types.js";
import type { Language } from "../parse/types.js";
import { SEVERITIES, type Verdict } from "../playbook/schema.js";
import type { Playbook, Requirement } from "../playbook/types.js";
import { formatSources } from "./labels.js";
import { assertKnownParams, COMMON_DEFAULTS, COMMON_VARIABLES, coerceParamValue } from "./params.js";
import { renderClauseTemplate, splitParagraphs, type TemplateLibrary } from "./templates.js";
import type { GeneratedClause, ParamOverrides, ReplacedPassage } from "./types.js";

export interface GenerateOptions {
  /** Language of the clauses; defaults to the report's language. */
  lang?: Language;
  /** Template values and check thresholds (`$name` defaults follow them); `id.name` targets one requirement. */
  params?: ParamOverrides;
}

/** Verdicts that need a clause: anything applicable that the contract does not satisfy. */
const NEEDS_CLAUSE: readonly Verdict[] = ["partial", "conflicting", "missing"];

function replacedPassages(finding: Finding): ReplacedPassage[] {
  if (finding.verdict !== "partial" && finding.verdict !== "conflicting") return [];
  // A partial verdict from an unproven `complete` part has only supporting evidence: the clause then
  // replaces that incomplete passage.
  const roles = finding.verdict === "conflicting" ? ["conflicts"] : ["weakens", "supports"];
  const role = roles.find((r) => finding.evidence.some((e) => e.role === r));
  const passages: ReplacedPassage[] = [];
  const seen = new Set<string>();
  for (const e of finding.evidence.filter((x) => x.role === role)) {
    const id = `${e.document}:${e.start}:${e.end}`;
    if (seen.has(id)) continue;
    seen.add(id);
    passages.push({ quote: e.quote, section: e.section, heading: e.heading, page: e.page, document: e.document });
  }
  return passages;
}

/** One requirement's clause, without a finding (the clause library: `clauses show`, `/api/clauses/:id`). */
export function generateLibraryClause(
  requirement: Requirement,
  templates: TemplateLibrary,
  lang: Language,
  params: ParamOverrides = {},
): LibraryClause {
  assertKnownParams(params, [requirement]);
  return buildClause(requirement, templates, lang, params);
}

export type LibraryClause = Omit<GeneratedClause, "verdict" | "replaces">;

function buildClause(requirement: Requirement, templates: TemplateLibrary, lang: Language, params: ParamOverrides): LibraryClause {
  const rendered = renderClauseTemplate(templates, requirement, lang, params);
  const sources = requirement.sources.map((s) => ({ name: s.name, ...(s.article ? { article: s.article } : {}), verified: s.verified }));
  return {
    requirement: requirement.id,
    lang,
    title: requirement.title[lang],
    text: rendered.text,
    paragraphs: rendered.paragraphs,
    source: formatSources(sources, lang),
    sources,
    severity: requirement.severity,
    theme: requirement.theme,
    params: rendered.params,
  };
}

/**
 * The clauses for every applicable requirement the report does not find satisfied, ordered by
 * severity (critical first), then theme (in playbook order), then playbook order.
 */
export function generateClauses(
  report: Report,
  playbook: Playbook,
  templates: TemplateLibrary,
  options: GenerateOptions = {},
): GeneratedClause[] {
  const lang = options.lang ?? report.lang;
  const params = options.params ?? {};
  assertKnownParams(params, playbook.requirements);
  const position = new Map(playbook.requirements.map((r, i) => [r.id, i]));
  const themeOrder = new Map<string, number>();
  for (const r of playbook.requirements) if (!themeOrder.has(r.theme)) themeOrder.set(r.theme, themeOrder.size);

  const clauses: GeneratedClause[] = [];
  for (const finding of report.findings) {
    if (!NEEDS_CLAUSE.includes(finding.verdict)) continue;
    const requirement = playbook.byId.get(finding.requirement);
    if (!requirement)
      throw new ContractwijzerError(
        "E_PLAYBOOK_INVALID",
        `the report (playbook ${report.playbook.version}) has requirement "${finding.requirement}", which playbook ${playbook.version} lacks`,
      );
    // Overrides were checked against the whole playbook above; each requirement takes the ones it declares.
    clauses.push({
      ...buildClause(requirement, templates, lang, params),
      verdict: finding.verdict,
      replaces: replacedPassages(finding),
    });
  }
  const severityRank = (c: GeneratedClause) => SEVERITIES.indexOf(c.severity);
  return clauses.sort(
    (a, b) =>
      severityRank(a) - severityRank(b) ||
      (themeOrder.get(a.theme) ?? 0) - (themeOrder.get(b.theme) ?? 0) ||
      (position.get(a.requirement) ?? 0) - (position.get(b.requirement) ?? 0),
  );
}

/** The interface shape of `generate --format json`: `[{requirement, verdict, lang, title, text, …}]`. */
export function clausesAsJson(clauses: readonly GeneratedClause[]): string {
  return `${JSON.stringify(
    clauses.map((c) => ({
      requirement: c.requirement,
      verdict: c.verdict,
      lang: c.lang,
      title: c.title,
      text: c.text,
      source: c.source,
      sources: c.sources,
      replaces: c.replaces,
      severity: c.severity,
      theme: c.theme,
      params: c.params,
    })),
    null,
    2,
  )}\n`;
}

/**
 * The annex's definitions paragraph(s) from templates/partials/<lang>/definitions.hbs, with the
 * party names (and their overrides); empty when there is no such partial.
 */
export function annexDefinitions(templates: TemplateLibrary, lang: Language, params: ParamOverrides = {}): string[] {
  const values: Record<string, string> = {};
  for (const name of COMMON_VARIABLES) values[name] = String(coerceParamValue("string", params[name] ?? COMMON_DEFAULTS[lang][name], name));
  const text = templates.renderPartial(lang, "definitions", values);
  return text === null ? [] : splitParagraphs(text);
}

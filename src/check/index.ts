/**
 * Document(s) × Playbook × Profile → Report. Pure: no I/O, the clock is a parameter.
 * Verdict resolution is fixed (docs/playbook.md): conflicting > partial > satisfied > silence.
 */
import { createHash } from "node:crypto";
import { type Annotated, analyseDocument, ownerOf } from "../analyse/index.js";
import { DEFAULT_FX_TO_EUR } from "../analyse/values.js";
import type { DocumentInfo, Language, ParsedDocument } from "../parse/types.js";
import type { ProfileFact, Verdict } from "../playbook/schema.js";
import { fillParams, paramsFor } from "../playbook/text.js";
import type { Playbook, Requirement } from "../playbook/types.js";
import { matchRule, type RuleMatch } from "./match.js";
import { detectProfile } from "./profile.js";
import type { Evidence, Finding, Report, ReportProfile } from "./types.js";

export const DISCLAIMER = {
  en: "Contractwijzer supports contract review. It is not legal advice: a lawyer or procurement specialist decides.",
  nl: "Contractwijzer ondersteunt de beoordeling van contracten. Het is geen juridisch advies: een jurist of inkoopadviseur beslist.",
} as const;

export interface CheckOptions {
  profile?: Partial<Record<ProfileFact, boolean>>;
  lang?: Language;
  /** Overrides of requirement params by name (e.g. min_cap_eur), for every requirement that declares it. */
  params?: Record<string, number | string | boolean>;
  clock?: () => Date;
}

/** At most this many evidence spans per finding: enough to find the passages again. */
const MAX_EVIDENCE = 3;
/** Evidence quotes are cut to this length around the matched concept (still verbatim). */
const MAX_QUOTE = 600;

export function checkDocuments(docs: ParsedDocument[], playbook: Playbook, options: CheckOptions = {}): Report {
  if (docs.length === 0) throw new Error("checkDocuments needs at least one document");
  const fx = { ...DEFAULT_FX_TO_EUR };
  if (typeof options.params?.fx_usd === "number") fx.USD = options.params.fx_usd;
  if (typeof options.params?.fx_gbp === "number") fx.GBP = options.params.fx_gbp;
  const annotated = docs.map((d) => analyseDocument(d, playbook.lexicon, { fx }));
  return checkAnnotated(annotated, playbook, options);
}

export function checkAnnotated(annotated: Annotated[], playbook: Playbook, options: CheckOptions = {}): Report {
  const docs = annotated.map((a) => a.doc);
  const lang: Language = options.lang ?? docs[0].language;
  const profile = detectProfile(annotated, options.profile);
  const findings = playbook.requirements.map((r) => judgeRequirement(r, playbook, annotated, profile, lang, options.params ?? {}));
  const counts = { satisfied: 0, partial: 0, conflicting: 0, missing: 0, not_applicable: 0 } as Record<Verdict, number>;
  for (const f of findings) counts[f.verdict]++;
  const infos: DocumentInfo[] = docs.map(({ name, sha256, format, pages, language, characters }) => ({
    name,
    sha256,
    format,
    pages,
    language,
    characters,
  }));
  return {
    schema: "contractwijzer.report/v1",
    document: infos.length === 1 ? infos[0] : bundleInfo(infos),
    documents: infos,
    playbook: { version: playbook.version, requirements: playbook.requirements.length },
    profile,
    lang,
    result: overallResult(findings),
    counts,
    findings,
    checkedAt: (options.clock ?? (() => new Date()))().toISOString(),
    disclaimer: DISCLAIMER[lang],
  };
}

function bundleInfo(infos: DocumentInfo[]): DocumentInfo {
  const hash = createHash("sha256");
  for (const i of infos) hash.update(i.sha256);
  const pages = infos.every((i) => i.pages === null) ? null : infos.reduce((n, i) => n + (i.pages ?? 0), 0);
  return {
    name: infos.map((i) => i.name).join(" + "),
    sha256: hash.digest("hex"),
    format: infos[0].format,
    pages,
    language: infos[0].language,
    characters: infos.reduce((n, i) => n + i.characters, 0),
  };
}

/** verdicts.md: fail if a critical one is conflicting or missing; review if any is partial or a major one is not satisfied. */
export function overallResult(findings: Finding[]): Report["result"] {
  const applicable = findings.filter((f) => f.verdict !== "not_applicable");
  if (applicable.some((f) => f.severity === "critical" && (f.verdict === "conflicting" || f.verdict === "missing"))) return "fail";
  if (applicable.some((f) => f.verdict === "partial" || (f.severity === "major" && f.verdict !== "satisfied"))) return "review";
  return "pass";
}

const SEVERITY_RANK = { minor: 0, major: 1, critical: 2 } as const;

/** The requirement's severity, raised by the profile facts that hold (`raised_by`). */
export function severityFor(r: Requirement, profile: ReportProfile): Requirement["severity"] {
  let severity = r.severity;
  for (const [fact, raised] of Object.entries(r.raised_by) as [keyof ReportProfile, Requirement["severity"]][])
    if (profile[fact]?.value && SEVERITY_RANK[raised] > SEVERITY_RANK[severity]) severity = raised;
  return severity;
}

export function isApplicable(r: Requirement, profile: ReportProfile): boolean {
  if (r.applies === "always") return true;
  const facts = Array.isArray(r.applies) ? r.applies : [r.applies];
  return facts.some((f) => profile[f].value);
}



function judgeRequirement(
  r: Requirement,
  playbook: Playbook,
  annotated: Annotated[],
  profile: ReportProfile,
  lang: Language,
  overrides: Record<string, number | string | boolean>,
): Finding {
  const base = {
    requirement: r.id,
    title: r.title[lang],
    theme: r.theme,
    severity: severityFor(r, profile),
    kind: r.kind,
    remedy: { template: `${lang}/${r.id}.hbs` },
  };
  const params = paramsFor(r, overrides);
  if (!isApplicable(r, profile)) {
    const facts = (Array.isArray(r.applies) ? r.applies : [r.applies]).join(", ");
    return {
      ...base,
      verdict: "not_applicable",
      evidence: [],
      remedy: null,
      explanation:
        r.explain.not_applicable?.[lang] ??
        (lang === "nl"
          ? `Niet van toepassing: geldt alleen bij het profiel ${facts}.`
          : `Not applicable: applies only to the profile ${facts}.`),
    };
  }

  let matches: RuleMatch[] = [];
  annotated.forEach((a, i) => {
    for (const rule of r.rules) matches.push(...matchRule(rule, a, i, params));
  });
  // if / unless are about the whole document (bundle), applied after every rule ran.
  const fired = new Set(matches.map((m) => m.rule.id));
  const here = (m: RuleMatch) => `${m.document}:${m.unit.index}`;
  const firedHere = new Map<string, Set<string>>();
  for (const m of matches) firedHere.set(here(m), (firedHere.get(here(m)) ?? new Set()).add(m.rule.id));
  matches = matches.filter(
    (m) =>
      m.rule.if.every((id) => fired.has(id)) &&
      !m.rule.unless.some((id) => fired.has(id)) &&
      !m.rule.unless_here.some((id) => firedHere.get(here(m))!.has(id)),
  );

  const bySignal = (s: string) => matches.filter((m) => m.rule.signal === s);
  const conflicts = bySignal("conflicts");
  const weakens = bySignal("weakens");
  const satisfies = bySignal("satisfies");
  const provenParts = new Set(satisfies.map((m) => m.rule.part).filter(Boolean) as string[]);
  const missingParts = r.complete.filter((p) => !provenParts.has(p));

  let verdict: Verdict;
  let decisive: RuleMatch[];
  let extra = "";
  if (conflicts.length) {
    verdict = "conflicting";
    decisive = [...conflicts, ...weakens, ...satisfies];
  } else if (weakens.length) {
    verdict = "partial";
    decisive = [...weakens, ...satisfies];
  } else if (satisfies.length && missingParts.length && r.complete.length) {
    verdict = "partial";
    decisive = satisfies;
    extra = lang === "nl" ? ` Ontbreekt: ${missingParts.join(", ")}.` : ` Not found: ${missingParts.join(", ")}.`;
  } else if (satisfies.length) {
    verdict = "satisfied";
    decisive = satisfies;
  } else {
    verdict = r.kind === "must-contain" ? "missing" : "satisfied";
    decisive = [];
  }

  const evidence = pickEvidence(decisive, annotated);
  const searched = decisive.length === 0 ? searchedConcepts(r) : undefined;
  const explainText = r.explain[verdict as keyof typeof r.explain]?.[lang];
  const lead = decisive[0]?.rule.why[lang];
  const silence =
    decisive.length === 0
      ? `${lang === "nl" ? "Gezocht naar onder meer" : "Searched for, among others"}: ${searchTerms(r, playbook, lang).join(", ")}.`
      : "";
  const general = explainText ?? defaultExplanation(verdict, lang);
  // The rule's one-liner adds what was found, unless the general text already says it.
  const norm = (t: string) => t.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  const specific = lead && !norm(general).includes(norm(lead)) ? lead : "";
  const explanation = fillParams([general, specific, extra.trim(), silence.trim()].filter(Boolean).join(" "), params);
  const finding: Finding = { ...base, verdict, evidence, explanation };
  if (searched) finding.searched = searched;
  const values = summariseValues(decisive.slice(0, MAX_EVIDENCE));
  if (Object.keys(values).length) finding.values = values;
  if (verdict === "satisfied") finding.remedy = null;
  return finding;
}

function defaultExplanation(verdict: Verdict, lang: Language): string {
  const texts: Record<Verdict, [string, string]> = {
    satisfied: ["The document meets this requirement.", "Het document voldoet aan deze eis."],
    partial: ["The document addresses this, but weaker than required.", "Het document regelt dit, maar zwakker dan vereist."],
    conflicting: ["The document contradicts this requirement.", "Het document is in strijd met deze eis."],
    missing: ["The document does not address this.", "Het document regelt dit niet."],
    not_applicable: ["Not applicable to this procurement.", "Niet van toepassing op deze inkoop."],
  };
  return texts[verdict][lang === "nl" ? 1 : 0];
}

/**
 * Words a reader recognises for what was searched: the first plain term, in the report's
 * language, of each concept that would have proven the requirement (or, failing those, any).
 */
function searchTerms(r: Requirement, playbook: Playbook, lang: Language, max = 6): string[] {
  const proving = r.rules.filter((x) => x.signal === "satisfies");
  const rules = proving.length ? proving : r.rules.filter((x) => x.signal !== "detect");
  const out: string[] = [];
  for (const rule of rules)
    for (const concept of [...rule.all, ...rule.any]) {
      const terms = playbook.lexicon.termsOf.get(concept);
      const term = [...(terms?.[lang] ?? []), ...(terms?.[lang === "nl" ? "en" : "nl"] ?? [])].find((t) => !t.startsWith("/"));
      const readable = term?.replace(/\*|\s~\s/g, (m) => (m === "*" ? "…" : " … "));
      if (readable && !out.includes(readable)) out.push(readable);
      if (out.length >= max) return out;
    }
  return out;
}

function searchedConcepts(r: Requirement): string[] {
  const concepts = new Set<string>();
  for (const rule of r.rules) if (rule.signal !== "detect") for (const c of [...rule.all, ...rule.any]) concepts.add(c);
  return [...concepts];
}

const ROLE = { conflicts: "conflicts", weakens: "weakens", satisfies: "supports", detect: "supports" } as const;

function pickEvidence(decisive: RuleMatch[], annotated: Annotated[]): Evidence[] {
  const out: Evidence[] = [];
  const used = new Set<string>();
  for (const m of decisive) {
    if (out.length >= MAX_EVIDENCE) break;
    const key = `${m.document}:${m.unit.index}`;
    if (used.has(key)) continue;
    used.add(key);
    const a = annotated[m.document];
    const block = a.doc.blocks[m.unit.blockIndex];
    // The sentence that holds the matched concept; for a list item, from its lead-in when that stays short.
    const owner = m.anchor ? ownerOf(a, m.unit, m.anchor) : m.unit;
    let lo = owner.start;
    let hi = owner.end;
    if (m.unit.leadIn !== null && m.unit.end - a.units[m.unit.leadIn].start <= MAX_QUOTE) {
      lo = a.units[m.unit.leadIn].start;
      hi = m.unit.end;
    }
    let start = lo;
    let end = hi;
    if (end - start > MAX_QUOTE) {
      // Keep the window around the anchor, cut at word boundaries.
      const center = m.anchor ? m.anchor.start : start;
      start = Math.max(lo, center - MAX_QUOTE / 3);
      end = Math.min(hi, start + MAX_QUOTE);
      while (start > lo && /\S/.test(a.doc.text[start - 1])) start--;
      while (end < hi && /\S/.test(a.doc.text[end])) end++;
    }
    out.push({
      quote: a.doc.text.slice(start, end),
      start,
      end,
      section: block?.section ?? null,
      heading: block?.heading ?? null,
      page: block?.page ?? null,
      role: ROLE[m.rule.signal],
      document: m.document,
      rule: m.rule.id,
    });
  }
  return out;
}

function summariseValues(matches: RuleMatch[]): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const m of matches) {
    const v = m.values;
    if (v.money_eur && out.cap_eur === undefined) out.cap_eur = Math.min(...(v.money_eur as number[]));
    if (v.duration_hours && out.hours === undefined) out.hours = Math.min(...(v.duration_hours as number[]));
    if (v.duration_months && out.months === undefined) out.months = Math.round(Math.min(...(v.duration_months as number[])) * 10) / 10;
    if (v.multiple && out.multiple === undefined) out.multiple = Math.max(...(v.multiple as number[]));
    if (v.jurisdiction && out.jurisdiction === undefined) out.jurisdiction = (v.jurisdiction as string[]).join(",");
    if (v.cap_basis && out.cap_basis === undefined) out.cap_basis = (v.cap_basis as string[]).join(",");
  }
  return out;
}

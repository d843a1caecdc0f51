/** Human-readable reports: text for a terminal, Markdown for a file. Grouped by theme, worst first. */
import { themeTitle } from "../generate/themes.js";
import type { Language } from "../parse/types.js";
import type { Verdict } from "../playbook/schema.js";
import type { Finding, Report } from "./types.js";

const VERDICT_RANK: Record<Verdict, number> = { conflicting: 0, missing: 1, partial: 2, satisfied: 3, not_applicable: 4 };
const SEVERITY_RANK = { critical: 0, major: 1, minor: 2 } as const;

export const VERDICT_LABEL: Record<Language, Record<Verdict, string>> = {
  en: { satisfied: "satisfied", partial: "partial", conflicting: "conflicting", missing: "missing", not_applicable: "not applicable" },
  nl: { satisfied: "voldoet", partial: "gedeeltelijk", conflicting: "strijdig", missing: "ontbreekt", not_applicable: "n.v.t." },
};
const RESULT_LABEL: Record<Language, Record<Report["result"], string>> = {
  en: { pass: "PASS", review: "REVIEW", fail: "FAIL" },
  nl: { pass: "AKKOORD", review: "BEOORDELEN", fail: "AFGEKEURD" },
};
const SEVERITY_LABEL: Record<Language, Record<Finding["severity"], string>> = {
  en: { critical: "critical", major: "major", minor: "minor" },
  nl: { critical: "kritiek", major: "belangrijk", minor: "gering" },
};

function findingOrder(a: Finding, b: Finding): number {
  return VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict] || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || (a.requirement < b.requirement ? -1 : 1);
}

/** Themes ordered by their worst finding; findings inside a theme worst first. */
export function groupByTheme(findings: Finding[]): { theme: string; findings: Finding[] }[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) groups.set(f.theme, [...(groups.get(f.theme) ?? []), f]);
  return [...groups.entries()]
    .map(([theme, list]) => ({ theme, findings: list.sort(findingOrder) }))
    .sort((x, y) => findingOrder(x.findings[0], y.findings[0]));
}

function where(e: Finding["evidence"][number], report: Report, lang: Language): string {
  const parts: string[] = [];
  if (report.documents.length > 1) parts.push(report.documents[e.document]?.name ?? "");
  if (e.section) parts.push(`${lang === "nl" ? "art." : "s."} ${e.section}`);
  if (e.page) parts.push(`p. ${e.page}`);
  return parts.filter(Boolean).join(", ");
}

const oneLine = (s: string, max = 240) => {
  const flat = s.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

export function formatReportText(report: Report, options: { showSatisfied?: boolean } = {}): string {
  const lang = report.lang;
  const out: string[] = [];
  out.push(`Contractwijzer — ${report.document.name}`);
  out.push(`${lang === "nl" ? "Resultaat" : "Result"}: ${RESULT_LABEL[lang][report.result]}   ` + (Object.entries(report.counts) as [Verdict, number][]).map(([v, n]) => `${VERDICT_LABEL[lang][v]} ${n}`).join(" · "));
  const facts = Object.entries(report.profile).map(([k, v]) => `${k}=${v.value ? "yes" : "no"}${v.from === "detected" ? "*" : ""}`);
  out.push(`${lang === "nl" ? "Profiel" : "Profile"}: ${facts.join(" ")}  (* ${lang === "nl" ? "herkend in de tekst" : "detected from the text"})`);
  out.push(`Playbook ${report.playbook.version}, ${report.playbook.requirements} ${lang === "nl" ? "eisen" : "requirements"}`);
  for (const group of groupByTheme(report.findings)) {
    const shown = group.findings.filter((f) => f.verdict !== "not_applicable" && (options.showSatisfied !== false || f.verdict !== "satisfied"));
    if (shown.length === 0) continue;
    out.push("", `## ${themeTitle(group.theme, lang)}`);
    for (const f of shown) {
      out.push(`  [${VERDICT_LABEL[lang][f.verdict].toUpperCase()}] ${f.title} (${SEVERITY_LABEL[lang][f.severity]}, ${f.requirement})`);
      out.push(`    ${oneLine(f.explanation, 400)}`);
      for (const e of f.evidence) out.push(`    > "${oneLine(e.quote)}"${where(e, report, lang) ? ` (${where(e, report, lang)})` : ""}`);
    }
  }
  out.push("", report.disclaimer);
  return `${out.join("\n")}\n`;
}

export function formatReportMarkdown(report: Report): string {
  const lang = report.lang;
  const md: string[] = [];
  const esc = (s: string) => s.replace(/\|/g, "\\|").replace(/\s+/g, " ");
  md.push(`# ${lang === "nl" ? "Contractcheck" : "Contract check"}: ${report.document.name}`, "");
  md.push(`**${lang === "nl" ? "Resultaat" : "Result"}: ${RESULT_LABEL[lang][report.result]}**`, "");
  md.push(`| ${lang === "nl" ? "Oordeel" : "Verdict"} | ${lang === "nl" ? "Aantal" : "Count"} |`, "|---|---|");
  for (const [v, n] of Object.entries(report.counts) as [Verdict, number][]) md.push(`| ${VERDICT_LABEL[lang][v]} | ${n} |`);
  md.push("", `${lang === "nl" ? "Profiel" : "Profile"}:`, "");
  for (const [k, v] of Object.entries(report.profile))
    md.push(`- ${k}: ${v.value ? (lang === "nl" ? "ja" : "yes") : lang === "nl" ? "nee" : "no"} (${v.from}${v.reason ? `: ${v.reason}` : ""})`);
  md.push("", `Playbook \`${report.playbook.version}\` · ${report.checkedAt}`, "");
  for (const group of groupByTheme(report.findings)) {
    const shown = group.findings.filter((f) => f.verdict !== "not_applicable");
    if (shown.length === 0) continue;
    md.push(`## ${themeTitle(group.theme, lang)}`, "");
    for (const f of shown) {
      md.push(`### ${f.title} — ${VERDICT_LABEL[lang][f.verdict]}`, "");
      md.push(`*${SEVERITY_LABEL[lang][f.severity]} · \`${f.requirement}\`*`, "", f.explanation, "");
      for (const e of f.evidence) md.push(`> ${esc(e.quote)}${where(e, report, lang) ? ` — ${where(e, report, lang)}` : ""}`, "");
    }
  }
  md.push("---", "", `*${report.disclaimer}*`, "");
  return md.join("\n");
}

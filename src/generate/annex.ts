/** The annex of generated clauses: its plan (themes, numbers) and its Markdown rendering. */
import type { Report } from "../check/types.js";
import type { Language } from "../parse/types.js";
import { ANNEX_TEXT, formatLocation, SEVERITY_LABELS, shortQuote, VERDICT_LABELS } from "./labels.js";
import { themeTitle } from "./themes.js";
import type { GeneratedClause } from "./types.js";

export interface NumberedClause {
  /** "A.3": the annex letter and the clause's number across the whole annex. */
  number: string;
  clause: GeneratedClause;
}

export interface AnnexPlan {
  lang: Language;
  title: string;
  intro: string;
  precedence: string;
  disclaimer: string;
  definitions: string[];
  documents: string[];
  playbookVersion: string;
  date: string;
  themes: { theme: string; title: string; clauses: NumberedClause[] }[];
  /** In annex order, for the findings table. */
  clauses: NumberedClause[];
}

export interface AnnexOptions {
  lang: Language;
  /** Annex letter for clause numbers (A.1, A.1.1). */
  letter?: string;
  /** Date shown in the intro (YYYY-MM-DD); defaults to the report's check date. */
  date?: string;
  /** Paragraphs defining the terms and parties (see `annexDefinitions`), shown before the clauses. */
  definitions?: string[];
}

function joinNames(names: string[], lang: Language): string {
  const quoted = names.map((n) => `“${n}”`);
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} ${lang === "nl" ? "en" : "and"} ${quoted.at(-1)}`;
}

/**
 * Groups clauses by theme (themes in order of their first clause, so the most severe theme
 * comes first) and numbers them across the annex: A.1, A.2 …; sub-clauses A.1.1 ….
 */
export function planAnnex(clauses: readonly GeneratedClause[], report: Report, options: AnnexOptions): AnnexPlan {
  const { lang } = options;
  const letter = options.letter ?? "A";
  const text = ANNEX_TEXT[lang];
  const documents = (report.documents?.length ? report.documents : [report.document]).map((d) => d.name);
  const date = options.date ?? report.checkedAt.slice(0, 10);
  const byTheme = new Map<string, GeneratedClause[]>();
  for (const c of clauses) byTheme.set(c.theme, [...(byTheme.get(c.theme) ?? []), c]);
  let n = 0;
  const themes = [...byTheme].map(([theme, list]) => ({
    theme,
    title: themeTitle(theme, lang),
    clauses: list.map((clause) => ({ number: `${letter}.${++n}`, clause })),
  }));
  return {
    lang,
    title: text.title,
    intro: text.intro(joinNames(documents, lang), report.playbook.version, date),
    precedence: text.precedence,
    disclaimer: text.disclaimer,
    definitions: options.definitions ?? [],
    documents,
    playbookVersion: report.playbook.version,
    date,
    themes,
    clauses: themes.flatMap((t) => t.clauses),
  };
}

/** Where the finding was made in the vendor's documents, for the findings table. */
export function findingLocation(clause: GeneratedClause, plan: Pick<AnnexPlan, "lang" | "documents">): string {
  if (clause.replaces.length === 0) return ANNEX_TEXT[plan.lang].notFound;
  return clause.replaces
    .map((p) => {
      const where = formatLocation(p);
      const doc = plan.documents.length > 1 ? `${plan.documents[p.document] ?? `#${p.document + 1}`}: ` : "";
      return `${doc}${where || "—"}`;
    })
    .filter((v, i, all) => all.indexOf(v) === i)
    .join("; ");
}

/** "Vervangt: “quote” (art. 7.2, p. 3)". */
export function replacesLine(clause: GeneratedClause, lang: Language): string | null {
  if (clause.replaces.length === 0) return null;
  const parts = clause.replaces.map((p) => {
    const where = formatLocation({ section: p.section, heading: null, page: p.page });
    return where ? `“${shortQuote(p.quote)}” (${where})` : `“${shortQuote(p.quote)}”`;
  });
  return `${ANNEX_TEXT[lang].replaces}: ${parts.join("; ")}`;
}

export function sourceLine(clause: GeneratedClause, lang: Language): string {
  return `${ANNEX_TEXT[lang].source}: ${clause.source}`;
}

const cell = (s: string) => s.replace(/\s+/g, " ").replace(/\|/g, "\\|").trim();

/** The annex as Markdown. */
export function renderAnnexMarkdown(clauses: readonly GeneratedClause[], report: Report, options: AnnexOptions): string {
  const plan = planAnnex(clauses, report, options);
  const text = ANNEX_TEXT[plan.lang];
  const out: string[] = [`# ${plan.title}`, "", plan.intro, "", `> ${plan.disclaimer}`, ""];
  if (plan.clauses.length === 0) {
    out.push(text.none, "");
    return out.join("\n");
  }
  out.push(plan.precedence, "");
  for (const paragraph of plan.definitions) out.push(paragraph, "");
  out.push(`## ${text.findingsHeading}`, "");
  out.push(`| ${text.tableHeader.join(" | ")} |`, `|${text.tableHeader.map(() => "---").join("|")}|`);
  for (const { number, clause } of plan.clauses)
    out.push(
      `| ${[
        number,
        `${clause.title} (\`${clause.requirement}\`)`,
        VERDICT_LABELS[plan.lang][clause.verdict],
        SEVERITY_LABELS[plan.lang][clause.severity],
        findingLocation(clause, plan),
      ]
        .map(cell)
        .join(" | ")} |`,
    );
  out.push("");
  for (const theme of plan.themes) {
    out.push(`## ${theme.title}`, "");
    for (const { number, clause } of theme.clauses) {
      out.push(`### ${number} ${clause.title}`, "");
      clause.paragraphs.forEach((paragraph, i) => {
        out.push(`**${number}.${i + 1}** ${paragraph.split("\n").join("  \n")}`, "");
      });
      const replaces = replacesLine(clause, plan.lang);
      out.push(`*${sourceLine(clause, plan.lang)}*${replaces ? `  \n*${replaces}*` : ""}`, "");
    }
  }
  return out.join("\n");
}

/** Words and phrases of the generated documents, in both languages. */
import type { Language } from "../parse/types.js";
import type { Severity, Verdict } from "../playbook/schema.js";
import type { ClauseSource, ReplacedPassage } from "./types.js";

export const VERDICT_LABELS: Record<Language, Record<Verdict, string>> = {
  nl: { satisfied: "voldoet", partial: "gedeeltelijk", conflicting: "strijdig", missing: "ontbreekt", not_applicable: "niet van toepassing" },
  en: { satisfied: "satisfied", partial: "partial", conflicting: "conflicting", missing: "missing", not_applicable: "not applicable" },
};

export const SEVERITY_LABELS: Record<Language, Record<Severity, string>> = {
  nl: { critical: "kritiek", major: "belangrijk", minor: "gering" },
  en: { critical: "critical", major: "major", minor: "minor" },
};

export const ANNEX_TEXT = {
  nl: {
    title: "Aanvullende bepalingen",
    findingsHeading: "Bevindingen waarop deze bijlage antwoordt",
    tableHeader: ["Nr.", "Eis", "Oordeel", "Ernst", "Vindplaats"],
    notFound: "niet gevonden",
    source: "Bron",
    toVerify: "te verifiëren",
    replaces: "Vervangt",
    supplements: "Vult aan",
    supplementedBy: "Zwakker dan vereist; aangevuld met de ingevoegde bepaling",
    subject: "Aanvullende bepalingen bij een IT-overeenkomst",
    intro: (documents: string, version: string, date: string) =>
      `Deze bijlage bevat aanvullende bepalingen bij ${documents}. Zij is opgesteld door Contractwijzer op ${date} aan de hand van playbook-versie ${version}, en beantwoordt elke eis die niet of niet volledig in de voorwaarden van de leverancier is geregeld.`,
    precedence: "Bij strijd tussen deze bepalingen en de voorwaarden van Opdrachtnemer gaan deze bepalingen voor.",
    disclaimer: "Deze bijlage ondersteunt de beoordeling van de overeenkomst en is geen juridisch advies. Laat de bepalingen toetsen door een jurist voordat u ze gebruikt.",
    none: "Alle toepasselijke eisen zijn in de gecontroleerde documenten geregeld; er zijn geen aanvullende bepalingen nodig.",
    redlineAnnexHeading: "Aanvullende bepalingen (voorgesteld door Contractwijzer)",
    comment: "Contractwijzer",
    proposed: "Voorgestelde tekst",
  },
  en: {
    title: "Additional provisions",
    findingsHeading: "Findings this annex answers",
    tableHeader: ["No.", "Requirement", "Verdict", "Severity", "Where"],
    notFound: "not found",
    source: "Source",
    toVerify: "to verify",
    replaces: "Replaces",
    supplements: "Supplements",
    supplementedBy: "Weaker than required; supplemented by the inserted clause",
    subject: "Additional provisions to an IT contract",
    intro: (documents: string, version: string, date: string) =>
      `This annex contains additional provisions to ${documents}. Contractwijzer drafted it on ${date} using playbook version ${version}; it answers every requirement that the supplier's terms do not address, or address only in part.`,
    precedence: "In case of conflict between these provisions and the Supplier's terms, these provisions prevail.",
    disclaimer: "This annex supports review of the agreement and is not legal advice. Have a lawyer review the provisions before you use them.",
    none: "Every applicable requirement is addressed in the documents checked; no additional provisions are needed.",
    redlineAnnexHeading: "Additional provisions (proposed by Contractwijzer)",
    comment: "Contractwijzer",
    proposed: "Proposed text",
  },
} as const;

/** "AVG/GDPR art. 33; Model Verwerkersovereenkomst (te verifiëren)". */
export function formatSources(sources: readonly ClauseSource[], lang: Language): string {
  return sources
    .map((s) => {
      const name = s.article ? `${s.name} ${s.article}` : s.name;
      return s.verified ? name : `${name} (${ANNEX_TEXT[lang].toVerify})`;
    })
    .join("; ");
}

/** "art. 7.2 (Aansprakelijkheid), p. 3"; the section as the document numbers it. */
export function formatLocation(passage: Pick<ReplacedPassage, "section" | "heading" | "page">): string {
  const parts: string[] = [];
  if (passage.section) {
    const numbered = /^\d/.test(passage.section) ? `art. ${passage.section}` : passage.section;
    parts.push(passage.heading ? `${numbered} (${passage.heading})` : numbered);
  } else if (passage.heading) parts.push(passage.heading);
  if (passage.page !== null) parts.push(`p. ${passage.page}`);
  return parts.join(", ");
}

/** An evidence quote shortened for a citation line, on a word boundary. */
export function shortQuote(quote: string, max = 240): string {
  const flat = quote.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, "")}…`;
}

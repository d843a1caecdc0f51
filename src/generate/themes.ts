/**
 * Theme names for annex headings, and the words that find a theme's article in a vendor's
 * document (redline placement). Themes are the `theme` values of shared/spec/requirements.yaml.
 */
import type { Language } from "../parse/types.js";

interface ThemeInfo {
  title: Record<Language, string>;
  /** Lower-case word starts that mark a heading of this theme, Dutch and English. */
  headingWords: string[];
}

export const THEMES: Record<string, ThemeInfo> = {
  framework: { title: { nl: "Toepasselijke voorwaarden", en: "Applicable terms" }, headingWords: ["toepasselijk", "toepassing", "algemeen", "voorwaarden", "applicab", "general", "entire agreement", "precedence", "rangorde"] },
  commercial: { title: { nl: "Prijzen en betaling", en: "Prices and payment" }, headingWords: ["prijs", "prijzen", "betaling", "facturering", "tarie", "vergoeding", "price", "pricing", "payment", "fees", "invoic"] },
  compliance: { title: { nl: "Naleving van wet- en regelgeving", en: "Legal compliance" }, headingWords: ["naleving", "wet", "regelgeving", "compliance", "laws", "regulat", "export"] },
  confidentiality: { title: { nl: "Geheimhouding", en: "Confidentiality" }, headingWords: ["geheimhouding", "vertrouwelijk", "confidential", "non-disclosure"] },
  data: { title: { nl: "Gegevens en opslag", en: "Data and storage" }, headingWords: ["gegevens", "data", "opslag", "storage", "locatie", "location", "backup", "export"] },
  "data-use": { title: { nl: "Gebruik van gegevens", en: "Use of data" }, headingWords: ["gebruik van gegevens", "content", "inhoud", "input", "output", "gegevens", "data", "training"] },
  disputes: { title: { nl: "Toepasselijk recht en geschillen", en: "Governing law and disputes" }, headingWords: ["toepasselijk recht", "geschil", "bevoegde rechter", "forumkeuze", "governing law", "dispute", "jurisdiction", "arbitration", "law"] },
  "intellectual-property": { title: { nl: "Intellectuele eigendom", en: "Intellectual property" }, headingWords: ["intellectuele", "eigendom", "auteursrecht", "licentie", "gebruiksrecht", "intellectual", "proprietary", "ownership", "licen", "copyright"] },
  liability: { title: { nl: "Aansprakelijkheid", en: "Liability" }, headingWords: ["aansprakelijk", "schade", "vrijwaring", "liabilit", "indemn", "damages", "limitation"] },
  "non-discrimination": { title: { nl: "Non-discriminatie", en: "Non-discrimination" }, headingWords: ["discriminatie", "bias", "discrimination", "fairness", "eerlijk"] },
  oversight: { title: { nl: "Menselijk toezicht en controle", en: "Human oversight and audit" }, headingWords: ["toezicht", "controle", "audit", "oversight", "inspect", "monitor"] },
  privacy: { title: { nl: "Privacy en persoonsgegevens", en: "Privacy and personal data" }, headingWords: ["privacy", "persoonsgegevens", "gegevensbescherming", "verwerk", "avg", "personal data", "data protection", "gdpr", "processing"] },
  provenance: { title: { nl: "Herkomst en modellen", en: "Provenance and models" }, headingWords: ["herkomst", "model", "provenance", "training data", "ai", "kunstmatige intelligentie", "artificial intelligence"] },
  quality: { title: { nl: "Kwaliteit en dienstverlening", en: "Quality and service levels" }, headingWords: ["kwaliteit", "dienstverlening", "beschikbaarheid", "service level", "onderhoud", "quality", "availability", "support", "maintenance", "warrant", "garantie"] },
  security: { title: { nl: "Beveiliging", en: "Security" }, headingWords: ["beveiliging", "informatiebeveiliging", "security", "veiligheid", "incident"] },
  supplier: { title: { nl: "Opdrachtnemer en onderaannemers", en: "Supplier and subcontractors" }, headingWords: ["onderaannem", "derden", "inschakel", "personeel", "subcontract", "sub-processor", "subprocessor", "third part", "personnel", "assignment"] },
  sustainability: { title: { nl: "Duurzaamheid", en: "Sustainability" }, headingWords: ["duurzaam", "milieu", "energie", "sustainab", "environment", "energy"] },
  termination: { title: { nl: "Duur en beëindiging", en: "Term and termination" }, headingWords: ["beëindig", "beeindig", "opzegging", "ontbinding", "duur", "exit", "terminat", "term", "suspension", "opschorting"] },
  transparency: { title: { nl: "Transparantie", en: "Transparency" }, headingWords: ["transparan", "informatie", "uitleg", "documentatie", "transparen", "explain", "disclos", "documentation"] },
};

export function themeTitle(theme: string, lang: Language): string {
  const known = THEMES[theme]?.title[lang];
  if (known) return known;
  const words = theme.replace(/[-_]+/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** How well a heading's text names the theme: the number of its heading words it contains (0 = not at all). */
export function themeHeadingScore(theme: string, headingText: string): number {
  const text = ` ${headingText.toLowerCase().normalize("NFC")}`;
  const words = THEMES[theme]?.headingWords ?? [theme.replace(/-/g, " ")];
  let score = 0;
  for (const word of words) {
    // Word start only: "data" must not match "metadata"; "term" must not match "determine".
    const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    if (new RegExp(`[^\\p{L}]${escaped}`, "u").test(text)) score += word.includes(" ") ? 2 : 1;
  }
  return score;
}

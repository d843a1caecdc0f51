/** Shapes produced by clause generation (shared/spec/interfaces.md: `generate --format json`). */
import type { Language } from "../parse/types.js";
import type { Severity, Verdict } from "../playbook/schema.js";

export type ParamValue = string | number | boolean;
export type ParamOverrides = Readonly<Record<string, ParamValue>>;

/** A vendor passage that a generated clause replaces or supplements (partial / conflicting findings). */
export interface ReplacedPassage {
  quote: string;
  section: string | null;
  heading: string | null;
  page: number | null;
  /** Index into the report's `documents` (bundles). */
  document: number;
}

export interface ClauseSource {
  name: string;
  article?: string;
  /** false = article or amount still to verify against the official text. */
  verified: boolean;
}

/**
 * One generated clause. The first five fields are the interface (`[{requirement, verdict,
 * lang, title, text}]`); the rest are documented extensions.
 */
export interface GeneratedClause {
  requirement: string;
  verdict: Verdict;
  lang: Language;
  title: string;
  /** The rendered clause; paragraphs (sub-clauses) are separated by one blank line. */
  text: string;
  /** `text` split into its paragraphs; each becomes a numbered sub-clause. */
  paragraphs: string[];
  /** The sources as one line, e.g. "AVG/GDPR art. 33; ARBIT-2022 (to verify)". */
  source: string;
  sources: ClauseSource[];
  /** For partial / conflicting: the vendor passages this clause replaces. Empty otherwise. */
  replaces: ReplacedPassage[];
  severity: Severity;
  theme: string;
  /** The template values used (common parties plus remedy params), after defaults and overrides. */
  params: Record<string, ParamValue>;
}

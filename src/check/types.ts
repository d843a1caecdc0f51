/** The report: shared/spec/report.schema.json (contractwijzer.report/v1), plus documented extensions. */
import type { DocumentInfo, Language } from "../parse/types.js";
import type { ProfileFact, Severity, Verdict } from "../playbook/schema.js";

export type EvidenceRole = "supports" | "conflicts" | "weakens";

export interface Evidence {
  /** Verbatim `text.slice(start, end)` of the document it comes from. */
  quote: string;
  start: number;
  end: number;
  section: string | null;
  heading: string | null;
  page: number | null;
  role: EvidenceRole;
  /** Extension: index into `documents` for bundles (0 for a single document). */
  document: number;
  /** Extension: the playbook rule that matched. */
  rule: string;
}

export interface ProfileEntry {
  value: boolean;
  from: "given" | "detected" | "default";
  /** Extension: why a detected fact was set (matched concepts and counts). */
  reason?: string;
}
export type ReportProfile = Record<ProfileFact, ProfileEntry>;

export interface Finding {
  requirement: string;
  title: string;
  theme: string;
  severity: Severity;
  verdict: Verdict;
  evidence: Evidence[];
  explanation: string;
  values?: Record<string, number | string>;
  remedy: { template: string } | null;
  /** Extension: for missing / silent verdicts, the concepts that were searched for. */
  searched?: string[];
  /** Extension: the kind of requirement (silence is satisfied for must-not-contain). */
  kind: "must-contain" | "must-not-contain";
}

export interface Report {
  schema: "contractwijzer.report/v1";
  /** For a bundle: name joined with " + ", sha256 of the concatenated hashes, summed sizes. */
  document: DocumentInfo;
  /** Extension: every document in the bundle, in the order given. */
  documents: DocumentInfo[];
  playbook: { version: string; requirements: number };
  profile: ReportProfile;
  lang: Language;
  result: "pass" | "review" | "fail";
  /** Extension: counts per verdict. */
  counts: Record<Verdict, number>;
  findings: Finding[];
  /** Extension: when the check ran (ISO 8601) and the disclaimer shown with every report. */
  checkedAt: string;
  disclaimer: string;
}

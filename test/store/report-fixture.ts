/** A small, valid report for store tests, so they do not depend on the checker. */
import type { Finding, Report } from "../../src/check/types.js";
import type { Verdict } from "../../src/playbook/schema.js";

export function reportFixture(name: string, verdicts: Record<string, Verdict>): Report {
  const findings: Finding[] = Object.entries(verdicts).map(([requirement, verdict]) => ({
    requirement,
    title: requirement,
    theme: requirement.startsWith("genai") ? "genai" : "contract",
    severity: "major",
    verdict,
    evidence: [],
    explanation: `${requirement} is ${verdict}`,
    remedy: null,
    kind: "must-contain",
  }));
  const counts = { satisfied: 0, partial: 0, conflicting: 0, missing: 0, not_applicable: 0 };
  for (const f of findings) counts[f.verdict]++;
  const document = { name, sha256: "a".repeat(64), format: "txt" as const, pages: null, language: "en" as const, characters: 10 };
  const fact = { value: false, from: "default" as const };
  return {
    schema: "contractwijzer.report/v1",
    document,
    documents: [document],
    playbook: { version: "sha256:0123456789abcdef", requirements: findings.length },
    profile: { genai: fact, "personal-data": fact, cloud: fact, development: fact, "high-risk": fact },
    lang: "en",
    result: counts.conflicting > 0 ? "fail" : "review",
    counts,
    findings,
    checkedAt: "2026-01-01T00:00:00.000Z",
    disclaimer: "Supports review; not legal advice.",
  };
}

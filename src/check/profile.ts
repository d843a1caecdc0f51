/**
 * The procurement profile: facts given by the user win; the rest are detected from the
 * text by counting profile concepts (clauses/lexicon.yaml, profile-*), and the report says
 * which terms were found.
 */
import type { Annotated } from "../analyse/index.js";
import { PROFILE_FACTS, type ProfileFact } from "../playbook/schema.js";
import type { ReportProfile } from "./types.js";

/** Distinct units that must mention a fact before it counts as detected, per 10,000 words (min. absolute). */
const THRESHOLDS: Record<ProfileFact, { minUnits: number; minTerms: number }> = {
  genai: { minUnits: 3, minTerms: 2 },
  "personal-data": { minUnits: 3, minTerms: 1 },
  cloud: { minUnits: 4, minTerms: 2 },
  development: { minUnits: 3, minTerms: 2 },
  "high-risk": { minUnits: 2, minTerms: 1 },
};

export function detectProfile(docs: Annotated[], given: Partial<Record<ProfileFact, boolean>> = {}): ReportProfile {
  const profile = {} as ReportProfile;
  for (const fact of PROFILE_FACTS) {
    if (given[fact] !== undefined) {
      profile[fact] = { value: given[fact]!, from: "given" };
      continue;
    }
    const concept = `profile-${fact}`;
    let units = 0;
    const terms = new Map<string, number>();
    for (const a of docs) {
      for (const ui of a.unitsByConcept.get(concept) ?? []) {
        units++;
        for (const m of a.units[ui].matches)
          if (m.concept === concept) {
            const word = a.doc.text.slice(m.start, m.end).toLowerCase();
            terms.set(word, (terms.get(word) ?? 0) + 1);
          }
      }
    }
    const { minUnits, minTerms } = THRESHOLDS[fact];
    const value = units >= minUnits && terms.size >= minTerms;
    const top = [...terms.entries()].sort((x, y) => y[1] - x[1]).slice(0, 5);
    profile[fact] = {
      value,
      from: "detected",
      reason:
        top.length === 0
          ? "no indicators found"
          : `${units} passages mention ${top.map(([t, n]) => `"${t}" ×${n}`).join(", ")}${value ? "" : " (below the threshold)"}`,
    };
  }
  return profile;
}

/**
 * The project's own labelled documents (test/fixtures/labelled, see its README): the checker's
 * accuracy on wording it was not first built on must not fall back. Prints every disagreement.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkDocuments } from "../../src/check/index.js";
import { parseDocument } from "../../src/parse/index.js";
import { loadPlaybook } from "../../src/playbook/load.js";
import { PROFILE_FACTS, type ProfileFact } from "../../src/playbook/schema.js";

const DIR = path.resolve(import.meta.dirname, "../fixtures/labelled");
const playbook = await loadPlaybook(path.resolve(import.meta.dirname, "../../clauses"));

interface Labels {
  doc: string;
  profile: ProfileFact[];
  labels: Record<string, { verdict: string }>;
}

describe("labelled synthetic vendor documents", () => {
  it("judges at least 78% of the 468 labels as the gold does, with at most twelve false assurances", async () => {
    let agree = 0;
    let total = 0;
    const disagreements: string[] = [];
    const falseAssurance: string[] = [];
    const files = readdirSync(DIR).filter((f) => f.endsWith(".labels.json"));
    expect(files.length).toBe(18);
    for (const file of files) {
      const labels = JSON.parse(readFileSync(path.join(DIR, file), "utf8")) as Labels;
      const doc = await parseDocument(new Uint8Array(readFileSync(path.join(DIR, labels.doc))), { name: labels.doc });
      const profile = Object.fromEntries(PROFILE_FACTS.map((f) => [f, labels.profile.includes(f)])) as Record<ProfileFact, boolean>;
      const report = checkDocuments([doc], playbook, { profile });
      for (const [id, gold] of Object.entries(labels.labels)) {
        const got = report.findings.find((f) => f.requirement === id)?.verdict;
        total++;
        if (got === gold.verdict) agree++;
        else disagreements.push(`${labels.doc} ${id}: gold ${gold.verdict}, got ${got}`);
        if (got === "satisfied" && (gold.verdict === "conflicting" || gold.verdict === "missing")) falseAssurance.push(`${labels.doc} ${id}`);
      }
    }
    console.log(`labelled: ${agree}/${total} = ${(agree / total).toFixed(3)}; false assurance ${falseAssurance.length}\n${disagreements.join("\n")}`);
    expect(total).toBe(468);
    expect(agree / total).toBeGreaterThanOrEqual(0.78);
    expect(falseAssurance.length).toBeLessThanOrEqual(12);
  });
});

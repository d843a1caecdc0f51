import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { checkDocuments } from "../../src/check/index.js";
import { ContractwijzerError } from "../../src/errors.js";
import { parseDocument } from "../../src/parse/index.js";
import { buildPlaybook, loadPlaybook } from "../../src/playbook/load.js";
import { PROFILE_FACTS, type ProfileFact, type Verdict } from "../../src/playbook/schema.js";
import type { Requirement } from "../../src/playbook/types.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SHARED_SPEC = path.resolve(ROOT, "../shared/spec/requirements.yaml");
const playbook = await loadPlaybook(path.join(ROOT, "clauses"));

/** The verdicts a requirement's rules can produce; each needs an example in both languages. */
function possibleVerdicts(r: Requirement): Verdict[] {
  const out = new Set<Verdict>(["satisfied"]);
  if (r.rules.some((x) => x.signal === "conflicts")) out.add("conflicting");
  if (r.rules.some((x) => x.signal === "weakens") || r.complete.length) out.add("partial");
  if (r.kind === "must-contain") out.add("missing");
  return [...out];
}

function profileFor(r: Requirement, given?: ProfileFact[]): Record<ProfileFact, boolean> {
  const facts = given ?? (r.applies === "always" ? [] : Array.isArray(r.applies) ? r.applies : [r.applies]);
  return Object.fromEntries(PROFILE_FACTS.map((f) => [f, facts.includes(f)])) as Record<ProfileFact, boolean>;
}

describe("the playbook", () => {
  it("has every requirement of the catalogue, in catalogue order", () => {
    const order = (parseYaml(readFileSync(path.join(ROOT, "clauses/order.yaml"), "utf8")) as { order: string[] }).order;
    expect(playbook.requirements.map((r) => r.id).slice(0, order.length)).toEqual(order);
    expect(order).toHaveLength(56);
  });

  it.skipIf(!existsSync(SHARED_SPEC))("uses exactly the ids of shared/spec/requirements.yaml", () => {
    const spec = parseYaml(readFileSync(SHARED_SPEC, "utf8")) as { id: string; kind: string; applies: string }[];
    for (const s of spec) {
      const r = playbook.byId.get(s.id);
      expect(r, s.id).toBeDefined();
      expect(r!.kind, s.id).toBe(s.kind);
    }
  });

  it("has a content-hash version", () => {
    expect(playbook.version).toMatch(/^sha256:[0-9a-f]{16}$/);
  });

  it("refuses a raised_by that would lower the severity", async () => {
    const files = await import("node:fs/promises");
    const dir = path.join(ROOT, "clauses");
    const content = await files.readFile(path.join(dir, "genai/genai-human-oversight.yaml"), "utf8");
    const lowered = content.replace(/raised_by: \{ high-risk: critical \}/, "raised_by: { high-risk: minor }");
    expect(lowered).not.toBe(content);
    const lexicon = await files.readFile(path.join(dir, "lexicon.yaml"), "utf8");
    const fragments = await Promise.all(
      (await files.readdir(path.join(dir, "lexicon"))).map(async (f) => ({ path: `lexicon/${f}`, content: await files.readFile(path.join(dir, "lexicon", f), "utf8") })),
    );
    expect(() =>
      buildPlaybook([{ path: "lexicon.yaml", content: lexicon }, ...fragments, { path: "genai/genai-human-oversight.yaml", content: lowered }]),
    ).toThrowError(/raised_by\.high-risk: minor does not raise minor/);
  });

  it("rejects an invalid file with file, line and what is wrong", () => {
    const lexicon = readFileSync(path.join(ROOT, "clauses/lexicon.yaml"), "utf8");
    const bad = "id: x\ntheme: t\nkind: must-contain\nseverity: fatal\n";
    expect(() => buildPlaybook([{ path: "lexicon.yaml", content: lexicon }, { path: "arbit/x.yaml", content: bad }])).toThrowError(
      /arbit\/x\.yaml:4: severity/,
    );
    try {
      buildPlaybook([{ path: "lexicon.yaml", content: "parties: [unclosed" }]);
    } catch (e) {
      expect(e).toBeInstanceOf(ContractwijzerError);
      expect((e as ContractwijzerError).code).toBe("E_PLAYBOOK_INVALID");
      expect((e as Error).message).toMatch(/^lexicon\.yaml:1: invalid YAML/);
    }
  });
});

describe.each(playbook.requirements.map((r) => [r.id, r] as const))("requirement %s", (_id, r) => {
  it("has an example per verdict it can give, in Dutch and in English", () => {
    for (const verdict of possibleVerdicts(r))
      for (const lang of ["en", "nl"] as const)
        expect(r.examples.some((e) => e.verdict === verdict && e.lang === lang), `${verdict}/${lang}`).toBe(true);
  });

  it.each(r.examples.map((e, i) => [i, e.lang, e.verdict, e] as const))("example %i (%s) is %s", async (_i, lang, verdict, example) => {
    const doc = await parseDocument(new TextEncoder().encode(example.text), { name: `example-${lang}.txt` });
    const report = checkDocuments([doc], playbook, { profile: profileFor(r, example.profile), lang });
    const finding = report.findings.find((f) => f.requirement === r.id)!;
    expect(finding.verdict, `${example.text}\n→ ${finding.explanation}`).toBe(verdict);
    if (verdict === "partial" || verdict === "conflicting") expect(finding.evidence.length).toBeGreaterThan(0);
    for (const e of finding.evidence) expect(doc.text.slice(e.start, e.end)).toBe(e.quote);
  });
});

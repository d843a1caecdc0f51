/**
 * Property tests: the analyser and checker never crash, never loop and always quote verbatim,
 * whatever is done to a real document (cut, spliced, duplicated, garbled, flooded with markers).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkDocuments } from "../../src/check/index.js";
import { parseDocument } from "../../src/parse/index.js";
import { loadPlaybook } from "../../src/playbook/load.js";
import { hasShared, SHARED_DIR } from "../helpers/shared.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const playbook = await loadPlaybook(path.join(ROOT, "clauses"));

const seeds = ["vendor-terms-en.md", "overeenkomst-nl.md"].map((f) => readFileSync(path.join(ROOT, "test/fixtures/contracts", f), "utf8"));
if (hasShared) {
  const dev = path.join(SHARED_DIR, "eval/dev");
  if (existsSync(dev)) for (const f of readdirSync(dev).filter((n) => n.endsWith(".md")).slice(0, 3)) seeds.push(readFileSync(path.join(dev, f), "utf8").slice(0, 20_000));
}

/** Words that steer the analyser: modal verbs, negations, exceptions, list lead-ins, numbers. */
const MARKERS = ["shall", "may not", "niet", "unless", "tenzij", ":", "\n\n(a) ", "; ", "within 72 hours", "EUR 1.000.000", "“", "Artikel 7", "\n# ", "||", "|"];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("cut" as const), at: fc.nat(), len: fc.nat({ max: 5000 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom(...MARKERS)) }),
  fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat(), len: fc.nat({ max: 3000 }) }),
  fc.record({ kind: fc.constant("flood" as const), text: fc.constantFrom(...MARKERS), times: fc.integer({ min: 1, max: 2000 }) }),
);

type Mutation =
  | { kind: "cut"; at: number; len: number }
  | { kind: "insert"; at: number; text: string }
  | { kind: "duplicate"; at: number; len: number }
  | { kind: "flood"; text: string; times: number };

function apply(text: string, m: Mutation): string {
  if (m.kind === "flood") return text + m.text.repeat(m.times);
  const at = text.length ? m.at % text.length : 0;
  if (m.kind === "cut") return text.slice(0, at) + text.slice(at + m.len);
  if (m.kind === "insert") return text.slice(0, at) + m.text + text.slice(at);
  return text.slice(0, at + m.len) + text.slice(at, at + m.len) + text.slice(at + m.len);
}

describe("the checker under mutation", () => {
  it("never crashes and always quotes the document verbatim", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: seeds.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }), async (seed, mutations) => {
        const text = mutations.reduce((t, m) => apply(t, m), seeds[seed]);
        if (text.trim().length === 0) return;
        let doc: Awaited<ReturnType<typeof parseDocument>>;
        try {
          doc = await parseDocument(new TextEncoder().encode(text), { name: "fuzz.md" });
        } catch (e) {
          // Only stable, documented refusals are acceptable.
          expect((e as { code?: string }).code).toMatch(/^E_/);
          return;
        }
        const report = checkDocuments([doc], playbook, { profile: { genai: true, "personal-data": true, cloud: true } });
        expect(report.findings).toHaveLength(playbook.requirements.length);
        for (const f of report.findings) {
          for (const e of f.evidence) expect(doc.text.slice(e.start, e.end)).toBe(e.quote);
          expect(f.explanation.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 60, seed: 20261129 },
    );
  });

  it("handles a document of nothing but markers", async () => {
    const text = MARKERS.join(" ").repeat(500);
    const doc = await parseDocument(new TextEncoder().encode(text), { name: "markers.txt" });
    const report = checkDocuments([doc], playbook, {});
    expect(report.findings).toHaveLength(playbook.requirements.length);
  });
});

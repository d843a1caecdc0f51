/**
 * Property tests on the binary readers: real PDF and DOCX files with bytes flipped, cut,
 * duplicated or spliced either parse or are refused with a stable E_ code — never a crash,
 * a hang past the time limit, or a non-Contractwijzer error.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { isContractwijzerError } from "../../src/errors.js";
import { parseDocument } from "../../src/parse/index.js";
import { hasShared, SHARED_DIR } from "../helpers/shared.js";
import { dutchContractPdf, numberedDocx } from "./fixtures.js";

type Mutation =
  | { kind: "flip"; at: number; value: number }
  | { kind: "cut"; at: number }
  | { kind: "splice"; at: number; len: number; to: number }
  | { kind: "zero"; at: number; len: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("cut" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("splice" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 4096 }), to: fc.nat() }),
  fc.record({ kind: fc.constant("zero" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 512 }) }),
);

function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
  const at = m.at % bytes.length;
  if (m.kind === "cut") return bytes.slice(0, Math.max(1, at));
  const out = new Uint8Array(bytes);
  if (m.kind === "flip") out[at] = m.value;
  else if (m.kind === "zero") out.fill(0, at, at + m.len);
  else {
    const piece = bytes.slice(at, at + m.len);
    const to = m.to % bytes.length;
    return new Uint8Array([...out.slice(0, to), ...piece, ...out.slice(to)]);
  }
  return out;
}

const seeds: { name: string; bytes: Uint8Array }[] = [];
beforeAll(async () => {
  seeds.push({ name: "contract.pdf", bytes: await dutchContractPdf() }, { name: "contract.docx", bytes: await numberedDocx() });
  for (const f of ["deepseek-terms.pdf", "nl-supriyono-voorwaarden.docx"]) {
    const file = path.join(SHARED_DIR, "eval/dev", f);
    if (hasShared && existsSync(file)) seeds.push({ name: f, bytes: new Uint8Array(readFileSync(file)) });
  }
});

describe("mutated PDF and DOCX files", () => {
  it("parse or fail with a stable code", async () => {
    const codes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (pick, mutations) => {
        const seed = seeds[pick % seeds.length];
        const bytes = mutations.reduce(mutate, seed.bytes);
        try {
          const doc = await parseDocument(bytes, { name: seed.name, timeoutMs: 20_000 });
          for (const b of doc.blocks) expect(b.end).toBeLessThanOrEqual(doc.text.length);
        } catch (e) {
          expect(isContractwijzerError(e), `${seed.name}: ${(e as Error).stack}`).toBe(true);
          codes.add((e as { code: string }).code);
        }
      }),
      { numRuns: 200, seed: 20261129 },
    );
    // The mutations do reach the refusal paths, not only harmless bytes.
    expect(codes.size).toBeGreaterThan(0);
  }, 300_000);
});

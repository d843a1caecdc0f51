import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CaseFoldError, foldCase, foldedRegExp, foldPattern } from "../../src/analyse/casefold.js";
import { compileLexicon, LexiconError } from "../../src/analyse/lexicon.js";

const all = (re: RegExp, text: string) => [...text.matchAll(re)].map((m) => [m.index, m[0].length]);

describe("case folding for regular expressions", () => {
  it("keeps every offset, also around characters whose lower case is longer", () => {
    for (const text of ["İstanbul İ", "Straße ẞ", "ſecure KELVIN \u212a", "ÉÉN Één", "𐐀𐐁 emoji 😀 X"]) {
      const folded = foldCase(text);
      expect(folded.length).toBe(text.length);
    }
    expect(foldCase("İ Customer ſ \u212a")).toBe("İ customer s k");
  });

  it("rewrites letters outside escapes and leaves escapes, group names and back references alone", () => {
    expect(foldPattern(String.raw`\bCustomer\S+[A-Z]\p{L}(?<Name>X)\k<Name>\u00e9`)).toBe(String.raw`\bcustomer\S+[a-z]\p{L}(?<Name>x)\k<Name>\u00e9`);
    expect(foldPattern("(?<!Not )(?=A)")).toBe("(?<!not )(?=a)");
  });

  it("refuses what folding would change", () => {
    expect(() => foldPattern(String.raw`\p{Lu}+`)).toThrow(CaseFoldError);
    expect(() => foldPattern(String.raw`\P{Ll}`)).toThrow(CaseFoldError);
    expect(() => foldPattern(String.raw`\x41`)).toThrow(CaseFoldError);
    expect(() => foldPattern(String.raw`\u0041`)).toThrow(CaseFoldError);
    expect(foldPattern(String.raw`\x61\p{L}\P{N}`)).toBe(String.raw`\x61\p{L}\P{N}`);
    expect(() => compileLexicon({ parties: { supplier: { en: ["we"], nl: [] }, customer: { en: ["you"], nl: [] } }, modality: { obligation: { en: ["shall"], nl: [] }, permission: { en: ["may"], nl: [] }, negation: { en: ["not"], nl: [] }, prohibition: { en: ["must not"], nl: [] } }, exceptions: { markers: { en: ["except"], nl: [] }, benign: { en: ["law"], nl: [] } }, references: { en: ["see"], nl: [] }, concepts: { shout: { en: [String.raw`/\p{Lu}{3,}/`], nl: [] } } } as never)).toThrow(LexiconError);
  });

  it("gives the matches of /…/giu on the original text, on playbook-like patterns and random text", () => {
    const patterns = [
      String.raw`\b(customer|client|you)\s+and\s+(the\s+)?(supplier|we|[A-Z][\w-]+)\s+(shall|will)`,
      String.raw`(?<!niet )\bsublicentieerbaar\b`,
      String.raw`\bliabilit(y|ies)\b(?:[^.;]|\.(?=\S)){0,30}?\b(exceed|limited to)`,
      String.raw`(?<![\p{L}\p{N}])(één|twee|\d+)\s*(werkdagen|days?)(?![\p{L}\p{N}])`,
      String.raw`(EURO|EUR|€|US\$|\$)\s?(\d{1,3}(?:[.,\s]\d{3})+|\d+)`,
      String.raw`\bStrasse|straße|ſ\w+`,
    ];
    const alphabet = fc.constantFrom(..."aAbBcCeEiIkKlLsSuUyY İıſ\u212aéÉëË€$.,;:1209\n".split(""), "Customer", "CLIENT", "you", " and ", "Supplier", "We", " shall ", "WILL", "Sublicentieerbaar", "niet ", "LIABILITY", "liabilities", " exceed", "limited to", "ÉÉN", "twee", " werkdagen", "days", "EUR ", "US$", "1.000.000", "Straße", "STRASSE");
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }).map((xs) => xs.join("")), (text) => {
        for (const p of patterns) expect(all(foldedRegExp(p), foldCase(text))).toEqual(all(new RegExp(p, "giu"), text));
      }),
      { numRuns: 400, seed: 29 },
    );
  });
});

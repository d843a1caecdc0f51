import { describe, expect, it } from "vitest";
import { analyseDocument, clauseAt, unitMatches } from "../../src/analyse/index.js";
import { buildMatcher, compileLexicon, matchConcepts } from "../../src/analyse/lexicon.js";
import { detectPartyNames } from "../../src/analyse/parties.js";
import { tokenize } from "../../src/analyse/tokens.js";
import { splitUnits } from "../../src/analyse/units.js";
import { extractDurations, extractMoney, extractMultiples, extractValues } from "../../src/analyse/values.js";
import type { ParsedDocument } from "../../src/parse/types.js";
import type { LexiconSpec } from "../../src/playbook/schema.js";

const empty = { en: [], nl: [] };
const spec: LexiconSpec = {
  parties: { supplier: { en: ["we", "us", "supplier"], nl: ["opdrachtnemer", "wij", "ons"] }, customer: { en: ["you", "customer"], nl: ["opdrachtgever"] } },
  modality: {
    obligation: { en: ["shall", "will", "must"], nl: ["zal", "dient"] },
    permission: { en: ["may", "grant us"], nl: ["mag", "is gerechtigd"] },
    negation: { en: ["not", "never", "no"], nl: ["niet", "geen"] },
    prohibition: { en: ["in no event"], nl: ["nimmer"] },
  },
  exceptions: { markers: { en: ["unless", "except"], nl: ["tenzij"] }, benign: { en: ["required by law", "customer explicitly agrees"], nl: [] } },
  references: empty,
  concepts: {
    train: { en: ["train*", "improve ~ services"], nl: ["train*"] },
    content: { en: ["customer content", "content", "inputs"], nl: ["gegevens"] },
    "jurisdiction-foreign": { en: ["california"], nl: [] },
  },
};
const lexicon = compileLexicon(spec);

function doc(text: string): ParsedDocument {
  return {
    name: "t.txt", sha256: "0".repeat(64), format: "txt", pages: null, language: "en", characters: text.length, text,
    blocks: text.split("\n\n").reduce<{ blocks: ParsedDocument["blocks"]; at: number }>(
      (acc, part) => {
        const start = text.indexOf(part, acc.at);
        acc.blocks.push({ kind: "paragraph", section: null, heading: null, start, end: start + part.length, page: null });
        acc.at = start + part.length;
        return acc;
      },
      { blocks: [], at: 0 },
    ).blocks,
  };
}

function readingOf(text: string, concept = "train") {
  const a = analyseDocument(doc(text), lexicon);
  for (const u of a.units) for (const m of unitMatches(a, u)) if (m.concept === concept) return clauseAt(a, u, m);
  throw new Error(`no ${concept} in: ${text}`);
}

describe("terms and tokens", () => {
  it("folds case and accents but keeps offsets on the original text", () => {
    const t = tokenize("Één Verwerkingsverantwoordelijke’s");
    expect(t.map((x) => x.norm)).toEqual(["een", "verwerkingsverantwoordelijke's"]);
    expect(t[1].start).toBe(4);
  });
  it("matches prefixes and gaps of up to three words, not more", () => {
    const m = buildMatcher(new Map([["c", { en: ["use ~ to train*"], nl: [] }]]));
    expect(matchConcepts(m, tokenize("we use your content to training"))).toHaveLength(1);
    expect(matchConcepts(m, tokenize("we use a b c d to train"))).toHaveLength(0);
  });
  it("rejects a broken regular expression with the concept named", () => {
    expect(() => buildMatcher(new Map([["bad", { en: ["/([/"], nl: [] }]]))).toThrow(/bad/);
  });
});

describe("modality and subject", () => {
  it("reads opposite clauses with the same keywords as opposite", () => {
    expect(readingOf("We will not use Customer Content to train models.")).toMatchObject({ modality: "prohibition", subject: "supplier" });
    expect(readingOf("We may use Content to improve our Services.")).toMatchObject({ modality: "permission", subject: "supplier" });
  });
  it("does not take a negation in a condition for a prohibition", () => {
    expect(readingOf("If you do not opt out, we may use your inputs to train our models.")).toMatchObject({ modality: "permission", subject: "supplier" });
  });
  it("reads Dutch verb-final negation", () => {
    expect(readingOf("Opdrachtnemer zal de gegevens niet gebruiken om te trainen.")).toMatchObject({ modality: "prohibition", subject: "supplier" });
  });
  it("treats 'grant us' as a permission for the supplier and a party name as modifier only", () => {
    expect(readingOf("You grant us a licence to use your content to train our models.")).toMatchObject({ modality: "permission", subject: "supplier" });
    expect(readingOf("Customer Content will not be used to train models.")).toMatchObject({ modality: "prohibition", subject: "unknown" });
  });
  it("uses the names a document defines for the parties", () => {
    expect(detectPartyNames('Acme AI Inc. ("Acme", "we", "us") and you ("Customer")').supplier.en).toContain("Acme");
    expect(readingOf('Acme AI Inc. ("Acme", "we") offers the service. Acme may use inputs to train models.')).toMatchObject({ subject: "supplier" });
    expect(detectPartyNames("Gebruiker: de partij die deze algemene voorwaarden hanteert.").supplier.en).toContain("Gebruiker");
    // A definition list names a party only where the definition describes one, not where it mentions one.
    const definitions = [
      "1.1 Onderhoud: door Opdrachtnemer uit te voeren werkzaamheden aan de programmatuur.",
      "1.2 Product: de zaak die Leverancier aan Opdrachtgever levert.",
      "1.3 Wederpartij: de Opdrachtnemer of Leverancier met wie de Overeenkomst is aangegaan.",
      "1.4 Afnemer: de rechtspersoon die met Opdrachtnemer een overeenkomst sluit.",
      "1.5 Dienst: de dienstverlening van Opdrachtnemer aan de klant.",
    ].join("\n");
    expect(detectPartyNames(definitions).supplier.en).toEqual(["Wederpartij"]);
    expect(detectPartyNames(definitions).customer.en).toEqual([]);
    expect(detectPartyNames("Abonnee: de natuurlijke persoon of rechtspersoon die met ons een overeenkomst sluit.").customer.en).toEqual(["Abonnee"]);
  });
  it("reads a negated copula without a modal as a prohibition, but not a negation in a relative clause", () => {
    expect(readingOf("Inputs are not used to train models.", "content")).toMatchObject({ modality: "prohibition" });
    expect(readingOf("We may use inputs that are not personal data to train models.")).toMatchObject({ modality: "permission" });
  });

  it("gives a coordinated modal verb the subject of the first one", () => {
    expect(readingOf("We shall defend Customer against claims and shall train staff.")).toMatchObject({ subject: "supplier", modality: "obligation" });
  });

  it("reads Dutch inversion after a fronted clause", () => {
    expect(readingOf("Indien Opdrachtnemer tekortschiet, mag Opdrachtgever de gegevens gebruiken om te trainen.")).toMatchObject({ subject: "customer", modality: "permission" });
    expect(readingOf("Opdrachtnemer zal Opdrachtgever niet trainen.")).toMatchObject({ subject: "supplier" });
  });

  it("splits clauses at ', but' so a later permission is read on its own", () => {
    expect(readingOf("We will not sell your data, but we may use inputs to train our models.")).toMatchObject({ modality: "permission" });
  });
});

describe("exceptions", () => {
  it("treats deferral to the law or the customer's consent as benign", () => {
    const a = analyseDocument(doc("We will not use content to train, unless required by law."), lexicon);
    expect(a.units[0]).toMatchObject({ hasException: false, hasBenignException: true });
    const b = analyseDocument(doc("We will not use content to train, except for feedback."), lexicon);
    expect(b.units[0].hasException).toBe(true);
  });
  it("pairs each list item with its lead-in: items inherit the modal verb but never see each other", () => {
    const text = "We shall not:\n\n(a) use inputs to train models;\n\n(b) sell content within 10 days.";
    const d = doc(text);
    d.blocks = d.blocks.map((b, i) => ({ ...b, kind: i === 0 ? "paragraph" : "list-item" }));
    const a = analyseDocument(d, lexicon);
    const [lead, first, second] = a.units;
    expect(lead.continuation).toEqual([1, 2]);
    expect(first.leadIn).toBe(0);
    const train = unitMatches(a, first).find((m) => m.concept === "train")!;
    expect(clauseAt(a, first, train)).toMatchObject({ modality: "prohibition", subject: "supplier" });
    expect(first.values.duration_days).toBeUndefined();
    expect(second.values.duration_days).toEqual([10]);
    expect(second.concepts.has("train")).toBe(false);
  });

  it("carries a lead-in sentence ending in ':' over the list items under it", () => {
    const text = "We will not use inputs to train models, except:\n\n(a) feedback;\n\n(b) preview models.";
    const d = doc(text);
    d.blocks = d.blocks.map((b, i) => ({ ...b, kind: i === 0 ? "paragraph" : "list-item" }));
    const units = splitUnits(d);
    expect(units[0].extEnd).toBe(text.length);
  });
});

describe("values", () => {
  it("reads durations in words and digits, Dutch and English, in hours, days and months", () => {
    const d = extractDurations("within seventy-two (72) hours, binnen drie werkdagen, one (1) year, 60 maanden");
    expect(d.map((x) => x.hours)).toEqual([72, 72, 8760, 43800]);
    expect(d[2].months).toBe(12);
    expect(d[3].months).toBe(60);
  });
  it("reads every unit and every way of writing a multiple (the quick pre-scans must let each through)", () => {
    const units = ["hour", "Hours", "hr", "HRS", "uur", "uren", "business days", "working-day", "werkdagen", "werkdag", "calendar days",
      "kalenderdagen", "day", "days", "dagen", "dag", "week", "weeks", "weken", "month", "Months", "maanden", "maand", "year", "years", "jaren", "jaar"];
    for (const unit of units) expect(extractDurations(`binnen 3 ${unit}.`), unit).toHaveLength(1);
    const multiples = ["twice", "Double", "tweemaal", "dubbele", "3x", "3 X", "3×", "3 times", "drie keer", "3 maal", "3-fold", "threefold", "150% of", "150 % van"];
    for (const phrase of multiples) expect(extractMultiples(`tot ${phrase} de vergoeding`), phrase).toHaveLength(1);
    expect(extractMultiples("the annex and the tax index")).toEqual([]);
  });

  it("reads money with currencies and separators, converted to EUR", () => {
    const fx = { EUR: 1, USD: 0.9 };
    expect(extractMoney("€ 1.250.000,- en EUR 50.000", fx).map((m) => m.eur)).toEqual([1250000, 50000]);
    expect(extractMoney("US$100 or USD 1,000,000 or 2 million dollars", fx).map((m) => m.eur)).toEqual([90, 900000, 1800000]);
  });
  it("recognises what a cap is based on", () => {
    expect(extractValues("limited to the fees paid by you in the twelve (12) months preceding the claim").cap_basis).toContain("fees-paid");
    expect(extractValues("beperkt tot het bedrag dat de verzekeraar uitkeert").cap_basis).toContain("insurance");
    expect(extractValues("maximaal tweemaal de contractwaarde").multiple).toEqual([2]);
  });
  it("turns jurisdiction concepts into a value", () => {
    const a = analyseDocument(doc("These Terms are governed by the laws of the State of California."), lexicon);
    expect(a.units[0].values.jurisdiction).toEqual(["foreign"]);
  });
});

describe("units", () => {
  it("does not split at abbreviations or clause numbers", () => {
    const text = "7.2 The Supplier shall e.g. notify art. 5 events. Then it stops.";
    const d = doc(text);
    expect(splitUnits(d).map((u) => text.slice(u.start, u.end))).toEqual(["7.2 The Supplier shall e.g. notify art. 5 events.", "Then it stops."]);
  });
});

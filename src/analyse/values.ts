/**
 * Values the verdict can rest on: money (converted to EUR), what a liability cap is based
 * on, multiples, durations (in hours, days and months), percentages. Jurisdictions come from
 * lexicon concepts (see analyse/index.ts).
 */
import type { ValueKind } from "../playbook/schema.js";
import { foldCase, foldedRegExp } from "./casefold.js";

export type UnitValues = Partial<Record<ValueKind, (number | string)[]>>;

/**
 * Conversion to EUR for threshold comparisons. Rough on purpose: the thresholds (EUR 1,000,000)
 * are far from any cap a vendor writes in dollars; override per check with params fx_usd / fx_gbp.
 */
export const DEFAULT_FX_TO_EUR: Record<string, number> = { EUR: 1, USD: 0.9, GBP: 1.15, CHF: 1.05, CNY: 0.13, RMB: 0.13 };

const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fourteen: 14, fifteen: 15, eighteen: 18, twenty: 20, thirty: 30, sixty: 60, ninety: 90,
  "twenty-four": 24, "thirty-six": 36, "forty-eight": 48, "seventy-two": 72, "twenty four": 24, "forty eight": 48, "seventy two": 72,
  een: 1, één: 1, twee: 2, drie: 3, vier: 4, vijf: 5, zes: 6, zeven: 7, acht: 8, negen: 9, tien: 10, elf: 11, twaalf: 12,
  veertien: 14, vijftien: 15, achttien: 18, twintig: 20, dertig: 30, zestig: 60, negentig: 90,
  vierentwintig: 24, zesendertig: 36, achtenveertig: 48, tweeënzeventig: 72, tweeenzeventig: 72,
};
const NUMBER_WORD_RE = Object.keys(NUMBER_WORDS)
  .sort((a, b) => b.length - a.length)
  .map((w) => w.replace(/[-\s]/g, "[-\\s]"))
  .join("|");

/** [unit pattern, hours per unit, months per unit] */
const UNITS: [RegExp, number, number][] = [
  [/^(hours?|hrs?|uur|uren)$/i, 1, 1 / 730],
  [/^(business|working|werk)[-\s]?days?$|^werkdag(en)?$/i, 24, 1 / 30.4],
  [/^(calendar\s)?days?$|^dag(en)?$|^kalenderdag(en)?$/i, 24, 1 / 30.4],
  [/^weeks?$|^weken$/i, 24 * 7, 7 / 30.4],
  [/^months?$|^maand(en)?$/i, 730, 1],
  [/^years?$|^jaar$|^jaren$/i, 8760, 12],
];

/** Word boundaries that know letters with accents ("één"); `\b` only knows ASCII. */
const WB = "(?<![\\p{L}\\p{N}])";
const WE = "(?![\\p{L}\\p{N}])";

const DURATION_RE = foldedRegExp(
  `${WB}(\\d+(?:[.,]\\d+)?|${NUMBER_WORD_RE})(?:\\s*\\(\\d+\\))?[\\s-]*(hours?|hrs?|uur|uren|business[\\s-]days?|working[\\s-]days?|werkdagen|werkdag|calendar\\s+days?|kalenderdagen|days?|dagen|dag|weeks?|weken|months?|maanden|maand|years?|jaren|jaar)${WE}`,
  "g",
);

function numberFrom(raw: string): number | null {
  const w = raw.toLowerCase().replace(/\s+/g, " ");
  if (w in NUMBER_WORDS) return NUMBER_WORDS[w];
  const n = Number(w.replace(",", "."));
  return Number.isFinite(n) ? n : null;
}

export interface Duration {
  hours: number;
  days: number;
  months: number;
  start: number;
  end: number;
}

/**
 * Words every duration match contains (its unit: "hour", "werkdag", …), checked first: most
 * sentences have none, and this plain scan is far cheaper than DURATION_RE's look-behind.
 */
const DURATION_UNIT_WORD = /hour|hr|uur|uren|day|dag|week|weken|month|maand|year|jaar|jaren/;

function durationsIn(text: string): Duration[] {
  const out: Duration[] = [];
  if (!DURATION_UNIT_WORD.test(text)) return out;
  DURATION_RE.lastIndex = 0;
  for (let m = DURATION_RE.exec(text); m !== null; m = DURATION_RE.exec(text)) {
    const n = numberFrom(m[1]);
    if (n === null) continue;
    const unit = m[2].replace(/\s+/g, " ");
    const found = UNITS.find(([re]) => re.test(unit));
    if (!found) continue;
    const hours = n * found[1];
    out.push({ hours, days: hours / 24, months: n * found[2], start: m.index, end: m.index + m[0].length });
  }
  return out;
}

const CURRENCY_BEFORE = String.raw`(EURO|EUR|euro|€|USD|US\$|\$|£|GBP|CHF|CNY|RMB|¥)`;
const CURRENCY_AFTER = "(EUR|euros?|euro's|USD|dollars?|US dollars?|GBP|pounds?|CHF|CNY|RMB|yuan)";
const AMOUNT = String.raw`(\d{1,3}(?:[.,\s]\d{3})+|\d+)(?:[.,](\d{1,2}|-))?`;
const SCALE = String.raw`(?:\s*(million|mln|miljoen|m|thousand|duizend|k|billion|miljard))?`;
const MONEY_RE = foldedRegExp(
  `${CURRENCY_BEFORE}\\s?${AMOUNT}${SCALE}|${AMOUNT}${SCALE}\\s?${CURRENCY_AFTER}\\b`,
  "g",
);

function currencyCode(raw: string): string {
  const c = raw.toLowerCase();
  if (c === "€" || c.startsWith("eur")) return "EUR";
  if (c === "$" || c === "us$" || c.startsWith("usd") || c.includes("dollar")) return "USD";
  if (c === "£" || c.startsWith("gbp") || c.startsWith("pound")) return "GBP";
  if (c === "chf") return "CHF";
  return "CNY";
}

function amountFrom(intPart: string, scale: string | undefined): number {
  const digits = Number(intPart.replace(/[.,\s]/g, ""));
  const s = (scale ?? "").toLowerCase();
  const factor = ["million", "mln", "miljoen", "m"].includes(s)
    ? 1e6
    : ["thousand", "duizend", "k"].includes(s)
      ? 1e3
      : ["billion", "miljard"].includes(s)
        ? 1e9
        : 1;
  return digits * factor;
}

function moneyIn(text: string, fx: Record<string, number>): { eur: number; start: number; end: number }[] {
  const out: { eur: number; start: number; end: number }[] = [];
  MONEY_RE.lastIndex = 0;
  for (let m = MONEY_RE.exec(text); m !== null; m = MONEY_RE.exec(text)) {
    const [currency, intPart, scale] = m[1] ? [m[1], m[2], m[4]] : [m[8], m[5], m[7]];
    if (!intPart || !currency) continue;
    const code = currencyCode(currency);
    out.push({ eur: Math.round(amountFrom(intPart, scale) * (fx[code] ?? 1)), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

const MULTIPLE_RE = foldedRegExp(
  String.raw`${WB}(twice|double|tweemaal|dubbele|(\d+(?:[.,]\d+)?|${NUMBER_WORD_RE})\s*(?:x|×|times|keer|maal)|(\d+(?:[.,]\d+)?|${NUMBER_WORD_RE})-?fold|(\d+(?:[.,]\d+)?)\s*%\s*(?:of|van))${WE}`,
  "g",
);

/** What every multiple contains ("twice", "3x", "tweemaal", "5-fold", "150% of"), checked before MULTIPLE_RE. */
const MULTIPLE_WORD = /twice|double|dubbele|times|keer|maal|fold|%|×|x(?![a-z0-9])/;

function multiplesIn(text: string): number[] {
  const out: number[] = [];
  if (!MULTIPLE_WORD.test(text)) return out;
  MULTIPLE_RE.lastIndex = 0;
  for (let m = MULTIPLE_RE.exec(text); m !== null; m = MULTIPLE_RE.exec(text)) {
    if (/^(twice|double|tweemaal|dubbele)$/i.test(m[1])) out.push(2);
    else if (m[2]) out.push(numberFrom(m[2]) ?? Number.NaN);
    else if (m[3]) out.push(numberFrom(m[3]) ?? Number.NaN);
    else if (m[4]) out.push(Number(m[4].replace(",", ".")) / 100);
  }
  return out.filter((n) => Number.isFinite(n));
}

const PERCENT_RE = foldedRegExp(String.raw`(\d+(?:[.,]\d+)?)\s*(?:%|percent\b|per cent\b|procent\b)`);

function percentagesIn(text: string): number[] {
  const out: number[] = [];
  PERCENT_RE.lastIndex = 0;
  for (let m = PERCENT_RE.exec(text); m !== null; m = PERCENT_RE.exec(text)) out.push(Number(m[1].replace(",", ".")));
  return out;
}

/** What a liability cap is measured by. Patterns are about how caps are written, in both languages. */
const CAP_BASIS: [string, RegExp][] = [
  [
    "fees-paid",
    foldedRegExp(String.raw`\b(amounts?|fees?|charges?|sums?|price|consideration)\b[^.;]{0,60}\b(paid|payable|pays|received|charged)\b|\bfees? (paid|payable)\b|\b(factuurbedrag|factuurwaarde|(de )?(door|aan) (opdrachtgever|afnemer|klant|wederpartij) (betaalde|verschuldigde|gefactureerde)|betaalde vergoeding|ontvangen vergoeding|in rekening gebrachte|(vergoeding|bedrag|prijs)[^.;]{0,60}\b(betaald|gefactureerd|ontvangen|verschuldigd))\b`, ""),
  ],
  [
    "insurance",
    foldedRegExp(String.raw`\b(insur\w*|verzeker\w*)\b[^.;]{0,80}\b(pay\w*|paid|cover\w*|uitke\w*|uitgekeerd|dekking|gedekt)\b|\b(uitkering|uitbetaling)\b[^.;]{0,40}\bverzeker\w*`, ""),
  ],
  [
    "contract-value",
    foldedRegExp(String.raw`\b(maal|keer|times) (de |the )?(hoogte van de |amount of the )?(vergoeding|totale prijs|total fees|total price|contract price)\b|\b(contract value|value of the (contract|agreement|order)|total (contract )?value|total fees (payable )?under|contractwaarde|opdrachtwaarde|waarde van de (overeenkomst|opdracht)|totale (opdracht)?som|totale vergoeding|overeengekomen (prijs|vergoeding|totaalbedrag))\b`, ""),
  ],
];

function capBasisIn(text: string, hasMoney: boolean): string[] {
  const out = CAP_BASIS.filter(([, re]) => re.test(text)).map(([name]) => name);
  if (hasMoney && out.length === 0) out.push("fixed");
  return out;
}

/** Values of a text already case-folded (foldCase), as analyse has it: the extractors' regexes work on folded text. */
export function valuesOfFolded(text: string, fx: Record<string, number> = DEFAULT_FX_TO_EUR): UnitValues {
  const values: UnitValues = {};
  const money = moneyIn(text, fx);
  // A duration inside a money phrase ("USD 100") cannot happen, but "12 months" inside a cap can: keep both.
  const durations = durationsIn(text);
  if (money.length) values.money_eur = money.map((m) => m.eur);
  if (durations.length) {
    values.duration_hours = durations.map((d) => d.hours);
    values.duration_days = durations.map((d) => d.days);
    values.duration_months = durations.map((d) => d.months);
  }
  const multiples = multiplesIn(text);
  if (multiples.length) values.multiple = multiples;
  const percentages = percentagesIn(text);
  if (percentages.length) values.percentage = percentages;
  const basis = capBasisIn(text, money.length > 0);
  if (basis.length) values.cap_basis = basis;
  return values;
}

export function extractValues(text: string, fx: Record<string, number> = DEFAULT_FX_TO_EUR): UnitValues {
  return valuesOfFolded(foldCase(text), fx);
}

export const extractDurations = (text: string): Duration[] => durationsIn(foldCase(text));
export const extractMoney = (text: string, fx: Record<string, number>) => moneyIn(foldCase(text), fx);
export const extractMultiples = (text: string): number[] => multiplesIn(foldCase(text));

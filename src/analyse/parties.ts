/**
 * Names a document gives the parties. Vendor terms define themselves as
 * `Acme Inc. ("Acme", "we", "us")` and the customer as `("you", "Customer")`; Dutch terms write
 * `Opdrachtnemer: Acme B.V.` or `Acme, hierna te noemen "Leverancier"`. Those names then count
 * as the supplier or customer when they stand as the subject of a clause.
 */
import type { TermList } from "../playbook/schema.js";
import { foldWord } from "./tokens.js";

const SUPPLIER_WORDS = new Set(["we", "us", "our", "wij", "ons", "onze", "supplier", "provider", "opdrachtnemer", "leverancier", "dienstverlener", "aanbieder", "licensor", "company"]);
const CUSTOMER_WORDS = new Set(["you", "your", "u", "uw", "customer", "client", "opdrachtgever", "afnemer", "klant", "licensee", "user"]);

/** Quoted short names inside one pair of parentheses. */
const PAREN_RE = /\(([^()\n]{1,240})\)/g;
const QUOTED_RE = /["“”'‘’]([^"“”'‘’\n]{1,40})["“”'‘’]/g;
/** `Term: definition` lines at the start of a block (definition lists in Dutch terms). */
const DEFINITION_RE = /(?:^|\n)\s*(?:[\d.]+\s+|[a-z]\.\s+|[-•]\s+)?([\p{Lu}][\p{L}\d&.\- ]{1,40}?)\s*[:–—-]\s+([^\n]{3,300})/gu;

/** The start of a definition that describes a party (folded text). */
const DEFINES_A_PARTY =
  /^(?:(?:de|het|een|elke|iedere)\s+)?(?:partij|wederpartij|gebruiker|onderneming|rechtspersoon|natuurlijke persoon|(?:besloten |naamloze )?vennootschap|organisatie|opdrachtnemer|leverancier|dienstverlener|aanbieder|opdrachtgever|afnemer|klant|contractant|[\p{L}&.-]+ (?:b\.?v\.?|n\.?v\.?))\b/u;

function roleOf(words: string[]): "supplier" | "customer" | null {
  const folded = words.map((w) => foldWord(w.trim()));
  if (folded.some((w) => SUPPLIER_WORDS.has(w) && ["we", "us", "our", "wij", "ons", "onze"].includes(w))) return "supplier";
  if (folded.some((w) => ["you", "your", "u", "uw"].includes(w))) return "customer";
  return null;
}

/** Only the first part of a document defines the parties; looking further costs time and invites noise. */
const DEFINITION_WINDOW = 60_000;

export function detectPartyNames(text: string): { supplier: TermList; customer: TermList } {
  const head = text.slice(0, DEFINITION_WINDOW);
  const supplier = new Set<string>();
  const customer = new Set<string>();
  PAREN_RE.lastIndex = 0;
  for (let m = PAREN_RE.exec(head); m !== null; m = PAREN_RE.exec(head)) {
    const names = [...m[1].matchAll(QUOTED_RE)].map((q) => q[1].trim()).filter((n) => n.length > 1);
    if (names.length === 0) continue;
    const role = roleOf(names);
    if (!role) continue;
    for (const name of names) {
      const f = foldWord(name);
      if (SUPPLIER_WORDS.has(f) || CUSTOMER_WORDS.has(f)) continue;
      (role === "supplier" ? supplier : customer).add(name);
    }
  }
  DEFINITION_RE.lastIndex = 0;
  for (let m = DEFINITION_RE.exec(head); m !== null; m = DEFINITION_RE.exec(head)) {
    const term = m[1].trim();
    const definition = foldWord(m[2]);
    const f = foldWord(term);
    if (SUPPLIER_WORDS.has(f) || CUSTOMER_WORDS.has(f) || term.split(/\s+/).length > 3) continue;
    // Only a definition of a party names one ("Wederpartij: de Opdrachtnemer met wie …"); most
    // definitions merely mention the parties ("Onderhoud: door Opdrachtnemer uit te voeren …").
    if (!DEFINES_A_PARTY.test(definition)) continue;
    // "Gebruiker: de partij die deze voorwaarden hanteert" = the supplier in Dutch general terms (BW 6:231).
    if (/\b(gebruiker van (deze|de) (algemene )?voorwaarden|die (deze )?(algemene )?voorwaarden (hanteert|gebruikt)|opdrachtnemer|leverancier|dienstverlener)\b/.test(definition) && !/\bopdrachtgever\b/.test(definition.slice(0, 40)))
      supplier.add(term);
    else if (/\b(wederpartij van|opdrachtgever|afnemer|de klant|natuurlijke persoon of rechtspersoon die)\b/.test(definition))
      customer.add(term);
  }
  const toList = (s: Set<string>): TermList => ({ en: [...s], nl: [] });
  return { supplier: toList(supplier), customer: toList(customer) };
}

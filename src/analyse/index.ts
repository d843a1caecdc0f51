/**
 * Document → Annotated: units with the concepts they mention, and for any concept occurrence
 * the modality, subject and exceptions of the clause around it (clauseAt). Pure: the same
 * document and lexicon always give the same annotation.
 */
import type { ParsedDocument } from "../parse/types.js";
import type { Modality, Subject } from "../playbook/schema.js";
import { foldCase } from "./casefold.js";
import {
  buildMatcher,
  type CompiledLexicon,
  type ConceptMatch,
  GRAMMAR,
  matchConcepts,
  matchRegexConcepts,
} from "./lexicon.js";
import { detectPartyNames } from "./parties.js";
import { type Token, tokenIndexAt, tokenize } from "./tokens.js";
import { type Unit, splitUnits } from "./units.js";
import { DEFAULT_FX_TO_EUR, type UnitValues, valuesOfFolded } from "./values.js";

export interface AnnotatedUnit extends Unit {
  tokenStart: number;
  tokenEnd: number;
  /** Concept matches in [start, end) of this unit only. */
  matches: ConceptMatch[];
  /**
   * Concepts of the unit as rules see it: its own, plus those of the lead-in sentence it is a
   * list item of ("Processor shall:" + "(a) notify …"). Items never see each other.
   */
  concepts: ReadonlySet<string>;
  /** Values of the unit's own text plus those of its lead-in. */
  values: UnitValues;
  /** A non-benign exception marker occurs (in the unit or its lead-in). */
  hasException: boolean;
  hasBenignException: boolean;
  /** For a lead-in ending in ":": the list items under it. */
  continuation: number[];
  /** For a list item: the lead-in sentence it continues. */
  leadIn: number | null;
  /** A heading, or a short title typed as a clause ("13. Suspension"): it names a topic and grants nothing. */
  titleLike: boolean;
}

export interface Annotated {
  doc: ParsedDocument;
  tokens: Token[];
  units: AnnotatedUnit[];
  /** Units per concept, for fast rule evaluation. */
  unitsByConcept: Map<string, number[]>;
  partyNames: { supplier: string[]; customer: string[] };
}

export interface ClauseReading {
  modality: Modality;
  subject: Subject;
  negated: boolean;
  modalStart: number | null;
}

const GRAMMAR_IDS = new Set<string>(Object.values(GRAMMAR));

/** Words after a party name that make it a modifier ("Customer Data"), not the actor. */
const NOUN_AFTER_PARTY = new Set([
  "content", "data", "information", "materials", "material", "input", "inputs", "output", "outputs", "account",
  "accounts", "s", "personal", "confidential", "feedback", "prompts", "files", "property", "systems", "environment",
  "gegevens", "persoonsgegevens", "informatie", "materialen", "materiaal", "content", "account", "data", "bestanden",
  "affiliates", "group", "entities", "policies", "policy", "terms", "portal", "platform", "services", "service",
  "dpa", "agreement", "order", "orders", "privacy", "api", "platform's", "'s",
]);
const PASSIVE_AUX = new Set(["be", "been", "being", "is", "are", "worden", "wordt", "zijn", "werd", "werden", "get"]);
const AGENT_MARK = new Set(["by", "door"]);
const COORDINATORS = new Set(["and", "or", "en", "of"]);
/** Dutch finite verbs that start an inverted main clause ("kan Opdrachtgever …"). */
const DUTCH_FINITE = new Set(["kan", "kunnen", "mag", "mogen", "zal", "zullen", "moet", "moeten", "dient", "dienen", "heeft", "hebben", "is", "zijn", "verleent", "behoudt"]);
const RELATIVE = new Set(["that", "which", "who", "whom", "die", "dat", "welke", "wat"]);
const COPULA = new Set(["is", "are", "was", "were", "does", "do", "did", "has", "have", "wordt", "worden", "zijn", "werd", "heeft", "hebben"]);
/** Words that open a conditional clause in front of the main clause. */
const CONDITIONAL_OPENERS = new Set(["if", "where", "when", "whenever", "unless", "should", "once", "in", "upon"]);
const SEGMENT_WORDS = new Set(["but", "however", "whereas", "maar", "echter", "doch", "terwijl"]);

export interface AnalyseOptions {
  fx?: Record<string, number>;
}

export function analyseDocument(doc: ParsedDocument, lexicon: CompiledLexicon, options: AnalyseOptions = {}): Annotated {
  const tokens = tokenize(doc.text);
  const units = splitUnits(doc);
  const names = detectPartyNames(doc.text);
  const partyMatcher =
    names.supplier.en.length + names.customer.en.length > 0
      ? buildMatcher(
          new Map([
            [GRAMMAR.supplier, names.supplier],
            [GRAMMAR.customer, names.customer],
          ]),
        )
      : null;
  const folded = foldCase(doc.text);
  const regexMatches = matchRegexConcepts(
    lexicon,
    folded,
    units.map((u) => [u.start, u.end] as const),
  );
  const fx = options.fx ?? DEFAULT_FX_TO_EUR;

  const annotated: AnnotatedUnit[] = units.map((unit) => {
    const tokenStart = tokenIndexAt(tokens, unit.start);
    const tokenEnd = tokenIndexAt(tokens, unit.end);
    const matches = matchConcepts(lexicon, tokens, tokenStart, tokenEnd);
    if (partyMatcher) matches.push(...matchConcepts(partyMatcher, tokens, tokenStart, tokenEnd));
    return {
      ...unit,
      tokenStart,
      tokenEnd,
      matches,
      concepts: new Set<string>(),
      values: {},
      hasException: false,
      hasBenignException: false,
      continuation: [],
      leadIn: null,
      titleLike: isTitleLike(doc, unit, tokenEnd - tokenStart, matches),
    };
  });

  // Regex concept matches belong to the unit that contains their start.
  const starts = annotated.map((u) => u.start);
  for (const rm of regexMatches) {
    const u = upperBound(starts, rm.start) - 1;
    if (u < 0 || rm.start >= annotated[u].end) continue;
    const ts = tokenIndexAt(tokens, rm.start);
    const te = Math.max(ts + 1, tokenIndexAt(tokens, rm.end));
    annotated[u].matches.push({ concept: rm.concept, tokenStart: ts, tokenEnd: te, start: rm.start, end: rm.end, term: rm.term });
  }

  for (const unit of annotated) unit.matches.sort((a, b) => a.tokenStart - b.tokenStart || b.tokenEnd - a.tokenEnd);

  for (const unit of annotated) {
    if (unit.extEnd <= unit.end) continue;
    // The first unit of each item (splitUnits took only those into extEnd), or the units of an inline enumeration.
    let lastBlock = unit.blockIndex;
    for (let v = unit.index + 1; v < annotated.length && annotated[v].start < unit.extEnd; v++) {
      const sameBlock = annotated[v].blockIndex === unit.blockIndex;
      if (!sameBlock && annotated[v].blockIndex === lastBlock) continue;
      lastBlock = annotated[v].blockIndex;
      unit.continuation.push(v);
      annotated[v].leadIn = unit.index;
    }
  }
  // Each unit's own reading first, then list items take their lead-in's along.
  const own = annotated.map((unit) => {
    const exceptions = readExceptions(unit.matches);
    const values = valuesOfFolded(folded.slice(unit.start, unit.end), fx);
    return { concepts: new Set(unit.matches.map((m) => m.concept)), values, ...exceptions };
  });
  for (const unit of annotated) {
    const mine = own[unit.index];
    const lead = unit.leadIn === null ? null : own[unit.leadIn];
    const concepts = lead ? new Set([...lead.concepts, ...mine.concepts]) : mine.concepts;
    unit.concepts = concepts;
    unit.hasException = mine.broad || (lead?.broad ?? false);
    unit.hasBenignException = mine.benign || (lead?.benign ?? false);
    unit.values = lead ? mergeValues(lead.values, mine.values) : mine.values;
    const jurisdictions = new Set<string>();
    if (concepts.has("jurisdiction-nl")) jurisdictions.add("nl");
    if (concepts.has("jurisdiction-foreign")) jurisdictions.add("foreign");
    if (concepts.has("jurisdiction-residence")) jurisdictions.add("residence");
    if (jurisdictions.size) unit.values.jurisdiction = [...jurisdictions];
  }

  const unitsByConcept = new Map<string, number[]>();
  for (const unit of annotated) {
    for (const c of unit.concepts) {
      if (GRAMMAR_IDS.has(c) && c !== GRAMMAR.reference && c !== GRAMMAR.exception) continue;
      const list = unitsByConcept.get(c);
      if (list) list.push(unit.index);
      else unitsByConcept.set(c, [unit.index]);
    }
  }
  return { doc, tokens, units: annotated, unitsByConcept, partyNames: { supplier: names.supplier.en, customer: names.customer.en } };
}

const MODAL_IDS = new Set<string>([GRAMMAR.obligation, GRAMMAR.permission, GRAMMAR.prohibition]);

/** Headings, and clause titles of at most five words without a closing stop or a modal verb of the lexicon. */
function isTitleLike(doc: ParsedDocument, unit: Unit, words: number, matches: readonly ConceptMatch[]): boolean {
  if (doc.blocks[unit.blockIndex]?.kind === "heading") return true;
  if (words > 5) return false;
  const text = doc.text.slice(unit.start, unit.end).trimEnd();
  return !/[.;:!?,]["”’)]?$/.test(text) && !matches.some((m) => MODAL_IDS.has(m.concept));
}

function mergeValues(x: UnitValues, y: UnitValues): UnitValues {
  const out: UnitValues = { ...x };
  for (const [k, list] of Object.entries(y) as [keyof UnitValues, (number | string)[]][]) out[k] = [...(out[k] ?? []), ...list];
  return out;
}

function upperBound(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** An exception is benign when what follows the marker only defers to the law or the customer's choice. */
function readExceptions(matches: ConceptMatch[]): { broad: boolean; benign: boolean } {
  const markers = matches.filter((m) => m.concept === GRAMMAR.exception);
  const benigns = matches.filter((m) => m.concept === GRAMMAR.benign);
  let broad = false;
  let benign = false;
  for (const marker of markers) {
    const isBenign = benigns.some((b) => b.tokenStart >= marker.tokenStart && b.tokenStart <= marker.tokenEnd + 10);
    if (isBenign) benign = true;
    else broad = true;
  }
  return { broad, benign };
}

/** Matches a rule sees in a unit: the lead-in's (for a list item) and the unit's own, in token order. */
export function unitMatches(a: Annotated, unit: AnnotatedUnit): ConceptMatch[] {
  if (unit.leadIn === null) return unit.matches;
  return [...a.units[unit.leadIn].matches, ...unit.matches];
}

/** The unit whose own text holds a match of `unitMatches(a, unit)`. */
export function ownerOf(a: Annotated, unit: AnnotatedUnit, m: ConceptMatch): AnnotatedUnit {
  return unit.leadIn !== null && m.tokenStart < unit.tokenStart ? a.units[unit.leadIn] : unit;
}

function segmentBreakBefore(a: Annotated, t: number): boolean {
  if (t <= 0) return true;
  const gap = a.doc.text.slice(a.tokens[t - 1].end, a.tokens[t].start);
  if (/[;:\n]/.test(gap)) return true;
  return SEGMENT_WORDS.has(a.tokens[t].norm) && /,|\s-\s|—/.test(gap);
}

/**
 * How the clause around a concept occurrence reads: who must / may / must not do it.
 * Works on the segment of the sentence that holds the concept (split at ; : and ", but").
 */
export function clauseAt(a: Annotated, unit: AnnotatedUnit, anchor: ConceptMatch): ClauseReading {
  const owner = ownerOf(a, unit, anchor);
  const reading = readSegment(a, owner, anchor.tokenStart, anchor.tokenEnd, anchor);
  // A list item without a modal verb of its own continues its lead-in: "Processor shall: (a) notify …".
  if (reading.modalStart === null && owner.leadIn !== null) {
    const lead = a.units[owner.leadIn];
    const end = Math.max(lead.tokenStart, lead.tokenEnd - 1);
    const inherited = readSegment(a, lead, end, end + 1, null);
    if (inherited.modalStart !== null)
      return {
        ...inherited,
        modality: reading.negated ? "prohibition" : inherited.modality,
        negated: reading.negated || inherited.negated,
        subject: reading.subject !== "unknown" ? reading.subject : inherited.subject,
      };
  }
  return reading;
}

/**
 * Reads the segment of `unit` around tokens [from, to) (split at ; : and ", but"). With an
 * anchor, the modal verb nearest before it governs; without one (a lead-in's last segment),
 * the last modal verb of the segment does.
 */
function readSegment(a: Annotated, unit: AnnotatedUnit, from: number, to: number, anchor: ConceptMatch | null): ClauseReading {
  const lo = unit.tokenStart;
  const hi = Math.max(unit.tokenEnd, to);
  let segStart = from;
  while (segStart > lo && !segmentBreakBefore(a, segStart)) segStart--;
  let segEnd = to;
  while (segEnd < hi && !segmentBreakBefore(a, segEnd)) segEnd++;
  const pivot = anchor ?? ({ tokenStart: to, tokenEnd: to } as ConceptMatch);

  const matches = unit.matches.filter((m) => m.tokenStart >= segStart && m.tokenStart < segEnd);
  const before = (m: ConceptMatch) => m.tokenStart < pivot.tokenStart;
  const modals = matches.filter(
    (m) => m.concept === GRAMMAR.obligation || m.concept === GRAMMAR.permission || m.concept === GRAMMAR.prohibition,
  );
  let modal = [...modals].reverse().find(before) ?? null;
  if (!modal && anchor) modal = modals.find((m) => m.tokenStart >= anchor.tokenEnd && m.tokenStart - anchor.tokenEnd <= 8) ?? null;
  const prohibitionPhrase = matches.some((m) => m.concept === GRAMMAR.prohibition && before(m));

  // A negation inside a relative clause ("content that is not personal data") qualifies a noun;
  // it does not negate the clause.
  const negations = matches.filter(
    (m) => m.concept === GRAMMAR.negation && !RELATIVE.has(a.tokens[m.tokenStart - 1]?.norm ?? "") && !RELATIVE.has(a.tokens[m.tokenStart - 2]?.norm ?? ""),
  );
  const windowStart = modal && modal.tokenStart < pivot.tokenStart ? modal.tokenStart - 1 : segStart;
  const windowEnd = modal && modal.tokenStart > pivot.tokenStart ? modal.tokenEnd + 2 : pivot.tokenStart;
  const negated =
    prohibitionPhrase ||
    negations.some(
      (n) =>
        (n.tokenStart >= windowStart && n.tokenStart < windowEnd) ||
        // Dutch puts "niet" after the object: "zal de gegevens niet gebruiken".
        (anchor !== null &&
          n.tokenStart >= anchor.tokenEnd &&
          n.tokenStart - anchor.tokenEnd <= 2 &&
          (a.tokens[n.tokenStart].norm === "niet" || a.tokens[n.tokenStart].norm === "geen")) ||
        // No modal verb, negated copula right after the concept: "Logs are not available".
        (anchor !== null &&
          !modal &&
          n.tokenStart === anchor.tokenEnd + 1 &&
          COPULA.has(a.tokens[anchor.tokenEnd]?.norm ?? "")),
    );

  let modality: Modality;
  if (negated) modality = "prohibition";
  else if (!modal) modality = "statement";
  else if (modal.concept === GRAMMAR.prohibition) modality = "prohibition";
  else modality = modal.concept === GRAMMAR.obligation ? "obligation" : "permission";

  return { modality, subject: subjectOf(a, matches, modal, pivot, segStart), negated, modalStart: modal?.tokenStart ?? null };
}

function subjectOf(
  a: Annotated,
  matches: ConceptMatch[],
  modal: ConceptMatch | null,
  anchor: ConceptMatch,
  segStart: number,
): Subject {
  const parties = matches.filter((m) => m.concept === GRAMMAR.supplier || m.concept === GRAMMAR.customer);
  // "grant us", "verleent ons": the party inside the modal phrase is the one who may act.
  if (modal) {
    const inside = parties.find((p) => p.tokenStart >= modal.tokenStart && p.tokenEnd <= modal.tokenEnd);
    if (inside) return inside.concept === GRAMMAR.supplier ? "supplier" : "customer";
  }
  // "Supplier shall defend Customer … and shall indemnify Customer": a coordinated modal verb
  // shares the subject of the first one, so look for the subject before that one.
  let governing = modal;
  const modalsBefore = matches.filter(
    (m) => (m.concept === GRAMMAR.obligation || m.concept === GRAMMAR.permission || m.concept === GRAMMAR.prohibition) && m.tokenStart >= segStart,
  );
  while (governing && COORDINATORS.has(a.tokens[governing.tokenStart - 1]?.norm ?? "")) {
    const start: number = governing.tokenStart;
    const previous: ConceptMatch | undefined = [...modalsBefore].reverse().find((m) => m.tokenEnd <= start - 1);
    if (!previous) break;
    governing = previous;
  }
  const pivot = governing && governing.tokenStart < anchor.tokenStart ? governing.tokenStart : anchor.tokenStart;
  // Passive voice: "will be used by us" → the agent; without an agent the actor is unknown.
  if (modal) {
    const next = a.tokens[modal.tokenEnd]?.norm;
    const next2 = a.tokens[modal.tokenEnd + 1]?.norm;
    const passive = PASSIVE_AUX.has(next ?? "") || (next === "not" && PASSIVE_AUX.has(next2 ?? ""));
    if (passive) {
      const agent = parties.find((p) => p.tokenStart > modal.tokenStart && p.tokenStart > 0 && AGENT_MARK.has(a.tokens[p.tokenStart - 1].norm));
      if (agent) return agent.concept === GRAMMAR.supplier ? "supplier" : "customer";
    }
  }
  const candidates = parties.filter(
    (p) => p.tokenStart >= segStart && p.tokenStart < pivot && !NOUN_AFTER_PARTY.has(a.tokens[p.tokenEnd]?.norm ?? ""),
  );
  // Skip objects of prepositions ("to you", "aan Opdrachtgever"): the subject is not governed by one.
  const subjectLike = candidates.filter((p) => {
    const prev = a.tokens[p.tokenStart - 1]?.norm;
    const prevIsArticle = prev === "the" || prev === "de" || prev === "het";
    const before = prevIsArticle ? a.tokens[p.tokenStart - 2]?.norm : prev;
    return !["to", "for", "with", "from", "of", "by", "aan", "voor", "met", "van", "door", "tegen", "against", "on", "upon"].includes(before ?? "");
  });
  let pick: ConceptMatch | null = subjectLike[subjectLike.length - 1] ?? null;
  // "If … Customer has not paid …, Acme may suspend": a party inside a fronted conditional
  // clause (the segment opens with "if", and a comma stands between the party and the verb) is
  // not the subject; the subject is then a name we do not know.
  if (
    pick &&
    governing &&
    governing.tokenStart > pick.tokenStart &&
    CONDITIONAL_OPENERS.has(a.tokens[segStart]?.norm ?? "") &&
    /,/.test(a.doc.text.slice(a.tokens[pick.tokenEnd - 1].end, a.tokens[governing.tokenStart].start))
  ) {
    pick = null;
  }
  // Dutch inversion: "Indien Opdrachtnemer tekortschiet, kan Opdrachtgever ontbinden" — after a
  // fronted clause (or with nothing before it) the party right after the finite verb is the subject.
  if (governing && governing.tokenStart < anchor.tokenStart && DUTCH_FINITE.has(a.tokens[governing.tokenStart].norm)) {
    const verb = governing;
    // Fronted: a clause ends in a comma before the verb ("Indien …, kan Opdrachtgever"), or the verb
    // opens the segment. A name we do not know standing right before the verb is the subject itself
    // ("Acme zal Klant verdedigen").
    const fronted = pick
      ? /,/.test(a.doc.text.slice(a.tokens[pick.tokenEnd - 1].end, a.tokens[verb.tokenStart].start))
      : verb.tokenStart <= segStart || /,\s*$/.test(a.doc.text.slice(a.tokens[segStart].start, a.tokens[verb.tokenStart].start));
    const inverted = parties.find((p) => {
      const gap = p.tokenStart - verb.tokenEnd;
      const article = gap === 1 && ["de", "het"].includes(a.tokens[verb.tokenEnd]?.norm ?? "");
      return (gap === 0 || article) && !NOUN_AFTER_PARTY.has(a.tokens[p.tokenEnd]?.norm ?? "");
    });
    if (fronted && inverted) return inverted.concept === GRAMMAR.supplier ? "supplier" : "customer";
  }
  if (!pick) return "unknown";
  if (modal && pick.tokenStart < modal.tokenStart) {
    const next = a.tokens[modal.tokenEnd]?.norm;
    if (PASSIVE_AUX.has(next ?? "") && next !== "is" && next !== "are") return "unknown";
  }
  return pick.concept === GRAMMAR.supplier ? "supplier" : "customer";
}

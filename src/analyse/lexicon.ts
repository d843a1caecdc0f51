/**
 * Compiles term lists (docs/playbook.md: words, `word*` prefixes, `~` gaps, `/regex/`) into a
 * matcher that finds every concept occurrence in a token stream in one pass.
 */
import type { LexiconSpec, TermList } from "../playbook/schema.js";
import { CaseFoldError, foldedRegExp } from "./casefold.js";
import { foldWord, tokenize, type Token } from "./tokens.js";

/** Up to this many words may stand in a `~` gap. */
const GAP_WORDS = 3;

type Piece = { kind: "word"; text: string; prefix: boolean } | { kind: "gap" };

export interface CompiledTerm {
  concept: string;
  source: string;
  pieces: Piece[];
  /** The exact second word, when the term has one: most candidates fail on it, checked without recursion. */
  second?: string;
}

export interface CompiledRegexTerm {
  concept: string;
  source: string;
  /** Compiled for case-folded text (analyse/casefold.ts): the matches of `/…/giu` on the original. */
  regex: RegExp;
}

export interface ConceptMatch {
  concept: string;
  /** Token indexes, inclusive start, exclusive end. */
  tokenStart: number;
  tokenEnd: number;
  start: number;
  end: number;
  term: string;
}

/** Reserved concept ids the analyser uses for grammar; rules may use them too. */
export const GRAMMAR = {
  supplier: "party:supplier",
  customer: "party:customer",
  obligation: "modal:obligation",
  permission: "modal:permission",
  negation: "modal:negation",
  prohibition: "modal:prohibition",
  exception: "exception",
  benign: "exception:benign",
  reference: "reference",
} as const;

export interface CompiledLexicon {
  concepts: ReadonlySet<string>;
  /** Terms keyed by their first word (exact) … */
  byFirstWord: Map<string, CompiledTerm[]>;
  /** … or by the first three letters of a prefix first word. */
  byPrefix3: Map<string, CompiledTerm[]>;
  /** Prefix first words shorter than three letters (checked on every token). */
  shortPrefixes: CompiledTerm[];
  regexTerms: CompiledRegexTerm[];
  /** The term lists as given, for reports ("searched for …"). */
  termsOf: Map<string, TermList>;
}

export class LexiconError extends Error {
  constructor(
    message: string,
    readonly concept: string,
  ) {
    super(message);
  }
}

function compileTerm(concept: string, source: string): CompiledTerm | CompiledRegexTerm {
  const trimmed = source.trim();
  if (trimmed.length > 2 && trimmed.startsWith("/") && trimmed.endsWith("/")) {
    try {
      new RegExp(trimmed.slice(1, -1), "giu");
      return { concept, source, regex: foldedRegExp(trimmed.slice(1, -1)) };
    } catch (e) {
      const why = e instanceof CaseFoldError ? e.message : (e as Error).message;
      throw new LexiconError(`concept "${concept}": invalid regular expression ${trimmed}: ${why}`, concept);
    }
  }
  const pieces: Piece[] = [];
  for (const raw of trimmed.split(/\s+/)) {
    if (raw === "~") {
      pieces.push({ kind: "gap" });
      continue;
    }
    const prefix = raw.endsWith("*");
    const words = tokenize(prefix ? raw.slice(0, -1) : raw).map((t) => t.norm);
    if (words.length === 0) throw new LexiconError(`concept "${concept}": term "${source}" has no words`, concept);
    words.forEach((w, i) => {
      pieces.push({ kind: "word", text: w, prefix: prefix && i === words.length - 1 });
    });
  }
  if (pieces[0].kind === "gap" || pieces[pieces.length - 1].kind === "gap")
    throw new LexiconError(`concept "${concept}": term "${source}" may not start or end with ~`, concept);
  const second = pieces[1];
  if (second?.kind === "word" && !second.prefix) return { concept, source, pieces, second: second.text };
  return { concept, source, pieces };
}

export function compileLexicon(spec: LexiconSpec, extra: Record<string, TermList> = {}): CompiledLexicon {
  const termsOf = new Map<string, TermList>();
  const add = (id: string, list: TermList) => {
    const prev = termsOf.get(id);
    termsOf.set(id, prev ? { en: [...prev.en, ...list.en], nl: [...prev.nl, ...list.nl] } : list);
  };
  add(GRAMMAR.supplier, spec.parties.supplier);
  add(GRAMMAR.customer, spec.parties.customer);
  add(GRAMMAR.obligation, spec.modality.obligation);
  add(GRAMMAR.permission, spec.modality.permission);
  add(GRAMMAR.negation, spec.modality.negation);
  add(GRAMMAR.prohibition, spec.modality.prohibition);
  add(GRAMMAR.exception, spec.exceptions.markers);
  add(GRAMMAR.benign, spec.exceptions.benign);
  add(GRAMMAR.reference, spec.references);
  for (const [id, list] of Object.entries(spec.concepts)) add(id, list);
  for (const [id, list] of Object.entries(extra)) add(id, list);
  return buildMatcher(termsOf);
}

/** Builds the matcher for a set of term lists (the playbook's lexicon, or a document's own party names). */
export function buildMatcher(termsOf: Map<string, TermList>): CompiledLexicon {
  const byFirstWord = new Map<string, CompiledTerm[]>();
  const byPrefix3 = new Map<string, CompiledTerm[]>();
  const shortPrefixes: CompiledTerm[] = [];
  const regexTerms: CompiledRegexTerm[] = [];
  for (const [concept, list] of termsOf) {
    for (const source of new Set([...list.en, ...list.nl])) {
      const term = compileTerm(concept, source);
      if ("regex" in term) {
        regexTerms.push(term);
        continue;
      }
      const first = term.pieces[0] as Extract<Piece, { kind: "word" }>;
      if (!first.prefix) pushTo(byFirstWord, first.text, term);
      else if (first.text.length >= 3) pushTo(byPrefix3, first.text.slice(0, 3), term);
      else shortPrefixes.push(term);
    }
  }
  return { concepts: new Set(termsOf.keys()), byFirstWord, byPrefix3, shortPrefixes, regexTerms, termsOf };
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function wordMatches(piece: Extract<Piece, { kind: "word" }>, token: Token): boolean {
  return piece.prefix ? token.norm.startsWith(piece.text) : token.norm === piece.text;
}

/** Tries to match `term` starting at token i; returns the exclusive end token index or -1. */
function matchAt(term: CompiledTerm, tokens: readonly Token[], i: number, limit: number): number {
  return matchPieces(term.pieces, 0, tokens, i, limit);
}

function matchPieces(pieces: Piece[], p: number, tokens: readonly Token[], i: number, limit: number): number {
  if (p === pieces.length) return i;
  const piece = pieces[p];
  if (piece.kind === "gap") {
    for (let skip = 0; skip <= GAP_WORDS; skip++) {
      if (i + skip >= limit) break;
      const end = matchPieces(pieces, p + 1, tokens, i + skip, limit);
      if (end >= 0) return end;
    }
    return -1;
  }
  if (i >= limit || !wordMatches(piece, tokens[i])) return -1;
  return matchPieces(pieces, p + 1, tokens, i + 1, limit);
}

/**
 * Every concept occurrence in tokens[from, to). Matches never cross `to`, so callers pass
 * unit boundaries. Linear in the number of tokens times the (small) number of terms per first word.
 */
export function matchConcepts(
  lexicon: CompiledLexicon,
  tokens: readonly Token[],
  from = 0,
  to = tokens.length,
): ConceptMatch[] {
  const out: ConceptMatch[] = [];
  for (let i = from; i < to; i++) {
    const entry = candidatesFor(lexicon, tokens[i].norm);
    if (entry === null) continue;
    // Frequent first words ("not", "niet", "in") have dozens of terms; the second word rules most out.
    const next = i + 1 < to ? tokens[i + 1].norm : null;
    const list = (next !== null && entry.bySecond.get(next)) || entry.open;
    if (list.length) matchList(list, tokens, i, to, next, out);
  }
  return out;
}

/**
 * Terms that may start at a word (exact first word, then three-letter prefix, then short
 * prefixes), in that order, split by their second word: `bySecond.get(w)` holds the terms whose
 * second word is w plus those without a fixed second word (`open`), in the original order.
 */
interface Candidates {
  bySecond: Map<string, CompiledTerm[]>;
  open: CompiledTerm[];
}
const candidateCache = new WeakMap<CompiledLexicon, Map<string, Candidates | null>>();
const CANDIDATE_CACHE_LIMIT = 100_000;

function candidatesFor(lexicon: CompiledLexicon, norm: string): Candidates | null {
  let cache = candidateCache.get(lexicon);
  if (!cache) {
    cache = new Map();
    candidateCache.set(lexicon, cache);
  }
  let entry = cache.get(norm);
  if (entry !== undefined) return entry;
  const all = [
    ...(lexicon.byFirstWord.get(norm) ?? []),
    ...(norm.length >= 3 ? (lexicon.byPrefix3.get(norm.slice(0, 3)) ?? []) : []),
    ...lexicon.shortPrefixes,
  ];
  entry = null;
  if (all.length) {
    const bySecond = new Map<string, CompiledTerm[]>();
    for (const second of new Set(all.map((t) => t.second))) {
      if (second !== undefined) bySecond.set(second, all.filter((t) => t.second === undefined || t.second === second));
    }
    entry = { bySecond, open: all.filter((t) => t.second === undefined) };
  }
  if (cache.size >= CANDIDATE_CACHE_LIMIT) cache.clear();
  cache.set(norm, entry);
  return entry;
}

function matchList(list: CompiledTerm[], tokens: readonly Token[], i: number, to: number, next: string | null, out: ConceptMatch[]): void {
  for (const term of list) {
    if (term.second !== undefined && term.second !== next) continue;
    const end = matchAt(term, tokens, i, to);
    if (end > i)
      out.push({
        concept: term.concept,
        tokenStart: i,
        tokenEnd: end,
        start: tokens[i].start,
        end: tokens[end - 1].end,
        term: term.source,
      });
  }
}

/**
 * Regex terms, run on each range (the units: sentences) of the text, which the caller has
 * case-folded (foldCase). Like word terms, a match never crosses a range: a heading
 * "Liability" must not reach into the clause below it and take that clause's match.
 */
export function matchRegexConcepts(
  lexicon: CompiledLexicon,
  foldedText: string,
  ranges: readonly (readonly [number, number])[],
): { concept: string; start: number; end: number; term: string }[] {
  const out: { concept: string; start: number; end: number; term: string }[] = [];
  for (const [from, to] of ranges) {
    const text = foldedText.slice(from, to);
    for (const term of lexicon.regexTerms) {
      term.regex.lastIndex = 0;
      for (let m = term.regex.exec(text); m !== null; m = term.regex.exec(text)) {
        if (m[0].length === 0) {
          term.regex.lastIndex++;
          continue;
        }
        out.push({ concept: term.concept, start: from + m.index, end: from + m.index + m[0].length, term: term.source });
      }
    }
  }
  return out;
}

export { foldWord };

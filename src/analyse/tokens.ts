/**
 * Word tokens with offsets into the original text. Matching is on a folded form
 * (lower case, accents removed) so "Verwerkingsverantwoordelijke" and "verwerkingsverantwoordelijke",
 * "één" and "een" compare equal, while evidence offsets stay on the original text.
 */
export interface Token {
  /** Folded form: lower case, no diacritics, curly apostrophes straightened. */
  norm: string;
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

export function foldWord(word: string): string {
  return word.normalize("NFD").replace(/\p{M}+/gu, "").replace(/’/g, "'").toLowerCase();
}

/** Folding normalises (NFD) every word; a document repeats its words, so each is folded once. */
const FOLD_CACHE_LIMIT = 50_000;

export function tokenize(text: string, offset = 0): Token[] {
  const tokens: Token[] = [];
  const folded = new Map<string, string>();
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    const word = m[0];
    let norm = folded.get(word);
    if (norm === undefined) {
      norm = foldWord(word);
      if (folded.size >= FOLD_CACHE_LIMIT) folded.clear();
      folded.set(word, norm);
    }
    tokens.push({ norm, start: offset + m.index, end: offset + m.index + word.length });
  }
  return tokens;
}

/** Index of the first token whose start is >= pos (binary search). */
export function tokenIndexAt(tokens: readonly Token[], pos: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tokens[mid].start < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

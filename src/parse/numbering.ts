/**
 * Clause numbers at the start of a block ("7.2", "Artikel 12", "(a)", "§ 3", "A.1.") and the
 * section each block belongs to. All patterns are anchored and bounded, so matching is linear.
 */

export type NumberStyle =
  | "keyword" // Artikel 7, Article 7, Bijlage B
  | "paragraph-sign" // § 3
  | "decimal-path" // 7.2, 7.2.1 (absolute path)
  | "decimal" // 7.  7)  and "7" in headings
  | "letter-path" // A.1, A.3.2 (absolute path)
  | "paren-decimal" // (1)
  | "paren-lower" // (a)
  | "paren-roman" // (i)
  | "paren-upper" // (A)
  | "lower" // a.  a)
  | "lower-roman" // iv.  iv)
  | "upper" // A.  A)
  | "upper-roman"; // IV.

export interface ClauseNumber {
  style: NumberStyle;
  /** The token as written, without brackets or trailing dot: "7.2", "a", "iv", "12". */
  token: string;
  /** Keyword for the keyword style ("Artikel", "Article", "§"). */
  keyword?: string;
  /** Position in its sequence (a=1, iv=4, 7.2 → 2); used to recognise siblings. */
  ordinal: number;
  /** Characters of the block text taken by the number (and the separator after it). */
  length: number;
}

const KEYWORDS =
  /^(Artikel|Article|Art\.|Clause|Section|Sectie|Hoofdstuk|Chapter|Bijlage|Annex|Appendix|Schedule|Annexe|Part|Deel)\s+(\d{1,3}[a-z]?|[IVXLC]{1,6}|[A-Z])(?:\.(?!\d))?(?=[\s:.\-–—]|$)/;
const PARAGRAPH_SIGN = /^§\s*(\d{1,3}[a-z]?)\.?(?=\s|$)/;
const DECIMAL = /^(\d{1,3})((?:\.\d{1,3}){0,5})(\.?)(?=\s|$)/;
const DECIMAL_PAREN = /^(\d{1,3})\)(?=\s|$)/;
const LETTER_PATH = /^([A-Z])((?:\.\d{1,3}){1,5})\.?(?=\s|$)/;
const PAREN = /^\((\d{1,3}|[a-z]{1,2}|[ivxlc]{1,6}|[A-Z]|[IVXLC]{1,6})\)(?=\s|$)/;
const LOWER = /^([a-z]|[ivxlc]{1,6})[.)](?=\s)/;
const UPPER = /^([A-Z]|[IVXLC]{1,6})[.)](?=\s)/;
const UPPER_ALONE = /^([A-Z])\.?$/;

const ROMAN_VALUES: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100 };

export function romanToNumber(token: string): number {
  const s = token.toLowerCase();
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const value = ROMAN_VALUES[s[i]] ?? 0;
    const next = ROMAN_VALUES[s[i + 1]] ?? 0;
    total += value < next ? -value : value;
  }
  return total;
}

export function letterOrdinal(token: string): number {
  if (token.length === 1) return token.toLowerCase().charCodeAt(0) - 96;
  // "aa", "bb" style continuation after z
  return 26 + (token.toLowerCase().charCodeAt(0) - 96);
}

function spaceAfter(text: string, at: number): number {
  let i = at;
  while (i < text.length && (text[i] === " " || text[i] === "\t")) i++;
  return i;
}

/**
 * The clause number at the start of `text`, if any. `isHeading` admits forms that are too
 * ambiguous inside running text ("7 Liability", a lone "B").
 */
export function matchClauseNumber(text: string, isHeading = false): ClauseNumber | null {
  // Literal emphasis left over from Markdown ("**7. Title**") does not hide the number.
  let skip = 0;
  while (skip < 3 && (text[skip] === "*" || text[skip] === "_")) skip++;
  if (skip) {
    const inner = matchClauseNumber(text.slice(skip), isHeading);
    return inner ? { ...inner, length: inner.length + skip } : null;
  }
  const head = text.slice(0, 48);
  let m = KEYWORDS.exec(head);
  if (m) {
    const token = m[2];
    const ordinal = /^\d/.test(token) ? Number.parseInt(token, 10) : /^[IVXLC]+$/.test(token) && token.length > 1 ? romanToNumber(token) : letterOrdinal(token);
    return { style: "keyword", keyword: m[1], token, ordinal, length: spaceAfter(text, m[0].length) };
  }
  m = PARAGRAPH_SIGN.exec(head);
  if (m) return { style: "paragraph-sign", keyword: "§", token: m[1], ordinal: Number.parseInt(m[1], 10), length: spaceAfter(text, m[0].length) };
  m = LETTER_PATH.exec(head);
  if (m) {
    const parts = m[2].slice(1).split(".");
    return { style: "letter-path", token: m[1] + m[2], ordinal: Number(parts[parts.length - 1]), length: spaceAfter(text, m[0].length) };
  }
  m = DECIMAL.exec(head);
  if (m) {
    const path = m[1] + m[2];
    const depth = path.split(".").length;
    if (depth >= 2) {
      const parts = path.split(".");
      return { style: "decimal-path", token: path, ordinal: Number(parts[parts.length - 1]), length: spaceAfter(text, m[0].length) };
    }
    // "18 years" must not become clause 18; a bare number needs a dot, except in headings.
    if (m[3] === "." || isHeading) {
      return { style: "decimal", token: m[1], ordinal: Number(m[1]), length: spaceAfter(text, m[0].length) };
    }
    return null;
  }
  m = DECIMAL_PAREN.exec(head);
  if (m) return { style: "decimal", token: m[1], ordinal: Number(m[1]), length: spaceAfter(text, m[0].length) };
  m = PAREN.exec(head);
  if (m) {
    const token = m[1];
    const length = spaceAfter(text, m[0].length);
    if (/^\d/.test(token)) return { style: "paren-decimal", token, ordinal: Number(token), length };
    if (/^[ivxlc]+$/.test(token)) return { style: "paren-roman", token, ordinal: romanToNumber(token), length };
    if (/^[a-z]+$/.test(token)) return { style: "paren-lower", token, ordinal: letterOrdinal(token), length };
    if (/^[IVXLC]+$/.test(token) && token.length > 1) return { style: "paren-upper", token, ordinal: romanToNumber(token), length };
    return { style: "paren-upper", token, ordinal: letterOrdinal(token), length };
  }
  m = LOWER.exec(head);
  if (m) {
    const token = m[1];
    const length = spaceAfter(text, m[0].length);
    if (/^[ivxlc]+$/.test(token)) return { style: "lower-roman", token, ordinal: romanToNumber(token), length };
    return { style: "lower", token, ordinal: letterOrdinal(token), length };
  }
  m = UPPER.exec(head);
  if (m) {
    const token = m[1];
    const length = spaceAfter(text, m[0].length);
    if (/^[IVXLC]+$/.test(token)) return { style: "upper-roman", token, ordinal: romanToNumber(token), length };
    return { style: "upper", token, ordinal: letterOrdinal(token), length };
  }
  if (isHeading) {
    m = UPPER_ALONE.exec(head.trim());
    if (m) return { style: "upper", token: m[1], ordinal: letterOrdinal(m[1]), length: text.length };
  }
  return null;
}

/** Letters that are also roman numerals: (i) after (h) is a letter, otherwise a numeral. */
const LETTER_ROMAN_PAIRS: Partial<Record<NumberStyle, NumberStyle>> = {
  "paren-roman": "paren-lower",
  "lower-roman": "lower",
  "upper-roman": "upper",
};

interface Frame {
  style: NumberStyle;
  ordinal: number;
  section: string;
  /** Heading level when the number came from a heading; null for clauses. */
  headingLevel: number | null;
  /** List depth or indentation of the block that opened the frame, when known. */
  indent: number | null;
  /** The numeric article number ("12" for "Artikel 12"), so leden read as 12.1. */
  numericPath: string | null;
}

const MAX_DEPTH = 12;

const CONTAINER_STYLES = new Set<NumberStyle>(["keyword", "paragraph-sign", "upper", "upper-roman"]);

export interface SectionInput {
  isHeading: boolean;
  level: number | null;
  indent: number | null;
  number: ClauseNumber | null;
}

/**
 * Keeps the stack of open numbers while blocks arrive in text order and answers which
 * section each block belongs to.
 */
export class SectionTracker {
  private stack: Frame[] = [];

  current(): string | null {
    return this.stack.length ? this.stack[this.stack.length - 1].section : null;
  }

  assign(input: SectionInput): string | null {
    const { isHeading, level } = input;
    if (isHeading) {
      const headingLevel = level ?? 1;
      // A heading closes every clause and every heading at its own level or deeper.
      this.stack = this.stack.filter((f) => f.headingLevel !== null && f.headingLevel < headingLevel);
    }
    const num = input.number ? this.disambiguate(input.number) : null;
    if (!num) {
      // Unnumbered text set back to a shallower indent has left the sub-items above it.
      if (!isHeading && input.indent !== null) {
        while (this.stack.length) {
          const top = this.stack[this.stack.length - 1];
          if (top.headingLevel !== null || top.indent === null || top.indent <= input.indent) break;
          this.stack.pop();
        }
      }
      return this.current();
    }
    const frame = this.place(num, input);
    return frame.section;
  }

  private disambiguate(num: ClauseNumber): ClauseNumber {
    const letterStyle = LETTER_ROMAN_PAIRS[num.style];
    if (!letterStyle) return num;
    const asLetter = num.token.length === 1 ? letterOrdinal(num.token) : 0;
    if (!asLetter) return num;
    const previousLetter = this.findFrame((f) => f.style === letterStyle && f.ordinal === asLetter - 1);
    const previousRoman = this.findFrame((f) => f.style === num.style && f.ordinal === num.ordinal - 1);
    if (previousLetter >= 0 && (previousRoman < 0 || previousLetter > previousRoman)) {
      return { ...num, style: letterStyle, ordinal: asLetter };
    }
    // A lone "C." or "D." with no roman run in progress reads as a letter.
    if (previousRoman < 0 && num.ordinal !== 1 && asLetter <= 4 && num.style === "upper-roman") {
      return { ...num, style: letterStyle, ordinal: asLetter };
    }
    return num;
  }

  private findFrame(test: (f: Frame) => boolean): number {
    for (let i = this.stack.length - 1; i >= 0; i--) if (test(this.stack[i])) return i;
    return -1;
  }

  private push(frame: Omit<Frame, "section" | "numericPath">, own: { section: string; numericPath: string | null }): Frame {
    // Real contracts nest a handful of levels; a cap keeps pathological nesting linear.
    if (this.stack.length >= MAX_DEPTH) return this.stack[this.stack.length - 1];
    const full: Frame = { ...frame, section: own.section, numericPath: own.numericPath };
    this.stack.push(full);
    return full;
  }

  private place(num: ClauseNumber, input: SectionInput): Frame {
    const base = { style: num.style, ordinal: num.ordinal, headingLevel: input.isHeading ? (input.level ?? 1) : null, indent: input.indent };
    switch (num.style) {
      case "keyword":
      case "paragraph-sign": {
        this.stack = this.stack.filter((f) => f.headingLevel !== null && f.style !== num.style && f.style !== "keyword" && f.style !== "paragraph-sign" && (input.level === null || f.headingLevel < (input.level ?? 1)));
        const section = num.style === "keyword" ? `${num.keyword} ${num.token}` : `§ ${num.token}`;
        return this.push(base, { section, numericPath: /^\d+$/.test(num.token) ? num.token : null });
      }
      case "decimal-path":
      case "letter-path": {
        // An absolute number replaces every open clause; articles and annexes stay open.
        const root = num.token.split(".")[0];
        this.stack = this.stack.filter(
          (f) => f.headingLevel !== null && CONTAINER_STYLES.has(f.style) && (f.numericPath === null || f.numericPath === root),
        );
        return this.push(base, { section: num.token, numericPath: num.style === "decimal-path" ? num.token : null });
      }
      default:
        return this.placeRelative(num, input, base);
    }
  }

  private placeRelative(num: ClauseNumber, input: SectionInput, base: Omit<Frame, "section" | "numericPath">): Frame {
    const sameStyle = (f: Frame) => f.style === num.style;
    const indentMatches = (f: Frame) => input.indent === null || f.indent === null || f.indent === input.indent;
    let sibling = this.findFrame((f) => sameStyle(f) && f.ordinal === num.ordinal - 1 && indentMatches(f));
    if (sibling < 0) sibling = this.findFrame((f) => sameStyle(f) && f.ordinal === num.ordinal - 1);
    if (sibling < 0 && num.ordinal > 1) sibling = this.findFrame((f) => sameStyle(f) && f.ordinal < num.ordinal && indentMatches(f));
    if (sibling >= 0) {
      this.stack.length = sibling;
    } else if (input.isHeading || num.ordinal > 1) {
      // A number that starts nowhere hangs under the innermost heading-level frame.
      const keep = this.findFrame((f) => f.headingLevel !== null);
      this.stack.length = keep + 1;
    }
    const parent = this.stack.length ? this.stack[this.stack.length - 1] : null;
    const own = childSection(parent, num);
    return this.push(base, own);
  }
}

function childSection(parent: Frame | null, num: ClauseNumber): { section: string; numericPath: string | null } {
  if (!parent) {
    if (num.style === "decimal") return { section: num.token, numericPath: num.token };
    if (num.style === "upper" || num.style === "upper-roman") return { section: num.token, numericPath: null };
    return { section: `(${num.token})`, numericPath: null };
  }
  if (num.style === "decimal" && parent.numericPath !== null) {
    const path = `${parent.numericPath}.${num.token}`;
    return { section: path, numericPath: path };
  }
  return { section: `${parent.section}(${num.token})`, numericPath: null };
}

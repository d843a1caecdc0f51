/** The structured document every parser produces. All offsets point into `text`. */
export type DocumentFormat = "pdf" | "docx" | "txt" | "md" | "html";
export type Language = "nl" | "en";
export type BlockKind = "heading" | "clause" | "paragraph" | "list-item" | "table-cell";

export interface Block {
  kind: BlockKind;
  /** The article number this block belongs to: "7.2", "B", "A.3", "Artikel 12", "7.2(a)". */
  section: string | null;
  /** Nearest heading above the block (its text, without the number). */
  heading: string | null;
  /** `text.slice(start, end)` is the block's text. */
  start: number;
  end: number;
  /** 1-based page number (PDF only). */
  page: number | null;
  /** Nesting depth for headings and list items (1 = top). */
  level?: number;
}

export interface DocumentInfo {
  name: string;
  sha256: string;
  format: DocumentFormat;
  pages: number | null;
  language: Language;
  characters: number;
}

export interface ParsedDocument extends DocumentInfo {
  text: string;
  blocks: Block[];
  /** Non-fatal notes from the parser (e.g. "table flattened", "3 lines of header removed"). */
  warnings?: string[];
}

export interface ParseOptions {
  /** File name as given by the user; the extension is checked against the sniffed type. */
  name: string;
  /** Refuse files larger than this (bytes). Default 25 MiB. */
  maxBytes?: number;
  /** Abort parsing after this many milliseconds. Default 60 s. */
  timeoutMs?: number;
  /** Refuse DOCX packages whose parts inflate beyond this (bytes). Default 200 MiB. */
  maxInflatedBytes?: number;
}

/**
 * The parse stage: any vendor document → one addressable text with blocks, sections and
 * headings. Formats are detected from the bytes; the name only has to agree.
 */
import { createHash } from "node:crypto";
import { ContractwijzerError } from "../errors.js";
import { buildText, type RawBlock } from "./builder.js";
import { Deadline } from "./deadline.js";
import { parseDocx } from "./docx.js";
import { htmlToBlocks } from "./html.js";
import { detectLanguage } from "./language.js";
import { parseMarkdown } from "./markdown.js";
import { parsePdf } from "./pdf.js";
import type { PdfTextSource } from "./pdf-source.js";
import { formatFromName, sniffFormat } from "./sniff.js";
import { parsePlainText } from "./text.js";
import type { DocumentFormat, ParsedDocument, ParseOptions } from "./types.js";

export { sniffFormat } from "./sniff.js";
export { detectLanguage } from "./language.js";
export type { PdfTextSource, PdfTextDocument, PdfPageText, PdfTextItem } from "./pdf-source.js";
export { pdfjsTextDocument } from "./pdf-source.js";
export type * from "./types.js";

export const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_INFLATED_BYTES = 200 * 1024 * 1024;

/** Extra knobs that are not part of the public ParseOptions (e.g. the Worker's PDF reader). */
export interface ParseRuntime {
  pdfTextSource?: PdfTextSource;
}

const TEXT_FAMILY = new Set<DocumentFormat>(["txt", "md"]);

function resolveFormat(bytes: Uint8Array, name: string): DocumentFormat {
  const sniffed = sniffFormat(bytes);
  const claimed = formatFromName(name);
  if (!sniffed) {
    const hint = /\.(doc|rtf|odt|pages|xls|xlsx|pptx?)$/i.test(name) ? " (save it as PDF or DOCX)" : "";
    throw new ContractwijzerError("E_UNKNOWN_TYPE", `"${name}" is not a PDF, DOCX, HTML, Markdown or text file${hint}`);
  }
  if (!claimed) return sniffed;
  if (claimed === sniffed) return sniffed;
  // .md and .txt are interchangeable; the extension decides which reader formats the text.
  if (TEXT_FAMILY.has(claimed) && TEXT_FAMILY.has(sniffed)) return claimed;
  throw new ContractwijzerError("E_TYPE_MISMATCH", `"${name}" is named .${claimed} but its content is ${sniffed.toUpperCase()}`, {
    claimed,
    detected: sniffed,
  });
}

/** Bytes → string for the text formats: UTF-8 (with or without BOM) or UTF-16 with BOM. */
function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ContractwijzerError("E_TEXT_ENCODING", "the text is not valid UTF-8; save it as UTF-8 and upload it again");
  }
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export async function parseDocument(bytes: Uint8Array, options: ParseOptions, runtime: ParseRuntime = {}): Promise<ParsedDocument> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const deadline = new Deadline(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  if (!bytes.length) throw new ContractwijzerError("E_EMPTY_FILE", `"${options.name}" is empty`);
  if (bytes.length > maxBytes) {
    throw new ContractwijzerError("E_FILE_TOO_LARGE", `"${options.name}" is ${bytes.length} bytes; the limit is ${maxBytes}`, {
      bytes: bytes.length,
      limit: maxBytes,
    });
  }
  const format = resolveFormat(bytes, options.name);
  let raw: RawBlock[];
  let pages: number | null = null;
  const warnings: string[] = [];
  switch (format) {
    case "pdf": {
      const result = await parsePdf(bytes, deadline, runtime.pdfTextSource);
      raw = result.blocks;
      pages = result.pages;
      warnings.push(...result.warnings);
      break;
    }
    case "docx": {
      const result = await parseDocx(bytes, options.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES, deadline);
      raw = result.blocks;
      warnings.push(...result.warnings);
      break;
    }
    case "html":
      raw = htmlToBlocks(decodeText(bytes), { numberOrderedLists: true, deadline });
      break;
    case "md":
      raw = parseMarkdown(decodeText(bytes).replace(/^\uFEFF/, ""), deadline);
      break;
    default:
      raw = parsePlainText(decodeText(bytes).replace(/^\uFEFF/, ""), deadline);
  }
  deadline.check();
  const { text, blocks } = buildText(raw, deadline);
  const doc: ParsedDocument = {
    name: options.name,
    sha256: sha256Hex(bytes),
    format,
    pages,
    language: detectLanguage(text),
    characters: text.length,
    text,
    blocks,
  };
  if (warnings.length) doc.warnings = warnings;
  return doc;
}

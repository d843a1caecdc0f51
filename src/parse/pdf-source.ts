/**
 * "PDF bytes → positioned text per page" behind a small interface, so the Worker build can
 * hand in unpdf's `getDocumentProxy` while Node uses pdfjs-dist (the copy pdf-parse pins).
 */
import { ContractwijzerError } from "../errors.js";
import { openPdfjsText, pdfjsTextDocument } from "./pdf-text.mjs";

export interface PdfTextItem {
  str: string;
  /** Left edge and baseline in PDF user space (origin bottom left). */
  x: number;
  y: number;
  width: number;
  /** Font size in points. */
  size: number;
  bold: boolean;
}

export interface PdfPageText {
  pageNumber: number;
  width: number;
  height: number;
  items: PdfTextItem[];
}

export interface PdfTextDocument {
  numPages: number;
  getPage(pageNumber: number): Promise<PdfPageText>;
  close(): Promise<void>;
}

export interface PdfTextSource {
  open(bytes: Uint8Array): Promise<PdfTextDocument>;
}

/** The part of pdf.js's PDFDocumentProxy we use; unpdf's proxy has the same shape. */
export interface PdfjsDocumentLike {
  numPages: number;
  getPage(n: number): Promise<PdfjsPageLike>;
  destroy(): Promise<void>;
}

interface PdfjsPageLike {
  getViewport(p: { scale: number }): { width: number; height: number };
  getTextContent(): Promise<{ items: unknown[]; styles: Record<string, unknown> }>;
  getOperatorList(): Promise<unknown>;
  commonObjs: { has?(id: string): boolean; get(id: string): unknown };
  cleanup(): unknown;
}

/** Maps pdf.js failures to our codes; anything unexpected counts as a corrupt file. */
export function pdfError(e: unknown): ContractwijzerError {
  if (e instanceof ContractwijzerError) return e;
  const name = (e as { name?: string })?.name ?? "";
  const message = (e as { message?: string })?.message ?? String(e);
  if (name === "PasswordException" || /password/i.test(message)) {
    return new ContractwijzerError("E_PDF_ENCRYPTED", "the PDF is password-protected; remove the password and upload it again");
  }
  return new ContractwijzerError("E_PDF_CORRUPT", `the PDF cannot be read (${message.split("\n")[0].slice(0, 200)})`);
}

/** Wraps any pdf.js-compatible document proxy as a PdfTextDocument (pdf-text.mjs). */
export { pdfjsTextDocument };

/**
 * Node default: pdfjs-dist 5.4.296 (the build pdf-parse uses). Long documents are read on
 * several cores (pdf-threads.ts), imported on first use so the Worker build (which brings its
 * own source) never loads worker_threads.
 */
export const nodePdfTextSource: PdfTextSource = {
  async open(bytes) {
    let doc: PdfTextDocument;
    try {
      doc = await openPdfjsText(bytes);
    } catch (e) {
      throw pdfError(e);
    }
    const { withPageThreads } = await import("./pdf-threads.js");
    return withPageThreads(bytes, doc);
  },
};

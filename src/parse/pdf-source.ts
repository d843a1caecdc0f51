/**
 * "PDF bytes → positioned text per page" behind a small interface, so the Worker build can
 * hand in unpdf's `getDocumentProxy` while Node uses pdfjs-dist (the copy pdf-parse pins).
 */
import { ContractwijzerError } from "../errors.js";

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

interface RawTextItem {
  str?: string;
  transform?: number[];
  width?: number;
  fontName?: string;
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

/** Wraps any pdf.js-compatible document proxy as a PdfTextDocument. */
export function pdfjsTextDocument(doc: PdfjsDocumentLike): PdfTextDocument {
  // pdf.js loads each font once per document under one id, so a name found on one page holds
  // for every page. Only pages that use a font not seen before pay for an operator list.
  const fontNames = new Map<string, string>();
  return {
    numPages: doc.numPages,
    async getPage(pageNumber) {
      const page = await doc.getPage(pageNumber);
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const fontIds = Object.keys(content.styles);
      if (fontIds.some((id) => !fontNames.has(id))) {
        try {
          // Font names (e.g. "LiberationSerif-Bold") only reach this thread with the operator list,
          // which parses the whole page a second time: the dearest step of reading a PDF.
          await page.getOperatorList();
          for (const id of fontIds) {
            if (fontNames.has(id)) continue;
            const font = page.commonObjs.has && !page.commonObjs.has(id) ? null : (page.commonObjs.get(id) as { name?: string } | null);
            if (font?.name) fontNames.set(id, font.name);
          }
        } catch {
          // Without font names there is no bold; headings then come from size alone.
        }
      }
      const bold = new Map<string, boolean>();
      for (const id of fontIds) bold.set(id, BOLD_FONT.test(fontNames.get(id) ?? ""));
      const items: PdfTextItem[] = [];
      for (const raw of content.items as RawTextItem[]) {
        if (typeof raw.str !== "string" || !raw.transform) continue;
        if (raw.str === "") continue;
        const [a, b, , d, e, f] = raw.transform;
        const size = Math.hypot(a, b) || Math.abs(d) || 1;
        items.push({ str: raw.str, x: e, y: f, width: raw.width ?? 0, size, bold: bold.get(raw.fontName ?? "") ?? false });
      }
      page.cleanup();
      return { pageNumber, width: viewport.width, height: viewport.height, items };
    },
    async close() {
      await doc.destroy();
    },
  };
}

const BOLD_FONT = /bold|black|heavy|semibold|demi/i;

type Pdfjs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
let pdfjsModule: Promise<Pdfjs> | null = null;

/**
 * Loads the minified legacy build with its worker preloaded, so pdf.js runs its worker code on
 * this thread without importing the unminified worker. The unminified files carry multi-MB
 * source maps that Node parses (with tsx, source maps are on) when core-js reads an
 * Error's stack at load time: about a second and 100+ MB of memory per process. With source
 * maps off while the (minified, map-less) modules compile, tsx's inline maps are not kept either.
 */
function loadPdfjs(): Promise<Pdfjs> {
  pdfjsModule ??= (async () => {
    const worker = "pdfjs-dist/legacy/build/pdf.worker.min.mjs";
    const main = "pdfjs-dist/legacy/build/pdf.min.mjs";
    const sourceMaps = process.sourceMapsEnabled;
    const nativePush = Array.prototype.push;
    if (sourceMaps) process.setSourceMapsEnabled(false);
    try {
      await import(worker);
      return (await import(main)) as Pdfjs;
    } finally {
      if (sourceMaps) process.setSourceMapsEnabled(true);
      // The legacy build's core-js replaces Array.prototype.push process-wide with a JavaScript
      // version (for a zero-argument push on a frozen length, which nothing here does); that
      // copy was a tenth of all PDF time in profiles. The engine's own push goes back.
      if (Array.prototype.push !== nativePush) {
        Object.defineProperty(Array.prototype, "push", { value: nativePush, writable: true, configurable: true, enumerable: false });
      }
    }
  })();
  pdfjsModule.catch(() => {
    pdfjsModule = null;
  });
  return pdfjsModule;
}

/** Node default: pdfjs-dist 5.4.296, the build pdf-parse uses, with warnings silenced. */
export const nodePdfTextSource: PdfTextSource = {
  async open(bytes) {
    const pdfjs = await loadPdfjs();
    const task = pdfjs.getDocument({
      // pdf.js takes ownership of (detaches) the buffer it gets, so hand it a copy.
      data: new Uint8Array(bytes),
      verbosity: pdfjs.VerbosityLevel.ERRORS,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      stopAtErrors: false,
    });
    try {
      const doc = (await task.promise) as unknown as PdfjsDocumentLike;
      return pdfjsTextDocument(doc);
    } catch (e) {
      await task.destroy().catch(() => undefined);
      throw pdfError(e);
    }
  },
};

// pdf.js → positioned text per page, in plain JavaScript: the reading thread (through
// pdf-source.ts) and the helper threads of pdf-threads.ts run this same code, and the helpers
// need no TypeScript loader (tsx in a worker thread costs about 150 MB of memory).
// Types: pdf-text.d.mts.

const BOLD_FONT = /bold|black|heavy|semibold|demi/i;

/** Wraps any pdf.js-compatible document proxy (pdfjs-dist's, unpdf's) as a PdfTextDocument. */
export function pdfjsTextDocument(doc) {
  // pdf.js loads each font once per document under one id, so a name found on one page holds
  // for every page. Only pages that use a font not seen before pay for an operator list.
  const fontNames = new Map();
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
            const font = page.commonObjs.has && !page.commonObjs.has(id) ? null : page.commonObjs.get(id);
            if (font?.name) fontNames.set(id, font.name);
          }
        } catch {
          // Without font names there is no bold; headings then come from size alone.
        }
      }
      const bold = new Map();
      for (const id of fontIds) bold.set(id, BOLD_FONT.test(fontNames.get(id) ?? ""));
      const items = [];
      for (const raw of content.items) {
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

let pdfjsModule = null;

/**
 * Loads the minified legacy build with its worker preloaded, so pdf.js runs its worker code on
 * this thread without importing the unminified worker. The unminified files carry multi-MB
 * source maps that Node parses (with tsx, source maps are on) when core-js reads an
 * Error's stack at load time: about a second and 100+ MB of memory per process. With source
 * maps off while the (minified, map-less) modules compile, tsx's inline maps are not kept either.
 */
function loadPdfjs() {
  pdfjsModule ??= (async () => {
    const worker = "pdfjs-dist/legacy/build/pdf.worker.min.mjs";
    const main = "pdfjs-dist/legacy/build/pdf.min.mjs";
    const sourceMaps = process.sourceMapsEnabled;
    const nativePush = Array.prototype.push;
    const nativeParse = JSON.parse;
    if (sourceMaps) process.setSourceMapsEnabled(false);
    try {
      await import(worker);
      return await import(main);
    } finally {
      if (sourceMaps) process.setSourceMapsEnabled(true);
      // The legacy build's core-js replaces Array.prototype.push process-wide with a JavaScript
      // version (for a zero-argument push on a frozen length, which nothing here does); that
      // copy was a tenth of all PDF time in profiles. It also swaps JSON.parse for a JavaScript
      // parser (for a proposal nothing here uses). The engine's own functions go back.
      if (Array.prototype.push !== nativePush) {
        Object.defineProperty(Array.prototype, "push", { value: nativePush, writable: true, configurable: true, enumerable: false });
      }
      if (JSON.parse !== nativeParse) {
        Object.defineProperty(JSON, "parse", { value: nativeParse, writable: true, configurable: true, enumerable: false });
      }
    }
  })();
  pdfjsModule.catch(() => {
    pdfjsModule = null;
  });
  return pdfjsModule;
}

/**
 * Opens a PDF with pdfjs-dist 5.4.296 (the build pdf-parse uses), warnings silenced. Errors
 * are pdf.js's own; pdf-source.ts maps them to our codes.
 */
export async function openPdfjsText(bytes) {
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
    return pdfjsTextDocument(await task.promise);
  } catch (e) {
    await task.destroy().catch(() => undefined);
    throw e;
  }
}

// The chunk protocol between pdf-threads.ts (the reading thread) and pdf-pages-worker.mjs.
// Per chunk of pages, in shared memory: 0 free, 1 taken by the reading thread, 2 + n by helper n.
export const CLAIM_FREE = 0;
export const CLAIM_READER = 1;
export const CLAIM_HELPER = 2;

/**
 * A helper's job: open the PDF, then take chunks from the back (`back` counts down) until it
 * meets the reading thread, posting each chunk's pages as soon as they are read.
 */
export async function readClaimedChunks(request, post) {
  const { id, claims, back, claim, chunkPages, numPages } = request;
  // The reading thread may have finished the document while this job waited for the previous one.
  if (Atomics.load(back, 0) <= 0) {
    post({ id, kind: "done" });
    return;
  }
  let chunk = null;
  try {
    const doc = await openPdfjsText(request.bytes);
    try {
      for (;;) {
        chunk = Atomics.sub(back, 0, 1) - 1;
        // Taken by the reading thread (it came from the front), or the document is done: stop.
        if (chunk < 0 || Atomics.compareExchange(claims, chunk, CLAIM_FREE, claim) !== CLAIM_FREE) break;
        const pages = [];
        for (let n = chunk * chunkPages + 1; n <= Math.min(numPages, (chunk + 1) * chunkPages); n++) pages.push(await doc.getPage(n));
        post({ id, kind: "chunk", chunk, pages });
        chunk = null;
      }
    } finally {
      await doc.close().catch(() => undefined);
    }
    post({ id, kind: "done" });
  } catch (e) {
    post({ id, kind: "failed", chunk, message: e instanceof Error ? e.message : String(e) });
  }
}

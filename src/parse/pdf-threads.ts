/**
 * Reads the pages of a long PDF on more than one core. pdf.js reads a page's text in one
 * thread at about 13 ms a page (its content-stream interpreter is the bulk of a PDF's cost),
 * so a 500-page document would keep one core busy for six seconds while the others idle.
 *
 * The pages are cut into chunks. The reading thread (the parser's) takes chunks from the front
 * as it goes; helper threads, each with its own copy of the file, take chunks from the back
 * and post each one when read. Every chunk is claimed once, with a compare-and-swap on shared
 * memory, so the two ends meet wherever the work happens to balance: a helper that is still
 * loading pdf.js, or a machine that is busy, simply leaves more to the reading thread. Pages
 * come back in order, so the parser sees exactly what one thread would have produced.
 *
 * Helpers are long-lived (pdf.js loads once per helper) and unref'd (they never keep a process
 * alive), with a heap limit. Closing the document stops the helpers after the chunk in hand;
 * one that does not stop within a grace period is terminated. A chunk whose helper failed is read by the reading
 * thread itself.
 *
 * Node only: the Cloudflare Worker passes its own PdfTextSource and never loads this file.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { PdfPageText, PdfTextDocument } from "./pdf-source.js";
import { CLAIM_FREE, CLAIM_HELPER, CLAIM_READER, type PagesReply, type PagesRequest } from "./pdf-text.mjs";

/** Below this many pages a helper costs more (a second open of the file) than it saves. */
export const MIN_PAGES_FOR_THREADS = 24;
const CHUNK_PAGES = 4;
/** How long a helper may take to finish its chunk after the document is closed. */
const STOP_GRACE_MS = 5_000;
/**
 * Heap limits per helper: it holds one document's pdf.js state (about 50 MB for 200 pages) and
 * one chunk of results. Small limits keep V8 from growing the heap it would otherwise keep.
 */
const HELPER_HEAP_MB = 192;
const HELPER_YOUNG_MB = 4;

const ENTRY = new URL("./pdf-pages-worker.mjs", import.meta.url);

/**
 * Helper threads per document: CONTRACTWIJZER_PDF_THREADS when set (0 turns them off), else
 * one less than the number of cores, at most 3.
 */
export function pdfHelperThreads(env: Record<string, string | undefined> = process.env): number {
  const raw = env.CONTRACTWIJZER_PDF_THREADS;
  if (raw !== undefined && raw !== "") {
    const n = Number(raw);
    if (Number.isInteger(n) && n >= 0) return Math.min(n, 16);
  }
  return Math.max(0, Math.min(3, availableParallelism() - 1));
}

/** The helpers of this thread, started on first use. A helper runs its jobs one after another. */
const pool: (Worker | undefined)[] = [];
let nextId = 1;
const stats = { started: 0, helperChunks: 0, readerChunks: 0 };

/** Counters since the process started, for tests and the benchmark. */
export function pdfThreadStats(): { started: number; alive: number; helperChunks: number; readerChunks: number } {
  return { ...stats, alive: pool.filter(Boolean).length };
}

function helperAt(index: number): Worker {
  let worker = pool[index];
  if (!worker) {
    const started = new Worker(ENTRY, { resourceLimits: { maxOldGenerationSizeMb: HELPER_HEAP_MB, maxYoungGenerationSizeMb: HELPER_YOUNG_MB } });
    started.unref();
    stats.started++;
    // A helper that crashes or is terminated leaves the pool; the next document starts a new one.
    started.on("exit", () => {
      if (pool[index] === started) pool[index] = undefined;
    });
    started.on("error", () => undefined);
    pool[index] = started;
    worker = started;
  }
  return worker;
}

/**
 * Wraps a document opened on this thread. `getPage` keeps its contract (any page, in any
 * order); pages are cheapest when asked for from the first to the last, as the parser does.
 */
export function withPageThreads(bytes: Uint8Array, local: PdfTextDocument, helpers = pdfHelperThreads()): PdfTextDocument {
  const numPages = local.numPages;
  if (numPages < MIN_PAGES_FOR_THREADS || helpers < 1) return local;
  const chunks = Math.ceil(numPages / CHUNK_PAGES);
  const claims = new Int32Array(new SharedArrayBuffer(4 * chunks));
  const back = new Int32Array(new SharedArrayBuffer(4));
  back[0] = chunks;
  // Chunks read by helpers, by chunk number: resolved with the pages, or null when the helper failed.
  const delivered = new Map<number, { promise: Promise<PdfPageText[] | null>; resolve: (p: PdfPageText[] | null) => void }>();
  const slot = (chunk: number) => {
    let s = delivered.get(chunk);
    if (!s) {
      let resolve: (p: PdfPageText[] | null) => void = () => undefined;
      const promise = new Promise<PdfPageText[] | null>((r) => {
        resolve = r;
      });
      s = { promise, resolve };
      delivered.set(chunk, s);
    }
    return s;
  };

  const running = new Set<{ worker: Worker; end: () => void }>();
  for (let h = 0; h < helpers; h++) {
    const id = nextId++;
    const worker = helperAt(h);
    const claim = CLAIM_HELPER + h;
    const received = new Set<number>();
    // What a helper claimed but did not deliver resolves to null: the reading thread reads it itself.
    const giveBack = () => {
      for (let c = 0; c < chunks; c++) if (claims[c] === claim && !received.has(c)) slot(c).resolve(null);
    };
    const job = {
      worker,
      end: () => {
        worker.off("message", onMessage);
        worker.off("exit", onExit);
        running.delete(job);
        giveBack();
      },
    };
    function onMessage(reply: PagesReply) {
      if (reply.id !== id) return;
      if (reply.kind === "chunk") {
        received.add(reply.chunk);
        stats.helperChunks++;
        slot(reply.chunk).resolve(reply.pages);
        return;
      }
      job.end();
      // pdf.js state after a failure is not trusted: a fresh helper next time.
      if (reply.kind === "failed") void worker.terminate();
    }
    function onExit() {
      job.end();
    }
    worker.on("message", onMessage);
    worker.on("exit", onExit);
    running.add(job);
    const copy = new Uint8Array(bytes);
    const request: PagesRequest = { id, bytes: copy, claims, back, claim, chunkPages: CHUNK_PAGES, numPages };
    worker.postMessage(request, [copy.buffer]);
  }

  return {
    numPages,
    async getPage(pageNumber) {
      const chunk = Math.floor((pageNumber - 1) / CHUNK_PAGES);
      const previous = Atomics.compareExchange(claims, chunk, CLAIM_FREE, CLAIM_READER);
      if (previous === CLAIM_FREE) stats.readerChunks++;
      if (previous === CLAIM_FREE || previous === CLAIM_READER) return local.getPage(pageNumber);
      const pages = await slot(chunk).promise;
      return pages?.[(pageNumber - 1) % CHUNK_PAGES] ?? local.getPage(pageNumber);
    },
    async close() {
      // No more chunks for anyone. A helper finishes the chunk in hand and takes its next job;
      // one that has not answered within the grace period (a page that never ends) is terminated.
      Atomics.store(back, 0, 0);
      for (const job of running) {
        const timer = setTimeout(() => {
          if (running.has(job)) void job.worker.terminate();
        }, STOP_GRACE_MS);
        timer.unref();
      }
      await local.close();
    },
  };
}

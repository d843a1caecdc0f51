// Types for pdf-text.mjs (plain JavaScript so helper threads need no TypeScript loader).
import type { PdfjsDocumentLike, PdfPageText, PdfTextDocument } from "./pdf-source.js";

export function pdfjsTextDocument(doc: PdfjsDocumentLike): PdfTextDocument;
export function openPdfjsText(bytes: Uint8Array): Promise<PdfTextDocument>;

export const CLAIM_FREE: 0;
export const CLAIM_READER: 1;
export const CLAIM_HELPER: 2;

export interface PagesRequest {
  id: number;
  bytes: Uint8Array;
  /** Per chunk: CLAIM_FREE, CLAIM_READER, or CLAIM_HELPER + n for helper n. */
  claims: Int32Array;
  /** What this helper writes into `claims`. */
  claim: number;
  /** The number of chunks at the start; helpers take `Atomics.sub(back, 0, 1) - 1` downwards. */
  back: Int32Array;
  chunkPages: number;
  numPages: number;
}

export type PagesReply =
  | { id: number; kind: "chunk"; chunk: number; pages: PdfPageText[] }
  | { id: number; kind: "done" }
  | { id: number; kind: "failed"; chunk: number | null; message: string };

export function readClaimedChunks(request: PagesRequest, post: (reply: PagesReply) => void): Promise<void>;

/**
 * Parsed text of stored documents, kept for the evidence view. The text is not stored (only
 * the file), so showing a passage means parsing the file again: seconds for a long PDF, on
 * every click from the report. This cache keeps the most recently viewed documents, bounded
 * by characters and entries, per organisation, check and position. Deleting a check drops its
 * entries, so deleted contract text does not linger in memory either.
 */
import type { ParsedDocument } from "../parse/types.js";

export interface ParsedDocumentCacheOptions {
  /** Characters of document text kept in all (default 20 million, about 40 MB of strings). */
  maxChars?: number;
  /** Documents kept (default 16). */
  maxEntries?: number;
}

export class ParsedDocumentCache {
  private readonly entries = new Map<string, ParsedDocument>();
  private chars = 0;
  private readonly maxChars: number;
  private readonly maxEntries: number;

  constructor(options: ParsedDocumentCacheOptions = {}) {
    this.maxChars = options.maxChars ?? 20_000_000;
    this.maxEntries = options.maxEntries ?? 16;
  }

  private static key(orgId: string, checkId: string, position: number): string {
    return `${orgId}\u0000${checkId}\u0000${position}`;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The cached document, or `parse()`'s result, which is then kept (when it fits). */
  async through(orgId: string, checkId: string, position: number, parse: () => Promise<ParsedDocument>): Promise<ParsedDocument> {
    const key = ParsedDocumentCache.key(orgId, checkId, position);
    const hit = this.entries.get(key);
    if (hit) {
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const doc = await parse();
    if (doc.text.length <= this.maxChars) {
      this.entries.set(key, doc);
      this.chars += doc.text.length;
      for (const [oldest, old] of this.entries) {
        if (this.chars <= this.maxChars && this.entries.size <= this.maxEntries) break;
        this.entries.delete(oldest);
        this.chars -= old.text.length;
      }
    }
    return doc;
  }

  /** Drops every document of a check (after it was deleted). */
  forgetCheck(orgId: string, checkId: string): void {
    const prefix = `${orgId}\u0000${checkId}\u0000`;
    for (const [key, doc] of this.entries) {
      if (!key.startsWith(prefix)) continue;
      this.entries.delete(key);
      this.chars -= doc.text.length;
    }
  }
}

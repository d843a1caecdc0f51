/** What createApp receives, and what handlers find on the Hono context. */
import type { ParsedDocumentCache } from "./parsed-cache.js";
import type { ParsedDocument } from "../parse/types.js";
import type { Playbook } from "../playbook/types.js";
import type { Actor, Role, Store } from "../store/types.js";
import type { TemplateLibrary } from "../generate/templates.js";

export interface DocumentParser {
  parseDocument(bytes: Uint8Array, options: { name: string; maxBytes?: number; timeoutMs?: number }): Promise<ParsedDocument>;
}

import type { CheckOptions } from "../check/index.js";
import type { Report } from "../check/types.js";
import type { UiOptions } from "./ui/index.js";

export interface AppConfig {
  /** Largest accepted upload (all files of one request together), bytes. */
  maxUploadBytes: number;
  /** Abort parsing one file after this long (the parser's default when absent). */
  parseTimeoutMs?: number;
  /** Shown in the OpenAPI document. */
  version?: string;
  /** HMAC key for web sessions and CSRF tokens (CONTRACTWIJZER_SESSION_SECRET, >= 32 bytes); random per process when absent. */
  sessionSecret?: string;
  /** Rate limits (src/http/rate-limit.ts); defaults when absent. */
  rateLimit?: RateLimitConfig;
}

export interface RateLimitConfig {
  /** Requests per minute per API token on /api/* (CONTRACTWIJZER_RATE_LIMIT_PER_MIN, default 120); 0 switches rate limiting off. */
  perMinute?: number;
  /** Requests per minute per client address on sign-in and the public self-check (CONTRACTWIJZER_PUBLIC_RATE_LIMIT_PER_MIN, default 20); 0 switches it off. */
  publicPerMinute?: number;
  /** Take the client address from the last X-Forwarded-For entry (CONTRACTWIJZER_TRUST_PROXY=1); only behind a proxy that sets it. */
  trustProxy?: boolean;
  /** Most clients remembered per limiter (default 10 000). */
  maxBuckets?: number;
  /** Milliseconds, monotonic; for tests. Default performance.now. */
  now?: () => number;
}

export interface AppDeps {
  store: Store;
  playbook: Playbook;
  parsers: DocumentParser;
  /** Clause templates for /api/clauses and /api/checks/:id/clauses; without them those answer 501. */
  templates?: TemplateLibrary | null;
  clock?: () => Date;
  config: AppConfig;
  /** Where operational errors are logged (one line, never contract text). Default console.error. */
  log?: (line: string) => void;
  /**
   * Runs the check of an upload; default `checkDocuments` in-process. The Node service passes
   * its worker pool so a very large document never blocks the request loop.
   */
  checker?: (documents: ParsedDocument[], options: CheckOptions) => Promise<Report>;
  /** Web UI: stylesheets and the session key (see src/http/ui). */
  ui?: UiOptions;
  /** Parsed text of stored documents for the evidence view; createApp makes one when absent. */
  parsedDocuments?: ParsedDocumentCache;
}

export type AppEnv = {
  Variables: {
    actor: Actor & { role: Role };
  };
};

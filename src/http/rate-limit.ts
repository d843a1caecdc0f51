/**
 * In-memory token buckets: per API token for /api/*, per client address for the public and
 * expensive web routes. State lives in this process (on Workers: in this isolate), so the
 * limit is per process; a deployment with several processes or isolates multiplies it
 * (docs/security.md). No timers: idle buckets are swept while requests come in, which keeps
 * memory bounded and leaves nothing running in tests or on Workers.
 */
import type { Context, MiddlewareHandler } from "hono";
import { ERROR_STATUS } from "../errors.js";
import { errorResponse } from "./errors.js";

export const DEFAULT_RATE_LIMIT_PER_MIN = 120;
export const DEFAULT_PUBLIC_RATE_LIMIT_PER_MIN = 20;
export const DEFAULT_MAX_BUCKETS = 10_000;

const MINUTE_MS = 60_000;

export interface TokenBucketOptions {
  /** Requests per minute; also the burst (a full bucket holds one minute's budget). */
  perMinute: number;
  /** Milliseconds from any fixed origin; monotonic by default. Tests pass their own. */
  now?: () => number;
  /** Most keys held at once; the least recently used go first when full. */
  maxBuckets?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** `take` answers 0 when allowed, or the seconds until one request is allowed again. */
export class TokenBuckets {
  readonly perMinute: number;
  private readonly now: () => number;
  private readonly maxBuckets: number;
  private readonly perMs: number;
  /** Map keeps insertion order; a key is re-inserted on use, so the first entries are the least recently used. */
  private readonly buckets = new Map<string, Bucket>();
  private takesSinceSweep = 0;

  constructor(options: TokenBucketOptions) {
    if (!Number.isFinite(options.perMinute) || options.perMinute <= 0) throw new RangeError("perMinute must be a positive number");
    this.perMinute = options.perMinute;
    this.perMs = options.perMinute / MINUTE_MS;
    this.now = options.now ?? (() => performance.now());
    this.maxBuckets = Math.max(1, options.maxBuckets ?? DEFAULT_MAX_BUCKETS);
  }

  get size(): number {
    return this.buckets.size;
  }

  take(key: string): number {
    const now = this.now();
    const existing = this.buckets.get(key);
    let bucket: Bucket;
    if (existing) {
      this.buckets.delete(key);
      bucket = { tokens: Math.min(this.perMinute, existing.tokens + Math.max(0, now - existing.at) * this.perMs), at: now };
    } else {
      bucket = { tokens: this.perMinute, at: now };
    }
    this.buckets.set(key, bucket);
    if (++this.takesSinceSweep >= 1000 || this.buckets.size > this.maxBuckets) this.sweep(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000));
  }

  /**
   * Drops buckets that have refilled completely (idle for a minute or more): a full bucket and
   * no bucket behave the same, so this loses nothing. If that is not enough, the least recently
   * used go; such a client simply starts again with a full bucket.
   */
  private sweep(now: number): void {
    this.takesSinceSweep = 0;
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.perMs >= this.perMinute) this.buckets.delete(key);
    }
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= this.maxBuckets) break;
      this.buckets.delete(key);
    }
  }
}

/**
 * The address of the client. Behind a reverse proxy every request comes from the proxy, so
 * with `trustProxy` the last X-Forwarded-For entry (the one the proxy added) is used instead.
 * On Node it is the socket's peer (@hono/node-server puts the IncomingMessage in `c.env`); on
 * Workers, Cloudflare sets CF-Connecting-IP and clients cannot override it. null when unknown
 * (app.request in tests): all such requests share one bucket.
 */
export function clientAddress(c: Context, trustProxy = false): string | null {
  if (trustProxy) {
    const hops = (c.req.header("x-forwarded-for") ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (hops.length) return hops[hops.length - 1];
  }
  const env = c.env as { incoming?: NodeSocketHolder; server?: { incoming?: NodeSocketHolder } } | undefined;
  const address = (env?.server?.incoming ?? env?.incoming)?.socket?.remoteAddress;
  if (typeof address === "string" && address) return address;
  if ((globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent === "Cloudflare-Workers") {
    const cf = c.req.header("cf-connecting-ip");
    if (cf) return cf;
  }
  return null;
}

interface NodeSocketHolder {
  socket?: { remoteAddress?: string };
}

export interface RateLimitOptions {
  buckets: TokenBuckets;
  /** The bucket of this request; null lets it through unmetered. */
  key: (c: Context) => string | null;
  /** What the client is told it exceeded, e.g. "this token" or "this address". */
  subject: string;
  /** "json" answers `{ code, message }` (API); "text" a one-line text/plain page (web UI). */
  format?: "json" | "text";
}

/** 429 E_RATE_LIMITED with Retry-After when the request's bucket is empty. */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const { buckets, key, subject, format = "json" } = options;
  return async (c, next) => {
    const k = key(c);
    if (k === null) return next();
    const wait = buckets.take(k);
    if (wait === 0) return next();
    const message = `more than ${buckets.perMinute} requests per minute from ${subject}; try again in ${wait} s`;
    const res =
      format === "json"
        ? errorResponse(c, "E_RATE_LIMITED", message)
        : c.text(`E_RATE_LIMITED: ${message}\nTe veel verzoeken; probeer het over ${wait} seconden opnieuw.\n`, ERROR_STATUS.E_RATE_LIMITED);
    res.headers.set("Retry-After", String(wait));
    return res;
  };
}

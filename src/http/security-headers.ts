/**
 * Security headers on every response, API and web UI, set after the handler so they also
 * cover error pages, 404s and the 429s of the rate limiter. Written out rather than hono's
 * secureHeaders because three of them depend on the response: a page's own CSP is kept and
 * only completed (the UI's policy allows its stylesheets and script), Cache-Control is
 * forced to no-store on /api/* but an asset's public caching is kept, and HSTS is sent only
 * over HTTPS (RFC 6797 §7.2: browsers ignore it over plain HTTP anyway).
 */
import type { MiddlewareHandler } from "hono";

/** For responses without a policy of their own: JSON, downloads, /docs/api (which has one inline <style>). */
export const DEFAULT_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "autoplay=()",
  "camera=()",
  "display-capture=()",
  "geolocation=()",
  "gyroscope=()",
  "magnetometer=()",
  "microphone=()",
  "payment=()",
  "usb=()",
  "browsing-topics=()",
].join(", ");

export const HSTS = "max-age=31536000; includeSubDomains";

const FIXED: [string, string][] = [
  ["X-Content-Type-Options", "nosniff"],
  ["Referrer-Policy", "no-referrer"],
  ["X-Frame-Options", "DENY"],
  ["Cross-Origin-Opener-Policy", "same-origin"],
  ["Cross-Origin-Resource-Policy", "same-origin"],
  ["Permissions-Policy", PERMISSIONS_POLICY],
  ["X-Permitted-Cross-Domain-Policies", "none"],
];

/** Served over HTTPS, directly or behind a proxy that says so (as src/http/ui/session.ts decides for cookies). */
function servedOverHttps(url: string, forwardedProto: string | undefined): boolean {
  return new URL(url).protocol === "https:" || forwardedProto?.split(",")[0]?.trim().toLowerCase() === "https";
}

/** Adds `frame-ancestors 'none'` to a policy that does not restrict framing yet; leaves the rest alone. */
export function withFrameAncestors(policy: string): string {
  if (/(^|;)\s*frame-ancestors\s/i.test(policy)) return policy;
  return `${policy.trim().replace(/;\s*$/, "")}; frame-ancestors 'none'`;
}

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    for (const [name, value] of FIXED) headers.set(name, value);
    const csp = headers.get("Content-Security-Policy");
    headers.set("Content-Security-Policy", csp ? withFrameAncestors(csp) : DEFAULT_CSP);
    // Everything under /api is an organisation's data (reports, evidence, generated clauses, documents).
    if (new URL(c.req.url).pathname.startsWith("/api/") || !headers.has("Cache-Control")) headers.set("Cache-Control", "no-store");
    if (servedOverHttps(c.req.url, c.req.header("x-forwarded-proto"))) headers.set("Strict-Transport-Security", HSTS);
    headers.delete("X-Powered-By");
  };
}

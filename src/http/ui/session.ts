/**
 * Browser sessions and CSRF tokens, Web Crypto only (Node 20 and workerd).
 *
 * The session cookie holds no secret: `base64url(JSON {t: tokenId, o: orgId, r: role, e: expiry})`
 * plus an HMAC-SHA256 over it. Every request re-checks that the token is still active, so
 * revoking the API token ends the browser session too. CSRF uses a signed double-submit
 * token: a random value with its HMAC in a SameSite=Strict cookie, echoed in a hidden field of
 * every POST form; a cookie planted by a sibling subdomain cannot carry a valid signature.
 */
import type { Context } from "hono";
import { getCookie, setCookie, deleteCookie } from "hono/cookie";
import type { Role, Store } from "../../store/types.js";

export const SESSION_COOKIE = "cw_session";
export const CSRF_COOKIE = "cw_csrf";
export const LANG_COOKIE = "cw_lang";
export const CSRF_FIELD = "_csrf";
export const SESSION_SECONDS = 8 * 60 * 60;

export interface Session {
  tokenId: string;
  orgId: string;
  role: Role;
  expires: number;
}

const encoder = new TextEncoder();

export function base64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
}

/** Equal-length strings compared without an early exit. */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export class SessionKeys {
  private readonly key: Promise<CryptoKey>;

  /** `secret`: at least 32 bytes of key material; random per process when not configured. */
  constructor(secret: string | Uint8Array) {
    const raw = typeof secret === "string" ? encoder.encode(secret) : secret;
    if (raw.length < 32) throw new Error("the session secret needs at least 32 bytes");
    this.key = crypto.subtle.importKey("raw", raw as Uint8Array<ArrayBuffer>, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  }

  static random(): SessionKeys {
    return new SessionKeys(crypto.getRandomValues(new Uint8Array(32)));
  }

  async sign(purpose: string, value: string): Promise<string> {
    const mac = await crypto.subtle.sign("HMAC", await this.key, encoder.encode(`${purpose}\u0000${value}`));
    return base64Url(new Uint8Array(mac));
  }

  async sealSession(session: Session): Promise<string> {
    const body = base64Url(encoder.encode(JSON.stringify({ t: session.tokenId, o: session.orgId, r: session.role, e: session.expires })));
    return `${body}.${await this.sign("session", body)}`;
  }

  /** The session when the signature is valid and it has not expired; null otherwise. */
  async openSession(cookie: string | undefined, now: Date): Promise<Session | null> {
    if (!cookie) return null;
    const [body, mac, extra] = cookie.split(".");
    if (!body || !mac || extra !== undefined) return null;
    if (!constantTimeEqual(mac, await this.sign("session", body))) return null;
    const bytes = fromBase64Url(body);
    if (!bytes) return null;
    try {
      const parsed = JSON.parse(new TextDecoder().decode(bytes)) as { t: string; o: string; r: Role; e: number };
      if (typeof parsed.e !== "number" || parsed.e * 1000 <= now.getTime()) return null;
      return { tokenId: parsed.t, orgId: parsed.o, role: parsed.r, expires: parsed.e };
    } catch {
      return null;
    }
  }

  async newCsrfToken(): Promise<string> {
    const nonce = base64Url(crypto.getRandomValues(new Uint8Array(24)));
    return `${nonce}.${await this.sign("csrf", nonce)}`;
  }

  async csrfTokenValid(token: string | undefined): Promise<boolean> {
    if (!token) return false;
    const [nonce, mac, extra] = token.split(".");
    if (!nonce || !mac || extra !== undefined) return false;
    return constantTimeEqual(mac, await this.sign("csrf", nonce));
  }
}

/** Served over HTTPS, directly or behind a proxy that says so. */
export function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === "https:" || c.req.header("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}

export function setSessionCookie(c: Context, value: string): void {
  setCookie(c, SESSION_COOKIE, value, { httpOnly: true, secure: isHttps(c), sameSite: "Strict", path: "/", maxAge: SESSION_SECONDS });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: isHttps(c) });
}

/** The CSRF token of this browser, set when it has none (or a forged one). */
export async function ensureCsrfToken(c: Context, keys: SessionKeys): Promise<string> {
  const existing = getCookie(c, CSRF_COOKIE);
  if (existing && (await keys.csrfTokenValid(existing))) return existing;
  const token = await keys.newCsrfToken();
  setCookie(c, CSRF_COOKIE, token, { httpOnly: true, secure: isHttps(c), sameSite: "Strict", path: "/" });
  return token;
}

/** The hidden form field must equal the cookie, and the cookie must carry our signature. */
export async function csrfRequestValid(c: Context, keys: SessionKeys, field: unknown): Promise<boolean> {
  const cookie = getCookie(c, CSRF_COOKIE);
  if (typeof field !== "string" || !cookie) return false;
  return constantTimeEqual(field, cookie) && (await keys.csrfTokenValid(cookie));
}

/** The signed-in session, if its API token is still active. */
export async function currentSession(c: Context, keys: SessionKeys, store: Store, now: Date): Promise<Session | null> {
  const session = await keys.openSession(getCookie(c, SESSION_COOKIE), now);
  if (!session) return null;
  const tokens = await store.tokens.list(session.orgId);
  const token = tokens.find((t) => t.id === session.tokenId);
  if (!token || token.revokedAt !== null || token.role !== session.role) return null;
  return session;
}

/**
 * Issue 7, security: rate limits, security headers, no contract text in logs, escaping,
 * tokens, deletion that really deletes, and no outbound network access. Every test runs the
 * real app (createApp or startNodeService) over a real SQLite file.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { appConfigFromEnv } from "../../src/http/config.js";
import { createApp } from "../../src/http/app.js";
import type { DocumentParser, RateLimitConfig } from "../../src/http/context.js";
import { TokenBuckets } from "../../src/http/rate-limit.js";
import { startNodeService } from "../../src/node.js";
import { parseDocument } from "../../src/parse/index.js";
import { openSqliteStore } from "../../src/store/sqlite.js";
import { hashesEqual } from "../../src/store/token-secret.js";
import type { Role, Store } from "../../src/store/types.js";
import { makeDocx, makePdf } from "../http/documents.js";
import { ENGLISH_TERMS, sharedPlaybook, upload } from "../http/helpers.js";
import { installNetworkTrap } from "./network-trap.mjs";

const TRAP_MODULE = fileURLToPath(new URL("./network-trap.mjs", import.meta.url));
const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const cleanup of cleanups.reverse()) cleanup();
});

interface Harness {
  app: ReturnType<typeof createApp>;
  store: Store;
  dbPath: string;
  tokens: Record<Role, string>;
  logs: string[];
  request(path: string, init?: RequestInit & { token?: string; ip?: string }): Promise<Response>;
  close(): void;
}

/** createApp over a fresh SQLite file, with the options the shared test helper does not expose. */
async function harness(
  options: { rateLimit?: RateLimitConfig; wrapStore?: (store: Store) => Store; parsers?: DocumentParser; log?: (line: string) => void } = {},
): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), "contractwijzer-security-"));
  const dbPath = join(dir, "contractwijzer.db");
  const { store: realStore, close } = openSqliteStore(dbPath);
  const store = options.wrapStore ? options.wrapStore(realStore) : realStore;
  const { playbook, templates } = await sharedPlaybook();
  const logs: string[] = [];
  const app = createApp({
    store,
    playbook,
    templates,
    parsers: options.parsers ?? { parseDocument },
    config: { maxUploadBytes: 5 * 1024 * 1024, rateLimit: options.rateLimit },
    log: options.log ?? ((line) => logs.push(line)),
  });
  const org = await realStore.organisations.ensure("Gemeente Veilig");
  const tokens = {} as Record<Role, string>;
  for (const role of ["officer", "vendor", "legal", "admin"] as const)
    tokens[role] = (await realStore.tokens.create({ orgId: org.id, role }, { orgId: org.id, tokenId: null, role: "cli" })).secret;
  let closed = false;
  const h: Harness = {
    app,
    store,
    dbPath,
    tokens,
    logs,
    request: (path, init = {}) => {
      const { token, ip, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (token) headers.set("Authorization", `Bearer ${token}`);
      // The shape @hono/node-server hands to the app as `c.env`.
      const env = ip ? { incoming: { socket: { remoteAddress: ip } } } : undefined;
      return Promise.resolve(app.request(path, { ...rest, headers }, env));
    },
    close: () => {
      if (closed) return;
      closed = true;
      close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  cleanups.push(h.close);
  return h;
}

/** Signs in through the web form (CSRF cookie and field) and returns the Cookie header of the session. */
async function signInUi(h: Harness, token: string): Promise<{ status: number; cookie: string }> {
  const form = await h.request("/sign-in");
  const csrf = /cw_csrf=([^;]+)/.exec(form.headers.getSetCookie().join("\n"))?.[1];
  expect(csrf).toBeTruthy();
  const res = await h.request("/sign-in", {
    method: "POST",
    headers: { Cookie: `cw_csrf=${csrf}`, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ _csrf: csrf!, token, next: "/" }),
  });
  const session = /cw_session=([^;]+)/.exec(res.headers.getSetCookie().join("\n"))?.[1];
  return { status: res.status, cookie: `cw_csrf=${csrf}${session ? `; cw_session=${session}` : ""}` };
}

function fileContains(path: string, needle: string): boolean {
  return existsSync(path) && readFileSync(path).includes(Buffer.from(needle, "utf8"));
}

/** The main database file and its WAL: where SQLite keeps bytes. */
function databaseContains(dbPath: string, needle: string): string[] {
  return [dbPath, `${dbPath}-wal`, `${dbPath}-journal`].filter((p) => fileContains(p, needle));
}

/** A contract whose evidence, file name and report all carry `marker`. */
function contractWith(marker: string, extra = ""): string {
  return `${ENGLISH_TERMS}
## 4. Confidential annex ${marker}

4.1 Supplier shall not use Customer Data to train any model; reference ${marker}. ${extra}
`;
}

describe("rate limiting", () => {
  it("token bucket: a minute's budget as burst, refill over time, Retry-After in seconds", () => {
    let now = 0;
    const buckets = new TokenBuckets({ perMinute: 3, now: () => now });
    expect([buckets.take("a"), buckets.take("a"), buckets.take("a")]).toEqual([0, 0, 0]);
    expect(buckets.take("a")).toBe(20); // one request per 20 s
    expect(buckets.take("b")).toBe(0); // another key has its own bucket
    now += 19_000;
    expect(buckets.take("a")).toBe(1);
    now += 1_000;
    expect(buckets.take("a")).toBe(0);
  });

  it("keeps memory bounded: idle buckets are dropped, and never more than maxBuckets", () => {
    let now = 0;
    const buckets = new TokenBuckets({ perMinute: 60, now: () => now, maxBuckets: 50 });
    for (let i = 0; i < 10_000; i++) {
      buckets.take(`client-${i}`);
      expect(buckets.size).toBeLessThanOrEqual(50);
    }
    // An active client that is over its limit is not forgotten by the sweep of idle ones.
    const small = new TokenBuckets({ perMinute: 2, now: () => now, maxBuckets: 1000 });
    small.take("busy");
    small.take("busy");
    for (let i = 0; i < 1500; i++) small.take(`idle-${i}`);
    expect(small.take("busy")).toBeGreaterThan(0);
    now += 60_000;
    for (let i = 0; i < 1000; i++) small.take(`late-${i}`);
    expect(small.size).toBeLessThanOrEqual(1001); // the idle ones of a minute ago were swept
  });

  it("answers 429 E_RATE_LIMITED with Retry-After per API token; other tokens are unaffected", async () => {
    let now = 0;
    const h = await harness({ rateLimit: { perMinute: 3, now: () => now } });
    for (let i = 0; i < 3; i++) expect((await h.request("/api/playbook", { token: h.tokens.officer })).status).toBe(200);
    const limited = await h.request("/api/checks", { token: h.tokens.officer });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("20");
    expect(limited.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await limited.json()).toMatchObject({ code: "E_RATE_LIMITED", message: expect.stringContaining("3 requests per minute") });
    expect((await h.request("/api/playbook", { token: h.tokens.legal })).status).toBe(200);
    now += 20_000;
    expect((await h.request("/api/playbook", { token: h.tokens.officer })).status).toBe(200);
    // Requests without a valid token are refused before they reach a bucket.
    expect((await h.request("/api/playbook", { token: "cw_unknown" })).status).toBe(401);
    // The web UI's costly routes count per client address at the same rate.
    for (let i = 0; i < 3; i++) expect((await h.request("/checks/x/annex", { ip: "192.0.2.77" })).status).toBe(303);
    expect((await h.request("/checks/x/documents/0", { ip: "192.0.2.77" })).status).toBe(429);
    expect((await h.request("/checks/x/annex", { ip: "192.0.2.78" })).status).toBe(303);
  });

  it("limits sign-in and the public self-check per client address; X-Forwarded-For only counts behind a trusted proxy", async () => {
    const h = await harness({ rateLimit: { publicPerMinute: 2, now: () => 0 } });
    const signIn = (ip: string, headers: Record<string, string> = {}) =>
      h.request("/sign-in", { method: "POST", ip, headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" }, body: "token=x" });
    expect((await signIn("198.51.100.1")).status).toBe(403); // no CSRF token, but it counts
    expect((await h.request("/self-check", { method: "POST", ip: "198.51.100.1", body: upload([{ name: "a.txt", bytes: "x" }]) })).status).toBe(403);
    const limited = await signIn("198.51.100.1");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("30");
    expect(limited.headers.get("content-type")).toContain("text/plain");
    expect(await limited.text()).toContain("E_RATE_LIMITED");
    expect((await h.request("/self-check", { method: "POST", ip: "198.51.100.1", body: upload([{ name: "a.txt", bytes: "x" }]) })).status).toBe(429);
    expect((await signIn("198.51.100.2")).status).toBe(403);
    // Without trustProxy a client cannot pick a fresh bucket by sending X-Forwarded-For.
    expect((await signIn("198.51.100.1", { "X-Forwarded-For": "203.0.113.50" })).status).toBe(429);
    // The pages themselves (GET) are not limited.
    expect((await h.request("/sign-in", { ip: "198.51.100.1" })).status).toBe(200);

    const proxied = await harness({ rateLimit: { publicPerMinute: 1, trustProxy: true, now: () => 0 } });
    const viaProxy = (client: string) =>
      proxied.request("/sign-in", { method: "POST", ip: "10.0.0.1", headers: { "X-Forwarded-For": `203.0.113.9, ${client}` }, body: "token=x" });
    expect((await viaProxy("192.0.2.10")).status).toBe(403);
    expect((await viaProxy("192.0.2.10")).status).toBe(429);
    expect((await viaProxy("192.0.2.11")).status).toBe(403); // the last hop is the one the proxy added
  });

  it("reads the limits from the environment; 0 switches a limiter off", async () => {
    expect(appConfigFromEnv({}).rateLimit).toEqual({ perMinute: 120, publicPerMinute: 20, trustProxy: false });
    expect(
      appConfigFromEnv({ CONTRACTWIJZER_RATE_LIMIT_PER_MIN: "600", CONTRACTWIJZER_PUBLIC_RATE_LIMIT_PER_MIN: "0", CONTRACTWIJZER_TRUST_PROXY: "1" }).rateLimit,
    ).toEqual({ perMinute: 600, publicPerMinute: 0, trustProxy: true });
    expect(() => appConfigFromEnv({ CONTRACTWIJZER_RATE_LIMIT_PER_MIN: "many" })).toThrow(/CONTRACTWIJZER_RATE_LIMIT_PER_MIN/);
    expect(() => appConfigFromEnv({ CONTRACTWIJZER_TRUST_PROXY: "maybe" })).toThrow(/CONTRACTWIJZER_TRUST_PROXY/);
    const off = await harness({ rateLimit: { perMinute: 0, publicPerMinute: 0, now: () => 0 } });
    for (let i = 0; i < 5; i++) expect((await off.request("/api/playbook", { token: off.tokens.officer })).status).toBe(200);
  });
});

describe("security headers", () => {
  const COMMON = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
  };
  const expectCommon = (res: Response) => {
    for (const [name, value] of Object.entries(COMMON)) expect(res.headers.get(name), name).toBe(value);
    expect(res.headers.get("permissions-policy")).toContain("camera=()");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  };

  it("on API responses, errors and 404s; no-store on contract data; HSTS only over HTTPS", async () => {
    const h = await harness();
    const health = await h.request("/health");
    expectCommon(health);
    expect(health.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(health.headers.get("strict-transport-security")).toBeNull();
    for (const res of [await h.request("/nope"), await h.request("/api/checks"), await h.request("/docs/api")]) expectCommon(res);

    const created = await h.request("/api/checks", { method: "POST", token: h.tokens.officer, body: upload([{ name: "terms.txt", bytes: ENGLISH_TERMS }]) });
    expect(created.status).toBe(201);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const { id } = (await created.json()) as { id: string };
    for (const path of [`/api/checks/${id}`, `/api/checks/${id}/clauses?format=md`, `/api/checks/${id}/clauses?format=docx`, "/api/checks"]) {
      const res = await h.request(path, { token: h.tokens.officer });
      expect(res.status, path).toBe(200);
      expectCommon(res);
      expect(res.headers.get("cache-control"), path).toBe("no-store");
    }

    expect((await h.app.request("https://contractwijzer.example/health")).headers.get("strict-transport-security")).toMatch(/^max-age=\d+/);
    const proxied = await h.request("/health", { headers: { "X-Forwarded-Proto": "https" } });
    expect(proxied.headers.get("strict-transport-security")).toMatch(/^max-age=\d+/);
  });

  it("keeps the web UI's own CSP and adds the rest; assets keep their caching", async () => {
    const h = await harness();
    const page = await h.request("/sign-in");
    expectCommon(page);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("form-action 'self'");
    expect(page.headers.get("cache-control")).toBe("no-store");
    const asset = await h.request("/assets/app.css");
    expectCommon(asset);
    expect(asset.headers.get("cache-control")).toContain("max-age");
  });
});

describe("rendered contract text", () => {
  it("is served as JSON with nosniff by the API, and the document text view is escaped under the UI's CSP", async () => {
    const h = await harness();
    const payload = `<script>alert('cw')</script><img src=x onerror=alert(1)>`;
    const created = await h.request("/api/checks", {
      method: "POST",
      token: h.tokens.officer,
      body: upload([{ name: `terms-${payload}.txt`, bytes: contractWith("XSS-PROBE", payload) }]),
    });
    expect(created.status).toBe(201);
    const { id, report } = (await created.json()) as { id: string; report: { findings: { evidence: { quote: string }[] }[] } };
    expect(JSON.stringify(report)).toContain("<script>"); // the text is kept verbatim in the data ...
    const got = await h.request(`/api/checks/${id}`, { token: h.tokens.officer });
    expect(got.headers.get("content-type")).toMatch(/^application\/json/); // ... and served as data, never as HTML
    expect(got.headers.get("x-content-type-options")).toBe("nosniff");
    expect(got.headers.get("content-security-policy")).toContain("default-src 'none'");

    const { cookie, status } = await signInUi(h, h.tokens.officer);
    expect(status).toBe(303);
    const view = await h.request(`/checks/${id}/documents/0`, { headers: { Cookie: cookie } });
    expect(view.status).toBe(200);
    expect(view.headers.get("content-type")).toMatch(/^text\/html/);
    const csp = view.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    const html = await view.text();
    expect(html).toContain("XSS-PROBE");
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;script&gt;");
  });
});

describe("tokens", () => {
  it("are stored only as hashes: the database file holds no token secret", async () => {
    const h = await harness();
    const created = await h.request("/api/tokens", {
      method: "POST",
      token: h.tokens.admin,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ role: "officer", label: "scan" }),
    });
    const { token } = (await created.json()) as { token: string };
    const secrets = [...Object.values(h.tokens), token];
    const check = () => {
      for (const secret of secrets) {
        expect(databaseContains(h.dbPath, secret), secret).toEqual([]);
        expect(databaseContains(h.dbPath, secret.slice(3)), secret).toEqual([]);
      }
    };
    // The scan can see the WAL: a value that is stored is found.
    const org = await h.store.organisations.ensure("Gemeente Veilig");
    expect(databaseContains(h.dbPath, org.id).length).toBeGreaterThan(0);
    check();
    h.close(); // checkpoints the WAL into the main file
    check();
  });

  it("compares hashes without an early exit and refuses a revoked token on the API and the sign-in form", async () => {
    expect(hashesEqual("ab".repeat(32), "ab".repeat(32))).toBe(true);
    expect(hashesEqual("ab".repeat(32), `${"ab".repeat(31)}ac`)).toBe(false);
    expect(hashesEqual("ab", "abc")).toBe(false);

    const h = await harness();
    const created = await h.request("/api/tokens", {
      method: "POST",
      token: h.tokens.admin,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ role: "officer" }),
    });
    const { id, token } = (await created.json()) as { id: string; token: string };
    expect((await h.request("/api/checks", { token })).status).toBe(200);
    const { cookie } = await signInUi(h, token);
    expect((await h.request("/checks", { headers: { Cookie: cookie } })).status).toBe(200);

    expect((await h.request(`/api/tokens/${id}`, { method: "DELETE", token: h.tokens.admin })).status).toBe(204);
    const refused = await h.request("/api/checks", { token });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: "E_UNAUTHORIZED" });
    expect((await signInUi(h, token)).status).toBe(401);
    // The browser session of the revoked token ends too.
    const after = await h.request("/checks", { headers: { Cookie: cookie } });
    expect(after.status).toBe(303);
    expect(after.headers.get("location")).toContain("/sign-in");
  });
});

describe("DELETE /api/checks/:id", () => {
  it("removes the document bytes, report and generated outputs from the database file; the audit entry stays", async () => {
    const h = await harness();
    const marker = `DELETE-ME-${randomUUID()}`;
    const created = await h.request("/api/checks", {
      method: "POST",
      token: h.tokens.officer,
      body: upload([{ name: `${marker}.txt`, bytes: contractWith(marker) }]),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const md = await h.request(`/api/checks/${id}/clauses?format=md`, { token: h.tokens.officer });
    expect(md.status).toBe(200);
    expect(await md.text()).toContain(marker); // so the stored output carries the marker as well
    const org = await h.store.organisations.ensure("Gemeente Veilig");
    const db = new Database(h.dbPath);
    try {
      expect((db.prepare("select count(*) as n from byte_chunks").get() as { n: number }).n).toBeGreaterThan(1);
      db.pragma("wal_checkpoint(TRUNCATE)");
      expect(databaseContains(h.dbPath, marker)).toEqual([h.dbPath]); // the scan finds it while it is stored

      expect((await h.request(`/api/checks/${id}`, { method: "DELETE", token: h.tokens.officer })).status).toBe(204);
      expect((await h.request(`/api/checks/${id}`, { token: h.tokens.officer })).status).toBe(404);
      // The store checkpoints right after a delete, so neither the file nor the WAL keeps the frames.
      expect(databaseContains(h.dbPath, marker)).toEqual([]);
      expect((db.prepare("select count(*) as n from byte_chunks").get() as { n: number }).n).toBe(0);
    } finally {
      db.close();
    }
    const audit = (await h.store.audit.list(org.id)).items;
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(["upload", "check", "delete"]));
    expect(audit.find((e) => e.action === "delete")?.target).toBe(id);
    h.close();
    expect(databaseContains(h.dbPath, marker)).toEqual([]);
  });
});

describe("logs", () => {
  /** Records console.* and process.stdout/stderr while `run` runs (and still passes them through). */
  async function captureOutput(run: () => Promise<void>): Promise<string> {
    let out = "";
    const restore: (() => void)[] = [];
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write;
      stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        out += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
        return (write as (...a: unknown[]) => boolean).call(stream, chunk, ...rest);
      }) as typeof stream.write;
      restore.push(() => {
        stream.write = write;
      });
    }
    for (const method of ["log", "info", "warn", "error", "debug", "trace"] as const) {
      const original = console[method];
      console[method] = (...args: unknown[]) => {
        out += `${args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : String(a))).join(" ")}\n`;
      };
      restore.push(() => {
        console[method] = original;
      });
    }
    try {
      await run();
    } finally {
      for (const r of restore) r();
    }
    return out;
  }

  it("never carry contract text: success, store failure, parser failure, API and web UI", async () => {
    const marker = `CONFIDENTIAL-${randomUUID()}`;
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    let failStore = false;
    let failParser = false;
    const h = await harness({
      log,
      wrapStore: (store) => ({
        ...store,
        checks: {
          ...store.checks,
          save: async (input, actor) => {
            // Like a driver error that quotes the row it could not write.
            if (failStore) throw new Error(`SQLITE_FULL while inserting ${JSON.stringify(input.report).slice(0, 5000)}`);
            return store.checks.save(input, actor);
          },
        },
      }),
      parsers: {
        parseDocument: async (bytes, options) => {
          if (failParser) {
            const e = new TypeError(`cannot read text near "${new TextDecoder().decode(bytes).slice(0, 4000)}"`);
            // A name is only a writable string; one library might build it from what it read.
            if (options.name.endsWith(".md")) e.name = `ParseError near ${marker}`;
            throw e;
          }
          return parseDocument(bytes, options);
        },
      },
    });
    const text = contractWith(marker);
    const pdf = await makePdf(["1. Customer Data", `1.1 Supplier shall not use Customer Data to train any model ${marker}.`]);
    const docx = await makeDocx([{ heading: true, text: "1. Customer Data" }, { text: `1.1 Supplier shall not use Customer Data to train any model ${marker}.` }]);
    const files = [
      { name: `${marker}.txt`, bytes: text },
      { name: `${marker}.md`, bytes: text },
      { name: `${marker}.pdf`, bytes: pdf },
      { name: `${marker}.docx`, bytes: docx },
    ];
    const bodies: string[] = [];

    const output = await captureOutput(async () => {
      // Success: store, read, generate, redline.
      const created = await h.request("/api/checks", { method: "POST", token: h.tokens.officer, body: upload(files) });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      expect((await h.request(`/api/checks/${id}/clauses?format=docx`, { token: h.tokens.officer })).status).toBe(200);
      expect((await h.request(`/api/checks/${id}/redline`, { token: h.tokens.officer })).status).toBe(200);
      // Internal error in the store.
      failStore = true;
      const storeFailure = await h.request("/api/checks", { method: "POST", token: h.tokens.officer, body: upload(files) });
      expect(storeFailure.status).toBe(500);
      bodies.push(await storeFailure.text());
      failStore = false;
      // Internal error in a parser, through the API and the public self-check page.
      failParser = true;
      const parserFailure = await h.request("/api/checks", { method: "POST", token: h.tokens.vendor, body: upload(files.slice(0, 1)) });
      expect(parserFailure.status).toBe(500);
      bodies.push(await parserFailure.text());
      const form = await h.request("/self-check");
      const csrf = /cw_csrf=([^;]+)/.exec(form.headers.getSetCookie().join("\n"))?.[1] ?? "";
      const selfCheckBody = upload(files.slice(1, 2), { _csrf: csrf });
      const uiFailure = await h.request("/self-check", { method: "POST", headers: { Cookie: `cw_csrf=${csrf}` }, body: selfCheckBody });
      expect(uiFailure.status).toBe(500);
      bodies.push(await uiFailure.text());
      failParser = false;
      const uiSuccess = await h.request("/self-check", { method: "POST", headers: { Cookie: `cw_csrf=${csrf}` }, body: upload(files.slice(0, 1), { _csrf: csrf }) });
      expect(uiSuccess.status).toBe(200);
    });

    // The error paths really were taken and logged ...
    expect(lines).toEqual([
      "E_INTERNAL POST /api/checks: Error",
      "E_INTERNAL POST /api/checks: TypeError",
      "E_INTERNAL POST /self-check: Error",
    ]);
    // ... and nothing of the contract reached the log, the process output or the error answers.
    for (const line of lines) expect(line).not.toContain(marker);
    expect(output).not.toContain(marker);
    expect(output).not.toContain("Supplier shall not use Customer Data");
    for (const body of bodies) expect(body).not.toContain(marker);
  });
});

describe("no outbound network access", () => {
  let trap: ReturnType<typeof installNetworkTrap> | undefined;
  afterEach(() => {
    trap?.restore();
    trap = undefined;
  });

  it("the trap catches every kind of call (so an empty record means something)", async () => {
    trap = installNetworkTrap();
    expect(() => http.request("http://192.0.2.1/")).toThrow(/blocked/);
    await expect(fetch("https://example.org/")).rejects.toThrow(/blocked/);
    const { connect, Socket } = await import("node:net");
    expect(() => connect(443, "198.51.100.7")).toThrow(/blocked/);
    expect(() => new Socket().connect({ host: "2001:db8::1", port: 443 })).toThrow(/blocked/);
    const dns = await import("node:dns");
    expect(() => dns.lookup("example.org", () => {})).toThrow(/blocked/);
    await expect(dns.promises.lookup("example.org")).rejects.toThrow(/blocked/);
    expect(trap.calls).toHaveLength(6);
  });

  it("startNodeService checks, stores, renders and generates with fetch, http(s), net, tls and dns trapped", async () => {
    const dir = mkdtempSync(join(tmpdir(), "contractwijzer-offline-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const dbPath = join(dir, "contractwijzer.db");
    const { store, close } = openSqliteStore(dbPath);
    const org = await store.organisations.ensure("Gemeente Offline");
    const token = (await store.tokens.create({ orgId: org.id, role: "officer" }, { orgId: org.id, tokenId: null, role: "cli" })).secret;
    close();

    trap = installNetworkTrap();
    const service = await startNodeService({ dbPath, port: 0, config: appConfigFromEnv({}), log: () => {} });
    try {
      const docx = await makeDocx([{ heading: true, text: "1. Customer Data" }, { text: "1.1 Supplier shall not use Customer Data to train any model." }]);
      const pdf = await makePdf(["1. Customer Data", "1.1 Supplier shall not use Customer Data to train any model."]);
      const auth = { Authorization: `Bearer ${token}` };
      const res = await fetch(`${service.url}/api/checks`, {
        method: "POST",
        headers: auth,
        body: upload([
          { name: "terms.docx", bytes: docx },
          { name: "terms.pdf", bytes: pdf },
          { name: "terms.md", bytes: ENGLISH_TERMS },
        ]),
      });
      expect(res.status).toBe(201);
      const { id } = (await res.json()) as { id: string };
      for (const path of [`/api/checks/${id}`, `/api/checks/${id}/clauses?format=docx`, `/api/checks/${id}/redline`, "/api/clauses/data-breach-notification?format=docx", "/self-check", "/docs/api"])
        expect((await fetch(`${service.url}${path}`, { headers: auth })).status, path).toBe(200);
      expect((await fetch(`${service.url}/api/checks/${id}`, { method: "DELETE", headers: auth })).status).toBe(204);
    } finally {
      await service.close();
    }
    expect(trap.calls).toEqual([]);
  });

  it("`contractwijzer serve` makes no outbound call from import to shutdown (trap preloaded with --import)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "contractwijzer-offline-serve-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const dbPath = join(dir, "contractwijzer.db");
    const trapLog = join(dir, "network.log");

    // The preloaded trap works in a child process.
    const probe = spawnSync(process.execPath, ["--import", TRAP_MODULE, "-e", "fetch('http://192.0.2.1/').catch(() => {})"], {
      env: { ...process.env, CW_NET_TRAP_LOG: join(dir, "probe.log") },
    });
    expect(probe.status).toBe(0);
    expect(readFileSync(join(dir, "probe.log"), "utf8")).toContain("blocked thread 0: fetch 192.0.2.1");

    const { store, close } = openSqliteStore(dbPath);
    const org = await store.organisations.ensure("Gemeente Offline");
    const token = (await store.tokens.create({ orgId: org.id, role: "officer" }, { orgId: org.id, tokenId: null, role: "cli" })).secret;
    close();

    const child: ChildProcess = spawn(process.execPath, ["--import", TRAP_MODULE, "bin/contractwijzer.mjs", "serve", "--port", "0", "--db", dbPath], {
      cwd: REPO_ROOT,
      env: { ...process.env, CW_NET_TRAP_LOG: trapLog, PORT: "", HOST: "127.0.0.1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    cleanups.push(() => {
      if (child.exitCode === null) child.kill("SIGKILL");
    });
    let stdout = "";
    let stderr = "";
    child.stderr?.on("data", (d) => {
      stderr += d;
    });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout?.on("data", (d) => {
        stdout += d;
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (match) resolve(match[1]);
      });
      child.once("exit", (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    });
    const auth = { Authorization: `Bearer ${token}` };
    const pdf = await makePdf(["1. Customer Data", "1.1 Supplier shall not use Customer Data to train any model."]);
    const docx = await makeDocx([{ text: "1.1 Supplier shall not use Customer Data to train any model." }]);
    const res = await fetch(`${url}/api/checks`, {
      method: "POST",
      headers: auth,
      body: upload([
        { name: "terms.pdf", bytes: pdf },
        { name: "terms.docx", bytes: docx },
        { name: "terms.txt", bytes: ENGLISH_TERMS },
      ]),
    });
    expect(res.status, stderr).toBe(201);
    const { id } = (await res.json()) as { id: string };
    expect((await fetch(`${url}/api/checks/${id}/redline`, { headers: auth })).status).toBe(200);
    expect((await fetch(`${url}/api/checks/${id}/clauses?format=docx`, { headers: auth })).status).toBe(200);
    const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);

    const record = readFileSync(trapLog, "utf8");
    expect(record).toContain("armed thread 0");
    expect(record.split("\n").filter((l) => l.startsWith("blocked"))).toEqual([]);
  });
});

/** The UI's pure parts: evidence highlighting, signed sessions and CSRF tokens, asset serving. */
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { Report } from "../../src/check/types.js";
import type { AppDeps } from "../../src/http/context.js";
import { mountUi } from "../../src/http/ui/index.js";
import { evidenceSpans, runsFor, spanId, viewBlocks } from "../../src/http/ui/highlight.js";
import { SessionKeys } from "../../src/http/ui/session.js";
import type { Block } from "../../src/parse/types.js";

describe("evidence highlighting", () => {
  const text = "1. Liability\nSupplier is liable up to EUR 1. Nothing else.\n2. Law\nDutch law applies.";
  const at = (s: string) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length });
  const blocks: Block[] = [
    { kind: "heading", section: "1", heading: null, ...at("1. Liability"), page: 1 },
    { kind: "clause", section: "1", heading: "Liability", ...at("Supplier is liable up to EUR 1. Nothing else."), page: 1 },
    { kind: "heading", section: "2", heading: null, ...at("2. Law"), page: 2 },
    { kind: "clause", section: "2", heading: "Law", ...at("Dutch law applies."), page: 2 },
  ];

  it("cuts runs at span boundaries, with overlapping spans covering the shared part", () => {
    const { start, end } = blocks[1];
    const a = { start, end: start + 30 };
    const b = { start: start + 20, end };
    const runs = runsFor(text, start, end, [a, b]);
    expect(runs.map((r) => r.text).join("")).toBe(text.slice(start, end));
    expect(runs.map((r) => r.covering.length)).toEqual([1, 2, 1]);
    expect(runs[0].starting).toEqual([a]);
    expect(runs[1].starting).toEqual([b]);
    expect(runs[2].starting).toEqual([]);
  });

  it("keeps every character, including gaps between blocks, and anchors a span where it starts", () => {
    const spans = [at("Dutch law applies.")];
    const view = viewBlocks(text, blocks, spans);
    // Whitespace-only gaps (the newlines) are dropped; every other character is in a block.
    expect(view.map((b) => b.runs.map((r) => r.text).join("")).join("\n")).toBe(text);
    const law = view.find((b) => b.start === spans[0].start);
    expect(law?.runs[0].starting).toEqual(spans);
    expect(law?.page).toBe(2);
    // A span in text no block covers still shows up.
    const gapView = viewBlocks("abc def", [{ kind: "paragraph", section: null, heading: null, start: 0, end: 3, page: null }], [{ start: 4, end: 7 }]);
    expect(gapView.at(-1)?.kind).toBe("text");
    expect(gapView.at(-1)?.runs.map((r) => [r.text, r.covering.length])).toEqual([
      [" ", 0],
      ["def", 1],
    ]);
  });

  it("collects distinct spans of one document of a bundle", () => {
    const evidence = (document: number, start: number, end: number) => ({ quote: "", start, end, section: null, heading: null, page: null, role: "supports" as const, document, rule: "r" });
    const report = {
      findings: [
        { evidence: [evidence(0, 5, 9), evidence(1, 5, 9)] },
        { evidence: [evidence(0, 5, 9), evidence(0, 1, 3), evidence(0, 4, 4)] },
      ],
    } as unknown as Report;
    expect(evidenceSpans(report, 0)).toEqual([
      { start: 1, end: 3 },
      { start: 5, end: 9 },
    ]);
    expect(spanId(1, { start: 5, end: 9 })).toBe("ev-1-5-9");
  });
});

describe("sessions and CSRF tokens", () => {
  const keys = new SessionKeys("0123456789abcdef0123456789abcdef");
  const now = new Date("2026-01-01T12:00:00Z");
  const session = { tokenId: "t1", orgId: "o1", role: "officer" as const, expires: now.getTime() / 1000 + 60 };

  it("opens what it sealed, and nothing tampered, forged or expired", async () => {
    const sealed = await keys.sealSession(session);
    expect(await keys.openSession(sealed, now)).toEqual(session);
    const [body, mac] = sealed.split(".");
    const forgedBody = Buffer.from(JSON.stringify({ t: "t1", o: "o1", r: "admin", e: session.expires })).toString("base64url");
    expect(await keys.openSession(`${forgedBody}.${mac}`, now)).toBeNull();
    expect(await keys.openSession(`${body}.${mac.slice(0, -2)}AA`, now)).toBeNull();
    expect(await keys.openSession(sealed, new Date(now.getTime() + 61_000))).toBeNull();
    const other = new SessionKeys("another secret of at least 32 bytes!!");
    expect(await other.openSession(sealed, now)).toBeNull();
    expect(await keys.openSession(undefined, now)).toBeNull();
    expect(await keys.openSession("garbage", now)).toBeNull();
  });

  it("accepts only CSRF tokens it signed", async () => {
    const token = await keys.newCsrfToken();
    expect(await keys.csrfTokenValid(token)).toBe(true);
    expect(await keys.csrfTokenValid(`x${token}`)).toBe(false);
    expect(await SessionKeys.random().csrfTokenValid(token)).toBe(false);
    expect(() => new SessionKeys("short")).toThrow(/32 bytes/);
  });
});

describe("mountUi", () => {
  const deps = (ui?: object) =>
    ({
      store: {} as AppDeps["store"],
      playbook: { requirements: [], byId: new Map(), version: "v", lexicon: {} } as unknown as AppDeps["playbook"],
      parsers: { parseDocument: async () => Promise.reject(new Error("unused")) },
      templates: null,
      config: { maxUploadBytes: 1024 },
      ui,
    }) as AppDeps;

  it("serves the Rijkshuisstijl stylesheets it was given, its own CSS and script, and nothing from a CDN", async () => {
    const app = new Hono();
    mountUi(app, deps({ assets: { "rhc-components.css": ".utrecht-button{color:red}", "rhc-tokens.css": ":root{--x:1}" } }));
    const css = await app.request("/assets/rhc-components.css");
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toContain("text/css");
    expect(await css.text()).toBe(".utrecht-button{color:red}");
    expect((await app.request("/assets/app.css")).status).toBe(200);
    expect(await (await app.request("/assets/upload.js")).text()).toContain("XMLHttpRequest");
    const home = await app.request("/");
    const html = await home.text();
    expect(html).toContain('<link rel="stylesheet" href="/assets/rhc-tokens.css"/>');
    expect(html).not.toMatch(/https?:\/\//);
    expect(home.headers.get("content-security-policy")).toContain("script-src 'self'");
  });

  it("links only the stylesheets it has", async () => {
    const app = new Hono();
    mountUi(app, deps());
    expect((await app.request("/assets/rhc-components.css")).status).toBe(404);
    expect(await (await app.request("/")).text()).not.toContain("rhc-components.css");
  });

  it("marks the session and CSRF cookies Secure over HTTPS", async () => {
    const app = new Hono();
    mountUi(app, deps());
    const res = await app.request("https://contractwijzer.example/sign-in");
    expect(res.headers.get("set-cookie")).toMatch(/cw_csrf=[^;]+;.*Secure/);
    const plain = await app.request("http://localhost/sign-in");
    expect(plain.headers.get("set-cookie")).not.toContain("Secure");
  });
});

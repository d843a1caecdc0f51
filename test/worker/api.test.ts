/** The Worker entry in workerd against a local D1: the core flows of the API. */
import { applyD1Migrations, env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { Document, HeadingLevel, Packer, Paragraph } from "docx";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { createD1Store } from "../../src/store/d1.js";

const BASE = "http://contractwijzer.test";
const tokens: Record<"officer" | "vendor" | "other", string> = { officer: "", vendor: "", other: "" };

const TERMS_MD = `# Cloud Services Terms

## 1. Customer Data

1.1 Supplier shall not use Customer Data to train or improve any artificial intelligence model.

## 2. Governing law

2.1 This Agreement is governed by the laws of the Netherlands.
`;

function call(path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const { token, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (token) headers.set("Authorization", `Bearer ${token}`);
  return exports.default.fetch(new Request(`${BASE}${path}`, { ...rest, headers }));
}

function upload(name: string, bytes: Uint8Array | string, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  const data = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
  form.append("file", new File([data as Uint8Array<ArrayBuffer>], name));
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return form;
}

beforeAll(async () => {
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
  const store = createD1Store(env.DB);
  const org = await store.organisations.ensure("Gemeente Worker");
  const other = await store.organisations.ensure("Andere Gemeente");
  const cli = (orgId: string) => ({ orgId, tokenId: null, role: "cli" as const });
  tokens.officer = (await store.tokens.create({ orgId: org.id, role: "officer" }, cli(org.id))).secret;
  tokens.vendor = (await store.tokens.create({ orgId: org.id, role: "vendor" }, cli(org.id))).secret;
  tokens.other = (await store.tokens.create({ orgId: other.id, role: "officer" }, cli(other.id))).secret;
});

describe("Worker with D1", () => {
  it("answers /health and /openapi.json", async () => {
    const health = await call("/health");
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    const doc = await (await call("/openapi.json")).json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/api/checks");
  });

  it("serves the web UI with the Rijkshuisstijl stylesheets bundled, as on Node", async () => {
    const home = await call("/");
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain('class="cw-rhc"');
    for (const name of ["rhc-tokens.css", "rhc-components.css"]) {
      expect(html).toContain(`/assets/${name}`);
      const css = await call(`/assets/${name}`);
      expect(css.status).toBe(200);
      expect(css.headers.get("content-type")).toMatch(/^text\/css/);
      expect((await css.text()).length).toBeGreaterThan(50_000);
    }
    expect((await call("/assets/rhc-components.css")).headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("refuses requests without a valid token", async () => {
    expect((await call("/api/checks")).status).toBe(401);
    expect((await call("/api/checks", { token: "cw_wrong" })).status).toBe(401);
  });

  it("checks a Markdown upload, stores it and serves the report to its organisation only", async () => {
    const res = await call("/api/checks", { method: "POST", token: tokens.officer, body: upload("terms.md", TERMS_MD, { profile: "genai" }) });
    expect(res.status).toBe(201);
    const { id, report } = await res.json<{ id: string; report: { schema: string; document: { format: string }; findings: unknown[] } }>();
    expect(report.schema).toBe("contractwijzer.report/v1");
    expect(report.document.format).toBe("md");
    expect(report.findings.length).toBeGreaterThan(0);

    const got = await call(`/api/checks/${id}`, { token: tokens.vendor });
    expect(got.status).toBe(200);
    expect(await got.json()).toEqual(report);

    const list = await (await call("/api/checks", { token: tokens.officer })).json<{ items: { id: string }[] }>();
    expect(list.items.map((c) => c.id)).toContain(id);

    const foreign = await call(`/api/checks/${id}`, { token: tokens.other });
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toMatchObject({ code: "E_NOT_FOUND" });
    expect((await call(`/api/checks/${id}`, { method: "DELETE", token: tokens.other })).status).toBe(404);

    const clauses = await call(`/api/checks/${id}/clauses?format=json`, { token: tokens.officer });
    expect(clauses.status).toBe(200);
    expect(Array.isArray(await clauses.json())).toBe(true);

    expect((await call(`/api/checks/${id}`, { method: "DELETE", token: tokens.officer })).status).toBe(204);
    expect((await call(`/api/checks/${id}`, { token: tokens.officer })).status).toBe(404);
    const audit = await (await call("/api/audit", { token: tokens.officer })).json<{ items: { action: string; target: string | null }[] }>();
    expect(audit.items.filter((e) => e.target === id).map((e) => e.action)).toEqual(["delete", "download", "download", "check", "upload"]);
  });

  it("checks a plain-text upload for a vendor without storing it", async () => {
    const res = await call("/api/checks", { method: "POST", token: tokens.vendor, body: upload("offer.txt", TERMS_MD) });
    expect(res.status).toBe(200);
    const body = await res.json<{ id?: string; report: { document: { format: string } } }>();
    expect(body.id).toBeUndefined();
    expect(body.report.document.format).toBe("txt");
  });

  it("reads a PDF with unpdf", async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    const page = pdf.addPage([595, 842]);
    page.drawText("1.1 Supplier shall not use Customer Data to train any model.", { x: 50, y: 800, size: 11, font });
    const res = await call("/api/checks", { method: "POST", token: tokens.officer, body: upload("terms.pdf", await pdf.save()) });
    const body = await res.json<{ report?: { document: { format: string; pages: number } }; code?: string; message?: string }>();
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body.report?.document).toMatchObject({ format: "pdf", pages: 1 });
  });

  it("reads a DOCX and redlines it", async () => {
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph({ text: "1. Klantgegevens", heading: HeadingLevel.HEADING_1 }),
            new Paragraph({ text: "1.1 Opdrachtnemer mag de gegevens van Opdrachtgever gebruiken om zijn modellen te verbeteren." }),
          ],
        },
      ],
    });
    const bytes = new Uint8Array(await (await Packer.toBlob(doc)).arrayBuffer());
    const res = await call("/api/checks", { method: "POST", token: tokens.officer, body: upload("voorwaarden.docx", bytes) });
    const body = await res.json<{ id: string; report?: { document: { format: string; language: string } } }>();
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body.report?.document).toMatchObject({ format: "docx", language: "nl" });
    const redline = await call(`/api/checks/${body.id}/redline`, { token: tokens.officer });
    expect(redline.status).toBe(200);
    expect(new Uint8Array(await redline.arrayBuffer()).slice(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
  });

  it("answers parse errors with the parser's code", async () => {
    const res = await call("/api/checks", { method: "POST", token: tokens.officer, body: upload("empty.txt", "") });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "E_EMPTY_FILE" });
  });
});

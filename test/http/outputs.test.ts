import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeDocx } from "./documents.js";
import { ENGLISH_TERMS, startTestService, type TestService, upload } from "./helpers.js";

let svc: TestService;
let textCheck: { id: string; report: { findings: { requirement: string; verdict: string }[] } };
let docxCheckId: string;

beforeAll(async () => {
  svc = await startTestService();
  const text = await svc.request("/api/checks", { method: "POST", token: svc.tokens.officer, body: upload([{ name: "terms.md", bytes: ENGLISH_TERMS }], { profile: "genai" }) });
  textCheck = await text.json();
  const docx = await makeDocx([
    { heading: true, text: "1. Liability" },
    { text: "1.1 Supplier's total liability is limited to the fees paid in the twelve months preceding the claim." },
    { heading: true, text: "2. Customer Data" },
    { text: "2.1 Supplier may use Customer Data to improve its models." },
  ]);
  const docxRes = await svc.request("/api/checks", { method: "POST", token: svc.tokens.officer, body: upload([{ name: "vendor.docx", bytes: docx }], { profile: "genai" }) });
  docxCheckId = (await docxRes.json()).id;
});
afterAll(() => svc?.close());

const needsClause = (verdict: string) => ["partial", "conflicting", "missing"].includes(verdict);

describe("generated clauses of a check", () => {
  it("returns the clauses as JSON for every finding that is not satisfied", async () => {
    const res = await svc.request(`/api/checks/${textCheck.id}/clauses?format=json&lang=en`, { token: svc.tokens.vendor });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const clauses = (await res.json()) as { requirement: string; verdict: string; lang: string; title: string; text: string }[];
    const expected = textCheck.report.findings.filter((f) => needsClause(f.verdict)).map((f) => f.requirement);
    expect(clauses.map((c) => c.requirement).sort()).toEqual(expected.sort());
    expect(clauses.every((c) => c.lang === "en" && c.title && c.text)).toBe(true);
  });

  it("returns the Markdown annex and serves the same bytes again from the store", async () => {
    const first = await svc.request(`/api/checks/${textCheck.id}/clauses?lang=nl`, { token: svc.tokens.officer });
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toContain("text/markdown");
    expect(first.headers.get("content-disposition")).toMatch(/attachment; filename="clauses-.*-nl\.md"/);
    const markdown = await first.text();
    expect(markdown).toMatch(/^# /m);
    const again = await (await svc.request(`/api/checks/${textCheck.id}/clauses?lang=nl`, { token: svc.tokens.officer })).text();
    expect(again).toBe(markdown);
    const orgId = (await svc.store.organisations.ensure("Gemeente Test")).id;
    expect(await svc.store.outputs.get(orgId, { checkId: textCheck.id, kind: "clauses.md", lang: "nl" })).not.toBeNull();
  });

  it("returns the annex as DOCX", async () => {
    const res = await svc.request(`/api/checks/${textCheck.id}/clauses?format=docx`, { token: svc.tokens.officer });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    const zip = await JSZip.loadAsync(new Uint8Array(await res.arrayBuffer()));
    expect(await zip.file("word/document.xml")?.async("string")).toContain("<w:body>");
  });

  it("redlines the vendor's DOCX with tracked changes", async () => {
    const res = await svc.request(`/api/checks/${docxCheckId}/redline?lang=en`, { token: svc.tokens.legal });
    expect(res.status).toBe(200);
    const zip = await JSZip.loadAsync(new Uint8Array(await res.arrayBuffer()));
    const xml = (await zip.file("word/document.xml")?.async("string")) ?? "";
    expect(xml).toContain("<w:ins ");
    expect(xml).toContain("Supplier may use Customer Data to improve its models.");
  });

  it("refuses a redline for a check without a DOCX", async () => {
    const res = await svc.request(`/api/checks/${textCheck.id}/redline`, { token: svc.tokens.officer });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "E_BAD_REQUEST" });
  });

  it("records downloads in the audit log", async () => {
    const audit = await (await svc.request("/api/audit?limit=100", { token: svc.tokens.officer })).json();
    const downloads = audit.items.filter((e: { action: string; target: string }) => e.action === "download" && e.target === textCheck.id);
    expect(downloads.map((e: { detail: { what: string } }) => e.detail.what)).toEqual(
      expect.arrayContaining(["clauses.json", "clauses.md", "clauses.docx"]),
    );
  });
});

describe("findings across checks", () => {
  it("finds the checks where a requirement has a given verdict", async () => {
    const finding = textCheck.report.findings[0];
    const res = await svc.request(`/api/findings?requirement=${finding.requirement}&verdict=${finding.verdict}`, { token: svc.tokens.legal });
    expect(res.status).toBe(200);
    const page = await res.json();
    expect(page.items.map((m: { checkId: string }) => m.checkId)).toContain(textCheck.id);
    expect(page.items.every((m: { requirement: string; verdict: string }) => m.requirement === finding.requirement && m.verdict === finding.verdict)).toBe(true);
    expect((await svc.request("/api/findings?verdict=wrong", { token: svc.tokens.legal })).status).toBe(400);
  });
});

describe("library", () => {
  it("serves the playbook with its version and requirements", async () => {
    const res = await svc.request("/api/playbook", { token: svc.tokens.vendor });
    const playbook = await res.json();
    expect(playbook.version).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(playbook.requirements.length).toBe(textCheck.report.findings.length);
    expect(playbook.requirements[0]).toMatchObject({ id: expect.any(String), title: { nl: expect.any(String), en: expect.any(String) } });
  });

  it("lists the clause library and renders one clause with parameters", async () => {
    const list = await (await svc.request("/api/clauses?lang=en", { token: svc.tokens.vendor })).json();
    expect(list.length).toBeGreaterThan(0);
    const id = list[0].id as string;
    const json = await svc.request(`/api/clauses/${id}?lang=en&customer=Gemeente%20Utrecht`, { token: svc.tokens.vendor });
    expect(json.status).toBe(200);
    const clause = await json.json();
    expect(clause).toMatchObject({ requirement: id, lang: "en" });
    expect(clause.params.customer).toBe("Gemeente Utrecht");

    const md = await svc.request(`/api/clauses/${id}?lang=nl&format=md`, { token: svc.tokens.vendor });
    expect(md.headers.get("content-type")).toContain("text/markdown");
    expect(await md.text()).toMatch(/^# /);

    const docx = await svc.request(`/api/clauses/${id}?format=docx`, { token: svc.tokens.vendor });
    expect(docx.status).toBe(200);
    expect(new Uint8Array(await docx.arrayBuffer()).slice(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
  });

  it("answers unknown clauses with 404 and unknown parameters with 400", async () => {
    expect((await svc.request("/api/clauses/no-such-clause", { token: svc.tokens.vendor })).status).toBe(404);
    const list = await (await svc.request("/api/clauses", { token: svc.tokens.vendor })).json();
    const res = await svc.request(`/api/clauses/${list[0].id}?no_such_param=1`, { token: svc.tokens.vendor });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "E_TEMPLATE_PARAM" });
  });
});

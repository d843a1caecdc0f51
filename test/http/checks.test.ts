
import { readFileSync, } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeDocx, makePdf } from "./documents.js";
import { encryptWithQpdf } from "../parse/fixtures.js";
import { DUTCH_TERMS, ENGLISH_TERMS, startTestService, type TestService, upload } from "./helpers.js";

const reportSchema = JSON.parse(readFileSync(new URL("../../src/check/report.schema.json", import.meta.url), "utf8"));
const ajv = new Ajv2020.default({ strict: false, allErrors: true });
addFormats.default(ajv);
const validateReport = ajv.compile(reportSchema);

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(() => svc?.close());


async function postCheck(token: string, form: FormData) {
  const res = await svc.request("/api/checks", { method: "POST", token, body: form });
  return { res, body: await res.json() };
}

describe("POST /api/checks", () => {
  it("checks a text upload for an officer, stores it and returns the report", async () => {
    const { res, body } = await postCheck(svc.tokens.officer, upload([{ name: "terms.txt", bytes: ENGLISH_TERMS }], { profile: "genai,cloud", lang: "en" }));
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe(`/api/checks/${body.id}`);
    expect(body.report.schema).toBe("contractwijzer.report/v1");
    expect(body.report.document).toMatchObject({ name: "terms.txt", format: "txt", language: "en" });
    expect(body.report.profile.genai).toMatchObject({ value: true, from: "given" });
    expect(body.report.lang).toBe("en");

    const got = await svc.request(`/api/checks/${body.id}`, { token: svc.tokens.vendor });
    expect(got.status).toBe(200);
    const report = await got.json();
    expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
    expect(report).toEqual(body.report);
  });

  it("reads Markdown and checks several files as one bundle", async () => {
    const { res, body } = await postCheck(
      svc.tokens.legal,
      upload([
        { name: "main.md", bytes: ENGLISH_TERMS },
        { name: "verwerkersovereenkomst.txt", bytes: DUTCH_TERMS },
      ]),
    );
    expect(res.status).toBe(201);
    expect(body.report.documents.map((d: { name: string; format: string; language: string }) => [d.name, d.format, d.language])).toEqual([
      ["main.md", "md", "en"],
      ["verwerkersovereenkomst.txt", "txt", "nl"],
    ]);
    expect(body.report.document.name).toBe("main.md + verwerkersovereenkomst.txt");
    const documents = await svc.store.checks.documents((await svc.store.organisations.ensure("Gemeente Test")).id, body.id);
    expect(documents.map((d) => d.name)).toEqual(["main.md", "verwerkersovereenkomst.txt"]);
  });

  it("checks a PDF and a DOCX made in the test", async () => {
    const pdf = await makePdf([
      "1. Customer Data",
      "1.1 Supplier shall not use Customer Data to train any model.",
      "2. Governing law",
      "2.1 This Agreement is governed by the laws of the Netherlands.",
    ]);
    const pdfCheck = await postCheck(svc.tokens.officer, upload([{ name: "terms.pdf", bytes: pdf, type: "application/pdf" }]));
    expect(pdfCheck.res.status).toBe(201);
    expect(pdfCheck.body.report.document).toMatchObject({ format: "pdf", pages: 1 });

    const docx = await makeDocx([
      { heading: true, text: "1. Aansprakelijkheid" },
      { text: "1.1 De aansprakelijkheid van Opdrachtnemer is beperkt tot de vergoeding over twaalf maanden." },
    ]);
    const docxCheck = await postCheck(svc.tokens.officer, upload([{ name: "voorwaarden.docx", bytes: docx }]));
    expect(docxCheck.res.status).toBe(201);
    expect(docxCheck.body.report.document).toMatchObject({ format: "docx", language: "nl" });
    const orgId = (await svc.store.organisations.ensure("Gemeente Test")).id;
    const [stored] = await svc.store.checks.documents(orgId, docxCheck.body.id);
    expect(await svc.store.checks.documentBytes(orgId, stored.id)).toEqual(docx);
  });

  it("does not store a vendor's check unless asked to, and audits it without contract text", async () => {
    const before = (await (await svc.request("/api/checks?limit=100", { token: svc.tokens.officer })).json()).items.length;
    const { res, body } = await postCheck(svc.tokens.vendor, upload([{ name: "offer.txt", bytes: ENGLISH_TERMS }]));
    expect(res.status).toBe(200);
    expect(body.id).toBeUndefined();
    expect(body.report.findings.length).toBeGreaterThan(0);
    const after = (await (await svc.request("/api/checks?limit=100", { token: svc.tokens.officer })).json()).items.length;
    expect(after).toBe(before);

    const audit = await (await svc.request("/api/audit", { token: svc.tokens.officer })).json();
    expect(audit.items[0]).toMatchObject({ action: "check", target: null, actorRole: "vendor", detail: { stored: false } });
    expect(JSON.stringify(audit)).not.toContain("Supplier shall not use");

    const kept = await postCheck(svc.tokens.vendor, upload([{ name: "offer.txt", bytes: ENGLISH_TERMS }], { store: "true" }));
    expect(kept.res.status).toBe(201);
    expect(kept.body.id).toEqual(expect.any(String));

    const notKept = await postCheck(svc.tokens.officer, upload([{ name: "draft.txt", bytes: ENGLISH_TERMS }], { store: "false" }));
    expect(notKept.res.status).toBe(200);
    expect(notKept.body.id).toBeUndefined();
  });

  it("rejects bad form fields with E_BAD_REQUEST", async () => {
    const cases: FormData[] = [
      upload([], { profile: "genai" }),
      upload([{ name: "a.txt", bytes: ENGLISH_TERMS }], { profile: "genai,blockchain" }),
      upload([{ name: "a.txt", bytes: ENGLISH_TERMS }], { lang: "de" }),
      upload([{ name: "a.txt", bytes: ENGLISH_TERMS }], { store: "yes" }),
    ];
    for (const form of cases) {
      const { res, body } = await postCheck(svc.tokens.officer, form);
      expect(res.status).toBe(400);
      expect(body.code).toBe("E_BAD_REQUEST");
    }
    const json = await svc.request("/api/checks", {
      method: "POST",
      token: svc.tokens.officer,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ file: "x" }),
    });
    expect(json.status).toBe(415);
    expect(await json.json()).toMatchObject({ code: "E_UNKNOWN_TYPE" });
  });

  it("maps the parser's error codes to HTTP", async () => {
    const corruptPdf = new TextEncoder().encode("%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage");
    const pdf = await makePdf(["Supplier shall not use Customer Data."]);
    const encryptedPdf = encryptWithQpdf(pdf);
    const cases: [string, Uint8Array | string, number, string][] = [
      ["empty.txt", "", 400, "E_EMPTY_FILE"],
      ["image.txt", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]), 415, "E_UNKNOWN_TYPE"],
      ["terms.docx", pdf, 415, "E_TYPE_MISMATCH"],
      ["broken.pdf", corruptPdf, 422, "E_PDF_CORRUPT"],
      ["locked.pdf", encryptedPdf, 422, "E_PDF_ENCRYPTED"],
      ["latin1.txt", new Uint8Array([0x47, 0x65, 0x62, 0x72, 0x75, 0x69, 0x6b, 0xe9, 0xeb, 0x20, 0x6f, 0x6b]), 422, "E_TEXT_ENCODING"],
    ];
    for (const [name, bytes, status, code] of cases) {
      const { res, body } = await postCheck(svc.tokens.officer, upload([{ name, bytes }]));
      expect(`${name}: ${res.status} ${body.code}`).toBe(`${name}: ${status} ${code}`);
      expect(body.message).toEqual(expect.any(String));
    }
  });
});

describe("upload size limit", () => {
  let small: TestService;
  beforeAll(async () => {
    small = await startTestService({ maxUploadMb: 0.25 });
  });
  afterAll(() => small?.close());

  it("answers 413 E_UPLOAD_TOO_LARGE from Content-Length, before reading the body", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(64 * 1024));
        if (pulled > 1000) controller.close();
      },
    });
    const res = await small.request("/api/checks", {
      method: "POST",
      token: small.tokens.officer,
      headers: { "Content-Type": "multipart/form-data; boundary=x", "Content-Length": String(50 * 1024 * 1024) },
      body,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: "E_UPLOAD_TOO_LARGE" });
    expect(pulled).toBeLessThan(5);
  });

  it("answers 413 on a streamed upload without Content-Length once the limit is passed", async () => {
    const form = upload([{ name: "big.txt", bytes: "a".repeat(400 * 1024) }]);
    const encoded = new Response(form);
    const res = await small.request("/api/checks", {
      method: "POST",
      token: small.tokens.officer,
      headers: { "Content-Type": encoded.headers.get("content-type")! },
      body: encoded.body,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: "E_UPLOAD_TOO_LARGE" });
  });

  it("still accepts an upload under the limit", async () => {
    const res = await small.request("/api/checks", { method: "POST", token: small.tokens.officer, body: upload([{ name: "ok.txt", bytes: ENGLISH_TERMS }]) });
    expect(res.status).toBe(201);
  });
});

describe("stored checks", () => {
  it("lists the organisation's checks newest first, one page at a time", async () => {
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      const { body } = await postCheck(svc.tokens.officer, upload([{ name: `list-${n}.txt`, bytes: ENGLISH_TERMS }]));
      ids.push(body.id);
    }
    const first = await (await svc.request("/api/checks?limit=2", { token: svc.tokens.legal })).json();
    expect(first.items.map((c: { id: string }) => c.id)).toEqual([ids[2], ids[1]]);
    expect(first.items[0]).toMatchObject({ name: "list-3.txt", lang: "en", result: expect.stringMatching(/pass|review|fail/) });
    const second = await (await svc.request(`/api/checks?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`, { token: svc.tokens.legal })).json();
    expect(second.items[0].id).toBe(ids[0]);
    expect((await svc.request("/api/checks?limit=500", { token: svc.tokens.legal })).status).toBe(400);
  });

  it("keeps organisations apart: another organisation's check answers 404", async () => {
    const { body } = await postCheck(svc.tokens.officer, upload([{ name: "mine.txt", bytes: ENGLISH_TERMS }]));
    const paths = [`/api/checks/${body.id}`, `/api/checks/${body.id}/clauses`, `/api/checks/${body.id}/redline`];
    for (const path of paths) {
      const res = await svc.request(path, { token: svc.tokens.otherOfficer });
      expect(`${path} ${res.status}`).toBe(`${path} 404`);
      const text = await res.text();
      expect(text).not.toContain("mine.txt");
      expect(JSON.parse(text).code).toBe("E_NOT_FOUND");
    }
    expect((await svc.request(`/api/checks/${body.id}`, { method: "DELETE", token: svc.tokens.otherOfficer })).status).toBe(404);
    const theirs = await (await svc.request("/api/checks", { token: svc.tokens.otherOfficer })).json();
    expect(theirs.items).toEqual([]);
    expect((await svc.request(`/api/checks/${body.id}`, { token: svc.tokens.officer })).status).toBe(200);
  });

  it("deletes a check with its documents and findings and keeps the audit trail", async () => {
    const { body } = await postCheck(svc.tokens.officer, upload([{ name: "to-delete.txt", bytes: ENGLISH_TERMS }]));
    const orgId = (await svc.store.organisations.ensure("Gemeente Test")).id;
    expect(await svc.store.checks.documents(orgId, body.id)).toHaveLength(1);
    const requirement = body.report.findings[0].requirement;
    const verdict = body.report.findings[0].verdict;
    const findingsBefore = await (await svc.request(`/api/findings?requirement=${requirement}&verdict=${verdict}&limit=100`, { token: svc.tokens.officer })).json();
    expect(findingsBefore.items.some((m: { checkId: string }) => m.checkId === body.id)).toBe(true);

    const res = await svc.request(`/api/checks/${body.id}`, { method: "DELETE", token: svc.tokens.officer });
    expect(res.status).toBe(204);
    expect((await svc.request(`/api/checks/${body.id}`, { token: svc.tokens.officer })).status).toBe(404);
    expect(await svc.store.checks.documents(orgId, body.id)).toEqual([]);
    const findingsAfter = await (await svc.request(`/api/findings?requirement=${requirement}&verdict=${verdict}&limit=100`, { token: svc.tokens.officer })).json();
    expect(findingsAfter.items.some((m: { checkId: string }) => m.checkId === body.id)).toBe(false);

    const audit = await (await svc.request("/api/audit?limit=100", { token: svc.tokens.admin })).json();
    const forCheck = audit.items.filter((e: { target: string }) => e.target === body.id).map((e: { action: string }) => e.action);
    expect(forCheck).toEqual(["delete", "check", "upload"]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContractwijzerError } from "../../src/errors.js";
import { ENGLISH_TERMS, startTestService, type TestService, upload } from "./helpers.js";

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(() => svc?.close());

describe("service basics", () => {
  it("answers /health once the database is migrated", async () => {
    const res = await svc.request("/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("serves an OpenAPI 3.1 document of every endpoint", async () => {
    const res = await svc.request("/openapi.json");
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    const operations = Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(operations).toEqual(
      expect.arrayContaining([
        "POST /api/checks",
        "GET /api/checks",
        "GET /api/checks/{id}",
        "DELETE /api/checks/{id}",
        "GET /api/checks/{id}/clauses",
        "GET /api/checks/{id}/redline",
        "GET /api/clauses",
        "GET /api/clauses/{id}",
        "GET /api/playbook",
        "GET /api/audit",
        "GET /api/findings",
        "POST /api/tokens",
      ]),
    );
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    const upload = doc.paths["/api/checks"].post.requestBody.content["multipart/form-data"].schema;
    expect(upload.$ref ?? "").toContain("CheckUpload");
    expect(doc.components.schemas.CheckUpload.properties.file).toBeDefined();
    expect(doc.components.schemas.Report.properties.findings).toBeDefined();
  });

  it("renders the API as a readable page without external scripts", async () => {
    const res = await svc.request("/docs/api");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain("<code>/api/checks</code>");
    expect(html).toContain("Roles: officer, vendor, legal.");
    expect(html).not.toMatch(/<script|https?:\/\/cdn/i);
  });

  it("answers unknown routes with a JSON E_NOT_FOUND", async () => {
    const res = await svc.request("/nope");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: "E_NOT_FOUND" });
  });
});

describe("authentication and roles", () => {
  it("refuses requests without a token, with an unknown one and with a revoked one", async () => {
    const none = await svc.request("/api/playbook");
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await none.json()).toMatchObject({ code: "E_UNAUTHORIZED" });

    expect((await svc.request("/api/playbook", { token: "cw_not-a-real-token" })).status).toBe(401);

    const created = await svc.request("/api/tokens", {
      method: "POST",
      token: svc.tokens.admin,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ role: "legal", label: "short-lived" }),
    });
    expect(created.status).toBe(201);
    const { id, token } = await created.json();
    expect((await svc.request("/api/playbook", { token })).status).toBe(200);
    expect((await svc.request(`/api/tokens/${id}`, { method: "DELETE", token: svc.tokens.admin })).status).toBe(204);
    expect((await svc.request("/api/playbook", { token })).status).toBe(401);
  });

  it("lets each role reach only its endpoints", async () => {
    const cases: [string, string, keyof TestService["tokens"], number][] = [
      ["GET", "/api/checks", "officer", 200],
      ["GET", "/api/checks", "legal", 200],
      ["GET", "/api/checks", "vendor", 403],
      ["GET", "/api/checks", "admin", 403],
      ["GET", "/api/audit", "officer", 200],
      ["GET", "/api/audit", "admin", 200],
      ["GET", "/api/audit", "legal", 403],
      ["GET", "/api/audit", "vendor", 403],
      ["GET", "/api/findings", "legal", 200],
      ["GET", "/api/findings", "vendor", 403],
      ["GET", "/api/tokens", "admin", 200],
      ["GET", "/api/tokens", "officer", 403],
      ["GET", "/api/playbook", "vendor", 200],
      ["GET", "/api/clauses", "vendor", 200],
    ];
    for (const [method, path, role, status] of cases) {
      const res = await svc.request(path, { method, token: svc.tokens[role] });
      expect(`${role} ${method} ${path} ${res.status}`).toBe(`${role} ${method} ${path} ${status}`);
      if (status === 403) expect(await res.json()).toMatchObject({ code: "E_FORBIDDEN" });
    }
  });

  it("refuses an upload by admin before reading the body", async () => {
    const res = await svc.request("/api/checks", { method: "POST", token: svc.tokens.admin, body: upload([{ name: "a.txt", bytes: ENGLISH_TERMS }]) });
    expect(res.status).toBe(403);
  });

  it("lets only an officer delete a check", async () => {
    const created = await svc.request("/api/checks", { method: "POST", token: svc.tokens.legal, body: upload([{ name: "a.md", bytes: ENGLISH_TERMS }]) });
    const { id } = await created.json();
    for (const role of ["legal", "vendor", "admin"] as const) {
      expect((await svc.request(`/api/checks/${id}`, { method: "DELETE", token: svc.tokens[role] })).status).toBe(403);
    }
    expect((await svc.request(`/api/checks/${id}`, { method: "DELETE", token: svc.tokens.officer })).status).toBe(204);
  });
});

describe("errors", () => {
  it("turns an unexpected failure into E_INTERNAL without the message, stack or contract text", async () => {
    const failing = await startTestService({
      parsers: {
        parseDocument: async (bytes) => {
          throw new TypeError(`cannot handle ${new TextDecoder().decode(bytes)}`);
        },
      },
    });
    try {
      const res = await failing.request("/api/checks", {
        method: "POST",
        token: failing.tokens.officer,
        body: upload([{ name: "secret.txt", bytes: "VERTROUWELIJKE CONTRACTTEKST" }]),
      });
      expect(res.status).toBe(500);
      const body = await res.text();
      expect(JSON.parse(body)).toEqual({ code: "E_INTERNAL", message: expect.any(String) });
      expect(body).not.toContain("VERTROUWELIJK");
      expect(body).not.toMatch(/at .*\.ts:\d+/);
      expect(failing.logs).toHaveLength(1);
      expect(failing.logs[0]).toContain("TypeError");
      expect(failing.logs.join("\n")).not.toContain("VERTROUWELIJK");
    } finally {
      failing.close();
    }
  });

  it("answers a parser's ContractwijzerError with its code and status", async () => {
    const failing = await startTestService({
      parsers: {
        parseDocument: async () => {
          throw new ContractwijzerError("E_PARSE_TIMEOUT", "parsing took longer than 60 s");
        },
      },
    });
    try {
      const res = await failing.request("/api/checks", { method: "POST", token: failing.tokens.officer, body: upload([{ name: "a.txt", bytes: "x" }]) });
      expect(res.status).toBe(422);
      expect(await res.json()).toEqual({ code: "E_PARSE_TIMEOUT", message: "parsing took longer than 60 s" });
    } finally {
      failing.close();
    }
  });
});

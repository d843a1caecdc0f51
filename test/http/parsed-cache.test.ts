/**
 * The evidence view parses a stored file again to show its text; recently viewed documents
 * stay parsed (src/http/parsed-cache.ts). Checked through the app: one parse for repeated
 * views, per organisation, and nothing kept after the check is deleted.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ParsedDocumentCache } from "../../src/http/parsed-cache.js";
import { parseDocument } from "../../src/parse/index.js";
import type { ParsedDocument } from "../../src/parse/types.js";
import { startTestService, type TestService, upload } from "./helpers.js";

const CONTRACT = "# Terms\n\n1. The Supplier shall notify the Customer of a personal data breach within 24 hours.\n\n2. The Supplier may use Customer Data to train its models.\n";

let service: TestService | null = null;
afterEach(() => {
  service?.close();
  service = null;
});

async function signIn(s: TestService, token: string): Promise<string> {
  const form = await s.request("/sign-in");
  const cookies = form.headers.getSetCookie().map((c) => c.split(";")[0]);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? "";
  const res = await s.request("/sign-in", {
    method: "POST",
    headers: { Cookie: cookies.join("; "), "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ _csrf: csrf, token, next: "/" }).toString(),
  });
  expect(res.status).toBe(303);
  return [...cookies, ...res.headers.getSetCookie().map((c) => c.split(";")[0])].join("; ");
}

describe("parsed documents for the evidence view", () => {
  it("parses a stored document once for repeated views and forgets it when the check is deleted", async () => {
    const parsed: string[] = [];
    const cache = new ParsedDocumentCache();
    service = await startTestService({
      parsedDocuments: cache,
      parsers: {
        parseDocument: (bytes, options): Promise<ParsedDocument> => {
          parsed.push(options.name);
          return parseDocument(bytes, options);
        },
      },
    });
    const created = await service.request("/api/checks", { method: "POST", token: service.tokens.officer, body: upload([{ name: "terms.md", bytes: CONTRACT }]) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect(parsed).toEqual(["terms.md"]);

    const cookie = await signIn(service, service.tokens.officer);
    for (let view = 0; view < 3; view++) {
      const page = await service.request(`/checks/${id}/documents/0`, { headers: { Cookie: cookie } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("personal data breach within 24 hours");
    }
    expect(parsed).toEqual(["terms.md", "terms.md"]);
    expect(cache.size).toBe(1);

    // Another organisation neither sees the text nor gets it from the cache.
    const other = await signIn(service, service.tokens.otherOfficer);
    expect((await service.request(`/checks/${id}/documents/0`, { headers: { Cookie: other } })).status).toBe(404);

    expect((await service.request(`/api/checks/${id}`, { method: "DELETE", token: service.tokens.officer })).status).toBe(204);
    expect(cache.size).toBe(0);
    expect((await service.request(`/checks/${id}/documents/0`, { headers: { Cookie: cookie } })).status).toBe(404);
  });

  it("keeps the most recently viewed documents within its bounds", async () => {
    const cache = new ParsedDocumentCache({ maxChars: 100, maxEntries: 2 });
    const doc = (chars: number) => ({ text: "x".repeat(chars) }) as ParsedDocument;
    let parses = 0;
    const view = (check: string, chars: number) =>
      cache.through("org", check, 0, async () => {
        parses++;
        return doc(chars);
      });
    await view("a", 40);
    await view("b", 40);
    await view("a", 40); // a is now the most recent
    await view("c", 40); // over 100 chars: b goes, a stays
    expect(parses).toBe(3);
    await view("a", 40);
    expect(parses).toBe(3);
    await view("b", 40);
    expect(parses).toBe(4);
    await view("huge", 500); // larger than the whole cache: parsed, never kept
    await view("huge", 500);
    expect(parses).toBe(6);
    expect(cache.size).toBeLessThanOrEqual(2);
  });
});

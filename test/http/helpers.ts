/** A real app over a real SQLite file, with one token per role in two organisations. */
import type { ParsedDocumentCache } from "../../src/http/parsed-cache.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { createApp } from "../../src/http/app.js";
import type { AppEnv, DocumentParser } from "../../src/http/context.js";
import { loadTemplatesForService } from "../../src/node.js";
import { parseDocument } from "../../src/parse/index.js";
import { loadPlaybook } from "../../src/playbook/load.js";
import type { Playbook } from "../../src/playbook/types.js";
import type { TemplateLibrary } from "../../src/generate/templates.js";
import { openSqliteStore } from "../../src/store/sqlite.js";
import type { Role, Store } from "../../src/store/types.js";

export const PLAYBOOK_DIR = "clauses";

let shared: Promise<{ playbook: Playbook; templates: TemplateLibrary | null }> | undefined;
/** Loaded once per test file: the playbook and templates do not change during a run. */
export function sharedPlaybook() {
  shared ??= (async () => {
    const playbook = await loadPlaybook(PLAYBOOK_DIR);
    const templates = await loadTemplatesForService(playbook, "templates", () => {});
    return { playbook, templates };
  })();
  return shared;
}

export interface TestService {
  app: OpenAPIHono<AppEnv>;
  store: Store;
  dbPath: string;
  /** Token secrets: `officer`, `vendor`, `legal`, `admin` of "Gemeente Test", `otherOfficer` of "Andere Gemeente". */
  tokens: Record<Role | "otherOfficer", string>;
  logs: string[];
  request(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  close(): void;
}

export async function startTestService(
  options: { maxUploadMb?: number; parsers?: DocumentParser; clock?: () => Date; parsedDocuments?: ParsedDocumentCache } = {},
): Promise<TestService> {
  const dir = mkdtempSync(join(tmpdir(), "contractwijzer-http-"));
  const dbPath = join(dir, "contractwijzer.db");
  const { store, close } = openSqliteStore(dbPath, { clock: options.clock });
  const { playbook, templates } = await sharedPlaybook();
  const logs: string[] = [];
  const app = createApp({
    store,
    playbook,
    templates,
    parsers: options.parsers ?? { parseDocument },
    clock: options.clock,
    config: { maxUploadBytes: Math.floor((options.maxUploadMb ?? 25) * 1024 * 1024) },
    log: (line) => logs.push(line),
    parsedDocuments: options.parsedDocuments,
  });
  const tokens = {} as TestService["tokens"];
  const org = await store.organisations.ensure("Gemeente Test");
  for (const role of ["officer", "vendor", "legal", "admin"] as const) {
    tokens[role] = (await store.tokens.create({ orgId: org.id, role }, { orgId: org.id, tokenId: null, role: "cli" })).secret;
  }
  const other = await store.organisations.ensure("Andere Gemeente");
  tokens.otherOfficer = (await store.tokens.create({ orgId: other.id, role: "officer" }, { orgId: other.id, tokenId: null, role: "cli" })).secret;

  return {
    app,
    store,
    dbPath,
    tokens,
    logs,
    request: async (path, init = {}) => {
      const { token, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (token) headers.set("Authorization", `Bearer ${token}`);
      return app.request(path, { ...rest, headers });
    },
    close: () => {
      close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function upload(files: { name: string; bytes: Uint8Array | string; type?: string }[], fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const f of files) {
    const bytes = typeof f.bytes === "string" ? new TextEncoder().encode(f.bytes) : f.bytes;
    form.append("file", new File([bytes as Uint8Array<ArrayBuffer>], f.name, { type: f.type ?? "application/octet-stream" }));
  }
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return form;
}

export const ENGLISH_TERMS = `# Cloud Services Terms

## 1. Customer Data

1.1 Supplier shall not use Customer Data to train, retrain or improve any artificial intelligence model.

1.2 Supplier shall notify Customer of any personal data breach within 24 hours of becoming aware of it.

## 2. Liability

2.1 Supplier's total liability is limited to the fees paid by Customer in the twelve months preceding the claim.

## 3. Governing law

3.1 This Agreement is governed by the laws of the Netherlands. Disputes are submitted to the competent court in The Hague.
`;

export const DUTCH_TERMS = `Artikel 1 Gegevens

1.1 Opdrachtnemer gebruikt de gegevens van Opdrachtgever niet om modellen te trainen.

Artikel 2 Aansprakelijkheid

2.1 De aansprakelijkheid van Opdrachtnemer is beperkt tot het bedrag dat Opdrachtgever in de laatste twaalf maanden heeft betaald.
`;

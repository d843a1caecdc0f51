/**
 * src/parse/isolated.ts: the worker pool gives the same answers as parseDocument, and keeps
 * the process alive and responsive when a parse spins, hoards memory or crashes.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { type CheckOptions, checkDocuments } from "../../src/check/index.js";
import { createApp } from "../../src/http/app.js";
import type { ParsedDocument } from "../../src/parse/types.js";
import { openSqliteStore } from "../../src/store/sqlite.js";
import { isContractwijzerError } from "../../src/errors.js";
import { loadPlaybook } from "../../src/playbook/load.js";
import { REPO_ROOT } from "../helpers/shared.js";
import { startNodeService } from "../../src/node.js";
import { parseDocument } from "../../src/parse/index.js";
import { closeDefaultParserPool, createParserPool, type ParserPool, parseDocumentIsolated, parserPoolOptionsFromEnv } from "../../src/parse/isolated.js";
import { BAD_INPUTS } from "./bad-inputs.js";
import { createToken, postCheck, uploadForm } from "./service.js";

const HOSTILE = new URL("./hostile-worker.mjs", import.meta.url);
const pools: ParserPool[] = [];
function pool(options: Parameters<typeof createParserPool>[0]): ParserPool {
  const p = createParserPool(options);
  pools.push(p);
  return p;
}
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  await closeDefaultParserPool();
});

async function outcome<T>(work: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; code: string; message: string }> {
  try {
    return { ok: true, value: await work };
  } catch (e) {
    return { ok: false, code: isContractwijzerError(e) ? e.code : `not a ContractwijzerError: ${(e as Error).name}`, message: (e as Error).message };
  }
}

/** Many short lines: a small file whose line array and blocks need far more heap than 32 MB. */
function manyLines(megabytes: number): Uint8Array {
  const line = "1.1 Leverancier meldt.\n";
  return new TextEncoder().encode(line.repeat(Math.floor((megabytes * 1024 * 1024) / line.length)));
}

describe("parseDocumentIsolated", () => {
  for (const input of BAD_INPUTS) {
    it(`answers like parseDocument: ${input.label}`, async () => {
      const bytes = await input.make();
      const [direct, isolated] = await Promise.all([outcome(parseDocument(bytes, { name: input.name })), outcome(parseDocumentIsolated(bytes, { name: input.name }))]);
      expect(isolated).toEqual(direct);
    }, 120_000);
  }

  it("leaves the caller's bytes intact and sends the worker only the bytes of the view", async () => {
    const p = pool({ workers: 1, workerUrl: HOSTILE });
    const backing = new Uint8Array(1024 * 1024).fill(7);
    const view = backing.subarray(100, 200);
    const echo = (await p.parseDocument(view, { name: "echo" })) as unknown as { size: number; bufferSize: number; first: number };
    expect(echo).toMatchObject({ size: 100, bufferSize: 100, first: 7 });
    expect(view.byteLength).toBe(100); // not detached
    expect(backing.buffer.byteLength).toBe(1024 * 1024);
  });
});

describe("the parser pool", () => {
  it("terminates a parse that never yields at the hard time limit, and replaces the worker", async () => {
    const p = pool({ workers: 1, workerUrl: HOSTILE, terminateGraceMs: 0 });
    const first = (await p.parseDocument(new Uint8Array(1), { name: "echo" })) as unknown as { threadId: number };
    const spun = await outcome(p.parseDocument(new Uint8Array(1), { name: "spin", timeoutMs: 300 }));
    expect(spun).toMatchObject({ ok: false, code: "E_PARSE_TIMEOUT" });
    const next = (await p.parseDocument(new Uint8Array(1), { name: "echo" })) as unknown as { threadId: number };
    expect(next.threadId).not.toBe(first.threadId);
    expect(p.stats()).toMatchObject({ workers: 1, busy: 0, queued: 0, started: 2 });
  }, 30_000);

  it("stops a worker that exceeds its heap limit with E_PARSE_RESOURCES, and goes on", async () => {
    const p = pool({ workers: 1, workerUrl: HOSTILE, maxOldGenerationSizeMb: 32 });
    expect(await outcome(p.parseDocument(new Uint8Array(1), { name: "hoard" }))).toMatchObject({ ok: false, code: "E_PARSE_RESOURCES" });
    expect(await p.parseDocument(new Uint8Array(1), { name: "echo" })).toMatchObject({ size: 1 });
    expect(p.stats().started).toBe(2);
  }, 30_000);

  it("does the same for a real document that needs more heap than allowed", async () => {
    const p = pool({ workers: 1, maxOldGenerationSizeMb: 32 });
    const result = await outcome(p.parseDocument(manyLines(20), { name: "veel-regels.txt" }));
    expect(result).toMatchObject({ ok: false, code: "E_PARSE_RESOURCES", message: expect.stringContaining("32 MB") });
    const doc = await p.parseDocument(new TextEncoder().encode("Artikel 1\n\n1.1 De leverancier meldt een datalek."), { name: "klein.txt" });
    expect(doc.format).toBe("txt");
  }, 60_000);

  it("turns a crashed or exited worker into E_INTERNAL and replaces it", async () => {
    const logs: string[] = [];
    const p = pool({ workers: 1, workerUrl: HOSTILE, log: (l) => logs.push(l) });
    expect(await outcome(p.parseDocument(new Uint8Array(1), { name: "throw-later" }))).toMatchObject({ ok: false, code: "E_INTERNAL" });
    expect(await outcome(p.parseDocument(new Uint8Array(1), { name: "exit" }))).toMatchObject({ ok: false, code: "E_INTERNAL" });
    expect(await p.parseDocument(new Uint8Array(1), { name: "echo" })).toMatchObject({ size: 1 });
    expect(p.stats().started).toBe(3);
    expect(logs).toHaveLength(2);
    expect(logs.join("\n")).not.toMatch(/uncaught in the worker/); // codes only, never messages
  }, 30_000);

  it("reuses at most `workers` threads and refuses jobs beyond the bounded queue", async () => {
    const p = pool({ workers: 2, maxQueue: 3, workerUrl: HOSTILE });
    const jobs = [1, 2, 3, 4, 5].map(() => outcome(p.parseDocument(new Uint8Array(1), { name: "slow" })));
    const refused = await outcome(p.parseDocument(new Uint8Array(1), { name: "slow" }));
    expect(refused).toMatchObject({ ok: false, code: "E_RATE_LIMITED" });
    expect(p.stats()).toMatchObject({ workers: 2, busy: 2, queued: 3 });
    const results = await Promise.all(jobs);
    expect(results.every((r) => r.ok)).toBe(true);
    const threads = new Set<number>();
    for (let i = 0; i < 6; i++) threads.add(((await p.parseDocument(new Uint8Array(1), { name: "echo" })) as unknown as { threadId: number }).threadId);
    expect(threads.size).toBeLessThanOrEqual(2);
    expect(p.stats().started).toBe(2);
  }, 30_000);

  it("rejects running and waiting jobs on close, and every job after it", async () => {
    const p = pool({ workers: 1, workerUrl: HOSTILE });
    const running = outcome(p.parseDocument(new Uint8Array(1), { name: "spin", timeoutMs: 60_000 }));
    const waiting = outcome(p.parseDocument(new Uint8Array(1), { name: "echo" }));
    await new Promise((r) => setTimeout(r, 200));
    await p.close();
    expect(await running).toMatchObject({ ok: false, code: "E_INTERNAL" });
    expect(await waiting).toMatchObject({ ok: false, code: "E_INTERNAL" });
    expect(await outcome(p.parseDocument(new Uint8Array(1), { name: "echo" }))).toMatchObject({ ok: false, code: "E_INTERNAL" });
    expect(p.stats().workers).toBe(0);
  }, 30_000);

  it("reads its size and memory limit from the environment", () => {
    expect(
      parserPoolOptionsFromEnv({ CONTRACTWIJZER_PARSER_WORKERS: "3", CONTRACTWIJZER_PARSER_MEMORY_MB: "256", CONTRACTWIJZER_PARSER_QUEUE: "9" }),
    ).toEqual({ workers: 3, maxOldGenerationSizeMb: 256, maxQueue: 9 });
    expect(parserPoolOptionsFromEnv({})).toEqual({ workers: undefined, maxOldGenerationSizeMb: undefined, maxQueue: undefined });
    expect(() => parserPoolOptionsFromEnv({ CONTRACTWIJZER_PARSER_MEMORY_MB: "lots" })).toThrow(/CONTRACTWIJZER_PARSER_MEMORY_MB/);
    expect(createParserPool({ workers: 0 }).size).toBe(1);
    expect(createParserPool({ workers: 2 }).maxQueue).toBe(128);
  });
});

describe("the Node service parses in the pool", () => {
  it("answers 422 E_PARSE_RESOURCES for an upload that exhausts the parser's heap, then serves the next one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cw-isolated-"));
    const dbPath = join(dir, "contractwijzer.db");
    const token = await createToken(dbPath, "Gemeente Geheugen");
    const saved = process.env.CONTRACTWIJZER_PARSER_MEMORY_MB;
    process.env.CONTRACTWIJZER_PARSER_MEMORY_MB = "32";
    const logs: string[] = [];
    const service = await startNodeService({ dbPath, port: 0, config: { maxUploadBytes: 25 * 1024 * 1024 }, log: (l) => logs.push(l) });
    if (saved === undefined) delete process.env.CONTRACTWIJZER_PARSER_MEMORY_MB;
    else process.env.CONTRACTWIJZER_PARSER_MEMORY_MB = saved;
    try {
      const big = await postCheck(service.url, token, uploadForm("veel-regels.txt", manyLines(20)));
      expect({ status: big.status, code: big.body.code }).toEqual({ status: 422, code: "E_PARSE_RESOURCES" });
      const small = await postCheck(service.url, token, uploadForm("klein.txt", new TextEncoder().encode("1.1 De leverancier meldt een datalek binnen 24 uur.")));
      expect(small.status).toBe(201);
      expect(logs).toEqual([]);
    } finally {
      await service.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("checks in the pool", () => {
  it("give the same report as checkDocuments in the request thread", async () => {
    const clauses = join(REPO_ROOT, "clauses");
    const bytes = new Uint8Array(readFileSync(join(REPO_ROOT, "test/fixtures/contracts/vendor-terms-en.md")));
    const doc = await parseDocument(bytes, { name: "vendor-terms-en.md" });
    const options = { profile: { genai: true, cloud: true }, lang: "nl" as const, clock: () => new Date("2026-11-29T12:00:00Z") };
    const inThread = checkDocuments([doc], await loadPlaybook(clauses), options);
    const inPool = await pool({ workers: 1 }).checkDocuments([doc], clauses, options);
    expect(inPool).toEqual(inThread);
  });

  // The app with a parser that answers at once, so the only long step is the check: with the
  // pool checker the request loop keeps answering; with the in-thread default it cannot.
  async function healthDuringLargeCheck(withPool: boolean): Promise<string[]> {
    const dir = mkdtempSync(join(tmpdir(), "cw-check-pool-"));
    const { store, close } = openSqliteStore(join(dir, "contractwijzer.db"));
    const clauses = join(REPO_ROOT, "clauses");
    const fixture = readFileSync(join(REPO_ROOT, "test/fixtures/contracts/vendor-terms-en.md"), "utf8");
    const large = await parseDocument(new TextEncoder().encode(Array.from({ length: 400 }, () => fixture).join("\n\n")), { name: "groot.md" });
    const checkPool = pool({ workers: 1 });
    await checkPool.checkDocuments([await parseDocument(new TextEncoder().encode("warm-up"), { name: "w.txt" })], clauses);
    const app = createApp({
      store,
      playbook: await loadPlaybook(clauses),
      parsers: { parseDocument: async () => large },
      ...(withPool ? { checker: (docs: ParsedDocument[], options: CheckOptions) => checkPool.checkDocuments(docs, clauses, options) } : {}),
      config: { maxUploadBytes: 25 * 1024 * 1024 },
      log: () => undefined,
    });
    const org = await store.organisations.ensure("Gemeente Groot");
    const { secret } = await store.tokens.create({ orgId: org.id, role: "officer" }, { orgId: org.id, tokenId: null, role: "cli" });
    try {
      const order: string[] = [];
      const upload = Promise.resolve(
        app.request("/api/checks", { method: "POST", headers: { Authorization: `Bearer ${secret}` }, body: uploadForm("groot.md", new Uint8Array([35])) }),
      ).then((r) => order.push(`upload ${r.status}`));
      await new Promise((r) => setTimeout(r, 50));
      const health = Promise.resolve(app.request("/health")).then((r) => order.push(`health ${r.status}`));
      await Promise.all([upload, health]);
      return order;
    } finally {
      close();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it("keep the service answering while a large document is checked", async () => {
    expect(await healthDuringLargeCheck(true)).toEqual(["health 200", "upload 201"]);
    // The same upload checked in the request thread holds /health back until it is done.
    expect(await healthDuringLargeCheck(false)).toEqual(["upload 201", "health 200"]);
  }, 120_000);
});

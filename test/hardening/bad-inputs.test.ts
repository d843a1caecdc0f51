/**
 * The bad-input corpus against the two front doors: POST /api/checks on the real Node service
 * (src/node.ts: worker-pool parser, SQLite file, officer token) and `contractwijzer check FILE`
 * as a child process. Every broken file gets its stable code; every nasty-but-valid one is read.
 * Time limits are vitest timeouts; nothing asserts on speed.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNodeService, type RunningService } from "../../src/node.js";
import { BAD_INPUTS, type BadInput } from "./bad-inputs.js";
import { createToken, postCheck, runCli, uploadForm } from "./service.js";

const MB = 1024 * 1024;
/** The bombs may not make the service process (workers included: they are threads) grow more than this. */
const BOMB_RSS_BUDGET = 300 * MB;

const dir = mkdtempSync(join(tmpdir(), "cw-bad-inputs-"));
const bytesOf = new Map<string, Uint8Array>();
const fileOf = new Map<string, string>();
const measured: string[] = [];

beforeAll(async () => {
  for (const input of BAD_INPUTS) {
    const bytes = await input.make();
    bytesOf.set(input.label, bytes);
    const file = join(dir, input.name);
    writeFileSync(file, bytes);
    fileOf.set(input.label, file);
  }
}, 120_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  if (measured.length) console.log(`bad inputs, measured on this machine:\n  ${measured.join("\n  ")}`);
});

const timeoutFor = (input: BadInput) => (input.name === "een-regel.txt" ? 180_000 : 60_000);

describe("bad inputs over HTTP: POST /api/checks on the Node service", () => {
  let service: RunningService;
  let token: string;
  const logs: string[] = [];

  beforeAll(async () => {
    const dbPath = join(dir, "service/contractwijzer.db");
    token = await createToken(dbPath, "Gemeente Robuust");
    service = await startNodeService({ dbPath, port: 0, config: { maxUploadBytes: 25 * MB }, log: (line) => logs.push(line) });
    // Start the parser workers now, so their own memory is not counted as growth below.
    const warm = new TextEncoder().encode("1.1 De leverancier meldt een datalek binnen 24 uur.\n");
    const results = await Promise.all([1, 2, 3, 4].map((i) => postCheck(service.url, token, uploadForm(`warm-${i}.txt`, warm, { store: "false" }))));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
  }, 120_000);
  afterAll(async () => {
    await service?.close();
  });

  // First, while the process is small: the growth is measured against a clean baseline.
  it(
    "refuses the zip bombs again and again without the process growing more than 300 MB",
    async () => {
      const bombs = BAD_INPUTS.filter((i) => i.bomb);
      expect(bombs.length).toBe(2);
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 5);
      const codes: string[] = [];
      try {
        // Several at once, so both workers inflate at the same time.
        for (let round = 0; round < 3; round++) {
          const results = await Promise.all(
            bombs.flatMap((b) => [1, 2].map(() => postCheck(service.url, token, uploadForm(b.name, bytesOf.get(b.label)!)))),
          );
          codes.push(...results.map((r) => r.body.code));
        }
      } finally {
        clearInterval(sampler);
      }
      peak = Math.max(peak, process.memoryUsage().rss);
      const growth = peak - before;
      measured.push(`zip bombs (12 uploads, 300 MB each when inflated): peak RSS growth ${Math.round(growth / MB)} MB (from ${Math.round(before / MB)} MB)`);
      expect(growth).toBeLessThan(BOMB_RSS_BUDGET);
      expect(codes).toEqual(Array(12).fill("E_DOCX_TOO_LARGE"));
    },
    120_000,
  );

  for (const input of BAD_INPUTS) {
    it(
      input.label,
      async () => {
        const bytes = bytesOf.get(input.label)!;
        const started = performance.now();
        const { status, body } = await postCheck(service.url, token, uploadForm(input.name, bytes));
        const ms = Math.round(performance.now() - started);
        if (input.expect.kind === "error") {
          expect({ status, code: body.code }).toEqual(input.expect.http);
          expect(typeof body.message).toBe("string");
          expect(body.message).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack traces
        } else {
          expect(status, JSON.stringify(body).slice(0, 300)).toBe(201);
          expect(body.report.document.name).toBe(input.name);
          if (input.mustNotContain) expect(JSON.stringify(body)).not.toContain(input.mustNotContain);
          // Stored in full: the document row and its bytes.
          const got = await fetch(`${service.url}/api/checks/${body.id}`, { headers: { Authorization: `Bearer ${token}` } });
          expect(got.status).toBe(200);
        }
        if (input.name === "een-regel.txt" || input.bomb) measured.push(`HTTP ${input.label}: ${status} in ${ms} ms`);
      },
      timeoutFor(input),
    );
  }

  it("reads the HTML with its scripts stripped, not executed and not quoted", async () => {
    const input = BAD_INPUTS.find((i) => i.mustNotContain)!;
    const { parseDocumentIsolated } = await import("../../src/parse/isolated.js");
    const doc = await parseDocumentIsolated(bytesOf.get(input.label)!, { name: input.name });
    expect(doc.format).toBe("html");
    expect(doc.text).toContain("Supplier shall not use Customer Data to train any model.");
    expect(doc.text).not.toContain(input.mustNotContain!);
    expect(doc.text).not.toMatch(/fetch\(|import\(|<script/i);
  });

  it("logged nothing unexpected (no E_INTERNAL, no crashed parser workers)", () => {
    expect(logs.filter((l) => /E_INTERNAL|parser worker/.test(l))).toEqual([]);
  });
});

describe.concurrent("bad inputs via the CLI: contractwijzer check FILE", () => {
  for (const input of BAD_INPUTS) {
    it(
      input.label,
      async () => {
        const file = fileOf.get(input.label)!;
        const valid = input.expect.kind === "valid";
        const started = performance.now();
        const result = await runCli(["check", file, ...(valid ? ["--format", "json"] : [])]);
        const ms = Math.round(performance.now() - started);
        if (input.expect.kind === "error") {
          expect(result.code).toBe(2);
          const lines = result.stderr.split("\n").filter((l) => l !== "");
          expect(lines).toHaveLength(1);
          expect(lines[0]).toMatch(new RegExp(`^${input.expect.cli.code}: \\S`));
          expect(result.stdout).toBe("");
        } else {
          expect([0, 1], result.stderr).toContain(result.code);
          const report = JSON.parse(result.stdout);
          expect(report.document.name).toBe(input.name);
          if (input.mustNotContain) expect(result.stdout).not.toContain(input.mustNotContain);
        }
        if (input.name === "een-regel.txt") measured.push(`CLI ${input.label}: exit ${result.code} in ${ms} ms (process start included)`);
      },
      timeoutFor(input),
    );
  }
});

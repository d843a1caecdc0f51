import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/main.js";
import { run as runToken } from "../../src/cli/token.js";
import { openSqliteStore } from "../../src/store/sqlite.js";
import { PLAYBOOK_DIR } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "contractwijzer-serve-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function captureIo(): CliIo & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    debug: false,
    stdout: (chunk: string | Uint8Array) => {
      io.out += typeof chunk === "string" ? chunk : new TextDecoder().decode(chunk);
    },
    stderr: (line: string) => {
      io.err += `${line}\n`;
    },
  };
  return io;
}

describe("contractwijzer token create", () => {
  it("creates the organisation, prints the token once and stores only its hash", async () => {
    const db = join(dir, "tokens/contractwijzer.db");
    const io = captureIo();
    expect(await runToken(["create", "--role", "legal", "--org", "Gemeente Zwolle", "--db", db], io)).toBe(0);
    const secret = io.out.trim();
    expect(secret).toMatch(/^cw_/);
    expect(io.err).toContain("shown only now");

    const { store, close } = openSqliteStore(db);
    try {
      const token = await store.tokens.authenticate(secret);
      expect(token?.role).toBe("legal");
      const org = await store.organisations.ensure("Gemeente Zwolle");
      expect(token?.orgId).toBe(org.id);
      expect((await store.audit.list(org.id)).items[0]).toMatchObject({ action: "token.create", actorRole: "cli", target: token?.id });
    } finally {
      close();
    }
    const raw = new Database(db, { readonly: true });
    expect(JSON.stringify(raw.prepare("select * from api_tokens").all())).not.toContain(secret.slice(3));
    raw.close();
  });

  it("prints SQL for D1 that creates a working token", async () => {
    const io = captureIo();
    expect(await runToken(["create", "--role", "admin", "--org", "O'Brien BV", "--sql"], io)).toBe(0);
    const secret = io.err.split("\n")[0];
    const db = join(dir, "sql/contractwijzer.db");
    openSqliteStore(db).close();
    const raw = new Database(db);
    raw.exec(io.out);
    raw.exec(io.out.split("\n")[0]); // the organisation insert may run twice (INSERT OR IGNORE)
    raw.close();
    const { store, close } = openSqliteStore(db);
    try {
      expect((await store.tokens.authenticate(secret))?.role).toBe("admin");
    } finally {
      close();
    }
  });

  it("refuses an unknown role with exit code 2 through the CLI", async () => {
    const { main } = await import("../../src/cli/main.js");
    const io = captureIo();
    expect(await main(["token", "create", "--role", "boss", "--org", "X", "--db", join(dir, "x.db")], io)).toBe(2);
    expect(io.err).toMatch(/^E_BAD_REQUEST: --role must be one of/);
  });
});

describe("contractwijzer serve", () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child && child.exitCode === null) child.kill("SIGKILL");
  });

  it("starts on a free port, answers /health, and shuts down cleanly on SIGTERM", async () => {
    const db = join(dir, "serve/data/contractwijzer.db");
    const io = captureIo();
    await runToken(["create", "--role", "officer", "--org", "Gemeente Serve", "--db", db], io);
    const secret = io.out.trim();

    child = spawn(process.execPath, ["bin/contractwijzer.mjs", "serve", "--port", "0", "--db", db, "--playbook", PLAYBOOK_DIR], {
      env: { ...process.env, PORT: "1", HOST: "127.0.0.1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stderr?.on("data", (d) => {
      stderr += d;
    });
    const url = await new Promise<string>((resolve, reject) => {
      child!.stdout?.on("data", (d) => {
        stdout += d;
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (match) resolve(match[1]);
      });
      child!.once("exit", (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    });
    expect(stdout).toContain("contractwijzer token create");

    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    const checks = await fetch(`${url}/api/checks`, { headers: { Authorization: `Bearer ${secret}` } });
    expect(checks.status).toBe(200);

    const exit = new Promise<number | null>((resolve) => child!.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
    expect(stderr).toContain("SIGTERM: shutting down");
  });
});

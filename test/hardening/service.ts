/** Helpers for the hardening tests: the real Node service (in this process or spawned), tokens, uploads. */
import { type ChildProcess, spawn } from "node:child_process";
import { openSqliteStore } from "../../src/store/sqlite.js";
import type { Role } from "../../src/store/types.js";
import { REPO_ROOT } from "../helpers/shared.js";

export const CLI = `${REPO_ROOT}/bin/contractwijzer.mjs`;

/** Creates the organisation (if needed) and a token for it, straight in the database file. */
export async function createToken(dbPath: string, org: string, role: Role = "officer"): Promise<string> {
  const { store, close } = openSqliteStore(dbPath);
  try {
    const o = await store.organisations.ensure(org);
    return (await store.tokens.create({ orgId: o.id, role }, { orgId: o.id, tokenId: null, role: "cli" })).secret;
  } finally {
    close();
  }
}

export function uploadForm(name: string, bytes: Uint8Array, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  form.append("file", new File([bytes as Uint8Array<ArrayBuffer>], name, { type: "application/octet-stream" }));
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return form;
}

export async function postCheck(url: string, token: string, form: FormData): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}/api/checks`, { method: "POST", headers: { Authorization: `Bearer ${token}` }, body: form });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = { unparsed: text.slice(0, 200) };
  }
  return { status: res.status, body };
}

export interface SpawnedServer {
  child: ChildProcess;
  url: string;
  stderr(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `node bin/contractwijzer.mjs serve --port 0 --db PATH`, resolved once it prints its URL. */
export async function spawnServer(dbPath: string, env: Record<string, string> = {}): Promise<SpawnedServer> {
  const child = spawn(process.execPath, [CLI, "serve", "--port", "0", "--db", dbPath], {
    cwd: REPO_ROOT,
    env: { ...process.env, HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (d) => {
      stdout += d;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (match) resolve(match[1]);
    });
    void exited.then(({ code }) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return { child, url, stderr: () => stderr, exited };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/contractwijzer.mjs ARGS` and collects its output. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
  });
}

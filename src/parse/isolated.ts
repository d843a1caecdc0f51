/**
 * `parseDocument` in a pool of worker threads, so a hostile upload cannot stall or exhaust the
 * service's request loop. Each worker has a V8 heap limit (`resourceLimits`), and every job a
 * hard time limit: the cooperative Deadline inside `parseDocument` cannot interrupt a
 * synchronous loop it does not check, but `worker.terminate()` can. A worker that is
 * terminated, runs out of memory or crashes is dropped and replaced on the next job.
 *
 * Node only (worker_threads): src/node.ts wires it in. The Cloudflare Worker and the CLI call
 * `parseDocument` directly.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { ContractwijzerError, type ErrorCode, ERROR_STATUS } from "../errors.js";
import { DEFAULT_TIMEOUT_MS } from "./index.js";
import type { CheckOptions } from "../check/index.js";
import type { Report } from "../check/types.js";
import type { CheckRequest, ParseReply, ParseRequest, SerializedParseError } from "./isolated-worker.js";
import type { ParsedDocument, ParseOptions } from "./types.js";

export const DEFAULT_PARSER_MEMORY_MB = 512;
/** Time a worker gets beyond `timeoutMs` to report the cooperative timeout itself before it is terminated. */
export const DEFAULT_TERMINATE_GRACE_MS = 1_000;
/** Waiting jobs hold only the upload bytes the request already holds; the bound stops unbounded waiting. */
const MIN_QUEUE = 128;
const QUEUE_PER_WORKER = 32;

const WORKER_ENTRY = new URL("./isolated-worker.mjs", import.meta.url);

export interface ParserPoolOptions {
  /** Worker threads; default the number of available cores, at least 1. */
  workers?: number;
  /** Jobs that may wait for a free worker; more are refused with E_RATE_LIMITED. Default 32 per worker, at least 128. */
  maxQueue?: number;
  /** V8 old-generation heap limit per worker, MB. Default 512. */
  maxOldGenerationSizeMb?: number;
  maxYoungGenerationSizeMb?: number;
  stackSizeMb?: number;
  /** Added to the job's `timeoutMs` before the worker is terminated. Default 1000 ms. */
  terminateGraceMs?: number;
  /** Where unexpected worker failures are logged (never document text). */
  log?: (line: string) => void;
  /** The worker entry module; tests point this at a misbehaving worker. */
  workerUrl?: URL;
}

interface Job {
  id: number;
  /** Builds the message when a worker takes the job (so parse bytes are copied only then). */
  request: () => { message: ParseRequest | CheckRequest; transfer: ArrayBuffer[] };
  /** What the job is called in a timeout message, and its limit. */
  what: "parsing" | "checking";
  timeoutMs: number;
  resolve: (reply: Extract<ParseReply, { ok: true }>) => void;
  reject: (e: Error) => void;
}

interface PoolWorker {
  worker: Worker;
  job: Job | null;
  timer: ReturnType<typeof setTimeout> | undefined;
  retired: boolean;
}

export interface ParserPoolStats {
  workers: number;
  busy: number;
  queued: number;
  /** Workers started since the pool was created (replacements included). */
  started: number;
}

/** Environment knobs for the Node service: CONTRACTWIJZER_PARSER_WORKERS, _MEMORY_MB and _QUEUE. */
export function parserPoolOptionsFromEnv(env: Record<string, string | undefined>): ParserPoolOptions {
  const positive = (name: string): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === "") return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) throw new ContractwijzerError("E_BAD_REQUEST", `${name} must be a positive whole number, got "${raw}"`);
    return n;
  };
  return {
    workers: positive("CONTRACTWIJZER_PARSER_WORKERS"),
    maxOldGenerationSizeMb: positive("CONTRACTWIJZER_PARSER_MEMORY_MB"),
    maxQueue: positive("CONTRACTWIJZER_PARSER_QUEUE"),
  };
}

export class ParserPool {
  readonly size: number;
  readonly maxQueue: number;
  private readonly options: ParserPoolOptions;
  private readonly all = new Set<PoolWorker>();
  private readonly idle: PoolWorker[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private started = 0;
  private closed = false;

  constructor(options: ParserPoolOptions = {}) {
    this.options = options;
    this.size = Math.max(1, Math.floor(options.workers ?? availableParallelism()));
    this.maxQueue = Math.max(0, Math.floor(options.maxQueue ?? Math.max(MIN_QUEUE, this.size * QUEUE_PER_WORKER)));
  }

  /** Same contract as `parseDocument(bytes, options)`; the caller's bytes stay usable. */
  parseDocument = (bytes: Uint8Array, options: ParseOptions): Promise<ParsedDocument> => {
    const plain = plainOptions(options);
    return this.submit("parsing", plain.timeoutMs ?? DEFAULT_TIMEOUT_MS, (id) => {
      // One copy into a buffer of exactly the file's size, handed over (transferred) rather than
      // cloned again: the caller keeps its own bytes (the HTTP route stores them after parsing).
      const copy = new Uint8Array(bytes);
      return { message: { id, bytes: copy, options: plain }, transfer: [copy.buffer as ArrayBuffer] };
    }).then((reply) => (reply as { document: ParsedDocument }).document);
  };

  /**
   * `checkDocuments` against the playbook at `clausesDir`, off the request thread: analysing a
   * very large document takes seconds, and the service must keep answering meanwhile.
   */
  checkDocuments = (documents: ParsedDocument[], clausesDir: string, options: CheckOptions & { timeoutMs?: number } = {}): Promise<Report> => {
    const { clock, timeoutMs, ...rest } = options;
    const now = (clock ?? (() => new Date()))().toISOString();
    return this.submit("checking", timeoutMs ?? DEFAULT_TIMEOUT_MS, (id) => ({
      message: { id, kind: "check", clausesDir, documents, options: { ...rest, now } },
      transfer: [],
    })).then((reply) => (reply as { report: Report }).report);
  };

  private submit(what: Job["what"], timeoutMs: number, request: (id: number) => { message: ParseRequest | CheckRequest; transfer: ArrayBuffer[] }) {
    if (this.closed) return Promise.reject(new ContractwijzerError("E_INTERNAL", "the parser pool is closed"));
    if (this.queue.length >= this.maxQueue && !this.hasRoom()) {
      return Promise.reject(new ContractwijzerError("E_RATE_LIMITED", "too many documents are being read; try again shortly"));
    }
    return new Promise<Extract<ParseReply, { ok: true }>>((resolve, reject) => {
      const id = this.nextId++;
      this.queue.push({ id, request: () => request(id), what, timeoutMs, resolve, reject });
      this.pump();
    });
  }

  stats(): ParserPoolStats {
    return { workers: this.all.size, busy: this.all.size - this.idle.length, queued: this.queue.length, started: this.started };
  }

  /** Refuses waiting jobs and terminates every worker (jobs still running are rejected). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new ContractwijzerError("E_INTERNAL", "the parser pool is closed"));
    const workers = [...this.all];
    for (const w of workers) this.retire(w, new ContractwijzerError("E_INTERNAL", "the parser pool is closed"));
    await Promise.all(workers.map((w) => w.worker.terminate().catch(() => undefined)));
  }

  private hasRoom(): boolean {
    return this.idle.length > 0 || this.all.size < this.size;
  }

  private pump(): void {
    while (this.queue.length && !this.closed) {
      const w = this.idle.pop() ?? (this.all.size < this.size ? this.spawn() : undefined);
      if (!w) return;
      this.run(w, this.queue.shift()!);
    }
  }

  private spawn(): PoolWorker {
    const limits = {
      maxOldGenerationSizeMb: this.options.maxOldGenerationSizeMb ?? DEFAULT_PARSER_MEMORY_MB,
      ...(this.options.maxYoungGenerationSizeMb ? { maxYoungGenerationSizeMb: this.options.maxYoungGenerationSizeMb } : {}),
      ...(this.options.stackSizeMb ? { stackSizeMb: this.options.stackSizeMb } : {}),
    };
    const w: PoolWorker = {
      // stdout/stderr stay the parent's; pdf.js warnings are silenced in the parser itself.
      worker: new Worker(this.options.workerUrl ?? WORKER_ENTRY, { resourceLimits: limits }),
      job: null,
      timer: undefined,
      retired: false,
    };
    this.started++;
    this.all.add(w);
    w.worker.on("message", (reply: ParseReply) => this.finish(w, reply));
    w.worker.on("error", (e: Error & { code?: string }) => {
      if (w.retired) return;
      if (e.code === "ERR_WORKER_OUT_OF_MEMORY") {
        this.retire(w, new ContractwijzerError("E_PARSE_RESOURCES", `${w.job?.what ?? "parsing"} needed more than ${limits.maxOldGenerationSizeMb} MB of memory and was stopped`));
        return;
      }
      this.options.log?.(`parser worker failed: ${e.code ?? e.name}`);
      this.retire(w, new ContractwijzerError("E_INTERNAL", "the parser stopped unexpectedly; the document was not read"));
    });
    w.worker.on("exit", (code) => {
      if (w.retired) return;
      this.options.log?.(`parser worker exited with code ${code}`);
      this.retire(w, new ContractwijzerError("E_INTERNAL", "the parser stopped unexpectedly; the document was not read"));
    });
    return w;
  }

  private run(w: PoolWorker, job: Job): void {
    w.job = job;
    w.worker.ref();
    const limitMs = job.timeoutMs + (this.options.terminateGraceMs ?? DEFAULT_TERMINATE_GRACE_MS);
    w.timer = setTimeout(() => {
      this.retire(w, new ContractwijzerError("E_PARSE_TIMEOUT", `${job.what} took longer than ${job.timeoutMs} ms and was stopped`));
    }, limitMs);
    try {
      const { message, transfer } = job.request();
      w.worker.postMessage(message, transfer);
    } catch (e) {
      this.retire(w, e instanceof Error ? e : new Error(String(e)));
    }
  }

  private finish(w: PoolWorker, reply: ParseReply): void {
    const job = w.job;
    if (w.retired || !job || reply.id !== job.id) return;
    clearTimeout(w.timer);
    w.job = null;
    w.worker.unref();
    this.idle.push(w);
    if (reply.ok) job.resolve(reply);
    else job.reject(deserializeError(reply.error));
    this.pump();
  }

  /** Drops a worker for good: its job (if any) fails with `reason`, and the next job starts a new worker. */
  private retire(w: PoolWorker, reason: Error): void {
    if (w.retired) return;
    w.retired = true;
    clearTimeout(w.timer);
    this.all.delete(w);
    const at = this.idle.indexOf(w);
    if (at >= 0) this.idle.splice(at, 1);
    const job = w.job;
    w.job = null;
    void w.worker.terminate().catch(() => undefined);
    job?.reject(reason);
    this.pump();
  }
}

/** Only the known, cloneable fields cross the thread boundary. */
function plainOptions(options: ParseOptions): ParseOptions {
  const out: ParseOptions = { name: String(options.name) };
  if (options.maxBytes !== undefined) out.maxBytes = options.maxBytes;
  if (options.timeoutMs !== undefined) out.timeoutMs = options.timeoutMs;
  if (options.maxInflatedBytes !== undefined) out.maxInflatedBytes = options.maxInflatedBytes;
  return out;
}

function deserializeError(e: SerializedParseError): Error {
  if (e.code && e.code in ERROR_STATUS) return new ContractwijzerError(e.code as ErrorCode, e.message, e.details);
  const error = new Error(e.message);
  error.name = e.name;
  return error;
}

export function createParserPool(options: ParserPoolOptions = {}): ParserPool {
  return new ParserPool(options);
}

let defaultPool: ParserPool | undefined;

/**
 * `parseDocument` with the same options, result and error codes, run in the shared default
 * pool; adds E_PARSE_RESOURCES (out of memory or stack) and enforces `timeoutMs` even on code
 * that never yields.
 */
export function parseDocumentIsolated(bytes: Uint8Array, options: ParseOptions): Promise<ParsedDocument> {
  defaultPool ??= new ParserPool();
  return defaultPool.parseDocument(bytes, options);
}

/** Terminates the default pool's workers (idle workers never keep the process alive anyway). */
export async function closeDefaultParserPool(): Promise<void> {
  const pool = defaultPool;
  defaultPool = undefined;
  await pool?.close();
}

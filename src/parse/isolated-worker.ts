/**
 * The worker side of src/parse/isolated.ts. Two kinds of job: "parse" receives bytes
 * (transferred, not copied) and runs the ordinary `parseDocument`; "check" receives parsed
 * documents and runs `checkDocuments` against the playbook at `clausesDir` (loaded once per
 * worker). Answers are plain data: class instances do not survive postMessage.
 */
import { parentPort } from "node:worker_threads";
import { type CheckOptions, checkDocuments } from "../check/index.js";
import type { Report } from "../check/types.js";
import { isContractwijzerError } from "../errors.js";
import { loadPlaybook } from "../playbook/load.js";
import type { Playbook } from "../playbook/types.js";
import { parseDocument } from "./index.js";
import type { ParsedDocument, ParseOptions } from "./types.js";

export interface ParseRequest {
  id: number;
  kind?: "parse";
  bytes: Uint8Array;
  options: ParseOptions;
}

/** Options that cross the thread boundary: the clock becomes a timestamp. */
export type PlainCheckOptions = Omit<CheckOptions, "clock"> & { now: string };

export interface CheckRequest {
  id: number;
  kind: "check";
  clausesDir: string;
  documents: ParsedDocument[];
  options: PlainCheckOptions;
}

export interface SerializedParseError {
  code?: string;
  name: string;
  message: string;
  details?: Record<string, unknown>;
}

export type ParseReply =
  | { id: number; ok: true; document: ParsedDocument }
  | { id: number; ok: true; report: Report }
  | { id: number; ok: false; error: SerializedParseError };

function serializeError(e: unknown): SerializedParseError {
  if (isContractwijzerError(e)) return { code: e.code, name: e.name, message: e.message, details: e.details };
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    // Deep recursion on hostile input: a resource limit like the heap, not a bug to report as 500.
    return { code: "E_PARSE_RESOURCES", name: "ContractwijzerError", message: "the document is nested too deeply to parse" };
  }
  const error = e instanceof Error ? e : new Error(String(e));
  return { name: error.name, message: error.message };
}

if (!parentPort) throw new Error("isolated-worker.ts runs only as a worker thread (see src/parse/isolated.ts)");
const port = parentPort;

const playbooks = new Map<string, Promise<Playbook>>();
function playbookAt(dir: string): Promise<Playbook> {
  let loading = playbooks.get(dir);
  if (!loading) {
    loading = loadPlaybook(dir);
    playbooks.set(dir, loading);
  }
  return loading;
}

port.on("message", async (request: ParseRequest | CheckRequest) => {
  let reply: ParseReply;
  try {
    if (request.kind === "check") {
      const { now, ...options } = request.options;
      const playbook = await playbookAt(request.clausesDir);
      reply = { id: request.id, ok: true, report: checkDocuments(request.documents, playbook, { ...options, clock: () => new Date(now) }) };
    } else {
      reply = { id: request.id, ok: true, document: await parseDocument(request.bytes, request.options) };
    }
  } catch (e) {
    reply = { id: request.id, ok: false, error: serializeError(e) };
  }
  port.postMessage(reply);
});

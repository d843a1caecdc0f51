/**
 * The one path from an upload to a report, shared by the API (POST /api/checks) and the web UI
 * (upload form, vendor self-check): parse every file within the upload limit, check them as one
 * bundle, then either store the check or record only that an unstored check happened.
 */
import { checkDocuments } from "../check/index.js";
import type { Report } from "../check/types.js";
import { ContractwijzerError } from "../errors.js";
import type { Language, ParsedDocument } from "../parse/types.js";
import type { ProfileFact } from "../playbook/schema.js";
import type { Actor } from "../store/types.js";
import type { AppDeps } from "./context.js";

export interface Uploaded {
  parsed: ParsedDocument;
  bytes: Uint8Array;
}

export type Profile = Partial<Record<ProfileFact, boolean>>;

export function formatMegabytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

/** Parses the files in order; the limit is on all files of one request together (CONTRACTWIJZER_MAX_UPLOAD_MB). */
export async function parseUploads(deps: Pick<AppDeps, "parsers" | "config">, files: File[]): Promise<Uploaded[]> {
  const { parsers, config } = deps;
  if (files.length === 0) throw new ContractwijzerError("E_BAD_REQUEST", "choose at least one file");
  let total = 0;
  const uploaded: Uploaded[] = [];
  for (const file of files) {
    total += file.size;
    if (total > config.maxUploadBytes)
      throw new ContractwijzerError("E_UPLOAD_TOO_LARGE", `the upload is larger than ${formatMegabytes(config.maxUploadBytes)} (CONTRACTWIJZER_MAX_UPLOAD_MB)`);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const parsed = await parsers.parseDocument(bytes, { name: file.name || "upload", maxBytes: config.maxUploadBytes, timeoutMs: config.parseTimeoutMs });
    uploaded.push({ parsed, bytes });
  }
  return uploaded;
}

export async function checkUploads(
  deps: Pick<AppDeps, "playbook" | "clock" | "checker">,
  uploaded: Uploaded[],
  options: { profile: Profile; lang?: Language },
): Promise<Report> {
  const documents = uploaded.map((u) => u.parsed);
  const checkOptions = { profile: options.profile, lang: options.lang, clock: deps.clock ?? (() => new Date()) };
  return deps.checker ? deps.checker(documents, checkOptions) : checkDocuments(documents, deps.playbook, checkOptions);
}

/**
 * Stores the check (documents, findings, audit entry in one atomic write) and returns its id, or,
 * when the user chose not to store, appends only an audit entry without content and returns null.
 */
export async function recordCheck(
  deps: Pick<AppDeps, "store">,
  actor: Actor,
  check: { profile: Profile; report: Report; uploaded: Uploaded[]; store: boolean },
): Promise<string | null> {
  const { report, uploaded, profile } = check;
  if (!check.store) {
    await deps.store.audit.append(actor, {
      action: "check",
      detail: { stored: false, result: report.result, documents: uploaded.map((u) => ({ sha256: u.parsed.sha256, format: u.parsed.format })) },
    });
    return null;
  }
  const documents = uploaded.map(({ parsed, bytes }) => ({
    name: parsed.name,
    sha256: parsed.sha256,
    format: parsed.format,
    pages: parsed.pages,
    language: parsed.language,
    characters: parsed.characters,
    bytes,
  }));
  const saved = await deps.store.checks.save({ profile, report, documents }, actor);
  return saved.id;
}

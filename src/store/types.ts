/** What the service keeps: organisations, tokens, checks with their documents and findings, outputs, audit. */
import type { Role } from "../../db/schema.js";
import type { DocumentFormat, Language } from "../parse/types.js";
import type { Report } from "../check/types.js";
import type { Severity, Verdict } from "../playbook/schema.js";

export type { Role };

export interface Organisation {
  id: string;
  name: string;
  createdAt: string;
}

export interface ApiTokenRecord {
  id: string;
  orgId: string;
  role: Role;
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
}

/** The caller behind a request or a CLI command, as written to the audit log. */
export interface Actor {
  orgId: string;
  /** null for the CLI (`contractwijzer token create`), which has no token of its own. */
  tokenId: string | null;
  role: Role | "cli";
}

export interface NewDocument {
  name: string;
  sha256: string;
  format: DocumentFormat;
  pages: number | null;
  language: Language;
  characters: number;
  bytes: Uint8Array;
}

export interface NewCheck {
  /** The profile facts the caller gave (the report holds the resolved profile). */
  profile: Record<string, boolean>;
  report: Report;
  documents: NewDocument[];
}

export interface CheckSummary {
  id: string;
  name: string;
  result: Report["result"];
  lang: Language;
  playbookVersion: string;
  createdAt: string;
  createdByTokenId: string | null;
}

export interface StoredCheck extends CheckSummary {
  profile: Record<string, boolean>;
  report: Report;
}

export interface StoredDocument extends Omit<NewDocument, "bytes"> {
  id: string;
  position: number;
  size: number;
}

export interface OutputKey {
  checkId: string;
  /** "clauses.md" | "clauses.json" | "clauses.docx" | "redline.docx" */
  kind: string;
  lang: Language;
}

export interface StoredOutput extends OutputKey {
  contentType: string;
  bytes: Uint8Array;
  createdAt: string;
}

export interface FindingMatch {
  checkId: string;
  checkName: string;
  checkCreatedAt: string;
  result: Report["result"];
  requirement: string;
  verdict: Verdict;
  severity: Severity;
  theme: string;
}

export interface AuditEntry {
  id: number;
  actorTokenId: string | null;
  actorRole: string | null;
  action: string;
  target: string | null;
  at: string;
  detail: Record<string, unknown>;
}

export interface PageRequest {
  /** 1 to 100; default 20. */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string | null;
}

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface Store {
  /** True once the schema is migrated and the database answers (used by GET /health). */
  isReady(): Promise<boolean>;
  organisations: {
    /** The organisation with this name, created if it does not exist yet. */
    ensure(name: string): Promise<Organisation>;
    get(id: string): Promise<Organisation | null>;
  };
  tokens: {
    /** Stores only the hash; the secret is returned once. Audited as `token.create`. */
    create(input: { orgId: string; role: Role; label?: string | null }, actor: Actor): Promise<{ token: ApiTokenRecord; secret: string }>;
    /** The active (not revoked) token with this secret, compared in constant time. */
    authenticate(secret: string): Promise<ApiTokenRecord | null>;
    list(orgId: string): Promise<ApiTokenRecord[]>;
    /** Audited as `token.revoke`; false when the token is not in this organisation. */
    revoke(orgId: string, tokenId: string, actor: Actor): Promise<boolean>;
  };
  checks: {
    /** The check, its documents (with bytes), one finding row per requirement and the audit entries, in one atomic write. */
    save(input: NewCheck, actor: Actor): Promise<CheckSummary>;
    /** Newest first. */
    list(orgId: string, page?: PageRequest): Promise<Page<CheckSummary>>;
    /** null when the check does not exist or belongs to another organisation. */
    get(orgId: string, checkId: string): Promise<StoredCheck | null>;
    documents(orgId: string, checkId: string): Promise<StoredDocument[]>;
    documentBytes(orgId: string, documentId: string): Promise<Uint8Array | null>;
    /** Removes the check, its documents, findings and outputs; the audit log keeps its entries and gains a `delete`. */
    delete(orgId: string, checkId: string, actor: Actor): Promise<boolean>;
  };
  findings: {
    /** Checks of the organisation with a finding matching these filters, newest first. */
    search(orgId: string, filter: { requirement?: string; verdict?: Verdict }, page?: PageRequest): Promise<Page<FindingMatch>>;
  };
  outputs: {
    get(orgId: string, key: OutputKey): Promise<StoredOutput | null>;
    put(orgId: string, output: Omit<StoredOutput, "createdAt">): Promise<void>;
  };
  audit: {
    append(actor: Actor, entry: { action: string; target?: string | null; detail?: Record<string, unknown> }): Promise<void>;
    /** Newest first. */
    list(orgId: string, page?: PageRequest): Promise<Page<AuditEntry>>;
  };
}

/**
 * The only place the database schema is written. `npm run db:generate` (drizzle-kit) turns it
 * into SQL under db/migrations/, which better-sqlite3 applies on start (drizzle migrator) and
 * D1 applies with `wrangler d1 migrations apply` (wrangler.toml `migrations_dir`).
 *
 * Times are ISO 8601 strings from the injected clock, so they sort as text and read well in
 * `sqlite3` and `wrangler d1 execute`.
 */
import { sql } from "drizzle-orm";
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const ROLES = ["officer", "vendor", "legal", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const organisations = sqliteTable("organisations", {
  id: text("id").primaryKey(),
  name: text("name").notNull().unique(),
  createdAt: text("created_at").notNull(),
});

/** Only the SHA-256 of a token is stored; the token itself is shown once when created. */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id),
    role: text("role", { enum: ROLES }).notNull(),
    tokenHash: text("token_hash").notNull(),
    label: text("label"),
    createdAt: text("created_at").notNull(),
    revokedAt: text("revoked_at"),
  },
  (t) => [uniqueIndex("api_tokens_hash_idx").on(t.tokenHash), index("api_tokens_org_idx").on(t.orgId)],
);

export const checks = sqliteTable(
  "checks",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id),
    createdByTokenId: text("created_by_token_id").references(() => apiTokens.id),
    /** The bundle's display name (document names joined with " + "). */
    name: text("name").notNull(),
    /** The profile as asked for (`{ genai: true }`); the report holds the resolved profile. */
    profile: text("profile", { mode: "json" }).$type<Record<string, boolean>>().notNull(),
    playbookVersion: text("playbook_version").notNull(),
    result: text("result", { enum: ["pass", "review", "fail"] }).notNull(),
    lang: text("lang", { enum: ["nl", "en"] }).notNull(),
    report: text("report", { mode: "json" }).$type<unknown>().notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("checks_org_created_idx").on(t.orgId, t.createdAt, t.id)],
);

/** The uploaded files of a check; their original bytes (needed for redlines) are in byte_chunks. */
export const documents = sqliteTable(
  "documents",
  {
    id: text("id").primaryKey(),
    checkId: text("check_id")
      .notNull()
      .references(() => checks.id, { onDelete: "cascade" }),
    /** Order in the bundle, 0-based, as `report.documents[position]`. */
    position: integer("position").notNull(),
    name: text("name").notNull(),
    sha256: text("sha256").notNull(),
    format: text("format", { enum: ["pdf", "docx", "txt", "md", "html"] }).notNull(),
    pages: integer("pages"),
    language: text("language", { enum: ["nl", "en"] }).notNull(),
    characters: integer("characters").notNull(),
    size: integer("size").notNull(),
  },
  (t) => [index("documents_check_idx").on(t.checkId, t.position)],
);

/**
 * One row per requirement per check, so questions across checks ("every check where
 * genai-no-training-on-customer-data is conflicting") are one indexed query.
 */
export const findings = sqliteTable(
  "findings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    checkId: text("check_id")
      .notNull()
      .references(() => checks.id, { onDelete: "cascade" }),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id),
    requirement: text("requirement").notNull(),
    verdict: text("verdict", {
      enum: ["satisfied", "partial", "conflicting", "missing", "not_applicable"],
    }).notNull(),
    severity: text("severity", { enum: ["critical", "major", "minor"] }).notNull(),
    theme: text("theme").notNull(),
  },
  (t) => [
    index("findings_org_requirement_verdict_idx").on(t.orgId, t.requirement, t.verdict),
    index("findings_check_idx").on(t.checkId),
  ],
);

/** Generated clauses and redlines, kept so a download is the same file each time. */
export const outputs = sqliteTable(
  "outputs",
  {
    id: text("id").primaryKey(),
    checkId: text("check_id")
      .notNull()
      .references(() => checks.id, { onDelete: "cascade" }),
    /** "clauses.md" | "clauses.json" | "clauses.docx" | "redline.docx" */
    kind: text("kind").notNull(),
    lang: text("lang", { enum: ["nl", "en"] }).notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [uniqueIndex("outputs_check_kind_lang_idx").on(t.checkId, t.kind, t.lang)],
);

/**
 * The bytes of a document or an output, in pieces of at most BYTE_CHUNK_SIZE. D1 refuses rows
 * over 2,000,000 bytes (Cloudflare D1 limits), and uploads may be 25 MB, so one BLOB per file
 * would work on SQLite and fail on D1. `ownerId` is a documents.id or an outputs.id.
 */
export const BYTE_CHUNK_SIZE = 1_000_000;
export const byteChunks = sqliteTable(
  "byte_chunks",
  {
    ownerId: text("owner_id").notNull(),
    seq: integer("seq").notNull(),
    bytes: blob("bytes", { mode: "buffer" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.ownerId, t.seq] })],
);

/**
 * Append-only: who did what when. Rows are never updated or deleted, and `target` has no
 * foreign key so entries outlive the check they name. `detail` never holds contract text.
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id),
    actorTokenId: text("actor_token_id"),
    actorRole: text("actor_role"),
    action: text("action").notNull(),
    target: text("target"),
    at: text("at").notNull(),
    detail: text("detail", { mode: "json" })
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'`),
  },
  (t) => [index("audit_log_org_at_idx").on(t.orgId, t.at, t.id)],
);

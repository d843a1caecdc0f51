/**
 * The store written once over drizzle's SQLite core. Every query is awaited, so it runs the
 * same on better-sqlite3 (sync) and D1 (async). Multi-statement writes go through the
 * driver's `writeAtomically` and never through `db.transaction()`: drizzle implements that
 * with BEGIN, which deployed D1 rejects (D1 runs a `batch` as one transaction instead).
 */
import { and, desc, eq, inArray, isNull, lt, or } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import * as schema from "../../db/schema.js";
import { ContractwijzerError } from "../errors.js";
import type { Report } from "../check/types.js";
import { hashesEqual, hashTokenSecret, newTokenSecret } from "./token-secret.js";
import type {
  Actor,
  ApiTokenRecord,
  AuditEntry,
  CheckSummary,
  FindingMatch,
  Organisation,
  Page,
  PageRequest,
  Store,
  StoredDocument,
  StoredOutput,
} from "./types.js";

const { organisations, apiTokens, checks, documents, findings, outputs, auditLog, byteChunks, BYTE_CHUNK_SIZE } = schema;

export type StoreDatabase = BaseSQLiteDatabase<"sync" | "async", any, typeof schema>;
export type WriteStatement = BatchItem<"sqlite">;
/** Runs the statements all-or-nothing, in order. */
export type WriteAtomically = (statements: WriteStatement[]) => Promise<void>;

export interface DrizzleStoreOptions {
  db: StoreDatabase;
  writeAtomically: WriteAtomically;
  clock?: () => Date;
}

/** Deployed D1 allows at most 100 bound parameters per statement (Cloudflare D1 limits). */
const MAX_BOUND_PARAMETERS = 100;
const DEFAULT_PAGE = 20;
const MAX_PAGE = 100;

export function createDrizzleStore({ db, writeAtomically, clock = () => new Date() }: DrizzleStoreOptions): Store {
  const now = () => clock().toISOString();

  const auditInsert = (actor: Actor, action: string, target: string | null, detail: Record<string, unknown> = {}) =>
    db.insert(auditLog).values({
      orgId: actor.orgId,
      actorTokenId: actor.tokenId,
      actorRole: actor.role,
      action,
      target,
      at: now(),
      detail,
    });

  const chunkInserts = (ownerId: string, bytes: Uint8Array): WriteStatement[] => {
    const statements: WriteStatement[] = [];
    for (let seq = 0, offset = 0; offset < bytes.length || seq === 0; seq++, offset += BYTE_CHUNK_SIZE) {
      const piece = bytes.subarray(offset, offset + BYTE_CHUNK_SIZE);
      statements.push(db.insert(byteChunks).values({ ownerId, seq, bytes: toBuffer(piece) }));
    }
    return statements;
  };

  const readBytes = async (ownerId: string, size: number): Promise<Uint8Array> => {
    const rows = await db
      .select({ bytes: byteChunks.bytes })
      .from(byteChunks)
      .where(eq(byteChunks.ownerId, ownerId))
      .orderBy(byteChunks.seq);
    const out = new Uint8Array(size);
    let offset = 0;
    for (const row of rows) {
      const piece = toUint8Array(row.bytes);
      out.set(piece, offset);
      offset += piece.length;
    }
    if (offset !== size) throw new ContractwijzerError("E_INTERNAL", `stored bytes of ${ownerId} are incomplete`);
    return out;
  };

  const ownsCheck = async (orgId: string, checkId: string): Promise<boolean> => {
    const row = await db
      .select({ id: checks.id })
      .from(checks)
      .where(and(eq(checks.id, checkId), eq(checks.orgId, orgId)))
      .get();
    return row !== undefined;
  };

  const store: Store = {
    async isReady() {
      try {
        await db.select({ id: organisations.id }).from(organisations).limit(1);
        return true;
      } catch {
        return false;
      }
    },

    organisations: {
      async ensure(name) {
        const trimmed = name.trim();
        if (!trimmed) throw new ContractwijzerError("E_BAD_REQUEST", "an organisation needs a name");
        await db
          .insert(organisations)
          .values({ id: crypto.randomUUID(), name: trimmed, createdAt: now() })
          .onConflictDoNothing({ target: organisations.name });
        const row = await db.select().from(organisations).where(eq(organisations.name, trimmed)).get();
        if (!row) throw new ContractwijzerError("E_INTERNAL", "organisation could not be created");
        return row satisfies Organisation;
      },
      async get(id) {
        return (await db.select().from(organisations).where(eq(organisations.id, id)).get()) ?? null;
      },
    },

    tokens: {
      async create({ orgId, role, label = null }, actor) {
        if (!schema.ROLES.includes(role)) throw new ContractwijzerError("E_BAD_REQUEST", `unknown role "${role}"`);
        const secret = newTokenSecret();
        const token: ApiTokenRecord = { id: crypto.randomUUID(), orgId, role, label, createdAt: now(), revokedAt: null };
        await writeAtomically([
          db.insert(apiTokens).values({ ...token, tokenHash: await hashTokenSecret(secret) }),
          auditInsert(actor, "token.create", token.id, { role, label }),
        ]);
        return { token, secret };
      },
      async authenticate(secret) {
        const hash = await hashTokenSecret(secret);
        const row = await db
          .select()
          .from(apiTokens)
          .where(and(eq(apiTokens.tokenHash, hash), isNull(apiTokens.revokedAt)))
          .get();
        // The lookup is by hash, so its timing says nothing about the secret; the comparison is constant-time anyway.
        if (!row || !hashesEqual(row.tokenHash, hash)) return null;
        const { tokenHash: _hash, ...token } = row;
        return token;
      },
      async list(orgId) {
        const rows = await db
          .select({
            id: apiTokens.id,
            orgId: apiTokens.orgId,
            role: apiTokens.role,
            label: apiTokens.label,
            createdAt: apiTokens.createdAt,
            revokedAt: apiTokens.revokedAt,
          })
          .from(apiTokens)
          .where(eq(apiTokens.orgId, orgId))
          .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
        return rows;
      },
      async revoke(orgId, tokenId, actor) {
        const row = await db
          .select({ id: apiTokens.id })
          .from(apiTokens)
          .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.orgId, orgId)))
          .get();
        if (!row) return false;
        await writeAtomically([
          db.update(apiTokens).set({ revokedAt: now() }).where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt))),
          auditInsert(actor, "token.revoke", tokenId),
        ]);
        return true;
      },
    },

    checks: {
      async save({ profile, report, documents: docs }, actor) {
        if (docs.length === 0) throw new ContractwijzerError("E_BAD_REQUEST", "a check needs at least one document");
        const id = crypto.randomUUID();
        const createdAt = now();
        const summary: CheckSummary = {
          id,
          name: report.document.name,
          result: report.result,
          lang: report.lang,
          playbookVersion: report.playbook.version,
          createdAt,
          createdByTokenId: actor.tokenId,
        };
        const statements: WriteStatement[] = [
          db.insert(checks).values({ ...summary, orgId: actor.orgId, profile, report }),
        ];
        docs.forEach((doc, position) => {
          const documentId = crypto.randomUUID();
          const { bytes, ...info } = doc;
          statements.push(db.insert(documents).values({ ...info, id: documentId, checkId: id, position, size: bytes.length }));
          statements.push(...chunkInserts(documentId, bytes));
          statements.push(
            auditInsert(actor, "upload", id, { document: position, sha256: doc.sha256, format: doc.format, size: bytes.length }),
          );
        });
        const findingRows = report.findings.map((f) => ({
          checkId: id,
          orgId: actor.orgId,
          requirement: f.requirement,
          verdict: f.verdict,
          severity: f.severity,
          theme: f.theme,
        }));
        for (const rows of inGroups(findingRows, MAX_BOUND_PARAMETERS)) statements.push(db.insert(findings).values(rows));
        statements.push(auditInsert(actor, "check", id, { stored: true, result: report.result, documents: docs.length }));
        await writeAtomically(statements);
        return summary;
      },

      async list(orgId, page) {
        const limit = pageLimit(page);
        const after = decodeCursor(page?.cursor);
        const rows = await db
          .select(checkSummaryColumns)
          .from(checks)
          .where(
            and(
              eq(checks.orgId, orgId),
              after
                ? or(lt(checks.createdAt, after.at), and(eq(checks.createdAt, after.at), lt(checks.id, after.id)))
                : undefined,
            ),
          )
          .orderBy(desc(checks.createdAt), desc(checks.id))
          .limit(limit + 1);
        return toPage(rows, limit, (last) => encodeCursor(last.createdAt, last.id));
      },

      async get(orgId, checkId) {
        const row = await db
          .select({ ...checkSummaryColumns, profile: checks.profile, report: checks.report })
          .from(checks)
          .where(and(eq(checks.id, checkId), eq(checks.orgId, orgId)))
          .get();
        return row ? { ...row, report: row.report as Report } : null;
      },

      async documents(orgId, checkId) {
        if (!(await ownsCheck(orgId, checkId))) return [];
        const rows = await db
          .select({
            id: documents.id,
            position: documents.position,
            name: documents.name,
            sha256: documents.sha256,
            format: documents.format,
            pages: documents.pages,
            language: documents.language,
            characters: documents.characters,
            size: documents.size,
          })
          .from(documents)
          .where(eq(documents.checkId, checkId))
          .orderBy(documents.position);
        return rows satisfies StoredDocument[];
      },

      async documentBytes(orgId, documentId) {
        const row = await db
          .select({ size: documents.size })
          .from(documents)
          .innerJoin(checks, eq(checks.id, documents.checkId))
          .where(and(eq(documents.id, documentId), eq(checks.orgId, orgId)))
          .get();
        return row ? readBytes(documentId, row.size) : null;
      },

      async delete(orgId, checkId, actor) {
        const existing = await db
          .select({ name: checks.name })
          .from(checks)
          .where(and(eq(checks.id, checkId), eq(checks.orgId, orgId)))
          .get();
        if (!existing) return false;
        const documentIds = db.select({ id: documents.id }).from(documents).where(eq(documents.checkId, checkId));
        const outputIds = db.select({ id: outputs.id }).from(outputs).where(eq(outputs.checkId, checkId));
        await writeAtomically([
          db.delete(byteChunks).where(or(inArray(byteChunks.ownerId, documentIds), inArray(byteChunks.ownerId, outputIds))),
          db.delete(outputs).where(eq(outputs.checkId, checkId)),
          db.delete(findings).where(eq(findings.checkId, checkId)),
          db.delete(documents).where(eq(documents.checkId, checkId)),
          db.delete(checks).where(eq(checks.id, checkId)),
          auditInsert(actor, "delete", checkId),
        ]);
        return true;
      },
    },

    findings: {
      async search(orgId, filter, page) {
        const limit = pageLimit(page);
        const after = decodeCursor(page?.cursor);
        const rows = await db
          .select({
            findingId: findings.id,
            checkId: checks.id,
            checkName: checks.name,
            checkCreatedAt: checks.createdAt,
            result: checks.result,
            requirement: findings.requirement,
            verdict: findings.verdict,
            severity: findings.severity,
            theme: findings.theme,
          })
          .from(findings)
          .innerJoin(checks, eq(checks.id, findings.checkId))
          .where(
            and(
              eq(findings.orgId, orgId),
              filter.requirement ? eq(findings.requirement, filter.requirement) : undefined,
              filter.verdict ? eq(findings.verdict, filter.verdict) : undefined,
              after ? lt(findings.id, Number(after.id)) : undefined,
            ),
          )
          .orderBy(desc(findings.id))
          .limit(limit + 1);
        const pageOf = toPage(rows, limit, (last) => encodeCursor("", String(last.findingId)));
        return {
          items: pageOf.items.map(({ findingId: _id, ...match }) => match satisfies FindingMatch),
          nextCursor: pageOf.nextCursor,
        };
      },
    },

    outputs: {
      async get(orgId, key) {
        const row = await db
          .select({ id: outputs.id, contentType: outputs.contentType, size: outputs.size, createdAt: outputs.createdAt })
          .from(outputs)
          .innerJoin(checks, eq(checks.id, outputs.checkId))
          .where(
            and(
              eq(outputs.checkId, key.checkId),
              eq(outputs.kind, key.kind),
              eq(outputs.lang, key.lang),
              eq(checks.orgId, orgId),
            ),
          )
          .get();
        if (!row) return null;
        return { ...key, contentType: row.contentType, createdAt: row.createdAt, bytes: await readBytes(row.id, row.size) };
      },
      async put(orgId, output: Omit<StoredOutput, "createdAt">) {
        if (!(await ownsCheck(orgId, output.checkId))) throw new ContractwijzerError("E_NOT_FOUND", "check not found");
        const previous = db
          .select({ id: outputs.id })
          .from(outputs)
          .where(and(eq(outputs.checkId, output.checkId), eq(outputs.kind, output.kind), eq(outputs.lang, output.lang)));
        const id = crypto.randomUUID();
        await writeAtomically([
          db.delete(byteChunks).where(inArray(byteChunks.ownerId, previous)),
          db
            .delete(outputs)
            .where(and(eq(outputs.checkId, output.checkId), eq(outputs.kind, output.kind), eq(outputs.lang, output.lang))),
          db.insert(outputs).values({
            id,
            checkId: output.checkId,
            kind: output.kind,
            lang: output.lang,
            contentType: output.contentType,
            size: output.bytes.length,
            createdAt: now(),
          }),
          ...chunkInserts(id, output.bytes),
        ]);
      },
    },

    audit: {
      async append(actor, { action, target = null, detail = {} }) {
        await auditInsert(actor, action, target, detail);
      },
      async list(orgId, page) {
        const limit = pageLimit(page);
        const after = decodeCursor(page?.cursor);
        const rows = await db
          .select({
            id: auditLog.id,
            actorTokenId: auditLog.actorTokenId,
            actorRole: auditLog.actorRole,
            action: auditLog.action,
            target: auditLog.target,
            at: auditLog.at,
            detail: auditLog.detail,
          })
          .from(auditLog)
          .where(and(eq(auditLog.orgId, orgId), after ? lt(auditLog.id, Number(after.id)) : undefined))
          .orderBy(desc(auditLog.id))
          .limit(limit + 1);
        return toPage(rows satisfies AuditEntry[], limit, (last) => encodeCursor("", String(last.id)));
      },
    },
  };
  return store;
}

const checkSummaryColumns = {
  id: checks.id,
  name: checks.name,
  result: checks.result,
  lang: checks.lang,
  playbookVersion: checks.playbookVersion,
  createdAt: checks.createdAt,
  createdByTokenId: checks.createdByTokenId,
};

function pageLimit(page: PageRequest | undefined): number {
  const limit = page?.limit ?? DEFAULT_PAGE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE)
    throw new ContractwijzerError("E_BAD_REQUEST", `limit must be an integer from 1 to ${MAX_PAGE}`);
  return limit;
}

function toPage<T>(rows: T[], limit: number, cursorOf: (last: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? cursorOf(items[items.length - 1]) : null };
}

/** Opaque keyset cursor: the sort key of the last row of the page. */
function encodeCursor(at: string, id: string): string {
  return btoa(JSON.stringify([at, id])).replace(/=+$/, "");
}

function decodeCursor(cursor: string | null | undefined): { at: string; id: string } | null {
  if (!cursor) return null;
  try {
    const [at, id] = JSON.parse(atob(cursor)) as unknown[];
    if (typeof at === "string" && typeof id === "string" && id) return { at, id };
  } catch {
    // fall through to the error below
  }
  throw new ContractwijzerError("E_BAD_REQUEST", "cursor is not one this API returned");
}

/** Splits rows into multi-row inserts that stay under the bound-parameter limit. */
function inGroups<T extends Record<string, unknown>>(rows: T[], maxParameters: number): T[][] {
  if (rows.length === 0) return [];
  const perRow = Object.keys(rows[0]).length;
  const size = Math.max(1, Math.floor(maxParameters / perRow));
  const groups: T[][] = [];
  for (let i = 0; i < rows.length; i += size) groups.push(rows.slice(i, i + size));
  return groups;
}

/** drizzle's blob "buffer" mode wants a Buffer (Node, and workerd with nodejs_compat). */
function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function toUint8Array(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (Array.isArray(value)) return Uint8Array.from(value as number[]);
  throw new ContractwijzerError("E_INTERNAL", "unexpected BLOB value from the database driver");
}

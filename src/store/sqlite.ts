/**
 * The better-sqlite3 driver (Node only: imported by src/node.ts, the CLI and tests, never by
 * the app). Opens the file, turns on WAL and foreign keys, applies db/migrations and wraps
 * the synchronous driver in the async Store.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "../../db/schema.js";
import { createDrizzleStore, type StoreDatabase, type WriteAtomically, type WriteStatement } from "./drizzle-store.js";
import type { Store } from "./types.js";

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../db/migrations", import.meta.url));

export interface SqliteDatabase {
  db: StoreDatabase;
  writeAtomically: WriteAtomically;
  /** Runs raw SQL; for tests and maintenance only. */
  all(sql: string, ...params: unknown[]): unknown[];
  /** Closes the database; SQLite checkpoints the WAL on close, so the file is complete on its own. */
  close(): void;
}

/** Opens (creating the folder and file if needed) and migrates the database at `path`. */
export function openSqliteDatabase(path: string): SqliteDatabase {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  try {
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("busy_timeout = 5000");
    sqlite.pragma("secure_delete = ON"); // deleted rows and freed pages are zeroed, so a deleted contract's bytes do not linger in the file (docs/security.md)
    const db = drizzle(sqlite, { schema });
    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    // drizzle's better-sqlite3 database has no batch(); a transaction with a synchronous body is the equivalent.
    const runAll = sqlite.transaction((statements: WriteStatement[]) => {
      for (const statement of statements) (statement as unknown as { run(): unknown }).run();
    });
    return {
      db: db as unknown as StoreDatabase,
      writeAtomically: async (statements) => {
        runAll(statements);
      },
      all: (sql, ...params) => sqlite.prepare(sql).all(...params),
      close: () => {
        if (sqlite.open) sqlite.close();
      },
    };
  } catch (e) {
    sqlite.close();
    throw e;
  }
}

export interface SqliteStore {
  store: Store;
  close(): void;
}

export function openSqliteStore(path: string, options: { clock?: () => Date } = {}): SqliteStore {
  const database = openSqliteDatabase(path);
  const store = createDrizzleStore({ db: database.db, writeAtomically: database.writeAtomically, clock: options.clock });
  const deleteCheck = store.checks.delete.bind(store.checks);
  // secure_delete zeroes the pages in the database file, but the WAL still holds the frames
  // written before the delete until a checkpoint: take one right away, so DELETE leaves no copy.
  store.checks.delete = async (...args) => {
    const deleted = await deleteCheck(...args);
    database.all("PRAGMA wal_checkpoint(TRUNCATE)");
    return deleted;
  };
  return { store, close: database.close };
}

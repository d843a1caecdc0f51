import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach } from "vitest";
import { createDrizzleStore } from "../../src/store/drizzle-store.js";
import { openSqliteDatabase, type SqliteDatabase } from "../../src/store/sqlite.js";
import { storeSuite } from "./store-suite.js";

const dir = mkdtempSync(join(tmpdir(), "contractwijzer-store-"));
let open: SqliteDatabase | undefined;
let n = 0;

afterEach(() => open?.close());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

storeSuite("better-sqlite3", async (clock) => {
  open = openSqliteDatabase(join(dir, `nested/folder/store-${n++}.db`));
  const { db, writeAtomically, all } = open;
  return {
    store: createDrizzleStore({ db, writeAtomically, clock }),
    db,
    writeAtomically,
    rows: async (sql) => all(sql) as Record<string, unknown>[],
  };
});

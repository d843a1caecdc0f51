import { applyD1Migrations, env } from "cloudflare:test";
import { createDrizzleStore } from "../../src/store/drizzle-store.js";
import { openD1Database } from "../../src/store/d1.js";
import { storeSuite } from "../store/store-suite.js";

const TABLES = ["byte_chunks", "outputs", "findings", "documents", "checks", "audit_log", "api_tokens", "organisations"];

storeSuite("D1", async (clock) => {
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
  // Storage is isolated per test file, not per test: start each test from empty tables.
  await env.DB.batch(TABLES.map((table) => env.DB.prepare(`delete from ${table}`)));
  const { db, writeAtomically } = openD1Database(env.DB);
  return {
    store: createDrizzleStore({ db, writeAtomically, clock }),
    db,
    writeAtomically,
    rows: async (sql) => (await env.DB.prepare(sql).all<Record<string, unknown>>()).results,
  };
});

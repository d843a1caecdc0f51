/**
 * The D1 driver. D1 is migrated by `wrangler d1 migrations apply` (wrangler.toml points at
 * db/migrations); atomic writes use `batch`, which D1 runs as one transaction.
 */
import { type AnyD1Database, drizzle } from "drizzle-orm/d1";
import * as schema from "../../db/schema.js";
import { createDrizzleStore, type StoreDatabase, type WriteAtomically, type WriteStatement } from "./drizzle-store.js";
import type { Store } from "./types.js";

export function openD1Database(d1: AnyD1Database): { db: StoreDatabase; writeAtomically: WriteAtomically } {
  const db = drizzle(d1, { schema });
  return {
    db: db as unknown as StoreDatabase,
    writeAtomically: async (statements) => {
      if (statements.length === 0) return;
      await db.batch(statements as [WriteStatement, ...WriteStatement[]]);
    },
  };
}

export function createD1Store(d1: AnyD1Database, options: { clock?: () => Date } = {}): Store {
  return createDrizzleStore({ ...openD1Database(d1), clock: options.clock });
}

import { defineConfig } from "drizzle-kit";

// `npm run db:generate` writes SQL for both drivers: better-sqlite3 migrates on start and
// `wrangler d1 migrations apply` reads the same folder (wrangler.toml migrations_dir).
export default defineConfig({
  dialect: "sqlite",
  schema: "./db/schema.ts",
  out: "./db/migrations",
});

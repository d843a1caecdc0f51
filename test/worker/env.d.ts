// Bindings the tests add on top of wrangler.toml's (worker-configuration.gen.d.ts, `npm run worker:types`).
declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
  }
}

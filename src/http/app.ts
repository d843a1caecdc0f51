/**
 * The HTTP API as one Hono app. It imports nothing runtime-specific: src/node.ts and
 * src/worker.ts hand in the store, playbook, parsers, templates, clock and configuration.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { renderApiPage } from "./api-page.js";
import { authenticate } from "./auth.js";
import type { AppConfig, AppDeps, AppEnv } from "./context.js";
import { createErrorHandler, errorResponse } from "./errors.js";
import { adminRoutes } from "./routes/admin.js";
import { checkRoutes } from "./routes/checks.js";
import { libraryRoutes } from "./routes/library.js";
import { outputRoutes } from "./routes/outputs.js";
import { clientAddress, DEFAULT_PUBLIC_RATE_LIMIT_PER_MIN, DEFAULT_RATE_LIMIT_PER_MIN, rateLimit, TokenBuckets } from "./rate-limit.js";
import { securityHeaders } from "./security-headers.js";
import { ParsedDocumentCache } from "./parsed-cache.js";
import { mountUi } from "./ui/index.js";

export type { AppConfig, AppDeps, DocumentParser } from "./context.js";

const OPENAPI_INFO = {
  openapi: "3.1.0",
  info: {
    title: "Contractwijzer",
    version: "1",
    description:
      "Checks IT contracts and vendor terms for Dutch public buyers against the ARBIT-2022 and generative-AI playbook, and drafts the clauses they lack. Supports review; it is not legal advice. Authenticate with `Authorization: Bearer <token>`; errors are `{ code, message }`.",
  },
  tags: [
    { name: "checks", description: "upload, check, read and delete" },
    { name: "findings", description: "questions across stored checks" },
    { name: "library", description: "playbook and clause library" },
    { name: "audit", description: "who did what when" },
    { name: "tokens", description: "API tokens of the organisation" },
  ],
};

export function createApp(appDeps: AppDeps): OpenAPIHono<AppEnv> {
  const deps: AppDeps = { ...appDeps, parsedDocuments: appDeps.parsedDocuments ?? new ParsedDocumentCache() };
  const log = deps.log ?? ((line: string) => console.error(line));
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
        return errorResponse(c, "E_BAD_REQUEST", `${where}${issue?.message ?? "invalid request"}`);
      }
    },
  });
  app.onError(createErrorHandler(log));
  // First, so the headers also reach error pages, 404s and 429s (src/http/security-headers.ts).
  app.use("*", securityHeaders());
  app.notFound((c) => errorResponse(c, "E_NOT_FOUND", `no route for ${c.req.method} ${new URL(c.req.url).pathname}`));
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "`contractwijzer token create --role officer|vendor|legal|admin --org NAME`",
  });

  app.get("/health", async (c) => {
    if (await deps.store.isReady()) return c.json({ ok: true });
    return errorResponse(c, "E_INTERNAL", "the database is not ready (not migrated?)");
  });

  app.use("/api/*", authenticate(deps.store));
  registerRateLimits(app, deps.config.rateLimit);
  app.route("/api/checks", checkRoutes(deps));
  app.route("/api/checks", outputRoutes(deps));
  app.route("/api", adminRoutes(deps));
  app.route("/api", libraryRoutes(deps));

  const document = () => ({ ...app.getOpenAPI31Document(OPENAPI_INFO), info: { ...OPENAPI_INFO.info, version: deps.config.version ?? "1" } });
  app.get("/openapi.json", (c) => c.json(document()));
  app.get("/docs/api", (c) => c.html(renderApiPage(document())));

  // Web UI (src/http/ui): server-rendered pages under /, /sign-in, /checks, /library, /self-check, /assets.
  mountUi(app, deps);

  return app;
}

/**
 * Per API token on /api/* (after authentication, so the key is the token's id); per client
 * address on the anonymous POSTs (sign-in, self-check) and on the web UI's costly routes
 * (upload, document text, annex), whose session is only known inside the UI.
 */
function registerRateLimits(app: OpenAPIHono<AppEnv>, config: AppConfig["rateLimit"] = {}): void {
  const { perMinute = DEFAULT_RATE_LIMIT_PER_MIN, publicPerMinute = DEFAULT_PUBLIC_RATE_LIMIT_PER_MIN, trustProxy = false, maxBuckets, now } = config;
  const address = (c: Context) => clientAddress(c, trustProxy) ?? "unknown";
  if (perMinute > 0) {
    const perToken = new TokenBuckets({ perMinute, maxBuckets, now });
    app.use("/api/*", rateLimit({ buckets: perToken, key: (c) => `token:${(c as Context<AppEnv>).get("actor").tokenId}`, subject: "this token" }));
    const perBrowser = new TokenBuckets({ perMinute, maxBuckets, now });
    const browser = rateLimit({ buckets: perBrowser, key: address, subject: "this address", format: "text" });
    app.post("/checks", browser);
    app.get("/checks/:id/documents/:n", browser);
    app.get("/checks/:id/annex", browser);
  }
  if (publicPerMinute > 0) {
    const perAddress = new TokenBuckets({ perMinute: publicPerMinute, maxBuckets, now });
    const anonymous = rateLimit({ buckets: perAddress, key: address, subject: "this address", format: "text" });
    app.post("/sign-in", anonymous);
    app.post("/self-check", anonymous);
  }
}

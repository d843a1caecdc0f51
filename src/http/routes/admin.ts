/** GET /api/findings, GET /api/audit and /api/tokens: questions across checks, the audit trail, token management. */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { allowRoles, rolesNote } from "../auth.js";
import type { AppDeps, AppEnv } from "../context.js";
import { notFound } from "../errors.js";
import { errorResponses, PageQuerySchema, pageOf, RoleSchema, VerdictSchema } from "../schemas.js";


const FindingMatchSchema = z
  .object({
    checkId: z.string(),
    checkName: z.string(),
    checkCreatedAt: z.string(),
    result: z.enum(["pass", "review", "fail"]),
    requirement: z.string(),
    verdict: VerdictSchema,
    severity: z.enum(["critical", "major", "minor"]),
    theme: z.string(),
  })
  .openapi("FindingMatch");

const searchFindings = createRoute({
  method: "get",
  path: "/findings",
  tags: ["findings"],
  summary: "Stored checks with a finding of this requirement and/or verdict, newest first",
  description: `${rolesNote("officer", "legal")} Example: \`?requirement=genai-no-training-on-customer-data&verdict=conflicting\`.`,
  security: [{ bearerAuth: [] }],
  request: {
    query: PageQuerySchema.extend({
      requirement: z.string().min(1).optional(),
      verdict: VerdictSchema.optional(),
    }),
  },
  responses: {
    200: { description: "one page", content: { "application/json": { schema: pageOf(FindingMatchSchema, "FindingMatchPage") } } },
    ...errorResponses(400, 401, 403),
  },
});

const AuditEntrySchema = z
  .object({
    id: z.number().int(),
    actorTokenId: z.string().nullable(),
    actorRole: z.string().nullable(),
    action: z.string().openapi({ example: "upload" }),
    target: z.string().nullable(),
    at: z.string(),
    detail: z.record(z.string(), z.unknown()),
  })
  .openapi("AuditEntry");

const listAudit = createRoute({
  method: "get",
  path: "/audit",
  tags: ["audit"],
  summary: "Who did what when, for the organisation, newest first",
  description: `${rolesNote("officer", "admin")} Actions: upload, check, download, delete, token.create, token.revoke.`,
  security: [{ bearerAuth: [] }],
  request: { query: PageQuerySchema },
  responses: {
    200: { description: "one page", content: { "application/json": { schema: pageOf(AuditEntrySchema, "AuditPage") } } },
    ...errorResponses(400, 401, 403),
  },
});

const TokenSchema = z
  .object({
    id: z.string(),
    orgId: z.string(),
    role: RoleSchema,
    label: z.string().nullable(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .openapi("ApiToken");

const createToken = createRoute({
  method: "post",
  path: "/tokens",
  tags: ["tokens"],
  summary: "Create a token for the organisation; the secret is in this response only",
  description: rolesNote("admin"),
  security: [{ bearerAuth: [] }],
  request: {
    body: {
      required: true,
      content: { "application/json": { schema: z.object({ role: RoleSchema, label: z.string().max(200).optional() }).openapi("NewToken") } },
    },
  },
  responses: {
    201: { description: "created", content: { "application/json": { schema: TokenSchema.extend({ token: z.string() }) } } },
    ...errorResponses(400, 401, 403),
  },
});

const listTokens = createRoute({
  method: "get",
  path: "/tokens",
  tags: ["tokens"],
  summary: "The organisation's tokens (never their secrets)",
  description: rolesNote("admin"),
  security: [{ bearerAuth: [] }],
  responses: { 200: { description: "tokens", content: { "application/json": { schema: z.array(TokenSchema) } } }, ...errorResponses(401, 403) },
});

const revokeToken = createRoute({
  method: "delete",
  path: "/tokens/{id}",
  tags: ["tokens"],
  summary: "Revoke a token of the organisation",
  description: rolesNote("admin"),
  security: [{ bearerAuth: [] }],
  request: { params: z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) }) },
  responses: { 204: { description: "revoked" }, ...errorResponses(401, 403, 404) },
});

export function adminRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const { store } = deps;
  const app = new OpenAPIHono<AppEnv>();

  app.openapi({ ...searchFindings, middleware: [allowRoles("officer", "legal")] as const }, async (c) => {
    const { limit, cursor, requirement, verdict } = c.req.valid("query");
    return c.json(await store.findings.search(c.get("actor").orgId, { requirement, verdict }, { limit, cursor }), 200);
  });

  app.openapi({ ...listAudit, middleware: [allowRoles("officer", "admin")] as const }, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    return c.json(await store.audit.list(c.get("actor").orgId, { limit, cursor }), 200);
  });

  app.openapi({ ...createToken, middleware: [allowRoles("admin")] as const }, async (c) => {
    const actor = c.get("actor");
    const { role, label } = c.req.valid("json");
    const { token, secret } = await store.tokens.create({ orgId: actor.orgId, role, label: label ?? null }, actor);
    return c.json({ ...token, token: secret }, 201);
  });

  app.openapi({ ...listTokens, middleware: [allowRoles("admin")] as const }, async (c) => c.json(await store.tokens.list(c.get("actor").orgId), 200));

  app.openapi({ ...revokeToken, middleware: [allowRoles("admin")] as const }, async (c) => {
    const actor = c.get("actor");
    if (!(await store.tokens.revoke(actor.orgId, c.req.valid("param").id, actor))) throw notFound("token");
    return c.body(null, 204);
  });

  return app;
}


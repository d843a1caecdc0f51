/** POST/GET/DELETE /api/checks: upload and check documents, read and remove stored checks. */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { parseProfileList } from "../../cli/profile.js";
import { allowRoles, rolesNote } from "../auth.js";
import { checkUploads, formatMegabytes, parseUploads, recordCheck } from "../check-flow.js";
import type { AppDeps, AppEnv } from "../context.js";
import { errorResponse, notFound } from "../errors.js";
import {
  CheckIdParamSchema,
  CheckSummarySchema,
  CheckUploadSchema,
  errorResponses,
  PageQuerySchema,
  pageOf,
  ReportSchema,
} from "../schemas.js";

/** Room for the multipart boundaries and the small fields next to the files. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

const postCheck = createRoute({
  method: "post",
  path: "/",
  tags: ["checks"],
  summary: "Check one document, or several as one bundle",
  description: `${rolesNote("officer", "vendor", "legal")} Answers 201 with the id when the check is stored, 200 without one when not (vendors' default). The content type of each file is sniffed from its bytes.`,
  security: [{ bearerAuth: [] }],
  request: { body: { required: true, content: { "multipart/form-data": { schema: CheckUploadSchema } } } },
  responses: {
    201: { description: "checked and stored", content: { "application/json": { schema: z.object({ id: z.string(), report: ReportSchema }) } } },
    200: { description: "checked, not stored", content: { "application/json": { schema: z.object({ report: ReportSchema }) } } },
    ...errorResponses(400, 401, 403, 413, 415, 422),
  },
});

const listChecks = createRoute({
  method: "get",
  path: "/",
  tags: ["checks"],
  summary: "The organisation's checks, newest first",
  description: rolesNote("officer", "legal"),
  security: [{ bearerAuth: [] }],
  request: { query: PageQuerySchema },
  responses: {
    200: { description: "one page", content: { "application/json": { schema: pageOf(CheckSummarySchema, "CheckPage") } } },
    ...errorResponses(400, 401, 403),
  },
});

const getCheck = createRoute({
  method: "get",
  path: "/{id}",
  tags: ["checks"],
  summary: "The report of a stored check",
  description: "Any role of the organisation that owns the check; other organisations get 404.",
  security: [{ bearerAuth: [] }],
  request: { params: CheckIdParamSchema },
  responses: {
    200: { description: "the report (report.schema.json)", content: { "application/json": { schema: ReportSchema } } },
    ...errorResponses(401, 404),
  },
});

const deleteCheck = createRoute({
  method: "delete",
  path: "/{id}",
  tags: ["checks"],
  summary: "Remove a check with its documents, findings and generated files",
  description: `${rolesNote("officer")} The audit log keeps its entries and records the deletion.`,
  security: [{ bearerAuth: [] }],
  request: { params: CheckIdParamSchema },
  responses: { 204: { description: "deleted" }, ...errorResponses(401, 403, 404) },
});

export function checkRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const { store, config } = deps;
  const app = new OpenAPIHono<AppEnv>();

  // Role and size are checked before the body is read: route middleware runs before the form validator.
  const uploadLimit = bodyLimit({
    maxSize: config.maxUploadBytes + MULTIPART_OVERHEAD_BYTES,
    onError: (c) =>
      errorResponse(c, "E_UPLOAD_TOO_LARGE", `the upload is larger than ${formatMegabytes(config.maxUploadBytes)} (CONTRACTWIJZER_MAX_UPLOAD_MB)`),
  });
  const uploadMiddleware: MiddlewareHandler<AppEnv>[] = [allowRoles("officer", "vendor", "legal"), uploadLimit];

  app.openapi({ ...postCheck, middleware: uploadMiddleware }, async (c) => {
    const actor = c.get("actor");
    const form = c.req.valid("form");
    const files = Array.isArray(form.file) ? form.file : [form.file];
    const profile = parseProfileList(form.profile);
    const storeIt = form.store === undefined ? actor.role !== "vendor" : form.store === "true";

    const uploaded = await parseUploads(deps, files);
    const report = await checkUploads(deps, uploaded, { profile, lang: form.lang });
    const id = await recordCheck(deps, actor, { profile, report, uploaded, store: storeIt });
    if (id === null) return c.json({ report }, 200);
    return c.json({ id, report }, 201, { Location: `/api/checks/${id}` });
  });

  app.openapi({ ...listChecks, middleware: [allowRoles("officer", "legal")] as const }, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    return c.json(await store.checks.list(c.get("actor").orgId, { limit, cursor }), 200);
  });

  app.openapi(getCheck, async (c) => {
    const actor = c.get("actor");
    const { id } = c.req.valid("param");
    const check = await store.checks.get(actor.orgId, id);
    if (!check) throw notFound("check");
    await store.audit.append(actor, { action: "download", target: id, detail: { what: "report" } });
    return c.json(check.report, 200);
  });

  app.openapi({ ...deleteCheck, middleware: [allowRoles("officer")] as const }, async (c) => {
    const actor = c.get("actor");
    const { id } = c.req.valid("param");
    if (!(await store.checks.delete(actor.orgId, id, actor))) throw notFound("check");
    deps.parsedDocuments?.forgetCheck(actor.orgId, id);
    return c.body(null, 204);
  });

  return app;
}


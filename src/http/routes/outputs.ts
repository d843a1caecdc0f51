/**
 * GET /api/checks/:id/clauses and /redline: files generated from a stored check. Each is
 * kept in the outputs table, so downloading it again returns the same file.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { ContractwijzerError } from "../../errors.js";
import { renderAnnexDocx } from "../../generate/annex-docx.js";
import { renderAnnexMarkdown } from "../../generate/annex.js";
import { clausesAsJson, generateClauses } from "../../generate/clauses.js";
import { redlineDocx } from "../../generate/redline.js";
import type { Language } from "../../parse/types.js";
import type { StoredCheck } from "../../store/types.js";
import type { AppDeps, AppEnv } from "../context.js";
import { notFound } from "../errors.js";
import { CheckIdParamSchema, errorResponses, LangSchema, OutputFormatSchema } from "../schemas.js";
import { DOCX, templatesMissing } from "./library.js";

const CONTENT_TYPES = { md: "text/markdown; charset=utf-8", json: "application/json; charset=utf-8", docx: DOCX } as const;

const binary = { schema: z.string().openapi({ type: "string", format: "binary" }) };

const getClauses = createRoute({
  method: "get",
  path: "/{id}/clauses",
  tags: ["checks"],
  summary: "The clauses the checked contract lacks (partial, conflicting or missing findings)",
  description: "Any role of the organisation that owns the check. md and docx give the annex; json gives `[{requirement, verdict, lang, title, text, …}]`.",
  security: [{ bearerAuth: [] }],
  request: {
    params: CheckIdParamSchema,
    query: z.object({ lang: LangSchema.optional(), format: OutputFormatSchema.optional().openapi({ description: "md (default), json or docx" }) }),
  },
  responses: {
    200: {
      description: "the clauses",
      content: { "text/markdown": { schema: z.string() }, "application/json": { schema: z.array(z.unknown()) }, [DOCX]: binary },
    },
    ...errorResponses(401, 404, 500),
  },
});

const getRedline = createRoute({
  method: "get",
  path: "/{id}/redline",
  tags: ["checks"],
  summary: "The vendor's DOCX with the missing clauses as tracked insertions and comments on conflicting passages",
  description: "Any role of the organisation that owns the check; the check must include a DOCX upload (the first one is redlined).",
  security: [{ bearerAuth: [] }],
  request: { params: CheckIdParamSchema, query: z.object({ lang: LangSchema.optional() }) },
  responses: { 200: { description: "the redlined DOCX", content: { [DOCX]: binary } }, ...errorResponses(400, 401, 404, 500) },
});

export function outputRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const { store, playbook, templates } = deps;
  const clock = deps.clock ?? (() => new Date());
  const app = new OpenAPIHono<AppEnv>();

  /** The stored output, or a new one made by `make` and stored. */
  async function cachedOutput(
    c: Context<AppEnv>,
    check: StoredCheck,
    kind: string,
    lang: Language,
    contentType: string,
    make: () => Promise<Uint8Array>,
  ): Promise<Response> {
    const actor = c.get("actor");
    const key = { checkId: check.id, kind, lang };
    let output = await store.outputs.get(actor.orgId, key);
    if (!output) {
      const bytes = await make();
      await store.outputs.put(actor.orgId, { ...key, contentType, bytes });
      output = { ...key, contentType, bytes, createdAt: clock().toISOString() };
    }
    await store.audit.append(actor, { action: "download", target: check.id, detail: { what: kind, lang } });
    const extension = kind.slice(kind.lastIndexOf(".") + 1);
    const filename = `${kind.slice(0, kind.lastIndexOf("."))}-${check.id.slice(0, 8)}-${lang}.${extension}`;
    return new Response(output.bytes as Uint8Array<ArrayBuffer>, {
      status: 200,
      headers: { "Content-Type": output.contentType, "Content-Disposition": `attachment; filename="${filename}"` },
    });
  }

  async function ownedCheck(c: Context<AppEnv>, id: string): Promise<StoredCheck> {
    const check = await store.checks.get(c.get("actor").orgId, id);
    if (!check) throw notFound("check");
    return check;
  }

  app.openapi(getClauses, async (c) => {
    if (!templates) throw templatesMissing();
    const { id } = c.req.valid("param");
    const { format = "md", lang: asked } = c.req.valid("query");
    const check = await ownedCheck(c, id);
    const lang = asked ?? check.report.lang;
    return cachedOutput(c, check, `clauses.${format}`, lang, CONTENT_TYPES[format], async () => {
      const clauses = generateClauses(check.report, playbook, templates, { lang });
      if (format === "json") return new TextEncoder().encode(clausesAsJson(clauses));
      if (format === "docx") return renderAnnexDocx(clauses, check.report, { lang });
      return new TextEncoder().encode(renderAnnexMarkdown(clauses, check.report, { lang }));
    }) as never;
  });

  app.openapi(getRedline, async (c) => {
    if (!templates) throw templatesMissing();
    const { id } = c.req.valid("param");
    const check = await ownedCheck(c, id);
    const lang = c.req.valid("query").lang ?? check.report.lang;
    const actor = c.get("actor");
    const docx = (await store.checks.documents(actor.orgId, id)).find((d) => d.format === "docx");
    if (!docx) throw new ContractwijzerError("E_BAD_REQUEST", "a redline needs a DOCX upload; this check has none");
    return cachedOutput(c, check, "redline.docx", lang, DOCX, async () => {
      const original = await store.checks.documentBytes(actor.orgId, docx.id);
      if (!original) throw notFound("document");
      const clauses = generateClauses(check.report, playbook, templates, { lang });
      return redlineDocx(original, check.report, clauses, { lang, date: check.report.checkedAt, document: docx.position });
    }) as never;
  });

  return app;
}

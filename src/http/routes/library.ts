/** GET /api/playbook and /api/clauses: the requirements and the clause library, for anyone signed in. */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { ContractwijzerError } from "../../errors.js";
import { generateLibraryClause } from "../../generate/clauses.js";
import { renderLibraryClauseDocx, renderLibraryClauseMarkdown } from "../../generate/library.js";
import type { ParamValue } from "../../generate/types.js";
import type { Requirement } from "../../playbook/types.js";
import type { AppDeps, AppEnv } from "../context.js";
import { notFound } from "../errors.js";
import { errorResponses, LangSchema, OutputFormatSchema } from "../schemas.js";


export const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

const BilingualSchema = z.object({ nl: z.string(), en: z.string() });

const PlaybookRequirementSchema = z
  .object({
    id: z.string(),
    group: z.string(),
    title: BilingualSchema,
    summary: BilingualSchema,
    theme: z.string(),
    severity: z.string(),
    kind: z.string(),
    applies: z.unknown(),
    params: z.record(z.string(), z.unknown()),
    sources: z.array(z.unknown()),
  })
  .openapi("PlaybookRequirement");

const getPlaybook = createRoute({
  method: "get",
  path: "/playbook",
  tags: ["library"],
  summary: "The playbook: version, requirements and their parameters",
  description: "Any signed-in role.",
  security: [{ bearerAuth: [] }],
  responses: {
    200: {
      description: "the playbook",
      content: {
        "application/json": {
          schema: z.object({ version: z.string(), requirements: z.array(PlaybookRequirementSchema) }).openapi("Playbook"),
        },
      },
    },
    ...errorResponses(401),
  },
});

const ClauseListItemSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    theme: z.string(),
    severity: z.string(),
    languages: z.array(LangSchema),
  })
  .openapi("ClauseListItem");

const listClauses = createRoute({
  method: "get",
  path: "/clauses",
  tags: ["library"],
  summary: "The clause library: one remedy clause per requirement",
  description: "Any signed-in role.",
  security: [{ bearerAuth: [] }],
  request: { query: z.object({ lang: LangSchema.optional() }) },
  responses: {
    200: { description: "the clauses", content: { "application/json": { schema: z.array(ClauseListItemSchema) } } },
    ...errorResponses(401, 500),
  },
});

const showClause = createRoute({
  method: "get",
  path: "/clauses/{id}",
  tags: ["library"],
  summary: "One clause, rendered with its parameters",
  description:
    "Any signed-in role. Every other query parameter is a template parameter (`?notice_hours=24&customer=Gemeente%20Utrecht`); unknown ones answer 400 E_TEMPLATE_PARAM.",
  security: [{ bearerAuth: [] }],
  request: {
    params: z.object({ id: z.string().openapi({ param: { name: "id", in: "path" }, example: "data-breach-notification" }) }),
    query: z.object({ lang: LangSchema.optional(), format: OutputFormatSchema.optional().openapi({ description: "json (default), md or docx" }) }).passthrough(),
  },
  responses: {
    200: {
      description: "the clause",
      content: {
        "application/json": {
          schema: z
            .object({ requirement: z.string(), lang: LangSchema, title: z.string(), text: z.string(), source: z.string(), params: z.record(z.string(), z.unknown()) })
            .passthrough()
            .openapi("LibraryClause"),
        },
        "text/markdown": { schema: z.string() },
        [DOCX]: { schema: z.string().openapi({ type: "string", format: "binary" }) },
      },
    },
    ...errorResponses(400, 401, 404, 500),
  },
});

export function libraryRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const { playbook, templates } = deps;
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(getPlaybook, (c) =>
    c.json(
      {
        version: playbook.version,
        requirements: playbook.requirements.map((r: Requirement) => ({
          id: r.id,
          group: r.group,
          title: r.title,
          summary: r.summary,
          theme: r.theme,
          severity: r.severity,
          kind: r.kind,
          applies: r.applies,
          params: r.params,
          sources: r.sources,
        })),
      },
      200,
    ),
  );

  app.openapi(listClauses, (c) => {
    if (!templates) throw templatesMissing();
    const { lang } = c.req.valid("query");
    const langs = lang ? [lang] : (["nl", "en"] as const);
    return c.json(
      playbook.requirements
        .map((r) => ({
          id: r.id,
          title: r.title[lang ?? "nl"],
          theme: r.theme,
          severity: r.severity,
          languages: langs.filter((l) => templates.has(l, r.id)),
        }))
        .filter((item) => item.languages.length > 0),
      200,
    );
  });

  app.openapi(showClause, async (c) => {
    if (!templates) throw templatesMissing();
    const { id } = c.req.valid("param");
    const { lang = "nl", format = "json", ...rest } = c.req.valid("query");
    const requirement = playbook.byId.get(id);
    if (!requirement || !templates.has(lang, id)) throw notFound(`clause "${id}"`);
    const params: Record<string, ParamValue> = {};
    for (const [name, value] of Object.entries(rest)) {
      if (typeof value !== "string") throw new ContractwijzerError("E_TEMPLATE_PARAM", `parameter "${name}" is given more than once`);
      params[name] = value;
    }
    const clause = generateLibraryClause(requirement, templates, lang, params);
    if (format === "md") return c.body(renderLibraryClauseMarkdown(requirement, clause), 200, { "Content-Type": "text/markdown; charset=utf-8" });
    if (format === "docx") {
      const bytes = await renderLibraryClauseDocx(requirement, clause);
      return new Response(bytes as Uint8Array<ArrayBuffer>, {
        headers: { "Content-Type": DOCX, "Content-Disposition": `attachment; filename="${id}-${lang}.docx"` },
      }) as never;
    }
    return c.json(clause, 200);
  });

  return app;
}

export function templatesMissing(): ContractwijzerError {
  return new ContractwijzerError("E_INTERNAL", "clause generation is not available in this deployment");
}

/** A readable page of the OpenAPI document (GET /docs/api), rendered on the server with no scripts or CDN. */

interface OpenApiLike {
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, OperationLike>>;
}

interface OperationLike {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: { type?: string; enum?: unknown[] } }[];
  requestBody?: { content?: Record<string, { schema?: SchemaLike }> };
  responses?: Record<string, { description?: string; content?: Record<string, unknown> }>;
}

interface SchemaLike {
  $ref?: string;
  properties?: Record<string, { description?: string; type?: string; enum?: unknown[] }>;
  required?: string[];
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** `code` spans from Markdown backticks, after escaping. */
const inline = (text: string | undefined) => escapeHtml(text ?? "").replace(/`([^`]+)`/g, "<code>$1</code>");

export function renderApiPage(document: object): string {
  const doc = document as OpenApiLike;
  const sections: string[] = [];
  for (const [path, operations] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(operations)) {
      const params = (op.parameters ?? [])
        .map(
          (p) =>
            `<li><code>${escapeHtml(p.name)}</code> (${escapeHtml(p.in)}${p.required ? ", required" : ""}${
              p.schema?.enum ? `: ${p.schema.enum.map((v) => escapeHtml(String(v))).join(" | ")}` : ""
            }) ${inline(p.description)}</li>`,
        )
        .join("");
      const body = Object.entries(op.requestBody?.content ?? {})
        .map(([type, media]) => {
          const fields = Object.entries(media.schema?.properties ?? {})
            .map(([name, f]) => `<li><code>${escapeHtml(name)}</code>${media.schema?.required?.includes(name) ? " (required)" : ""} ${inline(f.description)}</li>`)
            .join("");
          return `<p>Body <code>${escapeHtml(type)}</code>${media.schema?.$ref ? ` (${escapeHtml(media.schema.$ref.split("/").pop() ?? "")})` : ""}</p>${fields ? `<ul>${fields}</ul>` : ""}`;
        })
        .join("");
      const responses = Object.entries(op.responses ?? {})
        .map(([status, r]) => `<li><code>${escapeHtml(status)}</code> ${inline(r.description)} ${Object.keys(r.content ?? {}).map((t) => `<code>${escapeHtml(t)}</code>`).join(" ")}</li>`)
        .join("");
      sections.push(`<section>
<h2><span class="method">${escapeHtml(method.toUpperCase())}</span> <code>${escapeHtml(path)}</code></h2>
<p><strong>${inline(op.summary)}</strong></p>
<p>${inline(op.description)}</p>
${params ? `<p>Parameters</p><ul>${params}</ul>` : ""}
${body}
<p>Responses</p><ul>${responses}</ul>
</section>`);
    }
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.info.title)} API</title>
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45;color:#1b1b1b}
section{border-top:1px solid #ccc;padding:.5rem 0}
h2{font-size:1.1rem}.method{display:inline-block;min-width:4.5rem;font-family:monospace;color:#154273}
code{background:#f3f3f3;padding:0 .2rem}
</style></head><body>
<h1>${escapeHtml(doc.info.title)} API <small>${escapeHtml(doc.info.version)}</small></h1>
<p>${inline(doc.info.description)}</p>
<p>The machine-readable document is at <a href="/openapi.json"><code>/openapi.json</code></a> (OpenAPI 3.1).</p>
${sections.join("\n")}
</body></html>`;
}

/**
 * Compiling templates with the full Handlebars compiler: at load on Node, and at build time
 * for the Worker (`precompiledTemplatesModule`, written by scripts/precompile-templates.ts).
 * Not imported by the Worker build: workerd forbids code generation from strings.
 */
import Handlebars from "handlebars";
import { ContractwijzerError } from "../errors.js";
import type { Language } from "../parse/types.js";
import {
  type CompiledTemplateSet,
  HANDLEBARS_OPTIONS,
  type PartialSource,
  TEMPLATE_LANGUAGES,
  type TemplateSources,
  type TemplateUsage,
} from "./templates.js";

type HbsNode = hbs.AST.Node;

function invalid(path: string, line: number, message: string): ContractwijzerError {
  return new ContractwijzerError("E_TEMPLATE_INVALID", `${path}:${line}: ${message}`, { file: path, line });
}

/** A plain variable: `customer`, not `this.x`, `../x`, `@root`, `a.b`. */
function simpleVariable(node: hbs.AST.Expression, path: string): string {
  const line = node.loc?.start.line ?? 0;
  if (node.type !== "PathExpression") throw invalid(path, line, `expected a variable name, got ${node.type}`);
  const p = node as hbs.AST.PathExpression;
  if (p.data || p.depth !== 0 || p.parts.length !== 1 || p.original.startsWith("this"))
    throw invalid(path, line, `"${p.original}": only plain variable names are allowed`);
  return p.parts[0]!;
}

/**
 * The variables and partials a template uses. Templates are drafted by legal teams, so only
 * a small subset of Handlebars is allowed: `{{name}}`, `{{#if name}}…{{else}}…{{/if}}`,
 * `{{#unless name}}`, `{{> partial}}` and comments. Anything else is an error with the line.
 */
export function analyseTemplate(source: string, path: string): TemplateUsage {
  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(source);
  } catch (e) {
    const message = (e as Error).message.split("\n")[0] ?? "syntax error";
    const line = Number(/line (\d+)/.exec(message)?.[1] ?? 0);
    throw invalid(path, line, message);
  }
  const usage: TemplateUsage = { variables: [], partials: [] };
  const visit = (node: HbsNode): void => {
    const line = node.loc?.start.line ?? 0;
    switch (node.type) {
      case "Program":
        for (const child of (node as hbs.AST.Program).body) visit(child);
        return;
      case "ContentStatement":
      case "CommentStatement":
        return;
      case "MustacheStatement": {
        const m = node as hbs.AST.MustacheStatement;
        if (m.params.length > 0 || (m.hash && m.hash.pairs.length > 0))
          throw invalid(path, line, `helpers are not allowed in clause templates ("${(m.path as hbs.AST.PathExpression).original}")`);
        usage.variables.push({ name: simpleVariable(m.path, path), line });
        return;
      }
      case "BlockStatement": {
        const b = node as hbs.AST.BlockStatement;
        const helper = (b.path as hbs.AST.PathExpression).original;
        if (helper !== "if" && helper !== "unless")
          throw invalid(path, line, `only {{#if}} and {{#unless}} blocks are allowed, got {{#${helper}}}`);
        if (b.params.length !== 1 || (b.hash && b.hash.pairs.length > 0))
          throw invalid(path, line, `{{#${helper}}} takes exactly one variable`);
        usage.variables.push({ name: simpleVariable(b.params[0]!, path), line });
        visit(b.program);
        if (b.inverse) visit(b.inverse);
        return;
      }
      case "PartialStatement": {
        const p = node as hbs.AST.PartialStatement;
        if (p.params.length > 0 || (p.hash && p.hash.pairs.length > 0))
          throw invalid(path, line, "partials take no arguments; they see the clause's variables");
        if (p.name.type !== "PathExpression") throw invalid(path, line, "dynamic partial names are not allowed");
        usage.partials.push({ name: (p.name as hbs.AST.PathExpression).original, line });
        return;
      }
      default:
        throw invalid(path, line, `${node.type} is not allowed in clause templates`);
    }
  };
  visit(ast);
  return usage;
}

function partialsFor(partials: PartialSource[], lang: Language): Map<string, PartialSource> {
  const chosen = new Map<string, PartialSource>();
  for (const p of partials) if (p.lang === null) chosen.set(p.name, p);
  for (const p of partials) if (p.lang === lang) chosen.set(p.name, p);
  return chosen;
}

/** Node path: analyse and compile every template, one Handlebars environment per language for its partials. */
export function compileTemplateSources(sources: TemplateSources): CompiledTemplateSet {
  const set: CompiledTemplateSet = { templates: [], partials: [], partialRenderers: [] };
  for (const p of sources.partials)
    set.partials.push({ lang: p.lang, name: p.name, path: p.path, usage: analyseTemplate(p.source, p.path) });
  for (const lang of TEMPLATE_LANGUAGES) {
    const env = Handlebars.create();
    for (const [name, p] of partialsFor(sources.partials, lang)) {
      const delegate = env.compile(p.source, HANDLEBARS_OPTIONS);
      env.registerPartial(name, delegate);
      set.partialRenderers.push({ lang, name, render: (context) => delegate(context) });
    }
    for (const t of sources.templates.filter((x) => x.lang === lang)) {
      const usage = analyseTemplate(t.source, t.path);
      const delegate = env.compile(t.source, HANDLEBARS_OPTIONS);
      set.templates.push({ lang, id: t.id, path: t.path, usage, render: (context) => delegate(context) });
    }
  }
  return set;
}

const bySource = <T extends { path: string }>(a: T, b: T) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/**
 * The text of src/generate/templates.gen.ts: every template and partial precompiled to a
 * Handlebars spec, with the usage found by `analyseTemplate` so the Worker can validate the
 * templates against the playbook without the compiler. Deterministic (sorted by path).
 */
export function precompiledTemplatesModule(sources: TemplateSources): string {
  const entry = (fields: Record<string, unknown>, source: string, path: string) => {
    const usage = analyseTemplate(source, path);
    const spec = Handlebars.precompile(source, HANDLEBARS_OPTIONS);
    const head = Object.entries({ ...fields, path, usage })
      .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
      .join(", ");
    return `    { ${head},\n      spec: ${spec} },`;
  };
  const lines = [
    "// @ts-nocheck",
    "// Generated by scripts/precompile-templates.ts from templates/. Do not edit: run `npm run templates:precompile`.",
    'import type { PrecompiledTemplates } from "./precompiled.js";',
    "",
    "export const PRECOMPILED_TEMPLATES: PrecompiledTemplates = {",
    "  templates: [",
    ...[...sources.templates].sort(bySource).map((t) => entry({ lang: t.lang, id: t.id }, t.source, t.path)),
    "  ],",
    "  partials: [",
    ...[...sources.partials].sort(bySource).map((p) => entry({ lang: p.lang, name: p.name }, p.source, p.path)),
    "  ],",
    "};",
    "",
  ];
  return lines.join("\n");
}

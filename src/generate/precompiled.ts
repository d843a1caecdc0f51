/**
 * Worker path: templates precompiled at build time (templates.gen.ts) turned into render
 * functions with only `handlebars/runtime`, which needs no code generation at run time.
 */
import HandlebarsRuntime from "handlebars/runtime";
import type { Language } from "../parse/types.js";
import { type CompiledTemplateSet, TEMPLATE_LANGUAGES, type TemplateUsage } from "./templates.js";

export interface PrecompiledEntry {
  path: string;
  usage: TemplateUsage;
  /** A Handlebars template spec as produced by `Handlebars.precompile`. */
  spec: unknown;
}

export interface PrecompiledTemplates {
  templates: (PrecompiledEntry & { lang: Language; id: string })[];
  partials: (PrecompiledEntry & { lang: Language | null; name: string })[];
}

export function compiledFromPrecompiled(bundle: PrecompiledTemplates): CompiledTemplateSet {
  const set: CompiledTemplateSet = {
    templates: [],
    partials: bundle.partials.map((p) => ({ lang: p.lang, name: p.name, path: p.path, usage: p.usage })),
    partialRenderers: [],
  };
  for (const lang of TEMPLATE_LANGUAGES) {
    const env = HandlebarsRuntime.create();
    // Shared partials first, so a language-specific partial of the same name wins.
    for (const p of [...bundle.partials.filter((x) => x.lang === null), ...bundle.partials.filter((x) => x.lang === lang)]) {
      const delegate = env.template(p.spec as TemplateSpecification);
      env.registerPartial(p.name, delegate);
      set.partialRenderers = set.partialRenderers.filter((r) => !(r.lang === lang && r.name === p.name));
      set.partialRenderers.push({ lang, name: p.name, render: (context) => delegate(context) });
    }
    for (const t of bundle.templates.filter((x) => x.lang === lang)) {
      const delegate = env.template(t.spec as TemplateSpecification);
      set.templates.push({ lang, id: t.id, path: t.path, usage: t.usage, render: (context) => delegate(context) });
    }
  }
  return set;
}

/**
 * Loads and validates the playbook. `buildPlaybook` is pure (files in, playbook out) so the
 * Worker can build it from a bundle; `loadPlaybook` reads clauses/ from disk on Node.
 * Every mistake is reported as E_PLAYBOOK_INVALID with file, line and what is wrong.
 */
import { createHash } from "node:crypto";
import { LineCounter, parseDocument, isNode, type Document as YamlDocument } from "yaml";
import type { z } from "zod";
import { compileLexicon, LexiconError } from "../analyse/lexicon.js";
import { ContractwijzerError } from "../errors.js";
import { lexiconSchema, requirementSchema, type LexiconSpec, type RequirementSpec, type TermList } from "./schema.js";
import type { Playbook, PlaybookFile, Requirement } from "./types.js";

function invalid(file: string, line: number | null, message: string): never {
  throw new ContractwijzerError("E_PLAYBOOK_INVALID", `${file}${line ? `:${line}` : ""}: ${message}`, { file, line });
}

function parseYaml(file: PlaybookFile): { doc: YamlDocument; lines: LineCounter; value: unknown } {
  const lines = new LineCounter();
  const doc = parseDocument(file.content, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const err = doc.errors[0];
    const line = err.pos ? lines.linePos(err.pos[0]).line : null;
    invalid(file.path, line, `invalid YAML: ${err.message.split("\n")[0]}`);
  }
  return { doc, lines, value: doc.toJS() };
}

function lineOf(doc: YamlDocument, lines: LineCounter, path: (string | number)[]): number | null {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return null;
}

function validate<T>(schema: z.ZodType<T>, file: PlaybookFile): T {
  const { doc, lines, value } = parseYaml(file);
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
    invalid(file.path, lineOf(doc, lines, path), `${path.join(".") || "(top)"}: ${issue.message}`);
  }
  return result.data;
}

export function playbookVersion(files: PlaybookFile[]): string {
  const hash = createHash("sha256");
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) hash.update(`${f.path}\0${f.content}\0`);
  return `sha256:${hash.digest("hex").slice(0, 16)}`;
}

export interface BuildOptions {
  /**
   * For authoring tools only (scripts/eval.ts, scripts/try.ts): skip requirement files that fail
   * validation and do not require every listed id, reporting each problem through `warn`.
   * The product and the tests always load strictly.
   */
  lenient?: boolean;
  warn?: (message: string) => void;
}

export function buildPlaybook(files: PlaybookFile[], options: BuildOptions = {}): Playbook {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const lexiconFile = byPath.get("lexicon.yaml");
  if (!lexiconFile) invalid("lexicon.yaml", null, "the shared lexicon is missing");
  const lexicon: LexiconSpec = validate(lexiconSchema, lexiconFile);

  // Topic fragments: clauses/lexicon/*.yaml, `concepts:` only; ids unique across all files.
  const conceptOwner = new Map<string, string>(Object.keys(lexicon.concepts).map((c) => [c, "lexicon.yaml"]));
  for (const f of files.filter((f) => f.path.startsWith("lexicon/")).sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const fragment = validate(lexiconSchema.pick({ concepts: true }).strict(), f);
    for (const [id, terms] of Object.entries(fragment.concepts)) {
      const owner = conceptOwner.get(id);
      if (owner) invalid(f.path, lineOf(parseYaml(f).doc, parseYaml(f).lines, ["concepts", id]), `concept "${id}" is already defined in ${owner}`);
      conceptOwner.set(id, f.path);
      lexicon.concepts[id] = terms;
    }
  }

  const orderFile = byPath.get("order.yaml");
  const order: string[] = orderFile ? ((parseYaml(orderFile).value as { order?: string[] })?.order ?? []) : [];

  const requirements: Requirement[] = [];
  const localTerms: Record<string, TermList> = {};
  const tolerate = (f: () => void) => {
    if (!options.lenient) return f();
    try {
      f();
    } catch (e) {
      options.warn?.(`skipped: ${(e as Error).message}`);
    }
  };
  for (const f of files) {
    if (!f.path.endsWith(".yaml") || !f.path.includes("/") || f.path.startsWith("lexicon/")) continue;
    tolerate(() => {
      const spec: RequirementSpec = validate(requirementSchema, f);
      const [group, name] = f.path.split("/");
      const id = name.replace(/\.yaml$/, "");
      if (spec.id !== id) invalid(f.path, 1, `id "${spec.id}" must equal the file name "${id}"`);
      for (const [concept] of Object.entries(spec.terms)) {
        const owner = conceptOwner.get(concept);
        if (owner) invalid(f.path, null, `terms.${concept}: concept is already defined in ${owner}`);
      }
      for (const [concept, terms] of Object.entries(spec.terms)) {
        conceptOwner.set(concept, f.path);
        localTerms[concept] = terms;
      }
      requirements.push({ ...spec, file: f.path, group });
    });
  }
  if (requirements.length === 0) invalid("clauses/", null, "no requirement files found");

  let compiled: ReturnType<typeof compileLexicon>;
  try {
    compiled = compileLexicon(lexicon, localTerms);
  } catch (e) {
    if (e instanceof LexiconError) invalid(conceptOwner.get(e.concept) ?? "lexicon.yaml", null, e.message);
    throw e;
  }
  const checked = requirements.filter((r) => {
    let ok = true;
    tolerate(() => {
      ok = false;
      checkReferences(r, compiled.concepts);
      ok = true;
    });
    return ok;
  });
  requirements.length = 0;
  requirements.push(...checked);

  const rank = new Map(order.map((id, i) => [id, i]));
  requirements.sort((a, b) => (rank.get(a.id) ?? 1e6) - (rank.get(b.id) ?? 1e6) || (a.id < b.id ? -1 : 1));
  const byId = new Map(requirements.map((r) => [r.id, r]));
  if (!options.lenient)
    for (const id of order) if (!byId.has(id)) invalid("order.yaml", null, `"${id}" is listed but clauses/*/${id}.yaml does not exist`);
  return { version: playbookVersion(files), requirements, byId, lexicon: compiled };
}

/** Rules may only name concepts that exist, rules of the same requirement, declared params and parts. */
function checkReferences(r: Requirement, concepts: ReadonlySet<string>): void {
  const ruleIds = new Set<string>();
  for (const rule of r.rules) {
    if (ruleIds.has(rule.id)) invalid(r.file, null, `rule "${rule.id}" is defined twice`);
    ruleIds.add(rule.id);
  }
  const parts = new Set(r.rules.map((x) => x.part).filter(Boolean));
  for (const rule of r.rules) {
    for (const c of [...rule.all, ...rule.any, ...rule.any2, ...rule.none])
      if (!concepts.has(c)) invalid(r.file, null, `rule "${rule.id}": unknown concept "${c}" (define it in the lexicon or in terms:)`);
    for (const dep of [...rule.if, ...rule.unless, ...rule.unless_here])
      if (!ruleIds.has(dep)) invalid(r.file, null, `rule "${rule.id}": if/unless/unless_here names unknown rule "${dep}"`);
    for (const v of rule.values)
      if (v.param !== undefined && !(v.param in r.params)) invalid(r.file, null, `rule "${rule.id}": unknown param "${v.param}"`);
  }
  for (const p of r.complete) if (!parts.has(p)) invalid(r.file, null, `complete: no satisfies rule proves part "${p}"`);
  const rank = { minor: 0, major: 1, critical: 2 } as const;
  for (const [fact, severity] of Object.entries(r.raised_by))
    if (severity && rank[severity] <= rank[r.severity]) invalid(r.file, null, `raised_by.${fact}: ${severity} does not raise ${r.severity}`);
  for (const [name, p] of Object.entries(r.remedy.params))
    if (typeof p.default === "string" && p.default.startsWith("$") && !(p.default.slice(1) in r.params))
      invalid(r.file, null, `remedy.params.${name}: default "${p.default}" names no param`);
}

/** Node: reads clauses/ recursively. */
export async function loadPlaybook(dir = "clauses", options: BuildOptions = {}): Promise<Playbook> {
  const { readdir, readFile } = await import("node:fs/promises");
  const path = await import("node:path");
  const root = path.resolve(dir);
  const files: PlaybookFile[] = [];
  async function walk(sub: string) {
    for (const entry of await readdir(path.join(root, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(rel);
      else if (entry.name.endsWith(".yaml")) files.push({ path: rel, content: await readFile(path.join(root, rel), "utf8") });
    }
  }
  try {
    await walk("");
  } catch (e) {
    throw new ContractwijzerError("E_PLAYBOOK_INVALID", `cannot read the playbook at ${root}: ${(e as Error).message}`);
  }
  return buildPlaybook(files, options);
}

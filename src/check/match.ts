/**
 * Runs one requirement's rules over an annotated document. A rule matches a unit when its
 * concepts occur there and the clause around its anchor concept has the modality, subject,
 * exceptions and values the rule asks for.
 */
import { type Annotated, type AnnotatedUnit, clauseAt, unitMatches } from "../analyse/index.js";
import type { ConceptMatch } from "../analyse/lexicon.js";
import type { UnitValues } from "../analyse/values.js";
import type { Rule, ValueCondition } from "../playbook/schema.js";

export interface RuleMatch {
  rule: Rule;
  document: number;
  unit: AnnotatedUnit;
  anchor: ConceptMatch | null;
  /** Values of the unit the decision rests on. */
  values: UnitValues;
}

const asList = <T>(x: T | T[] | undefined): T[] | undefined => (x === undefined ? undefined : Array.isArray(x) ? x : [x]);

function conceptsHold(rule: Rule, concepts: ReadonlySet<string>): boolean {
  if (!rule.all.every((c) => concepts.has(c))) return false;
  if (rule.any.length && !rule.any.some((c) => concepts.has(c))) return false;
  if (rule.any2.length && !rule.any2.some((c) => concepts.has(c))) return false;
  if (rule.none.some((c) => concepts.has(c))) return false;
  return true;
}

export function valueHolds(cond: ValueCondition, values: UnitValues, params: Record<string, number | string | boolean>): boolean {
  const list = values[cond.value] ?? [];
  if (cond.op === "absent") return list.length === 0;
  if (cond.op === "present") return list.length > 0;
  if (cond.op === "in") return list.some((v) => cond.in!.includes(String(v)));
  const bound = cond.param !== undefined ? Number(params[cond.param]) : cond.number!;
  return list.some((raw) => {
    const v = Number(raw);
    if (!Number.isFinite(v)) return false;
    switch (cond.op) {
      case "lt":
        return v < bound;
      case "lte":
        return v <= bound;
      case "gt":
        return v > bound;
      case "gte":
        return v >= bound;
      case "eq":
        return v === bound;
      default:
        return false;
    }
  });
}

function mergeValues(list: UnitValues[]): UnitValues {
  const out: UnitValues = {};
  for (const v of list)
    for (const [k, arr] of Object.entries(v) as [keyof UnitValues, (number | string)[]][]) out[k] = [...(out[k] ?? []), ...arr];
  return out;
}

/** Units of the same block, for rules `within: block`. */
function blockUnits(a: Annotated, unit: AnnotatedUnit): AnnotatedUnit[] {
  const out: AnnotatedUnit[] = [];
  for (let i = unit.index; i >= 0 && a.units[i].blockIndex === unit.blockIndex; i--) out.unshift(a.units[i]);
  for (let i = unit.index + 1; i < a.units.length && a.units[i].blockIndex === unit.blockIndex; i++) out.push(a.units[i]);
  return out;
}

export function matchRule(
  rule: Rule,
  a: Annotated,
  documentIndex: number,
  params: Record<string, number | string | boolean>,
): RuleMatch[] {
  const anchorConcept = rule.all[0] ?? null;
  const seedConcepts = anchorConcept ? [anchorConcept] : rule.any;
  const seen = new Set<number>();
  const candidates: number[] = [];
  for (const c of seedConcepts)
    for (const u of a.unitsByConcept.get(c) ?? [])
      if (!seen.has(u)) {
        seen.add(u);
        candidates.push(u);
      }
  candidates.sort((x, y) => x - y);

  const modalities = asList(rule.modality);
  const subjects = asList(rule.subject);
  const out: RuleMatch[] = [];
  const doneBlocks = new Set<number>();
  for (const ui of candidates) {
    const unit = a.units[ui];
    // A heading or clause title ("13. Suspension") names a topic; it grants or promises nothing by itself.
    if (unit.titleLike && rule.within !== "block") continue;
    let scope: AnnotatedUnit[] = [unit];
    if (rule.within === "block") {
      if (doneBlocks.has(unit.blockIndex)) continue;
      scope = blockUnits(a, unit);
    }
    const concepts = scope.length === 1 ? unit.concepts : new Set(scope.flatMap((u) => [...u.concepts]));
    if (!conceptsHold(rule, concepts)) continue;
    const hasException = scope.some((u) => u.hasException);
    if (rule.exception === "present" && !hasException) continue;
    if (rule.exception === "absent" && hasException) continue;
    const values = scope.length === 1 ? unit.values : mergeValues(scope.map((u) => u.values));
    if (!rule.values.every((cond) => valueHolds(cond, values, params))) continue;

    let anchor: ConceptMatch | null = null;
    let anchorUnit = unit;
    if (modalities || subjects) {
      const found = findAnchor(a, scope, anchorConcept, rule, modalities, subjects);
      if (!found) continue;
      [anchor, anchorUnit] = found;
    } else {
      for (const u of scope) {
        anchor = unitMatches(a, u).find((m) => seedConcepts.includes(m.concept)) ?? null;
        if (anchor) {
          anchorUnit = u;
          break;
        }
      }
    }
    if (rule.within === "block") doneBlocks.add(unit.blockIndex);
    out.push({ rule, document: documentIndex, unit: anchorUnit, anchor, values });
  }
  return out;
}

function findAnchor(
  a: Annotated,
  scope: AnnotatedUnit[],
  anchorConcept: string | null,
  rule: Rule,
  modalities: string[] | undefined,
  subjects: string[] | undefined,
): [ConceptMatch, AnnotatedUnit] | null {
  const wanted = anchorConcept ? [anchorConcept] : rule.any;
  for (const u of scope) {
    for (const m of unitMatches(a, u)) {
      if (!wanted.includes(m.concept)) continue;
      const reading = clauseAt(a, u, m);
      if (modalities && !modalities.includes(reading.modality)) continue;
      if (subjects && !subjects.includes(reading.subject)) continue;
      return [m, u];
    }
  }
  return null;
}

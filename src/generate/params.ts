/**
 * Template variables: the common party names plus a requirement's `remedy.params`, with
 * defaults, `$name` references to the requirement's check `params`, and per-call overrides.
 * A value of the wrong type is an error (E_TEMPLATE_PARAM), never silently rendered.
 */
import { ContractwijzerError } from "../errors.js";
import type { Language } from "../parse/types.js";
import type { Requirement } from "../playbook/types.js";
import type { ParamOverrides, ParamValue } from "./types.js";

export const COMMON_VARIABLES = ["customer", "supplier", "contract"] as const;
export type CommonVariable = (typeof COMMON_VARIABLES)[number];

/** Party names in the register of Dutch government IT contracts (ARBIT-2022 uses Opdrachtgever / Opdrachtnemer). */
export const COMMON_DEFAULTS: Record<Language, Record<CommonVariable, string>> = {
  nl: { customer: "Opdrachtgever", supplier: "Opdrachtnemer", contract: "de Overeenkomst" },
  en: { customer: "Customer", supplier: "Supplier", contract: "the Agreement" },
};

export type ParamType = "string" | "integer" | "number" | "boolean";

export interface TemplateVariable {
  name: string;
  type: ParamType;
  /** The default before overrides (already resolved when it was "$name"). */
  default: ParamValue;
  description: string;
  /** An example value from the playbook, when given. */
  example?: ParamValue;
}

function isCommonVariable(name: string): name is CommonVariable {
  return (COMMON_VARIABLES as readonly string[]).includes(name);
}

/** The names a template of this requirement may use. */
export function declaredVariableNames(requirement: Requirement): string[] {
  return [...COMMON_VARIABLES, ...Object.keys(requirement.remedy.params)];
}

/**
 * A `$name` default must point to a check param of the same requirement. Returns the problems
 * found (empty when fine), so the loader can report them all at once.
 */
export function checkRemedyParamDefaults(requirement: Requirement): string[] {
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(requirement.remedy.params)) {
    if (isCommonVariable(name)) problems.push(`remedy param "${name}" shadows a common variable`);
    if (typeof spec.default === "string" && spec.default.startsWith("$")) {
      const target = spec.default.slice(1);
      if (!requirement.params[target])
        problems.push(`remedy param "${name}" defaults to "$${target}", but params has no "${target}"`);
      continue;
    }
    try {
      coerceParamValue(spec.type, spec.default, name);
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  return problems;
}

/**
 * Checks a value against a declared type. Strings that spell the type exactly ("24", "true")
 * are accepted because query strings and CLI flags carry only text.
 */
export function coerceParamValue(type: ParamType, value: ParamValue, name: string): ParamValue {
  const fail = (): never => {
    throw new ContractwijzerError(
      "E_TEMPLATE_PARAM",
      `parameter "${name}" must be ${type === "integer" ? "an integer" : `a ${type}`}, got ${JSON.stringify(value)}`,
      { param: name, type, value },
    );
  };
  switch (type) {
    case "string":
      if (typeof value === "string") return value.trim() === "" ? fail() : value;
      // A CLI flag like --param supplier_name=3M arrives as a string, but --param ref=2024 as a number.
      if (typeof value === "number" && Number.isFinite(value)) return String(value);
      return fail();
    case "integer": {
      const n = typeof value === "string" && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
      return typeof n === "number" && Number.isInteger(n) ? n : fail();
    }
    case "number": {
      const n = typeof value === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
      return typeof n === "number" && Number.isFinite(n) ? n : fail();
    }
    case "boolean":
      if (typeof value === "boolean") return value;
      if (value === "true") return true;
      if (value === "false") return false;
      return fail();
  }
}

function override(overrides: ParamOverrides, requirementId: string, name: string): ParamValue | undefined {
  return overrides[`${requirementId}.${name}`] ?? overrides[name];
}

/**
 * The variables of one requirement's template with their values: defaults, then `$name`
 * references (taking an overridden check param when one was given), then overrides.
 * An override key may be qualified with the requirement id (`data-breach-notification.notice_hours`).
 */
export function resolveTemplateVariables(
  requirement: Requirement,
  lang: Language,
  overrides: ParamOverrides = {},
): TemplateVariable[] {
  const variables: TemplateVariable[] = COMMON_VARIABLES.map((name) => ({
    name,
    type: "string",
    default: COMMON_DEFAULTS[lang][name],
    description: lang === "nl" ? `partijnaam (${name})` : `party name (${name})`,
  }));
  for (const [name, spec] of Object.entries(requirement.remedy.params)) {
    let fallback: ParamValue = spec.default;
    if (typeof spec.default === "string" && spec.default.startsWith("$")) {
      const target = spec.default.slice(1);
      const checkParam = requirement.params[target];
      if (!checkParam)
        throw new ContractwijzerError(
          "E_TEMPLATE_INVALID",
          `${requirement.id}: remedy param "${name}" defaults to "$${target}", but params has no "${target}"`,
        );
      fallback = override(overrides, requirement.id, target) ?? checkParam.default;
    }
    variables.push({
      name,
      type: spec.type,
      default: fallback,
      description: spec.description[lang],
      ...(spec.example !== undefined ? { example: spec.example } : {}),
    });
  }
  return variables;
}

/** The context a template is rendered with. Every declared variable has a value of its type. */
export function templateContext(
  requirement: Requirement,
  lang: Language,
  overrides: ParamOverrides = {},
): Record<string, ParamValue> {
  const context: Record<string, ParamValue> = {};
  for (const variable of resolveTemplateVariables(requirement, lang, overrides)) {
    const given = override(overrides, requirement.id, variable.name) ?? variable.default;
    context[variable.name] = coerceParamValue(variable.type, given, `${requirement.id}.${variable.name}`);
  }
  return context;
}

/**
 * Rejects override keys nobody declares (a typo would otherwise be ignored and the default
 * rendered as if it were what the user asked for).
 */
export function assertKnownParams(overrides: ParamOverrides, requirements: readonly Requirement[]): void {
  const known = new Set<string>(COMMON_VARIABLES);
  for (const r of requirements) {
    for (const name of [...Object.keys(r.remedy.params), ...Object.keys(r.params)]) {
      known.add(name);
      known.add(`${r.id}.${name}`);
    }
    for (const name of COMMON_VARIABLES) known.add(`${r.id}.${name}`);
  }
  const unknown = Object.keys(overrides).filter((key) => !known.has(key));
  if (unknown.length > 0)
    throw new ContractwijzerError("E_TEMPLATE_PARAM", `unknown parameter(s): ${unknown.join(", ")}`, { unknown });
}

/** Numbers as a reader expects them: 2.500.000 in Dutch, 2,500,000 in English (4 digits stay plain: years). */
export function formatForText(value: ParamValue, lang: Language): string {
  if (typeof value === "number" && Math.abs(value) >= 10_000)
    return value.toLocaleString(lang === "nl" ? "nl-NL" : "en-GB", { maximumFractionDigits: 2 });
  return String(value);
}

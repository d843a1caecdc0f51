/** Playbook texts (summaries, explanations) name thresholds as `{param}`: filled with the values in force. */
import type { Requirement } from "./types.js";

export type ParamValues = Record<string, number | string | boolean>;

export function fillParams(text: string, values: ParamValues): string {
  return text.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** The requirement's params with per-check overrides applied (overrides for other params are ignored). */
export function paramsFor(r: Requirement, overrides: ParamValues = {}): ParamValues {
  const out: ParamValues = {};
  for (const [name, spec] of Object.entries(r.params)) out[name] = overrides[name] ?? spec.default;
  return out;
}

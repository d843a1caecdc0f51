/** Argument parsing shared by every command (node:util parseArgs, strict). */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ContractwijzerError } from "../errors.js";

export function parseCommandArgs<T extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new ContractwijzerError("E_BAD_REQUEST", (e as Error).message);
  }
}

/** `--param key=value` pairs; numbers become numbers. */
export function parseParamPairs(pairs: string[] | undefined): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const pair of pairs ?? []) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new ContractwijzerError("E_BAD_REQUEST", `--param expects key=value, got "${pair}"`);
    const key = pair.slice(0, eq);
    const raw = pair.slice(eq + 1);
    out[key] = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw === "true" ? true : raw === "false" ? false : raw;
  }
  return out;
}

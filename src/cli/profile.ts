/** `--profile genai,personal-data,…`: the facts given by the user; the rest are detected. */
import { ContractwijzerError } from "../errors.js";
import { PROFILE_FACTS, type ProfileFact } from "../playbook/schema.js";

/**
 * Listed facts are true. A fact may be negated with a leading "-" or "no-" ("-genai") to set it
 * false explicitly; facts not mentioned are left to detection.
 */
export function parseProfileList(list: string | undefined): Partial<Record<ProfileFact, boolean>> {
  const out: Partial<Record<ProfileFact, boolean>> = {};
  if (!list) return out;
  for (const raw of list.split(",").map((s) => s.trim()).filter(Boolean)) {
    const negated = raw.startsWith("-") || raw.startsWith("no-");
    const name = raw.replace(/^(-|no-)/, "");
    if (!(PROFILE_FACTS as readonly string[]).includes(name))
      throw new ContractwijzerError("E_BAD_REQUEST", `unknown profile fact "${name}" (expected ${PROFILE_FACTS.join(", ")})`);
    out[name as ProfileFact] = !negated;
  }
  return out;
}

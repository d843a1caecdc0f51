/**
 * The playbook format: one YAML file per requirement under clauses/<source>/<id>.yaml and a
 * shared lexicon in clauses/lexicon.yaml. This schema is the single definition of that
 * format; docs/playbook.md explains it for legal teams.
 */
import { z } from "zod";

export const PROFILE_FACTS = ["genai", "personal-data", "cloud", "development", "high-risk"] as const;
export type ProfileFact = (typeof PROFILE_FACTS)[number];

export const VERDICTS = ["satisfied", "partial", "conflicting", "missing", "not_applicable"] as const;
export type Verdict = (typeof VERDICTS)[number];

export const SEVERITIES = ["critical", "major", "minor"] as const;
export type Severity = (typeof SEVERITIES)[number];

const bilingual = z.object({ en: z.string().min(1), nl: z.string().min(1) }).strict();
export type Bilingual = z.infer<typeof bilingual>;

/** A term list per language. Term syntax: see docs/playbook.md (words, `word*` prefix, `~` gap, `/regex/`). */
export const termListSchema = z
  .object({ en: z.array(z.string().min(1)).default([]), nl: z.array(z.string().min(1)).default([]) })
  .strict();
export type TermList = z.infer<typeof termListSchema>;

const sourceSchema = z
  .object({
    name: z.string().min(1),
    /** Article or clause, e.g. "art. 28(3)(h)". Omit when unknown. */
    article: z.string().optional(),
    /** false = article number or amount not checked against the official text ("to verify"). */
    verified: z.boolean().default(false),
    note: z.string().optional(),
  })
  .strict();

const paramSchema = z
  .object({
    type: z.enum(["integer", "number", "string", "boolean"]),
    default: z.union([z.number(), z.string(), z.boolean()]),
    unit: z.string().optional(),
    description: bilingual,
    /** false = the default is a placeholder that must be checked against the official text. */
    verified: z.boolean().default(false),
  })
  .strict();
export type ParamSpec = z.infer<typeof paramSchema>;

export const MODALITIES = ["obligation", "permission", "prohibition", "statement"] as const;
export type Modality = (typeof MODALITIES)[number];
export const SUBJECTS = ["supplier", "customer", "unknown"] as const;
export type Subject = (typeof SUBJECTS)[number];

export const VALUE_KINDS = [
  "money_eur",
  "cap_basis",
  "multiple",
  "duration_hours",
  "duration_days",
  "duration_months",
  "jurisdiction",
  "percentage",
] as const;
export type ValueKind = (typeof VALUE_KINDS)[number];

const valueConditionSchema = z
  .object({
    value: z.enum(VALUE_KINDS),
    /** Comparison against a number or a `params` name. `absent`/`present` test existence only. */
    op: z.enum(["lt", "lte", "gt", "gte", "eq", "in", "absent", "present"]),
    param: z.string().optional(),
    number: z.number().optional(),
    in: z.array(z.string()).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (["lt", "lte", "gt", "gte", "eq"].includes(c.op) && c.param === undefined && c.number === undefined)
      ctx.addIssue({ code: "custom", message: `op ${c.op} needs "param" or "number"` });
    if (c.op === "in" && !c.in) ctx.addIssue({ code: "custom", message: `op in needs "in: [...]"` });
  });
export type ValueCondition = z.infer<typeof valueConditionSchema>;

const oneOrMany = <T extends z.ZodTypeAny>(s: T) => z.union([s, z.array(s)]);

export const ruleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    /**
     * satisfies: evidence the requirement is met; weakens: met only partly (partial);
     * conflicts: contradicts the requirement; detect: found, but decides nothing on its own
     * (used by other rules' `if` / `unless`).
     */
    signal: z.enum(["satisfies", "weakens", "conflicts", "detect"]),
    /** Every concept must occur in the unit. The first one is the anchor for modality. */
    all: z.array(z.string()).default([]),
    /** At least one of these concepts must occur (when given). */
    any: z.array(z.string()).default([]),
    /** A second "at least one of" group, for two independent alternatives. */
    any2: z.array(z.string()).default([]),
    /** None of these concepts may occur in the unit. */
    none: z.array(z.string()).default([]),
    /** Modality of the anchor's clause: who must / may / must not do the thing. */
    modality: oneOrMany(z.enum(MODALITIES)).optional(),
    /** Grammatical subject of that clause, resolved to a party. */
    subject: oneOrMany(z.enum(SUBJECTS)).optional(),
    /** present = a non-benign exception (unless/except/tenzij…) in the unit; absent = none or only benign ones. */
    exception: z.enum(["present", "absent", "any"]).default("any"),
    values: z.array(valueConditionSchema).default([]),
    /** sentence (default) or block (the whole numbered clause / paragraph). */
    within: z.enum(["sentence", "block"]).default("sentence"),
    /** Only counts if all these rules (of this requirement) matched somewhere in the document. */
    if: z.array(z.string()).default([]),
    /** Suppressed if any of these rules (of this requirement) matched somewhere in the document. */
    unless: z.array(z.string()).default([]),
    /**
     * Suppressed if any of these rules matched in the same unit (sentence or list item): "within
     * 24 hours, with full details within 72 hours" is one deadline in time, while a 72-hour
     * deadline elsewhere in the document still conflicts.
     */
    unless_here: z.array(z.string()).default([]),
    /** For `satisfies` rules: which part of a multi-part requirement this proves (see `complete`). */
    part: z.string().optional(),
    why: bilingual,
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.all.length === 0 && r.any.length === 0)
      ctx.addIssue({ code: "custom", message: `rule ${r.id}: needs "all" or "any" concepts` });
  });
export type Rule = z.infer<typeof ruleSchema>;

const exampleSchema = z
  .object({
    lang: z.enum(["en", "nl"]),
    verdict: z.enum(["satisfied", "partial", "conflicting", "missing"]),
    text: z.string().min(1),
    /** Profile facts to set for this example (default: the requirement's `applies`). */
    profile: z.array(z.enum(PROFILE_FACTS)).optional(),
    note: z.string().optional(),
  })
  .strict();
export type Example = z.infer<typeof exampleSchema>;

const remedyParamSchema = z
  .object({
    type: z.enum(["string", "integer", "number", "boolean"]),
    /** A literal, or "$name" to take the requirement's params.name default. */
    default: z.union([z.number(), z.string(), z.boolean()]),
    description: bilingual,
    example: z.union([z.number(), z.string(), z.boolean()]).optional(),
  })
  .strict();
export type RemedyParam = z.infer<typeof remedyParamSchema>;

export const requirementSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    theme: z.string().min(1),
    kind: z.enum(["must-contain", "must-not-contain"]),
    severity: z.enum(SEVERITIES),
    /**
     * Severity in force when a profile fact holds (requirements.yaml: "a profile may raise it"),
     * e.g. `{ high-risk: critical }`. Only raises: a lower value than `severity` is an error.
     */
    raised_by: z.partialRecord(z.enum(PROFILE_FACTS), z.enum(SEVERITIES)).default({}),
    /** always, or the profile facts of which at least one must hold. */
    applies: z.union([z.literal("always"), z.enum(PROFILE_FACTS), z.array(z.enum(PROFILE_FACTS))]),
    title: bilingual,
    /** What the contract must say (the requirement in one or two sentences). */
    summary: bilingual,
    sources: z.array(sourceSchema).min(1),
    params: z.record(z.string(), paramSchema).default({}),
    /** Concepts local to this requirement (ids must not collide with the lexicon). */
    terms: z.record(z.string(), termListSchema).default({}),
    rules: z.array(ruleSchema).min(1),
    /** Parts that must all be proven (by `satisfies` rules with `part`) for `satisfied`; some = partial. */
    complete: z.array(z.string()).default([]),
    /** Explanation per verdict, shown to the procurement officer. `{param}` is replaced by its value. */
    explain: z
      .object({
        satisfied: bilingual,
        partial: bilingual.optional(),
        conflicting: bilingual,
        missing: bilingual.optional(),
        not_applicable: bilingual.optional(),
      })
      .strict(),
    examples: z.array(exampleSchema).min(2),
    remedy: z
      .object({
        params: z.record(z.string(), remedyParamSchema).default({}),
      })
      .strict()
      .default({ params: {} }),
  })
  .strict();
export type RequirementSpec = z.infer<typeof requirementSchema>;

export const lexiconSchema = z
  .object({
    /** Words that mark who acts. Parties named in the document's definitions are added at run time. */
    parties: z.object({ supplier: termListSchema, customer: termListSchema }).strict(),
    modality: z
      .object({
        obligation: termListSchema,
        permission: termListSchema,
        negation: termListSchema,
        /** Phrases that are prohibitions on their own ("in no event", "nimmer"). */
        prohibition: termListSchema,
      })
      .strict(),
    exceptions: z.object({ markers: termListSchema, benign: termListSchema }).strict(),
    /** Phrases that point elsewhere instead of stating the term ("as set out in our Privacy Policy"). */
    references: termListSchema,
    concepts: z.record(z.string(), termListSchema),
  })
  .strict();
export type LexiconSpec = z.infer<typeof lexiconSchema>;

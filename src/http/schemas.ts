/** Request and response schemas: they validate requests and generate /openapi.json. */
import { z } from "@hono/zod-openapi";
import { ROLES } from "../../db/schema.js";
import { ERROR_STATUS } from "../errors.js";
import { PROFILE_FACTS, SEVERITIES, VERDICTS } from "../playbook/schema.js";

export const ErrorSchema = z
  .object({
    code: z.enum(Object.keys(ERROR_STATUS) as [keyof typeof ERROR_STATUS, ...(keyof typeof ERROR_STATUS)[]]),
    message: z.string(),
  })
  .openapi("Error", { example: { code: "E_NOT_FOUND", message: "check not found" } });

export const LangSchema = z.enum(["nl", "en"]);
export const RoleSchema = z.enum(ROLES);
export const VerdictSchema = z.enum(VERDICTS);

const DocumentInfoSchema = z
  .object({
    name: z.string(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    format: z.enum(["pdf", "docx", "txt", "md", "html"]),
    pages: z.number().int().nullable(),
    language: LangSchema,
    characters: z.number().int(),
  })
  .openapi("DocumentInfo");

const EvidenceSchema = z.object({
  quote: z.string().openapi({ description: "verbatim text.slice(start, end) of the extracted text" }),
  start: z.number().int(),
  end: z.number().int(),
  section: z.string().nullable(),
  heading: z.string().nullable(),
  page: z.number().int().nullable(),
  role: z.enum(["supports", "conflicts", "weakens"]),
  document: z.number().int().openapi({ description: "index into documents" }),
  rule: z.string(),
});

const FindingSchema = z
  .object({
    requirement: z.string(),
    title: z.string(),
    theme: z.string(),
    severity: z.enum(SEVERITIES),
    verdict: VerdictSchema,
    evidence: z.array(EvidenceSchema),
    explanation: z.string(),
    values: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
    remedy: z.object({ template: z.string() }).nullable(),
    searched: z.array(z.string()).optional(),
    kind: z.enum(["must-contain", "must-not-contain"]),
  })
  .openapi("Finding");

const ProfileEntrySchema = z.object({
  value: z.boolean(),
  from: z.enum(["given", "detected", "default"]),
  reason: z.string().optional(),
});

export const ReportSchema = z
  .object({
    schema: z.literal("contractwijzer.report/v1"),
    document: DocumentInfoSchema,
    documents: z.array(DocumentInfoSchema),
    playbook: z.object({ version: z.string(), requirements: z.number().int() }),
    profile: z.object(Object.fromEntries(PROFILE_FACTS.map((f) => [f, ProfileEntrySchema])) as Record<(typeof PROFILE_FACTS)[number], typeof ProfileEntrySchema>),
    lang: LangSchema,
    result: z.enum(["pass", "review", "fail"]),
    counts: z.record(VerdictSchema, z.number().int()),
    findings: z.array(FindingSchema),
    checkedAt: z.string(),
    disclaimer: z.string(),
  })
  .openapi("Report", { description: "shared/spec/report.schema.json (contractwijzer.report/v1)" });

export const CheckSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    result: z.enum(["pass", "review", "fail"]),
    lang: LangSchema,
    playbookVersion: z.string(),
    createdAt: z.string(),
    createdByTokenId: z.string().nullable(),
  })
  .openapi("CheckSummary");

export const pageOf = <T extends z.ZodTypeAny>(item: T, name: string) =>
  z
    .object({
      items: z.array(item),
      nextCursor: z.string().nullable().openapi({ description: "pass as `cursor` for the next page; null on the last page" }),
    })
    .openapi(name);

export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).optional().openapi({ description: "page size, 1 to 100 (default 20)" }),
  cursor: z.string().optional().openapi({ description: "nextCursor of the previous page" }),
});

export const CheckIdParamSchema = z.object({
  id: z.string().min(1).openapi({ param: { name: "id", in: "path" }, example: "6f1c2d0e-8a4b-4c1e-9f65-2b7d3c9a1e40" }),
});

/** An uploaded file part. Checked by shape, since Node's and workerd's File classes differ. */
const UploadedFileSchema = z
  .custom<File>(
    (v) => typeof v === "object" && v !== null && typeof (v as File).arrayBuffer === "function" && typeof (v as File).name === "string",
    { message: "`file` must be a file upload" },
  )
  .openapi({ type: "string", format: "binary" });

export const CheckUploadSchema = z
  .object({
    file: z
      .union([UploadedFileSchema, z.array(UploadedFileSchema).min(1)])
      .openapi({ description: "one or more files (PDF, DOCX, TXT, Markdown, HTML); several are checked as one bundle" }),
    profile: z
      .string()
      .optional()
      .openapi({ description: `comma list of ${PROFILE_FACTS.join(", ")}; facts not given are detected from the text`, example: "genai,cloud" }),
    lang: LangSchema.optional().openapi({ description: "language of the report (default: the document's)" }),
    store: z
      .enum(["true", "false"])
      .optional()
      .openapi({ description: "keep the check and the files (default true for officer and legal, false for vendor)" }),
  })
  .openapi("CheckUpload");

export const OutputFormatSchema = z.enum(["md", "json", "docx"]);

/** The `responses` entries for the error statuses a route can answer. */
export const errorResponses = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [status, { description: "error `{ code, message }`", content: { "application/json": { schema: ErrorSchema } } }]),
  );

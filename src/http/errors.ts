/**
 * Every error leaves the API as `{ code, message }` with the status from ERROR_STATUS
 * (src/errors.ts). Unknown errors become E_INTERNAL; their message and stack stay out of the
 * response and the log, since either may quote contract text.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ContractwijzerError, ERROR_STATUS, type ErrorCode, isContractwijzerError } from "../errors.js";

export interface ErrorBody {
  code: ErrorCode;
  message: string;
}

export function errorResponse(c: Context, code: ErrorCode, message: string): Response {
  const headers: Record<string, string> = {};
  if (code === "E_UNAUTHORIZED") headers["WWW-Authenticate"] = 'Bearer realm="contractwijzer"';
  return c.json({ code, message } satisfies ErrorBody, ERROR_STATUS[code] as ContentfulStatusCode, headers);
}

/** Hono's own HTTP errors (malformed form data, wrong media type) in our codes. */
const CODE_FOR_HTTP_STATUS: Partial<Record<number, ErrorCode>> = {
  400: "E_BAD_REQUEST",
  401: "E_UNAUTHORIZED",
  403: "E_FORBIDDEN",
  404: "E_NOT_FOUND",
  413: "E_UPLOAD_TOO_LARGE",
  415: "E_UNKNOWN_TYPE",
};

export function createErrorHandler(log: (line: string) => void) {
  return (err: Error, c: Context): Response => {
    if (isContractwijzerError(err)) return errorResponse(c, err.code, err.message);
    if (err instanceof HTTPException) {
      const code = CODE_FOR_HTTP_STATUS[err.status];
      if (code) return errorResponse(c, code, err.message || code);
    }
    // Name only: messages of library errors can carry fragments of the uploaded document.
    log(`E_INTERNAL ${c.req.method} ${new URL(c.req.url).pathname}: ${safeErrorName(err)}`);
    return errorResponse(c, "E_INTERNAL", "internal error; the request was not completed");
  };
}

/**
 * The error's class name for the log, when it looks like one (`TypeError`, `SqliteError`);
 * anything else becomes "Error", since a name is just a writable string and could be set from content.
 */
export function safeErrorName(err: unknown): string {
  const name = (err as { name?: unknown } | null)?.name;
  return typeof name === "string" && /^[A-Za-z_$][\w$]{0,63}$/.test(name) ? name : "Error";
}

export function notFound(what: string): ContractwijzerError {
  return new ContractwijzerError("E_NOT_FOUND", `${what} not found`);
}

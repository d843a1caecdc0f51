/**
 * One error class with stable codes. Codes are part of the public interface (CLI stderr
 * `E_CODE: message`, HTTP `{ code, message }`); never rename one, add new ones instead.
 * The HTTP status for each code lives here and nowhere else.
 */
export const ERROR_STATUS = {
  // input files
  E_EMPTY_FILE: 400,
  E_UNKNOWN_TYPE: 415,
  E_TYPE_MISMATCH: 415,
  E_FILE_TOO_LARGE: 413,
  E_UPLOAD_TOO_LARGE: 413,
  E_PARSE_TIMEOUT: 422,
  E_PDF_CORRUPT: 422,
  E_PDF_ENCRYPTED: 422,
  E_PDF_NO_TEXT: 422,
  E_DOCX_INVALID: 422,
  E_DOCX_TOO_LARGE: 413,
  E_TEXT_ENCODING: 422,
  E_FORMAT_UNSUPPORTED_HERE: 415,
  // playbook and templates
  E_PLAYBOOK_INVALID: 500,
  E_TEMPLATE_INVALID: 500,
  E_TEMPLATE_PARAM: 400,
  // requests
  E_BAD_REQUEST: 400,
  E_UNAUTHORIZED: 401,
  E_FORBIDDEN: 403,
  E_NOT_FOUND: 404,
  E_RATE_LIMITED: 429,
  E_CONFLICT: 409,
  E_INTERNAL: 500,
  // parsing in an isolated worker ran out of memory (or stack) and was stopped
  E_PARSE_RESOURCES: 422,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class ContractwijzerError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = "ContractwijzerError";
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function isContractwijzerError(e: unknown): e is ContractwijzerError {
  return e instanceof ContractwijzerError;
}

/** `E_CODE: message`, the one line the CLI prints on stderr. */
export function formatErrorLine(e: unknown): string {
  if (isContractwijzerError(e)) return `${e.code}: ${e.message}`;
  const message = e instanceof Error ? e.message : String(e);
  return `E_INTERNAL: ${message.split("\n")[0]}`;
}

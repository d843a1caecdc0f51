/** The service's configuration from environment variables (Node's process.env or a Worker's env). */
import { ContractwijzerError } from "../errors.js";
import type { AppConfig } from "./context.js";

export const DEFAULT_MAX_UPLOAD_MB = 25;

export function appConfigFromEnv(env: Record<string, unknown>): AppConfig {
  const raw = env.CONTRACTWIJZER_MAX_UPLOAD_MB;
  const mb = raw === undefined || raw === "" ? DEFAULT_MAX_UPLOAD_MB : Number(raw);
  if (!Number.isFinite(mb) || mb <= 0)
    throw new ContractwijzerError("E_BAD_REQUEST", `CONTRACTWIJZER_MAX_UPLOAD_MB must be a positive number of megabytes, got "${String(raw)}"`);
  const secret = env.CONTRACTWIJZER_SESSION_SECRET;
  if (secret !== undefined && secret !== "" && String(secret).length < 32)
    throw new ContractwijzerError("E_BAD_REQUEST", "CONTRACTWIJZER_SESSION_SECRET must be at least 32 characters");
  return { maxUploadBytes: Math.floor(mb * 1024 * 1024), ...(secret ? { sessionSecret: String(secret) } : {}) };
}

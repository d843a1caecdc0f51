/** The service's configuration from environment variables (Node's process.env or a Worker's env). */
import { ContractwijzerError } from "../errors.js";
import type { AppConfig } from "./context.js";
import { DEFAULT_PUBLIC_RATE_LIMIT_PER_MIN, DEFAULT_RATE_LIMIT_PER_MIN } from "./rate-limit.js";

export const DEFAULT_MAX_UPLOAD_MB = 25;

export function appConfigFromEnv(env: Record<string, unknown>): AppConfig {
  const raw = env.CONTRACTWIJZER_MAX_UPLOAD_MB;
  const mb = raw === undefined || raw === "" ? DEFAULT_MAX_UPLOAD_MB : Number(raw);
  if (!Number.isFinite(mb) || mb <= 0)
    throw new ContractwijzerError("E_BAD_REQUEST", `CONTRACTWIJZER_MAX_UPLOAD_MB must be a positive number of megabytes, got "${String(raw)}"`);
  const secret = env.CONTRACTWIJZER_SESSION_SECRET;
  if (secret !== undefined && secret !== "" && String(secret).length < 32)
    throw new ContractwijzerError("E_BAD_REQUEST", "CONTRACTWIJZER_SESSION_SECRET must be at least 32 characters");
  return {
    maxUploadBytes: Math.floor(mb * 1024 * 1024),
    ...(secret ? { sessionSecret: String(secret) } : {}),
    rateLimit: {
      perMinute: perMinuteFromEnv(env, "CONTRACTWIJZER_RATE_LIMIT_PER_MIN", DEFAULT_RATE_LIMIT_PER_MIN),
      publicPerMinute: perMinuteFromEnv(env, "CONTRACTWIJZER_PUBLIC_RATE_LIMIT_PER_MIN", DEFAULT_PUBLIC_RATE_LIMIT_PER_MIN),
      trustProxy: flagFromEnv(env, "CONTRACTWIJZER_TRUST_PROXY"),
    },
  };
}

function perMinuteFromEnv(env: Record<string, unknown>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0)
    throw new ContractwijzerError("E_BAD_REQUEST", `${name} must be a number of requests per minute (0 = off), got "${String(raw)}"`);
  return n;
}

function flagFromEnv(env: Record<string, unknown>, name: string): boolean {
  const raw = String(env[name] ?? "").toLowerCase();
  if (raw === "" || raw === "0" || raw === "false" || raw === "no") return false;
  if (raw === "1" || raw === "true" || raw === "yes") return true;
  throw new ContractwijzerError("E_BAD_REQUEST", `${name} must be 1 or 0, got "${String(env[name])}"`);
}

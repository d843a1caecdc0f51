/** `contractwijzer serve [--port N] [--db PATH] [--host H] [--playbook DIR]`: the HTTP service until SIGINT or SIGTERM. */
import { ContractwijzerError } from "../errors.js";
import { appConfigFromEnv } from "../http/config.js";
import { startNodeService } from "../node.js";
import { parseCommandArgs } from "./args.js";
import type { CliIo } from "./main.js";

export const DEFAULT_PORT = 8787;
export const DEFAULT_DB = "./data/contractwijzer.db";

export function parsePort(raw: string | undefined, source: string): number {
  if (raw === undefined || raw === "") return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ContractwijzerError("E_BAD_REQUEST", `${source} must be a port number, got "${raw}"`);
  return port;
}

export async function run(args: string[], io: CliIo, signals: NodeJS.EventEmitter = process): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    port: { type: "string" },
    db: { type: "string" },
    host: { type: "string" },
    playbook: { type: "string" },
  });
  if (positionals.length) throw new ContractwijzerError("E_BAD_REQUEST", `serve takes no arguments, got "${positionals.join(" ")}"`);
  const port = values.port !== undefined ? parsePort(values.port, "--port") : parsePort(process.env.PORT, "PORT");
  const dbPath = values.db ?? process.env.CONTRACTWIJZER_DB ?? DEFAULT_DB;
  const host = values.host ?? process.env.HOST ?? "127.0.0.1";

  let service: Awaited<ReturnType<typeof startNodeService>>;
  try {
    service = await startNodeService({
      dbPath,
      port,
      host,
      clausesDir: values.playbook,
      config: appConfigFromEnv(process.env),
      log: io.stderr,
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") throw new ContractwijzerError("E_CONFLICT", `port ${port} on ${host} is already in use (use --port or PORT)`);
    if (code === "EACCES") throw new ContractwijzerError("E_FORBIDDEN", `not allowed to listen on ${host}:${port}`);
    throw e;
  }

  io.stdout(
    [
      `Contractwijzer listening on ${service.url}  (database ${dbPath})`,
      `API: ${service.url}/docs/api and ${service.url}/openapi.json`,
      `Create the first token with: contractwijzer token create --role officer --org "Your organisation" --db ${dbPath}`,
      "",
    ].join("\n"),
  );

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      signals.off("SIGINT", onInt);
      signals.off("SIGTERM", onTerm);
      io.stderr(`${signal}: shutting down`);
      resolve();
    };
    const onInt = () => stop("SIGINT");
    const onTerm = () => stop("SIGTERM");
    signals.on("SIGINT", onInt);
    signals.on("SIGTERM", onTerm);
  });
  await service.close();
  return 0;
}

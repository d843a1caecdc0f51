/**
 * The Node entry: better-sqlite3 on a file, the playbook and templates from disk, the full
 * parsers, served by @hono/node-server. `contractwijzer serve` (src/cli/serve.ts) calls this.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { isContractwijzerError } from "./errors.js";
import { loadTemplates } from "./generate/load.js";
import type { TemplateLibrary } from "./generate/templates.js";
import { createApp } from "./http/app.js";
import { readUiAssets } from "./http/ui/index.js";
import type { AppConfig } from "./http/context.js";
import type { CheckOptions } from "./check/index.js";
import { createParserPool, parserPoolOptionsFromEnv } from "./parse/isolated.js";
import type { ParsedDocument } from "./parse/types.js";
import { loadPlaybook } from "./playbook/load.js";
import type { Playbook } from "./playbook/types.js";
import { openSqliteStore } from "./store/sqlite.js";

/** The package root, so the service finds clauses/ and templates/ from any working directory. */
const PACKAGE_ROOT = fileURLToPath(new URL("..", import.meta.url));

export interface NodeServiceOptions {
  dbPath: string;
  port: number;
  /** Default 127.0.0.1: the service is meant to sit behind a reverse proxy. */
  host?: string;
  config: AppConfig;
  clausesDir?: string;
  templatesDir?: string;
  log?: (line: string) => void;
}

export interface RunningService {
  url: string;
  port: number;
  /** Stops accepting connections, waits for open requests, then closes the database. */
  close(): Promise<void>;
}

/**
 * Templates are validated strictly first. If some are missing or invalid, the problems are
 * logged and the service serves the templates that are valid (a clause without a template
 * answers E_NOT_FOUND) rather than refusing to start.
 */
export async function loadTemplatesForService(playbook: Playbook, dir: string, log: (line: string) => void): Promise<TemplateLibrary | null> {
  try {
    return await loadTemplates(playbook, dir);
  } catch (e) {
    if (!isContractwijzerError(e)) throw e;
    log(`templates: ${e.code}: ${e.message}`);
  }
  try {
    return await loadTemplates(playbook, dir, { requireComplete: false });
  } catch (e) {
    if (!isContractwijzerError(e)) throw e;
    log(`clause generation is off: ${e.code}: ${e.message}`);
    return null;
  }
}

export async function startNodeService(options: NodeServiceOptions): Promise<RunningService> {
  const log = options.log ?? ((line: string) => console.error(line));
  const clausesDir = options.clausesDir ?? `${PACKAGE_ROOT}clauses`;
  const playbook = await loadPlaybook(clausesDir);
  const templates = await loadTemplatesForService(playbook, options.templatesDir ?? `${PACKAGE_ROOT}templates`, log);
  // Uploads are parsed and checked in worker threads with memory and time limits
  // (src/parse/isolated.ts): a hostile or enormous document cannot stall other users.
  const parserPool = createParserPool({ ...parserPoolOptionsFromEnv(process.env), log });
  const checker = (documents: ParsedDocument[], checkOptions: CheckOptions) =>
    parserPool.checkDocuments(documents, clausesDir, { ...checkOptions, timeoutMs: options.config.parseTimeoutMs });
  const { store, close: closeDatabase } = openSqliteStore(options.dbPath);
  // The NL Design System / Rijkshuisstijl stylesheets, served by the app itself (no CDN).
  const resolvePackageFile = createRequire(import.meta.url).resolve;
  const assets = await readUiAssets((p) => readFile(resolvePackageFile(p), "utf8"));
  const ui = { assets, sessionSecret: options.config.sessionSecret };
  const app = createApp({ store, playbook, templates, parsers: parserPool, checker, config: options.config, log, ui });
  const host = options.host ?? "127.0.0.1";

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: host }, () => resolve(s));
    s.once("error", (e) => {
      closeDatabase();
      void parserPool.close();
      reject(e);
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => {
          closeDatabase();
          parserPool.close().then(() => (e ? reject(e) : resolve()), reject);
        });
        // Keep-alive connections would hold close() open until their timeout.
        (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      }),
  };
}

/**
 * The Cloudflare Workers entry: the same app as on Node, with D1 from the binding, the
 * playbook, templates and UI stylesheets bundled at build time (no file system here), and PDF text from
 * unpdf, which runs in workerd without shims (docs/deploy.md).
 */
import type { ExecutionContext } from "hono";
import { getDocumentProxy } from "unpdf";
import type { AnyD1Database } from "drizzle-orm/d1";
import { templateLibraryFromPrecompiled } from "./generate/index.js";
import { PRECOMPILED_TEMPLATES } from "./generate/templates.gen.js";
import { createApp } from "./http/app.js";
import { appConfigFromEnv } from "./http/config.js";
import type { DocumentParser } from "./http/context.js";
import { UI_STYLESHEETS } from "./http/ui/stylesheets.gen.js";
import { parseDocument } from "./parse/index.js";
import { type PdfjsDocumentLike, type PdfTextSource, pdfError, pdfjsTextDocument } from "./parse/pdf-source.js";
import { PLAYBOOK_FILES } from "./playbook/bundle.gen.js";
import { buildPlaybook } from "./playbook/load.js";
import { createD1Store } from "./store/d1.js";

export interface WorkerEnv {
  DB: AnyD1Database;
  CONTRACTWIJZER_MAX_UPLOAD_MB?: string;
}

const unpdfTextSource: PdfTextSource = {
  async open(bytes) {
    try {
      // pdf.js detaches the buffer it is given; the caller still needs the bytes to store them.
      return pdfjsTextDocument((await getDocumentProxy(new Uint8Array(bytes))) as unknown as PdfjsDocumentLike);
    } catch (e) {
      throw pdfError(e);
    }
  },
};

const workerParsers: DocumentParser = {
  parseDocument: (bytes, options) => parseDocument(bytes, options, { pdfTextSource: unpdfTextSource }),
};

type App = ReturnType<typeof createApp>;
/** Built on the first request, not at start-up: building the playbook costs more CPU than a Worker's start-up allows. */
const apps = new WeakMap<object, App>();
let bundled: Pick<Parameters<typeof createApp>[0], "playbook" | "templates"> | undefined;

function appFor(env: WorkerEnv): App {
  let app = apps.get(env.DB);
  if (!app) {
    if (!bundled) {
      const playbook = buildPlaybook(PLAYBOOK_FILES);
      bundled = { playbook, templates: templateLibraryFromPrecompiled(PRECOMPILED_TEMPLATES, playbook, { requireComplete: false }) };
    }
    const config = appConfigFromEnv(env as unknown as Record<string, unknown>);
    // Set CONTRACTWIJZER_SESSION_SECRET (wrangler secret put) so web sessions survive across isolates.
    app = createApp({ ...bundled, store: createD1Store(env.DB), parsers: workerParsers, config, ui: { assets: UI_STYLESHEETS, sessionSecret: config.sessionSecret } });
    apps.set(env.DB, app);
  }
  return app;
}

export default {
  fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Response | Promise<Response> {
    return appFor(env).fetch(request, env, ctx);
  },
};

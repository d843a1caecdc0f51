/**
 * The web UI: server-rendered pages (hono/jsx) on top of the same functions the API calls.
 * Progressive enhancement only: every page and form works without JavaScript; one small
 * script adds upload progress. `mountUi(app, deps)` adds the routes to the service's app.
 *
 * Contract text reaches the page only through JSX expressions, which escape it.
 */
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { getCookie, setCookie } from "hono/cookie";
import { html } from "hono/html";
import type { Child } from "hono/jsx";
import { VERDICT_LABEL } from "../../check/format.js";
import type { Evidence, Report } from "../../check/types.js";
import { ContractwijzerError, ERROR_STATUS, isContractwijzerError } from "../../errors.js";
import { renderAnnexDocx } from "../../generate/annex-docx.js";
import { renderAnnexMarkdown } from "../../generate/annex.js";
import { generateClauses, generateLibraryClause } from "../../generate/clauses.js";
import { renderLibraryClauseDocx, renderLibraryClauseMarkdown } from "../../generate/library.js";
import { COMMON_VARIABLES, resolveTemplateVariables, type TemplateVariable } from "../../generate/params.js";
import { redlineDocx } from "../../generate/redline.js";
import { themeTitle } from "../../generate/themes.js";
import type { ParamValue } from "../../generate/types.js";
import type { Language } from "../../parse/types.js";
import { PROFILE_FACTS, type ProfileFact, type Verdict } from "../../playbook/schema.js";
import { fillParams, paramsFor } from "../../playbook/text.js";
import type { Requirement } from "../../playbook/types.js";
import type { Actor, Role, StoredCheck } from "../../store/types.js";
import type { AppDeps } from "../context.js";
import { checkUploads, type Profile, parseUploads, recordCheck, type Uploaded } from "../check-flow.js";
import { safeErrorName } from "../errors.js";
import { APP_CSS, UI_STYLESHEET_FILES, type UiAssets, UPLOAD_JS } from "./assets.js";
import { evidenceSpans, type Span, spanId, viewBlocks } from "./highlight.js";
import { PROFILE_TEXT, RESULT_LABEL, UI_TEXT, type UiText } from "./i18n.js";
import { CsrfField, ErrorAlert, Layout, type PageContext } from "./layout.js";
import { DocumentTextView, ReportView, readFilters } from "./report-view.js";
import {
  CSRF_FIELD,
  clearSessionCookie,
  csrfRequestValid,
  currentSession,
  ensureCsrfToken,
  LANG_COOKIE,
  SESSION_SECONDS,
  type Session,
  SessionKeys,
  setSessionCookie,
} from "./session.js";
import { BUTTON_PRIMARY, BUTTON_SECONDARY, CHECKBOX, FIELDSET, LINK_BUTTON_PRIMARY, LINK_BUTTON_SECONDARY, SELECT, TABLE, TABLE_BODY, TABLE_CELL, TABLE_HEADER, TABLE_HEADER_CELL, TABLE_ROW, TEXTBOX } from "./classes.js";

export { readUiAssets, type UiAssets } from "./assets.js";

export interface UiOptions {
  /** The Rijkshuisstijl stylesheets as text (see `readUiAssets`); without them only the UI's own CSS is served. */
  assets?: UiAssets;
  /** HMAC key for session cookies and CSRF tokens (≥ 32 bytes). Random per process when absent: sessions end on restart. */
  sessionSecret?: string;
}

export type UiDeps = AppDeps & { ui?: UiOptions };

const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
/** Room for the multipart boundaries and the small fields next to the files. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
/** Header the upload script sends; the answer then names the next page instead of redirecting. */
const UPLOAD_HEADER = "x-contractwijzer-ui";
const CSP = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self'",
  "script-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join("; ");

const UPLOAD_ROLES: readonly Role[] = ["officer", "vendor", "legal"];
const HISTORY_ROLES: readonly Role[] = ["officer", "legal"];

class UiError extends Error {
  constructor(
    readonly status: 400 | 403 | 404,
    readonly key: "notFound" | "forbidden" | "csrf",
  ) {
    super(key);
  }
}

/** A requirement's summary with its `{param}` placeholders filled with the playbook defaults. */
function summaryText(requirement: Requirement, lang: Language): string {
  return fillParams(requirement.summary[lang], paramsFor(requirement));
}

export function mountUi(app: Hono<any, any, any>, deps: UiDeps): void {
  const { store, playbook, parsers, templates, config } = deps;
  const clock = deps.clock ?? (() => new Date());
  const keys = deps.ui?.sessionSecret ? new SessionKeys(deps.ui.sessionSecret) : SessionKeys.random();
  const assets = deps.ui?.assets ?? {};
  const stylesheets = [
    ...(Object.keys(UI_STYLESHEET_FILES) as (keyof typeof UI_STYLESHEET_FILES)[]).filter((n) => typeof assets[n] === "string").map((n) => `/assets/${n}`),
    "/assets/app.css",
  ];
  const ui = new Hono();

  // ---------- plumbing ----------

  function uiLang(c: Context): Language {
    const asked = c.req.query("lang");
    if (asked === "nl" || asked === "en") {
      setCookie(c, LANG_COOKIE, asked, { path: "/", sameSite: "Lax", maxAge: 365 * 24 * 3600 });
      return asked;
    }
    const cookie = getCookie(c, LANG_COOKIE);
    return cookie === "en" ? "en" : "nl";
  }

  interface Request {
    ctx: PageContext;
    t: UiText;
    session: Session | null;
  }

  async function begin(c: Context): Promise<Request> {
    const lang = uiLang(c);
    const url = new URL(c.req.url);
    const session = await currentSession(c, keys, store, clock());
    const org = session ? await store.organisations.get(session.orgId) : null;
    const search = new URLSearchParams(url.search);
    search.delete("lang");
    return {
      ctx: {
        lang,
        path: url.pathname,
        search,
        csrf: await ensureCsrfToken(c, keys),
        user: session ? { orgName: org?.name ?? session.orgId, role: session.role } : null,
        stylesheets,
      },
      t: UI_TEXT[lang],
      session,
    };
  }

  async function page(c: Context, ctx: PageContext, title: string, body: Child, status = 200): Promise<Response> {
    c.header("Content-Security-Policy", CSP);
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "same-origin");
    c.header("Cache-Control", "no-store");
    return c.html(
      html`<!DOCTYPE html>${(
        <Layout ctx={ctx} title={title}>
          {body}
        </Layout>
      )}`,
      status as 200,
    );
  }

  function requireSession(r: Request, c: Context, roles?: readonly Role[]): Session | Response {
    if (!r.session) return c.redirect(`/sign-in?next=${encodeURIComponent(r.ctx.path + (r.ctx.search.size ? `?${r.ctx.search}` : ""))}`, 303);
    if (roles && !roles.includes(r.session.role)) throw new UiError(403, "forbidden");
    return r.session;
  }

  async function checkCsrf(c: Context, body: Record<string, unknown>): Promise<void> {
    if (!(await csrfRequestValid(c, keys, body[CSRF_FIELD]))) throw new UiError(403, "csrf");
  }

  const actorOf = (s: Session): Actor => ({ orgId: s.orgId, tokenId: s.tokenId, role: s.role });

  ui.onError(async (err, c) => {
    const r = await begin(c).catch(() => null);
    const lang = r?.ctx.lang ?? "nl";
    const t = UI_TEXT[lang];
    let status = 500;
    let message: string;
    if (err instanceof UiError) {
      status = err.status;
      message = t[err.key];
    } else if (isContractwijzerError(err)) {
      status = ERROR_STATUS[err.code];
      message = `${err.code}: ${err.message}`;
    } else {
      // Name only: messages of library errors can carry fragments of the uploaded document.
      (deps.log ?? ((line: string) => console.error(line)))(`E_INTERNAL ${c.req.method} ${new URL(c.req.url).pathname}: ${safeErrorName(err)}`);
      message = "E_INTERNAL";
    }
    const ctx: PageContext = r?.ctx ?? { lang, path: "/", search: new URLSearchParams(), csrf: "", user: null, stylesheets };
    return page(
      c,
      ctx,
      t.errorTitle,
      <>
        <h1>{t.errorTitle}</h1>
        <ErrorAlert message={message} />
        <p>
          <a href="/">{t.navHome}</a>
        </p>
      </>,
      status,
    );
  });

  // ---------- assets ----------

  const asset = (body: string, type: string) => (c: Context) =>
    c.body(body, 200, { "Content-Type": type, "Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff" });
  ui.get("/assets/app.css", asset(APP_CSS, "text/css; charset=utf-8"));
  ui.get("/assets/upload.js", asset(UPLOAD_JS, "text/javascript; charset=utf-8"));
  for (const [name, text] of Object.entries(assets)) if (typeof text === "string") ui.get(`/assets/${name}`, asset(text, "text/css; charset=utf-8"));

  // ---------- home, sign-in, sign-out ----------

  ui.get("/", async (c) => {
    const r = await begin(c);
    const { t } = r;
    return page(
      c,
      r.ctx,
      t.navHome,
      <>
        <h1>{t.appName}</h1>
        <p class="nl-paragraph nl-paragraph--lead">{t.tagline}</p>
        <p>{t.homeIntro}</p>
        {r.session ? (
          <ul>
            {UPLOAD_ROLES.includes(r.session.role) ? (
              <li>
                <a href="/checks/new">{t.navNew}</a>
              </li>
            ) : null}
            {HISTORY_ROLES.includes(r.session.role) ? (
              <li>
                <a href="/checks">{t.navHistory}</a>
              </li>
            ) : null}
            <li>
              <a href="/library">{t.navLibrary}</a>
            </li>
          </ul>
        ) : (
          <>
            <p>{t.homeSignedOut}</p>
            <div class="cw-actions">
              <a class={LINK_BUTTON_PRIMARY} href="/sign-in">
                {t.navSignIn}
              </a>
              <a class={LINK_BUTTON_SECONDARY} href="/self-check">
                {t.navSelfCheck}
              </a>
            </div>
          </>
        )}
      </>,
    );
  });

  const safeNext = (next: unknown) => (typeof next === "string" && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : "/");

  function signInPage(c: Context, r: Request, next: string, error: string | null, status = 200): Promise<Response> {
    const { t } = r;
    return page(
      c,
      r.ctx,
      t.signInTitle,
      <>
        <h1>{t.signInTitle}</h1>
        {error ? <ErrorAlert message={error} /> : null}
        {c.req.query("signed-out") !== undefined ? (
          <p class="cw-alert" role="status">
            {t.signedOut}
          </p>
        ) : null}
        <p>{t.signInIntro}</p>
        <form method="post" action="/sign-in">
          <CsrfField token={r.ctx.csrf} />
          <input type="hidden" name="next" value={next} />
          <div class="cw-field">
            <label for="token">{t.tokenLabel}</label>
            <p class="cw-help" id="token-help">
              {t.tokenHelp}
            </p>
            <input
              class={TEXTBOX}
              type="password"
              id="token"
              name="token"
              required
              autocomplete="off"
              spellcheck={false}
              aria-describedby="token-help"
              aria-invalid={error ? "true" : undefined}
              size={50}
            />
          </div>
          <button type="submit" class={BUTTON_PRIMARY}>
            {t.signInButton}
          </button>
        </form>
      </>,
      status,
    );
  }

  ui.get("/sign-in", async (c) => {
    const r = await begin(c);
    return signInPage(c, r, safeNext(c.req.query("next")), null);
  });

  ui.post("/sign-in", bodyLimit({ maxSize: 16 * 1024 }), async (c) => {
    const r = await begin(c);
    const body = await c.req.parseBody();
    await checkCsrf(c, body);
    const next = safeNext(body.next);
    const secret = typeof body.token === "string" ? body.token.trim() : "";
    const token = secret ? await store.tokens.authenticate(secret) : null;
    if (!token) return signInPage(c, r, next, r.t.signInFailed, 401);
    const expires = Math.floor(clock().getTime() / 1000) + SESSION_SECONDS;
    setSessionCookie(c, await keys.sealSession({ tokenId: token.id, orgId: token.orgId, role: token.role, expires }));
    await store.audit.append({ orgId: token.orgId, tokenId: token.id, role: token.role }, { action: "ui.sign-in" });
    return c.redirect(next, 303);
  });

  ui.post("/sign-out", bodyLimit({ maxSize: 16 * 1024 }), async (c) => {
    const body = await c.req.parseBody();
    await checkCsrf(c, body);
    clearSessionCookie(c);
    return c.redirect("/sign-in?signed-out", 303);
  });

  // ---------- upload and check ----------

  function UploadForm(props: { r: Request; action: string; showStore: boolean; storeDefault: boolean }) {
    const { r, action, showStore, storeDefault } = props;
    const { t, ctx } = r;
    return (
      <form
        method="post"
        action={action}
        enctype="multipart/form-data"
        data-upload=""
        data-text-uploading={t.uploading}
        data-text-checking={t.checking}
      >
        <CsrfField token={ctx.csrf} />
        <div class="cw-field">
          <label for="file">{t.filesLabel}</label>
          <p class="cw-help" id="file-help">
            {t.filesHelp}
          </p>
          <input type="file" id="file" name="file" multiple required accept=".pdf,.docx,.txt,.md,.html,.htm" aria-describedby="file-help" />
        </div>
        <fieldset class={FIELDSET}>
          <legend>{t.profileLegend}</legend>
          <p class="cw-help">{t.profileHelp}</p>
          {PROFILE_FACTS.map((fact) => (
            <div class="cw-check">
              <input class={CHECKBOX} type="checkbox" id={`profile-${fact}`} name="profile" value={fact} aria-describedby={`profile-${fact}-help`} />
              <label for={`profile-${fact}`}>{PROFILE_TEXT[ctx.lang][fact].label}</label>
              <p class="cw-help" id={`profile-${fact}-help`}>
                {PROFILE_TEXT[ctx.lang][fact].help}
              </p>
            </div>
          ))}
        </fieldset>
        <div class="cw-field">
          <label for="lang">{t.reportLangLabel}</label>
          <select class={SELECT} id="lang" name="lang">
            <option value="">{t.reportLangAuto}</option>
            <option value="nl" lang="nl">
              Nederlands
            </option>
            <option value="en" lang="en">
              English
            </option>
          </select>
        </div>
        {showStore ? (
          <div class="cw-check">
            <input class={CHECKBOX} type="checkbox" id="store" name="store" value="true" checked={storeDefault} />
            <label for="store">{t.storeLabel}</label>
          </div>
        ) : null}
        <button type="submit" class={BUTTON_PRIMARY}>
          {t.checkButton}
        </button>
        <div class="cw-progress" hidden>
          <label for="upload-progress">{t.progressLabel}</label>
          <progress id="upload-progress" max={100} />
          <p role="status" aria-live="polite" />
        </div>
      </form>
    );
  }

  /** Reads the upload form, then the shared upload path (src/http/check-flow.ts). */
  async function runCheck(body: Record<string, unknown>): Promise<{ report: Report; uploaded: Uploaded[]; profile: Profile }> {
    const raw = body.file;
    const files = (Array.isArray(raw) ? raw : [raw]).filter(
      (f): f is File => typeof f === "object" && f !== null && typeof (f as File).arrayBuffer === "function" && (f as File).size > 0,
    );
    const facts = (Array.isArray(body.profile) ? body.profile : [body.profile]).filter((v): v is string => typeof v === "string");
    const profile: Profile = {};
    for (const fact of facts) {
      if (!(PROFILE_FACTS as readonly string[]).includes(fact)) throw new ContractwijzerError("E_BAD_REQUEST", `unknown profile fact "${fact}"`);
      profile[fact as ProfileFact] = true;
    }
    const lang = body.lang === "nl" || body.lang === "en" ? body.lang : undefined;
    const uploaded = await parseUploads(deps, files);
    return { report: await checkUploads(deps, uploaded, { profile, lang }), uploaded, profile };
  }

  const uploadLimit = bodyLimit({
    maxSize: config.maxUploadBytes + MULTIPART_OVERHEAD_BYTES,
    onError: () => {
      throw new ContractwijzerError("E_UPLOAD_TOO_LARGE", `the upload is larger than ${Math.round(config.maxUploadBytes / 1024 / 1024)} MB`);
    },
  });

  /** A report that is not stored: the report and the document texts on one page, evidence links stay in the page. */
  function unstoredReportPage(c: Context, r: Request, report: Report, uploaded: Uploaded[]): Promise<Response> {
    const { t, ctx } = r;
    const texts = uploaded.map((u, i) => ({ doc: u.parsed, blocks: viewBlocks(u.parsed.text, u.parsed.blocks, evidenceSpans(report, i)) }));
    return page(
      c,
      ctx,
      `${t.reportTitle}: ${report.document.name}`,
      <>
        <h1>
          {t.reportTitle}: {report.document.name}
        </h1>
        <p class="cw-alert" role="status">
          {t.selfCheckNotStored}
        </p>
        <ReportView
          lang={ctx.lang}
          report={report}
          playbook={playbook}
          filters={{ verdict: null, theme: null, severity: null }}
          action={ctx.path}
          evidenceHref={(e) => `#${spanId(e.document, e)}`}
        />
        <section aria-labelledby="text-heading">
          <h2 id="text-heading">{t.textTitle}</h2>
          <p>{t.textIntro}</p>
          {texts.map((x, i) => (
            <>
              <h3>{x.doc.name}</h3>
              <DocumentTextView lang={ctx.lang} docIndex={i} docName={x.doc.name} docLang={x.doc.language} blocks={x.blocks} current={null} />
            </>
          ))}
        </section>
      </>,
    );
  }

  ui.get("/self-check", async (c) => {
    const r = await begin(c);
    const { t } = r;
    return page(
      c,
      r.ctx,
      t.selfCheckTitle,
      <>
        <h1>{t.selfCheckTitle}</h1>
        <p>{t.selfCheckIntro}</p>
        <UploadForm r={r} action="/self-check" showStore={false} storeDefault={false} />
      </>,
    );
  });

  ui.post("/self-check", uploadLimit, async (c) => {
    const r = await begin(c);
    const body = await c.req.parseBody({ all: true });
    await checkCsrf(c, body);
    const { report, uploaded } = await runCheck(body);
    // Anonymous and unstored by design: no check row, no document, no audit entry with content.
    return unstoredReportPage(c, r, report, uploaded);
  });

  ui.get("/checks/new", async (c) => {
    const r = await begin(c);
    const s = requireSession(r, c, UPLOAD_ROLES);
    if (s instanceof Response) return s;
    return page(
      c,
      r.ctx,
      r.t.uploadTitle,
      <>
        <h1>{r.t.uploadTitle}</h1>
        <UploadForm r={r} action="/checks" showStore={true} storeDefault={s.role !== "vendor"} />
      </>,
    );
  });

  ui.post("/checks", uploadLimit, async (c) => {
    const r = await begin(c);
    const s = requireSession(r, c, UPLOAD_ROLES);
    if (s instanceof Response) return s;
    const body = await c.req.parseBody({ all: true });
    await checkCsrf(c, body);
    const { report, uploaded, profile } = await runCheck(body);
    const id = await recordCheck(deps, actorOf(s), { profile, report, uploaded, store: body.store === "true" });
    if (id === null) return unstoredReportPage(c, r, report, uploaded);
    const location = `/checks/${encodeURIComponent(id)}`;
    if (c.req.header(UPLOAD_HEADER)) return c.body(null, 200, { "X-Contractwijzer-Location": location });
    return c.redirect(location, 303);
  });

  // ---------- stored checks ----------

  async function ownedCheck(s: Session, id: string): Promise<StoredCheck> {
    const check = await store.checks.get(s.orgId, id);
    if (!check) throw new UiError(404, "notFound");
    return check;
  }

  ui.get("/checks", async (c) => {
    const r = await begin(c);
    const s = requireSession(r, c, HISTORY_ROLES);
    if (s instanceof Response) return s;
    const { t, ctx } = r;
    const cursor = c.req.query("cursor") ?? null;
    const list = await store.checks.list(s.orgId, { limit: 25, cursor });
    return page(
      c,
      ctx,
      t.historyTitle,
      <>
        <h1>{t.historyTitle}</h1>
        {list.items.length === 0 ? (
          <p>{t.historyEmpty}</p>
        ) : (
          <>
            <form method="get" action="/checks/compare" class="cw-no-print">
              <fieldset class={`${FIELDSET} cw-filters`}>
                <legend>{t.compareTitle}</legend>
                <div class="cw-field">
                  <label for="cmp-a">{t.compareA}</label>
                  <select class={SELECT} id="cmp-a" name="a" required>
                    {list.items.map((x, i) => (
                      <option value={x.id} selected={i === 1 || list.items.length === 1}>
                        {x.name} · {x.createdAt.slice(0, 16).replace("T", " ")}
                      </option>
                    ))}
                  </select>
                </div>
                <div class="cw-field">
                  <label for="cmp-b">{t.compareB}</label>
                  <select class={SELECT} id="cmp-b" name="b" required>
                    {list.items.map((x, i) => (
                      <option value={x.id} selected={i === 0}>
                        {x.name} · {x.createdAt.slice(0, 16).replace("T", " ")}
                      </option>
                    ))}
                  </select>
                </div>
                <div class="cw-field">
                  <button type="submit" class={BUTTON_PRIMARY}>
                    {t.compareButton}
                  </button>
                </div>
              </fieldset>
            </form>
            <table class={TABLE}>
              <caption class="cw-visually-hidden">{t.historyTitle}</caption>
              <thead class={TABLE_HEADER}>
                <tr class={TABLE_ROW}>
                  <th class={TABLE_HEADER_CELL} scope="col">{t.name}</th>
                  <th class={TABLE_HEADER_CELL} scope="col">{t.date}</th>
                  <th class={TABLE_HEADER_CELL} scope="col">{t.result}</th>
                </tr>
              </thead>
              <tbody class={TABLE_BODY}>
                {list.items.map((x) => (
                  <tr class={TABLE_ROW} data-check={x.id}>
                    <td class={TABLE_CELL}>
                      <a href={`/checks/${encodeURIComponent(x.id)}`}>{x.name}</a>
                    </td>
                    <td class={TABLE_CELL}>
                      <time datetime={x.createdAt}>{x.createdAt.slice(0, 16).replace("T", " ")}</time>
                    </td>
                    <td class={TABLE_CELL}>
                      <span class={`cw-result cw-result--${x.result}`}>{RESULT_LABEL[ctx.lang][x.result]}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {list.nextCursor ? (
              <p>
                <a href={`/checks?cursor=${encodeURIComponent(list.nextCursor)}`}>{t.nextPage}</a>
              </p>
            ) : null}
          </>
        )}
      </>,
    );
  });

  ui.get("/checks/compare", async (c) => {
    const r = await begin(c);
    const s = requireSession(r, c, HISTORY_ROLES);
    if (s instanceof Response) return s;
    const { t, ctx } = r;
    const a = await ownedCheck(s, c.req.query("a") ?? "");
    const b = await ownedCheck(s, c.req.query("b") ?? "");
    const before = new Map(a.report.findings.map((f) => [f.requirement, f]));
    const after = new Map(b.report.findings.map((f) => [f.requirement, f]));
    const ids = [...new Set([...before.keys(), ...after.keys()])];
    const changed = ids.filter((id) => before.get(id)?.verdict !== after.get(id)?.verdict);
    const label = (v: Verdict | undefined) => (v ? VERDICT_LABEL[ctx.lang][v] : "—");
    return page(
      c,
      ctx,
      t.compareTitle,
      <>
        <h1>{t.compareTitle}</h1>
        <dl class="cw-meta">
          <dt>{t.compareA}</dt>
          <dd>
            <a href={`/checks/${encodeURIComponent(a.id)}`}>{a.name}</a> ({a.createdAt.slice(0, 16).replace("T", " ")},{" "}
            {RESULT_LABEL[ctx.lang][a.result]})
          </dd>
          <dt>{t.compareB}</dt>
          <dd>
            <a href={`/checks/${encodeURIComponent(b.id)}`}>{b.name}</a> ({b.createdAt.slice(0, 16).replace("T", " ")},{" "}
            {RESULT_LABEL[ctx.lang][b.result]})
          </dd>
        </dl>
        <h2 id="changed-heading">{changed.length ? t.compareChanged(changed.length) : t.compareNone}</h2>
        {changed.length ? (
          <table class={TABLE} aria-labelledby="changed-heading">
            <thead class={TABLE_HEADER}>
              <tr class={TABLE_ROW}>
                <th class={TABLE_HEADER_CELL} scope="col">{t.requirement}</th>
                <th class={TABLE_HEADER_CELL} scope="col">{t.before}</th>
                <th class={TABLE_HEADER_CELL} scope="col">{t.after}</th>
              </tr>
            </thead>
            <tbody class={TABLE_BODY}>
              {changed.map((id) => {
                const x = before.get(id);
                const y = after.get(id);
                return (
                  <tr class={TABLE_ROW} data-requirement={id}>
                    <th class={TABLE_HEADER_CELL} scope="row">
                      {(y ?? x)?.title ?? id} <code>{id}</code>
                    </th>
                    <td class={TABLE_CELL}>
                      <span class={`cw-verdict cw-verdict--${x?.verdict ?? ""}`}>{label(x?.verdict)}</span>
                    </td>
                    <td class={TABLE_CELL}>
                      <span class={`cw-verdict cw-verdict--${y?.verdict ?? ""}`}>{label(y?.verdict)}</span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : null}
      </>,
    );
  });

  ui.get("/checks/:id", async (c) => {
    const r = await begin(c);
    const s = requireSession(r, c);
    if (s instanceof Response) return s;
    const { t, ctx } = r;
    const check = await ownedCheck(s, c.req.param("id"));
    const id = encodeURIComponent(check.id);
    const report = check.report;
    await store.audit.append(actorOf(s), { action: "download", target: check.id, detail: { what: "report", via: "ui" } });
    const evidenceHref = (e: Evidence) => `/checks/${id}/documents/${e.document}?at=${e.start}-${e.end}#${spanId(e.document, e)}`;
    return page(
      c,
      ctx,
      `${t.reportTitle}: ${report.document.name}`,
      <>
        <h1>
          {t.reportTitle}: {report.document.name}
        </h1>
        <ReportView
          lang={ctx.lang}
          report={report}
          playbook={playbook}
          filters={readFilters(new URLSearchParams(new URL(c.req.url).search))}
          action={ctx.path}
          evidenceHref={evidenceHref}
          actions={
            <div class="cw-actions cw-no-print">
              {templates ? (
                <a class={LINK_BUTTON_PRIMARY} href={`/checks/${id}/annex`}>
                  {t.annexLink}
                </a>
              ) : null}
              {report.documents.map((d, i) => (
                <a class={LINK_BUTTON_SECONDARY} href={`/checks/${id}/documents/${i}`}>
                  {t.textTitle}: {d.name}
                </a>
              ))}
            </div>
          }
        />
      </>,
    );
  });

  ui.get("/checks/:id/documents/:n", async (c) => {
    const r = await begin(c);
    const s = requireSession(r, c);
    if (s instanceof Response) return s;
    const { t, ctx } = r;
    const check = await ownedCheck(s, c.req.param("id"));
    const n = Number(c.req.param("n"));
    const documents = await store.checks.documents(s.orgId, check.id);
    const doc = documents.find((d) => d.position === n);
    if (!Number.isInteger(n) || !doc) throw new UiError(404, "notFound");
    // The text is not stored; parsing the stored bytes again gives the same text, so the offsets
    // hold. Recently viewed documents are kept parsed (src/http/parsed-cache.ts).
    const reparse = async () => {
      const bytes = await store.checks.documentBytes(s.orgId, doc.id);
      if (!bytes) throw new UiError(404, "notFound");
      return parsers.parseDocument(bytes, { name: doc.name, maxBytes: Math.max(config.maxUploadBytes, bytes.length), timeoutMs: config.parseTimeoutMs });
    };
    const parsed = deps.parsedDocuments ? await deps.parsedDocuments.through(s.orgId, check.id, n, reparse) : await reparse();
    const spans = evidenceSpans(check.report, n);
    const at = /^(\d+)-(\d+)$/.exec(c.req.query("at") ?? "");
    const current: Span | null = at ? spans.find((x) => x.start === Number(at[1]) && x.end === Number(at[2])) ?? null : null;
    const currentEvidence = current
      ? check.report.findings.flatMap((f) => f.evidence.map((e) => ({ f, e }))).find(({ e }) => e.document === n && e.start === current.start && e.end === current.end)
      : undefined;
    const reportHref = `/checks/${encodeURIComponent(check.id)}`;
    return page(
      c,
      ctx,
      `${t.textTitle}: ${doc.name}`,
      <>
        <h1>
          {t.textTitle}: {doc.name}
        </h1>
        <p class="cw-no-print">
          <a href={currentEvidence ? `${reportHref}#finding-${currentEvidence.f.requirement}` : reportHref}>{t.backToReport}</a>
        </p>
        {current && currentEvidence ? (
          <p class="cw-current-note" role="note">
            <strong>{t.currentPassage}:</strong> <span lang={check.report.lang}>{currentEvidence.f.title}</span>
            {currentEvidence.e.section ? ` · ${t.section} ${currentEvidence.e.section}` : ""}
            {currentEvidence.e.page !== null ? ` · ${t.page} ${currentEvidence.e.page}` : ""} ·{" "}
            <a href={`#${spanId(n, current)}`}>{t.open}</a>
          </p>
        ) : null}
        <p>{t.textIntro}</p>
        <DocumentTextView lang={ctx.lang} docIndex={n} docName={doc.name} docLang={parsed.language} blocks={viewBlocks(parsed.text, parsed.blocks, spans)} current={current} />
      </>,
    );
  });

  // ---------- annex and redline ----------

  /** Template variables of the requirements that need a clause, common party names first. */
  function annexVariables(report: Report, lang: Language): { requirement: Requirement | null; variables: TemplateVariable[] }[] {
    const needing = report.findings.filter((f) => f.verdict === "partial" || f.verdict === "conflicting" || f.verdict === "missing");
    const groups: { requirement: Requirement | null; variables: TemplateVariable[] }[] = [];
    const first = needing.map((f) => playbook.byId.get(f.requirement)).find((x): x is Requirement => !!x);
    if (first) groups.push({ requirement: null, variables: resolveTemplateVariables(first, lang).filter((v) => (COMMON_VARIABLES as readonly string[]).includes(v.name)) });
    for (const f of needing) {
      const requirement = playbook.byId.get(f.requirement);
      if (!requirement) continue;
      const own = resolveTemplateVariables(requirement, lang).filter((v) => !(COMMON_VARIABLES as readonly string[]).includes(v.name));
      if (own.length) groups.push({ requirement, variables: own });
    }
    return groups;
  }

  /** Non-empty `p:<name>` fields (`p:customer`, `p:<requirement>.<name>`) as template overrides. */
  function paramsFromQuery(query: URLSearchParams): Record<string, ParamValue> {
    const out: Record<string, ParamValue> = {};
    for (const [key, value] of query) if (key.startsWith("p:") && value.trim() !== "") out[key.slice(2)] = value.trim();
    return out;
  }

  /** `lang`: the UI's language; `textLang`: the language of the variable's description. */
  function ParamField(props: { name: string; variable: TemplateVariable; value: string | undefined; lang: Language; textLang: Language }) {
    const { name, variable: v, value, lang, textLang } = props;
    const id = `p-${name.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
    return (
      <div class="cw-field">
        <label for={id}>{v.name}</label>
        <p class="cw-help" id={`${id}-help`}>
          <span lang={textLang}>{v.description}</span> ({lang === "nl" ? "standaard" : "default"}: <span lang={textLang}>{String(v.default)}</span>)
        </p>
        {v.type === "boolean" ? (
          <select class={SELECT} id={id} name={`p:${name}`} aria-describedby={`${id}-help`}>
            <option value="">—</option>
            <option value="true" selected={value === "true"}>
              {UI_TEXT[lang].yes}
            </option>
            <option value="false" selected={value === "false"}>
              {UI_TEXT[lang].no}
            </option>
          </select>
        ) : (
          <input
            class={TEXTBOX}
            type={v.type === "string" ? "text" : "number"}
            step={v.type === "number" ? "any" : undefined}
            id={id}
            name={`p:${name}`}
            value={value ?? ""}
            placeholder={String(v.default)}
            aria-describedby={`${id}-help`}
          />
        )}
      </div>
    );
  }

  ui.get("/checks/:id/annex", async (c) => {
    const r = await begin(c);
    const s = requireSession(r, c);
    if (s instanceof Response) return s;
    const { t, ctx } = r;
    if (!templates) throw new ContractwijzerError("E_INTERNAL", "clause generation is not available in this deployment");
    const check = await ownedCheck(s, c.req.param("id"));
    const report = check.report;
    const query = new URLSearchParams(new URL(c.req.url).search);
    const clauseLang: Language = query.get("clauses") === "nl" || query.get("clauses") === "en" ? (query.get("clauses") as Language) : report.lang;
    const params = paramsFromQuery(query);
    const format = query.get("format");
    const documents = await store.checks.documents(s.orgId, check.id);
    const docx = documents.find((d) => d.format === "docx");
    let error: string | null = null;
    if (format === "docx" || format === "md" || (format === "redline" && docx)) {
      try {
        const clauses = generateClauses(report, playbook, templates, { lang: clauseLang, params });
        let bytes: Uint8Array;
        let type: string;
        let filename: string;
        const short = check.id.slice(0, 8);
        if (format === "md") {
          bytes = new TextEncoder().encode(renderAnnexMarkdown(clauses, report, { lang: clauseLang }));
          type = "text/markdown; charset=utf-8";
          filename = `clauses-${short}-${clauseLang}.md`;
        } else if (format === "docx") {
          bytes = await renderAnnexDocx(clauses, report, { lang: clauseLang });
          type = DOCX_TYPE;
          filename = `clauses-${short}-${clauseLang}.docx`;
        } else {
          const original = docx ? await store.checks.documentBytes(s.orgId, docx.id) : null;
          if (!docx || !original) throw new UiError(404, "notFound");
          bytes = await redlineDocx(original, report, clauses, { lang: clauseLang, date: clock(), document: docx.position });
          type = DOCX_TYPE;
          filename = `redline-${short}-${clauseLang}.docx`;
        }
        await store.audit.append(actorOf(s), { action: "download", target: check.id, detail: { what: format, lang: clauseLang, params: Object.keys(params), via: "ui" } });
        return new Response(bytes as Uint8Array<ArrayBuffer>, {
          status: 200,
          headers: { "Content-Type": type, "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "no-store" },
        });
      } catch (e) {
        if (!isContractwijzerError(e) || e.code !== "E_TEMPLATE_PARAM") throw e;
        error = e.message;
      }
    }
    const groups = annexVariables(report, clauseLang);
    const needed = report.findings.filter((f) => f.verdict === "partial" || f.verdict === "conflicting" || f.verdict === "missing").length;
    return page(
      c,
      ctx,
      t.annexTitle,
      <>
        <h1>{t.annexTitle}</h1>
        <p>
          <a href={`/checks/${encodeURIComponent(check.id)}`}>{t.backToReport}</a>: {report.document.name}
        </p>
        {error ? <ErrorAlert message={error} /> : null}
        {needed === 0 ? <p>{t.noClauses}</p> : <p>{t.annexIntro}</p>}
        <form method="get" action={`/checks/${encodeURIComponent(check.id)}/annex`}>
          <div class="cw-field">
            <label for="clauses-lang">{t.annexLang}</label>
            <select class={SELECT} id="clauses-lang" name="clauses">
              <option value="nl" lang="nl" selected={clauseLang === "nl"}>
                Nederlands
              </option>
              <option value="en" lang="en" selected={clauseLang === "en"}>
                English
              </option>
            </select>
          </div>
          {groups.map((g) => (
            <fieldset class={FIELDSET}>
              <legend lang={g.requirement ? clauseLang : undefined}>{g.requirement ? g.requirement.title[clauseLang] : t.commonParams}</legend>
              {g.variables.map((v) => {
                const name = g.requirement ? `${g.requirement.id}.${v.name}` : v.name;
                return <ParamField name={name} variable={v} value={query.get(`p:${name}`) ?? undefined} lang={ctx.lang} textLang={clauseLang} />;
              })}
            </fieldset>
          ))}
          <div class="cw-actions">
            <button type="submit" class={BUTTON_PRIMARY} name="format" value="docx">
              {t.downloadDocx}
            </button>
            <button type="submit" class={BUTTON_SECONDARY} name="format" value="md">
              {t.downloadMd}
            </button>
            {docx ? (
              <button type="submit" class={BUTTON_SECONDARY} name="format" value="redline" aria-describedby="redline-help">
                {t.downloadRedline}
              </button>
            ) : null}
          </div>
          {docx ? (
            <p class="cw-help" id="redline-help">
              {t.redlineHelp}
            </p>
          ) : null}
        </form>
      </>,
      error ? 400 : 200,
    );
  });

  // ---------- clause library ----------

  ui.get("/library", async (c) => {
    const r = await begin(c);
    const s = requireSession(r, c);
    if (s instanceof Response) return s;
    const { t, ctx } = r;
    const byTheme = new Map<string, Requirement[]>();
    for (const req of playbook.requirements) byTheme.set(req.theme, [...(byTheme.get(req.theme) ?? []), req]);
    const themes = [...byTheme.keys()].sort((a, b) => themeTitle(a, ctx.lang).localeCompare(themeTitle(b, ctx.lang), ctx.lang));
    return page(
      c,
      ctx,
      t.libraryTitle,
      <>
        <h1>{t.libraryTitle}</h1>
        <p>{t.libraryIntro}</p>
        {!templates ? <ErrorAlert message="E_INTERNAL: clause generation is not available in this deployment" /> : null}
        <nav aria-labelledby="themes-heading" class="cw-no-print">
          <h2 id="themes-heading">{t.theme}</h2>
          <ul>
            {themes.map((th) => (
              <li>
                <a href={`#theme-${th}`}>{themeTitle(th, ctx.lang)}</a> ({byTheme.get(th)?.length})
              </li>
            ))}
          </ul>
        </nav>
        {themes.map((th) => (
          <section aria-labelledby={`theme-${th}`}>
            <h2 id={`theme-${th}`}>{themeTitle(th, ctx.lang)}</h2>
            <ul>
              {(byTheme.get(th) ?? []).map((req) => (
                <li>
                  <a href={`/library/${encodeURIComponent(req.id)}`}>{req.title[ctx.lang]}</a> <code>{req.id}</code> · {summaryText(req, ctx.lang)}
                </li>
              ))}
            </ul>
          </section>
        ))}
      </>,
    );
  });

  ui.get("/library/:id", async (c) => {
    const r = await begin(c);
    const s = requireSession(r, c);
    if (s instanceof Response) return s;
    const { t, ctx } = r;
    if (!templates) throw new ContractwijzerError("E_INTERNAL", "clause generation is not available in this deployment");
    const requirement = playbook.byId.get(c.req.param("id"));
    if (!requirement) throw new UiError(404, "notFound");
    const query = new URLSearchParams(new URL(c.req.url).search);
    const params = paramsFromQuery(query);
    let error: string | null = null;
    const render = (lang: Language) => {
      try {
        return generateLibraryClause(requirement, templates, lang, params);
      } catch (e) {
        if (!isContractwijzerError(e) || e.code !== "E_TEMPLATE_PARAM") throw e;
        error = e.message;
        return generateLibraryClause(requirement, templates, lang, {});
      }
    };
    const clauses = { nl: render("nl"), en: render("en") };
    const download = /^(md|docx)-(nl|en)$/.exec(query.get("download") ?? "");
    if (download && !error) {
      const lang = download[2] as Language;
      const clause = clauses[lang];
      await store.audit.append(actorOf(s), { action: "download", target: requirement.id, detail: { what: `library.${download[1]}`, lang, via: "ui" } });
      if (download[1] === "md")
        return c.body(renderLibraryClauseMarkdown(requirement, clause), 200, {
          "Content-Type": "text/markdown; charset=utf-8",
          "Content-Disposition": `attachment; filename="${requirement.id}-${lang}.md"`,
        });
      const bytes = await renderLibraryClauseDocx(requirement, clause);
      return new Response(bytes as Uint8Array<ArrayBuffer>, {
        status: 200,
        headers: { "Content-Type": DOCX_TYPE, "Content-Disposition": `attachment; filename="${requirement.id}-${lang}.docx"` },
      });
    }
    const variables = resolveTemplateVariables(requirement, ctx.lang);
    return page(
      c,
      ctx,
      requirement.title[ctx.lang],
      <>
        <p class="cw-no-print">
          <a href={`/library#theme-${requirement.theme}`}>{t.libraryTitle}</a> › {themeTitle(requirement.theme, ctx.lang)}
        </p>
        <h1>{requirement.title[ctx.lang]}</h1>
        <p>{summaryText(requirement, ctx.lang)}</p>
        {error ? <ErrorAlert message={error} /> : null}
        <h2>{t.preview}</h2>
        <div class="cw-columns">
          {(["nl", "en"] as const).map((lang) => (
            <section aria-labelledby={`preview-${lang}`} lang={lang}>
              <h3 id={`preview-${lang}`}>{lang === "nl" ? "Nederlands" : "English"}</h3>
              <h4>{clauses[lang].title}</h4>
              <ol>
                {clauses[lang].paragraphs.map((p) => (
                  <li class="cw-clause-paragraph">{p}</li>
                ))}
              </ol>
              <p>
                <em>{clauses[lang].source}</em>
              </p>
            </section>
          ))}
        </div>
        <form method="get" action={`/library/${encodeURIComponent(requirement.id)}`}>
          <fieldset class={FIELDSET}>
            <legend>{t.paramsLegend}</legend>
            {variables.map((v) => (
              <ParamField name={v.name} variable={v} value={query.get(`p:${v.name}`) ?? undefined} lang={ctx.lang} textLang={ctx.lang} />
            ))}
          </fieldset>
          <div class="cw-actions">
            <button type="submit" class={BUTTON_PRIMARY}>
              {t.update}
            </button>
            {(["nl", "en"] as const).map((lang) => (
              <>
                <button type="submit" class={BUTTON_SECONDARY} name="download" value={`docx-${lang}`}>
                  {t.downloadDocx} ({lang === "nl" ? t.dutch : t.english})
                </button>
                <button type="submit" class={BUTTON_SECONDARY} name="download" value={`md-${lang}`}>
                  {t.downloadMd} ({lang === "nl" ? t.dutch : t.english})
                </button>
              </>
            ))}
          </div>
        </form>
      </>,
      error ? 400 : 200,
    );
  });

  app.route("/", ui);
}

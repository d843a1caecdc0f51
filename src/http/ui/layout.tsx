/** The page frame: language, skip link, landmarks, navigation, disclaimer. */
import type { Child } from "hono/jsx";
import type { Language } from "../../parse/types.js";
import { ROLE_LABEL, UI_TEXT } from "./i18n.js";
import { CSRF_FIELD } from "./session.js";

export interface PageContext {
  lang: Language;
  /** Path and query of this request, for the language switch and the current navigation item. */
  path: string;
  search: URLSearchParams;
  csrf: string;
  user: { orgName: string; role: string } | null;
  /** Which stylesheets are available (the Rijkshuisstijl ones only when the entry passed them in). */
  stylesheets: string[];
}

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={token} />;
}

function langHref(ctx: PageContext, lang: Language): string {
  const params = new URLSearchParams(ctx.search);
  params.set("lang", lang);
  return `${ctx.path}?${params.toString()}`;
}

export function Layout({ ctx, title, children }: { ctx: PageContext; title: string; children?: Child }) {
  const t = UI_TEXT[ctx.lang];
  const nav: { href: string; label: string; show: boolean }[] = [
    { href: "/", label: t.navHome, show: true },
    { href: "/checks/new", label: t.navNew, show: ctx.user !== null && ctx.user.role !== "admin" },
    { href: "/checks", label: t.navHistory, show: ctx.user !== null && (ctx.user.role === "officer" || ctx.user.role === "legal") },
    { href: "/library", label: t.navLibrary, show: ctx.user !== null },
    { href: "/self-check", label: t.navSelfCheck, show: true },
    { href: "/sign-in", label: t.navSignIn, show: ctx.user === null },
  ];
  const isCurrent = (href: string) => (href === "/" ? ctx.path === "/" : ctx.path === href);
  return (
    <html lang={ctx.lang} class={ctx.stylesheets.some((s) => s.includes("/rhc-")) ? "cw-rhc" : undefined}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${t.appName}`}</title>
        {ctx.stylesheets.map((href) => (
          <link rel="stylesheet" href={href} />
        ))}
        <script src="/assets/upload.js" defer />
      </head>
      <body class="utrecht-document utrecht-document--surface">
        <a class="nl-skip-link" href="#main">
          {t.skip}
        </a>
        <header class="cw-header">
          <div class="cw-wrap">
            <div class="cw-header__top">
              <a class="cw-brand" href="/">
                {t.appName}
              </a>
              <div class="cw-lang">
                {ctx.user ? (
                  <>
                    <span>{t.signedInAs(ctx.user.orgName, ROLE_LABEL[ctx.lang][ctx.user.role] ?? ctx.user.role)}</span>
                    <form class="cw-inline-form" method="post" action="/sign-out">
                      <CsrfField token={ctx.csrf} />
                      <button type="submit" class="cw-linkbutton">
                        {t.navSignOut}
                      </button>
                    </form>
                  </>
                ) : null}
                <nav aria-label={t.langSwitch}>
                  <a href={langHref(ctx, "nl")} lang="nl" hreflang="nl" aria-current={ctx.lang === "nl" ? "true" : undefined}>
                    Nederlands
                  </a>{" "}
                  <a href={langHref(ctx, "en")} lang="en" hreflang="en" aria-current={ctx.lang === "en" ? "true" : undefined}>
                    English
                  </a>
                </nav>
              </div>
            </div>
            <nav class="cw-nav" aria-label={t.mainNav}>
              <ul>
                {nav
                  .filter((n) => n.show)
                  .map((n) => (
                    <li>
                      <a href={n.href} aria-current={isCurrent(n.href) ? "page" : undefined}>
                        {n.label}
                      </a>
                    </li>
                  ))}
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" tabindex={-1} class="cw-wrap">
          {children}
        </main>
        <footer class="cw-footer">
          <div class="cw-wrap">
            <p class="cw-disclaimer" role="note">
              {t.disclaimer}
            </p>
            <p>
              <a href="/openapi.json">{t.footerApi}</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}

export function ErrorAlert({ message }: { message: string }) {
  return (
    <div class="cw-alert cw-alert--error" role="alert">
      <p>{message}</p>
    </div>
  );
}

/** The report: result, counts, filters, findings by theme (worst first), evidence with links into the text. */
import { groupByTheme, VERDICT_LABEL } from "../../check/format.js";
import type { Evidence, Finding, Report } from "../../check/types.js";
import { formatLocation, formatSources, SEVERITY_LABELS } from "../../generate/labels.js";
import { themeTitle } from "../../generate/themes.js";
import type { Language } from "../../parse/types.js";
import { PROFILE_FACTS, SEVERITIES, type Severity, VERDICTS, type Verdict } from "../../playbook/schema.js";
import type { Playbook } from "../../playbook/types.js";
import { type Span, spanId, type ViewBlock } from "./highlight.js";
import { PROFILE_TEXT, RESULT_LABEL, UI_TEXT } from "./i18n.js";
import { BUTTON_PRIMARY, FIELDSET, SELECT } from "./classes.js";

export interface ReportFilters {
  verdict: Verdict | null;
  theme: string | null;
  severity: Severity | null;
}

export function readFilters(query: URLSearchParams): ReportFilters {
  const verdict = query.get("verdict");
  const severity = query.get("severity");
  const theme = query.get("theme");
  return {
    verdict: (VERDICTS as readonly string[]).includes(verdict ?? "") ? (verdict as Verdict) : null,
    severity: (SEVERITIES as readonly string[]).includes(severity ?? "") ? (severity as Severity) : null,
    theme: theme && /^[a-z0-9-]+$/.test(theme) ? theme : null,
  };
}

export function applyFilters(findings: Finding[], f: ReportFilters): Finding[] {
  return findings.filter(
    (x) => (!f.verdict || x.verdict === f.verdict) && (!f.theme || x.theme === f.theme) && (!f.severity || x.severity === f.severity),
  );
}

function evidenceLocation(e: Evidence, report: Report, t: (typeof UI_TEXT)[Language]): string {
  const parts: string[] = [];
  if (report.documents.length > 1) parts.push(report.documents[e.document]?.name ?? "");
  const where = formatLocation({ section: e.section, heading: e.heading, page: null });
  if (where) parts.push(where);
  if (e.page !== null) parts.push(`${t.page} ${e.page}`);
  return parts.filter(Boolean).join(", ");
}

export interface ReportViewProps {
  lang: Language;
  report: Report;
  playbook: Playbook;
  filters: ReportFilters;
  /** Where the filter form submits (this page). */
  action: string;
  /** Link that opens the text view at one evidence span. */
  evidenceHref: (e: Evidence) => string;
  /** Extra actions under the summary (annex, print). */
  actions?: unknown;
}

export function ReportView({ lang, report, playbook, filters, action, evidenceHref, actions }: ReportViewProps) {
  const t = UI_TEXT[lang];
  const rlang = report.lang;
  const shown = applyFilters(report.findings, filters);
  const themes = [...new Set(report.findings.map((f) => f.theme))].sort((a, b) => themeTitle(a, lang).localeCompare(themeTitle(b, lang)));
  return (
    <>
      <section aria-labelledby="summary-heading">
        <h2 id="summary-heading">{t.result}</h2>
        <p>
          <span class={`cw-result cw-result--${report.result}`} data-result={report.result}>
            {RESULT_LABEL[lang][report.result]}
          </span>
        </p>
        <p class="cw-disclaimer" role="note" lang={rlang}>
          {report.disclaimer}
        </p>
        <h3>{t.counts}</h3>
        <ul class="cw-counts">
          {VERDICTS.map((v) => (
            <li data-verdict={v}>
              <span class={`cw-verdict cw-verdict--${v}`}>{VERDICT_LABEL[lang][v]}</span>: <strong>{report.counts[v] ?? 0}</strong>
            </li>
          ))}
        </ul>
        <dl class="cw-meta">
          <dt>{t.documents}</dt>
          <dd>{report.documents.map((d) => `${d.name} (${d.format.toUpperCase()}${d.pages ? `, ${d.pages} p.` : ""})`).join(" + ")}</dd>
          <dt>{t.playbook}</dt>
          <dd>
            <code>{report.playbook.version}</code>
          </dd>
          <dt>{t.checkedAt}</dt>
          <dd>
            <time datetime={report.checkedAt}>{report.checkedAt.replace("T", " ").slice(0, 16)} UTC</time>
          </dd>
        </dl>
        <h3>{t.profileTitle}</h3>
        <ul>
          {PROFILE_FACTS.map((fact) => {
            const entry = report.profile[fact];
            const from = entry.from === "given" ? t.given : entry.from === "detected" ? t.detected : t.byDefault;
            return (
              <li>
                {PROFILE_TEXT[lang][fact].label}: <strong>{entry.value ? t.yes : t.no}</strong> ({from})
              </li>
            );
          })}
        </ul>
        {actions}
      </section>

      <form method="get" action={action} class="cw-no-print">
        <fieldset class={`${FIELDSET} cw-filters`}>
          <legend>{t.filterLegend}</legend>
          <div class="cw-field">
            <label for="f-verdict">{t.verdict}</label>
            <select class={SELECT} id="f-verdict" name="verdict">
              <option value="">{t.all}</option>
              {VERDICTS.map((v) => (
                <option value={v} selected={filters.verdict === v}>
                  {VERDICT_LABEL[lang][v]} ({report.counts[v] ?? 0})
                </option>
              ))}
            </select>
          </div>
          <div class="cw-field">
            <label for="f-theme">{t.theme}</label>
            <select class={SELECT} id="f-theme" name="theme">
              <option value="">{t.all}</option>
              {themes.map((th) => (
                <option value={th} selected={filters.theme === th}>
                  {themeTitle(th, lang)}
                </option>
              ))}
            </select>
          </div>
          <div class="cw-field">
            <label for="f-severity">{t.severity}</label>
            <select class={SELECT} id="f-severity" name="severity">
              <option value="">{t.all}</option>
              {SEVERITIES.map((s) => (
                <option value={s} selected={filters.severity === s}>
                  {SEVERITY_LABELS[lang][s]}
                </option>
              ))}
            </select>
          </div>
          <div class="cw-field">
            <button type="submit" class={BUTTON_PRIMARY}>
              {t.filter}
            </button>
          </div>
        </fieldset>
      </form>

      <section aria-labelledby="findings-heading">
        <h2 id="findings-heading">{t.showing(shown.length, report.findings.length)}</h2>
        {groupByTheme(shown).map((group) => (
          <section class="cw-theme" aria-labelledby={`theme-${group.theme}`} data-theme={group.theme}>
            <h3 id={`theme-${group.theme}`}>{themeTitle(group.theme, lang)}</h3>
            {group.findings.map((f) => (
              <FindingView lang={lang} rlang={rlang} finding={f} report={report} playbook={playbook} evidenceHref={evidenceHref} />
            ))}
          </section>
        ))}
      </section>
    </>
  );
}

function FindingView(props: {
  lang: Language;
  rlang: Language;
  finding: Finding;
  report: Report;
  playbook: Playbook;
  evidenceHref: (e: Evidence) => string;
}) {
  const { lang, rlang, finding: f, report, playbook, evidenceHref } = props;
  const t = UI_TEXT[lang];
  const requirement = playbook.byId.get(f.requirement);
  const sources = requirement ? formatSources(requirement.sources, lang) : null;
  return (
    <article class={`cw-finding cw-finding--${f.verdict}`} id={`finding-${f.requirement}`} data-requirement={f.requirement} data-verdict={f.verdict}>
      <h4 lang={rlang}>{f.title}</h4>
      <dl class="cw-meta">
        <dt>{t.verdict}</dt>
        <dd>
          <span class={`cw-verdict cw-verdict--${f.verdict}`}>{VERDICT_LABEL[lang][f.verdict]}</span>
        </dd>
        <dt>{t.severity}</dt>
        <dd>{SEVERITY_LABELS[lang][f.severity]}</dd>
        <dt>{t.requirement}</dt>
        <dd>
          <code>{f.requirement}</code>
        </dd>
      </dl>
      <p lang={rlang}>
        <span class="cw-visually-hidden">{t.explanation}: </span>
        {f.explanation}
      </p>
      {sources ? (
        <p>
          <strong>{t.source}:</strong> {sources}
        </p>
      ) : null}
      {f.evidence.length > 0 ? (
        f.evidence.map((e) => {
          const where = evidenceLocation(e, report, t);
          return (
            <blockquote class="cw-quote" data-role={e.role}>
              <p>{e.quote}</p>
              <footer>
                {where ? `${where} · ` : ""}
                <a href={evidenceHref(e)} data-evidence-link="">
                  {t.openInText}
                  <span class="cw-visually-hidden">
                    {" "}
                    ({f.title}
                    {where ? `, ${where}` : ""})
                  </span>
                </a>
              </footer>
            </blockquote>
          );
        })
      ) : (
        <p>
          <em>{t.noEvidence}</em>
        </p>
      )}
    </article>
  );
}

/** One document's text with the evidence spans as <mark id>; `current` is the span the link pointed at. */
export function DocumentTextView(props: {
  lang: Language;
  docIndex: number;
  docName: string;
  docLang: Language;
  blocks: ViewBlock[];
  current: Span | null;
}) {
  const { lang, docIndex, docName, docLang, blocks, current } = props;
  const t = UI_TEXT[lang];
  let lastLoc = "";
  const isCurrent = (s: Span) => current !== null && s.start === current.start && s.end === current.end;
  return (
    <section class="cw-text" aria-label={`${t.textTitle}: ${docName}`} lang={docLang} data-document={docIndex}>
      {blocks.map((b) => {
        const locParts = [b.section ? formatLocation({ section: b.section, heading: null, page: null }) : "", b.page !== null ? `${t.page} ${b.page}` : ""].filter(Boolean);
        const loc = locParts.join(" · ");
        const showLoc = loc !== "" && loc !== lastLoc;
        lastLoc = loc;
        return (
          <div class={`cw-block cw-block--${b.kind}`} data-start={b.start}>
            {showLoc ? (
              <span class="cw-loc" lang={lang}>
                {loc}
              </span>
            ) : null}
            {b.runs.map((run) => {
              if (run.covering.length === 0) return run.text;
              const [first, ...others] = run.starting;
              const cur = run.covering.some(isCurrent);
              return (
                <>
                  {others.map((s) => (
                    <span class="cw-anchor" id={spanId(docIndex, s)} />
                  ))}
                  <mark id={first ? spanId(docIndex, first) : undefined} class={cur ? "cw-current" : undefined} data-section={b.section ?? undefined} data-page={b.page ?? undefined}>
                    {run.text}
                  </mark>
                </>
              );
            })}
          </div>
        );
      })}
    </section>
  );
}

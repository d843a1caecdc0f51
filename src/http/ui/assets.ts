/**
 * Static assets of the UI. The NL Design System stylesheets (Rijkshuisstijl community) come
 * from node_modules as strings: the Node entry reads them at start (`readUiAssets`), a Worker
 * bundles them as text modules. Nothing is loaded from a CDN. The UI's own stylesheet and its
 * one small script live here.
 */

/** Package files served under /assets/ (name → package path). */
export const UI_STYLESHEET_FILES = {
  "rhc-tokens.css": "@rijkshuisstijl-community/design-tokens/dist/root.css",
  "rhc-components.css": "@rijkshuisstijl-community/components-css/dist/index.css",
} as const;

export type UiStylesheetName = keyof typeof UI_STYLESHEET_FILES;
export type UiAssets = Partial<Record<UiStylesheetName, string>>;

/** Reads the stylesheets with the runtime's own file reader (Node: `readFile(require.resolve(path))`). */
export async function readUiAssets(read: (packagePath: string) => Promise<string>): Promise<UiAssets> {
  const out: UiAssets = {};
  for (const [name, path] of Object.entries(UI_STYLESHEET_FILES) as [UiStylesheetName, string][]) out[name] = await read(path);
  return out;
}

export const APP_CSS = `
:root { color-scheme: light; }
body { margin: 0; font-family: var(--rhc-text-font-family-default, "RijksoverheidSansWebText", Verdana, sans-serif); color: #1a1a1a; background: #fff; line-height: 1.5; }
.cw-wrap { max-inline-size: 72rem; margin-inline: auto; padding-inline: 1rem; }
.cw-header { background: #154273; color: #fff; }
.cw-header a { color: #fff; }
.cw-header__top { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: .5rem 1rem; padding-block: .75rem; }
.cw-brand { font-size: 1.5rem; font-weight: bold; text-decoration: none; }
.cw-brand:hover, .cw-brand:focus { text-decoration: underline; }
.cw-nav ul { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; list-style: none; margin: 0; padding: 0 0 .75rem; }
.cw-nav a[aria-current="page"] { font-weight: bold; text-decoration-thickness: 3px; }
.cw-lang { display: flex; gap: .75rem; align-items: center; }
.cw-lang a[aria-current="true"] { font-weight: bold; text-decoration: none; }
.cw-inline-form { display: inline; margin: 0; }
.cw-linkbutton { background: none; border: 0; padding: 0; color: inherit; font: inherit; text-decoration: underline; cursor: pointer; }
main { padding-block: 1.5rem 3rem; }
:focus-visible { outline: 3px solid #ffb612; outline-offset: 2px; box-shadow: 0 0 0 5px #1a1a1a; }
a { color: #154273; }
a:hover { text-decoration-thickness: 2px; }
.nl-skip-link { position: absolute; inset-inline-start: 1rem; inset-block-start: -10rem; background: #ffb612; color: #1a1a1a; padding: .5rem 1rem; z-index: 10; }
.nl-skip-link:focus { inset-block-start: .5rem; }
.cw-disclaimer { border-inline-start: 6px solid #ffb612; background: #fff4dc; padding: .75rem 1rem; margin-block: 1rem; }
.cw-footer { border-block-start: 1px solid #cbd5e1; padding-block: 1.5rem; font-size: .95rem; }
.cw-result { display: inline-block; padding: .25rem .75rem; font-weight: bold; border-radius: 4px; border: 2px solid currentColor; }
.cw-result--fail, .cw-verdict--conflicting { color: #a90000; }
.cw-result--review, .cw-verdict--missing, .cw-verdict--partial { color: #7a4100; }
.cw-result--pass, .cw-verdict--satisfied { color: #1d6b1d; }
.cw-verdict--not_applicable { color: #4b5563; }
.cw-verdict { font-weight: bold; text-transform: uppercase; letter-spacing: .02em; }
.cw-counts { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; list-style: none; padding: 0; }
.cw-counts li { border: 1px solid #cbd5e1; padding: .25rem .75rem; border-radius: 4px; }
.cw-filters { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-end; border: 1px solid #cbd5e1; padding: 1rem; margin-block: 1rem; }
.cw-filters legend { font-weight: bold; padding-inline: .25rem; }
.cw-field { display: flex; flex-direction: column; gap: .25rem; margin-block-end: 1rem; }
.cw-field label, .cw-label { font-weight: bold; }
.cw-help { color: #374151; font-size: .95rem; margin: 0; }
.cw-check { display: grid; grid-template-columns: auto 1fr; gap: 0 .5rem; align-items: start; margin-block-end: .75rem; }
.cw-check input { margin-block-start: .35rem; inline-size: 1.25rem; block-size: 1.25rem; }
.cw-check .cw-help { grid-column: 2; }
fieldset { border: 1px solid #cbd5e1; margin-block: 1rem; padding: 1rem; }
legend { font-weight: bold; }
html:not(.cw-rhc) input[type="text"], html:not(.cw-rhc) input[type="password"], html:not(.cw-rhc) input[type="number"], html:not(.cw-rhc) select { min-block-size: 44px; padding-inline: .5rem; border: 2px solid #4b5563; border-radius: 3px; font: inherit; max-inline-size: 100%; box-sizing: border-box; }
.cw-field .utrecht-textbox, .cw-field .utrecht-select { max-inline-size: 40rem; }
input[type="file"] { font: inherit; padding-block: .5rem; }
html:not(.cw-rhc) .cw-button { min-block-size: 44px; padding: .5rem 1.25rem; font: inherit; font-weight: bold; border-radius: 4px; cursor: pointer; border: 2px solid #154273; background: #154273; color: #fff; text-decoration: none; display: inline-flex; align-items: center; }
html:not(.cw-rhc) .cw-button--secondary { background: #fff; color: #154273; }
.cw-actions { display: flex; flex-wrap: wrap; gap: .75rem; margin-block: 1rem; }
.cw-theme { margin-block-start: 2rem; }
.cw-finding { border: 1px solid #cbd5e1; border-inline-start: 6px solid #94a3b8; padding: 1rem; margin-block: 1rem; break-inside: avoid; }
.cw-finding--conflicting { border-inline-start-color: #a90000; }
.cw-finding--missing, .cw-finding--partial { border-inline-start-color: #b45309; }
.cw-finding--satisfied { border-inline-start-color: #1d6b1d; }
.cw-finding h4 { margin: 0 0 .5rem; }
.cw-meta { display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin: 0 0 .5rem; }
.cw-meta dt { font-weight: bold; }
.cw-meta dd { margin: 0 .75rem 0 0; }
.cw-quote { margin: .5rem 0; padding: .5rem 1rem; border-inline-start: 4px solid #cbd5e1; background: #f8fafc; white-space: pre-wrap; }
.cw-quote footer { font-size: .95rem; color: #374151; margin-block-start: .25rem; }
.cw-text { font-family: Georgia, "Times New Roman", serif; }
.cw-text .cw-block { margin-block: .5rem; white-space: pre-wrap; }
.cw-text .cw-block--heading { font-weight: bold; font-family: inherit; margin-block-start: 1.25rem; }
.cw-loc { display: block; font-family: var(--rhc-text-font-family-default, Verdana, sans-serif); font-size: .8rem; color: #4b5563; }
mark { background: #fff0a8; color: inherit; padding-block: .1em; }
mark.cw-current, mark:target { background: #ffb612; outline: 3px solid #1a1a1a; scroll-margin-block: 30vh; }
.cw-anchor { scroll-margin-block: 30vh; }
.cw-current-note { background: #fff; border: 2px solid #154273; padding: .5rem 1rem; }
html:not(.cw-rhc) table { border-collapse: collapse; inline-size: 100%; }
html:not(.cw-rhc) th, html:not(.cw-rhc) td { text-align: start; border-block-end: 1px solid #cbd5e1; padding: .5rem; vertical-align: top; }
.cw-progress { margin-block: 1rem; }
.cw-progress progress { inline-size: 100%; block-size: 1.25rem; }
.cw-columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: 1.5rem; }
.cw-clause { border: 1px solid #cbd5e1; padding: 1rem; white-space: pre-wrap; }
.cw-visually-hidden { position: absolute !important; inline-size: 1px; block-size: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.cw-alert { border: 2px solid #154273; background: #eef4fa; padding: .75rem 1rem; margin-block: 1rem; }
.cw-alert--error { border-color: #a90000; background: #fdecec; }
@media print {
  .cw-header nav, .cw-lang, .cw-filters, .cw-actions, .nl-skip-link, .cw-no-print, .cw-footer form { display: none !important; }
  .cw-header { background: none; color: #000; border-block-end: 2px solid #000; }
  .cw-header a { color: #000; text-decoration: none; }
  body { font-size: 11pt; }
  a { color: #000; }
  .cw-finding { border-color: #000; page-break-inside: avoid; }
  .cw-disclaimer { border-color: #000; background: none; }
  mark { background: none; text-decoration: underline; }
}
`;

/**
 * Progressive enhancement for upload forms (`data-upload`): sends the form with
 * XMLHttpRequest (fetch reports no upload progress), shows the bytes sent in a <progress>,
 * then "checking" until the server answers. Without JavaScript the form posts as usual.
 */
export const UPLOAD_JS = `(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-upload]");
  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.FormData || !window.XMLHttpRequest) return;
      event.preventDefault();
      var box = form.querySelector(".cw-progress");
      var bar = box.querySelector("progress");
      var status = box.querySelector("[role=status]");
      var button = form.querySelector("button[type=submit]");
      box.hidden = false;
      button.disabled = true;
      bar.value = 0;
      status.textContent = form.getAttribute("data-text-uploading");
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("X-Contractwijzer-Ui", "upload");
      xhr.upload.onprogress = function (e) {
        if (!e.lengthComputable) return;
        bar.value = Math.round((e.loaded / e.total) * 100);
        bar.textContent = bar.value + "%";
      };
      xhr.upload.onload = function () {
        bar.removeAttribute("value");
        status.textContent = form.getAttribute("data-text-checking");
      };
      xhr.onload = function () {
        var target = xhr.getResponseHeader("X-Contractwijzer-Location");
        if (target) { window.location.assign(target); return; }
        document.open();
        document.write(xhr.responseText);
        document.close();
      };
      xhr.onerror = function () {
        button.disabled = false;
        box.hidden = true;
        form.removeAttribute("data-upload");
        form.submit();
      };
      xhr.send(new FormData(form));
    });
  });
})();
`;

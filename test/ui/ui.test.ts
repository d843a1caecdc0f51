/**
 * The web UI end to end: the real Node service (src/node.ts) on a free port with a temporary
 * SQLite file, driven by Debian's Chromium through playwright-core.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Document as DocxDocument, HeadingLevel, Packer, Paragraph } from "docx";
import JSZip from "jszip";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNodeService, type RunningService } from "../../src/node.js";
import { openSqliteDatabase, openSqliteStore } from "../../src/store/sqlite.js";
import { REPO_ROOT } from "../helpers/shared.js";

const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const SCREENSHOTS = path.join(REPO_ROOT, "docs", "screenshots");
const AXE_SOURCE = path.join(REPO_ROOT, "node_modules", "axe-core", "axe.min.js");

/** A two-page vendor contract; article 11 carries markup that must never run or render as HTML. */
const CONTRACT_V1: string[][] = [
  [
    "Terms of Service of Example Cloud AI B.V.",
    "1. Applicability",
    "1.1 These terms of service apply exclusively to all agreements with Customer. The general terms of Customer are expressly rejected.",
    "1.2 Supplier may amend these terms at any time by posting a new version on its website. Continued use of the Services constitutes acceptance.",
    "7. Liability",
    "7.1 The total liability of Supplier is limited to the fees paid by Customer in the twelve (12) months preceding the claim.",
    "7.2 Supplier is not liable for indirect damages, consequential loss, lost profits or loss of data.",
    "9. Governing law",
    "9.1 These terms are governed by the laws of the State of California. The courts of San Francisco have exclusive jurisdiction.",
  ],
  [
    "11. Customer Content",
    "11.1 Supplier may use Customer Content and prompts to develop and improve the Services and to train its models <script>alert('xss')</script>.",
    "11.2 Supplier may suspend the Services at any time if Customer fails to pay an invoice.",
    "12. Security",
    "12.1 Supplier will notify Customer of a personal data breach without undue delay and in any event within 24 hours.",
  ],
];

/** The second version: Dutch law, no training on content; so some verdicts change. */
const CONTRACT_V2: string[][] = [
  [
    "Terms of Service of Example Cloud AI B.V. (version 2)",
    "1. Applicability",
    "1.1 These terms apply to the agreement with Customer.",
    "7. Liability",
    "7.1 The total liability of Supplier is limited to the fees paid by Customer in the twelve (12) months preceding the claim.",
    "9. Governing law",
    "9.1 This agreement is governed by Dutch law. Disputes are submitted exclusively to the competent court in The Hague.",
    "11. Customer Content",
    "11.1 Supplier will not use Customer Content to develop or improve the Services or to train any model.",
    "12. Security",
    "12.1 Supplier will notify Customer of a personal data breach without undue delay and in any event within 24 hours.",
  ],
];

async function makePdf(pages: string[][]): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  for (const lines of pages) {
    const page = pdf.addPage([595, 842]);
    let y = 790;
    for (const line of lines) {
      const heading = !/^\d+\.\d/.test(line);
      const f = heading ? bold : font;
      const words = line.split(" ");
      let current = "";
      const wrapped: string[] = [];
      for (const w of words) {
        const next = current ? `${current} ${w}` : w;
        if (f.widthOfTextAtSize(next, 11) > 480) {
          wrapped.push(current);
          current = w;
        } else current = next;
      }
      wrapped.push(current);
      if (heading) y -= 10;
      for (const w of wrapped) {
        page.drawText(w, { x: 56, y, size: 11, font: f });
        y -= 16;
      }
      y -= 6;
    }
  }
  return Buffer.from(await pdf.save());
}

async function makeDocx(lines: string[]): Promise<Buffer> {
  const doc = new DocxDocument({
    sections: [{ children: lines.map((line) => (/^\d+\.\s/.test(line) ? new Paragraph({ text: line, heading: HeadingLevel.HEADING_1 }) : new Paragraph({ text: line }))) }],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}

let dir: string;
let dbPath: string;
let service: RunningService;
let context: BrowserContext;
let officerToken: string;
let legalToken: string;
let vendorToken: string;
let otherOrgToken: string;
let pdfV1: string;
let pdfV2: string;
const dialogs: string[] = [];

function countRows(table: string): number {
  const db = openSqliteDatabase(dbPath);
  try {
    return (db.all(`select count(*) as n from ${table}`)[0] as { n: number }).n;
  } finally {
    db.close();
  }
}

async function newPage(): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return page;
}

/** The top of the page (at most 1800 px), so that the committed images stay small. */
async function screenshot(page: Page, name: string): Promise<void> {
  const height = Math.min(1800, await page.evaluate(() => document.documentElement.scrollHeight));
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, clip: { x: 0, y: 0, width: 1280, height } });
}

/** axe-core with the WCAG 2.1 A/AA rules; returns the serious and critical violations. */
async function axeViolations(page: Page): Promise<string[]> {
  const source = await readFile(AXE_SOURCE, "utf8");
  // evaluate() runs through the DevTools protocol, so the page's CSP (script-src 'self') does not block it.
  await page.evaluate(source);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ passes: unknown[]; violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
  });
  expect(result.passes.length).toBeGreaterThan(10); // axe really ran its rules
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
}

/** /checks/<id>, the page a stored upload lands on (not /checks/new, where it starts). */
const isReportUrl = (url: URL) => /^\/checks\/[^/]+$/.test(url.pathname) && url.pathname !== "/checks/new";

async function signIn(page: Page, token: string): Promise<void> {
  await page.goto(`${service.url}/sign-in`);
  await page.getByLabel(/API-token/).fill(token);
  await page.getByRole("button", { name: "Inloggen" }).click();
  await page.waitForURL(`${service.url}/`);
}

async function uploadCheck(page: Page, file: string, facts: string[]): Promise<string> {
  await page.goto(`${service.url}/checks/new`);
  await page.setInputFiles("#file", file);
  for (const fact of facts) await page.check(`#profile-${fact}`);
  await page.getByRole("button", { name: "Controleren" }).click();
  await page.waitForURL(isReportUrl, { timeout: 60_000 });
  return new URL(page.url()).pathname.split("/").pop() as string;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "cw-ui-"));
  dbPath = path.join(dir, "contractwijzer.db");
  await mkdir(SCREENSHOTS, { recursive: true });
  pdfV1 = path.join(dir, "example-cloud-terms.pdf");
  pdfV2 = path.join(dir, "example-cloud-terms-v2.pdf");
  await import("node:fs/promises").then(async (fs) => {
    await fs.writeFile(pdfV1, await makePdf(CONTRACT_V1));
    await fs.writeFile(pdfV2, await makePdf(CONTRACT_V2));
  });
  const { store, close } = openSqliteStore(dbPath);
  const org = await store.organisations.ensure("Gemeente Teststad");
  const cli = { orgId: org.id, tokenId: null, role: "cli" as const };
  officerToken = (await store.tokens.create({ orgId: org.id, role: "officer" }, cli)).secret;
  legalToken = (await store.tokens.create({ orgId: org.id, role: "legal" }, cli)).secret;
  vendorToken = (await store.tokens.create({ orgId: org.id, role: "vendor" }, cli)).secret;
  const other = await store.organisations.ensure("Provincie Elders");
  otherOrgToken = (await store.tokens.create({ orgId: other.id, role: "officer" }, { orgId: other.id, tokenId: null, role: "cli" })).secret;
  close();
  service = await startNodeService({ dbPath, port: 0, config: { maxUploadBytes: 25 * 1024 * 1024 }, log: () => {} });
  expect(existsSync(CHROMIUM)).toBe(true);
  context = await chromium.launchPersistentContext(path.join(dir, "profile"), {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
  });
});

afterAll(async () => {
  await context?.close();
  await service?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("web UI", () => {
  let checkId: string;

  it("shows the public pages in Dutch by default and in English on request, with a skip link and visible focus", async () => {
    const page = await newPage();
    await page.goto(service.url);
    expect(await page.getAttribute("html", "lang")).toBe("nl");
    await expect(page.locator("footer").textContent()).resolves.toContain("geen juridisch advies");
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return { cls: el.className, text: el.textContent, outline: style.outlineStyle, width: style.outlineWidth };
    });
    expect(focused.cls).toContain("nl-skip-link");
    expect(focused.outline).not.toBe("none");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, "home");

    await page.goto(`${service.url}/?lang=en`);
    expect(await page.getAttribute("html", "lang")).toBe("en");
    await page.goto(`${service.url}/sign-in`);
    expect(await page.getAttribute("html", "lang")).toBe("en"); // the cookie keeps the choice
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Sign in");
    await page.goto(`${service.url}/sign-in?lang=nl`);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, "sign-in");
    await page.close();
  });

  it("rejects a POST without the CSRF token and a wrong API token", async () => {
    const res = await fetch(`${service.url}/sign-in`, { method: "POST", body: new URLSearchParams({ token: officerToken }), redirect: "manual" });
    expect(res.status).toBe(403);
    expect(res.headers.get("set-cookie") ?? "").not.toContain("cw_session");

    const page = await newPage();
    await page.goto(`${service.url}/sign-in`);
    await page.getByLabel(/API-token/).fill("cw_not-a-real-token");
    await page.getByRole("button", { name: "Inloggen" }).click();
    await expect(page.getByRole("alert").textContent()).resolves.toContain("onbekend");
    await page.goto(`${service.url}/checks`);
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    await page.close();
  });

  it("signs in with a session cookie that is HttpOnly and SameSite=Strict", async () => {
    const page = await newPage();
    await signIn(page, officerToken);
    const cookies = await context.cookies(service.url);
    const session = cookies.find((c) => c.name === "cw_session");
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe("Strict");
    expect(session?.value).not.toContain(officerToken);
    const csrf = cookies.find((c) => c.name === "cw_csrf");
    expect(csrf?.sameSite).toBe("Strict");
    await expect(page.locator("header").textContent()).resolves.toContain("Gemeente Teststad");
    await page.close();
  });

  it("uploads a PDF with a profile, shows progress, and stores the check", async () => {
    const page = await newPage();
    await page.goto(`${service.url}/checks/new`);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, "upload");
    const before = countRows("checks");
    await page.setInputFiles("#file", pdfV1);
    await page.check("#profile-genai");
    await page.check("#profile-cloud");
    // Hold the upload at the network layer so the progress display can be observed.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let sentByScript = false;
    await page.route(`${service.url}/checks`, async (route) => {
      if (route.request().method() === "POST") {
        sentByScript = route.request().headers()["x-contractwijzer-ui"] === "upload";
        await held;
      }
      await route.continue();
    });
    await page.getByRole("button", { name: "Controleren" }).click();
    await page.waitForSelector(".cw-progress:not([hidden]) progress");
    await expect(page.locator(".cw-progress [role=status]").textContent()).resolves.toMatch(/Uploaden|gelezen en gecontroleerd/);
    expect(await page.getByRole("button", { name: "Controleren" }).isDisabled()).toBe(true);
    release();
    await page.waitForURL(isReportUrl, { timeout: 60_000 });
    expect(sentByScript).toBe(true);
    checkId = new URL(page.url()).pathname.split("/").pop() as string;
    expect(countRows("checks")).toBe(before + 1);
    await page.close();
  });

  it("shows the report: result, counts, findings by theme worst first, disclaimer, escaped text", async () => {
    const page = await newPage();
    await page.goto(`${service.url}/checks/${checkId}`);
    const api = (await (await fetch(`${service.url}/api/checks/${checkId}`, { headers: { Authorization: `Bearer ${officerToken}` } })).json()) as {
      result: string;
      counts: Record<string, number>;
      profile: Record<string, { value: boolean; from: string }>;
      findings: { requirement: string; verdict: string }[];
      disclaimer: string;
    };
    expect(await page.getAttribute("[data-result]", "data-result")).toBe(api.result);
    for (const [verdict, n] of Object.entries(api.counts))
      await expect(page.locator(`.cw-counts [data-verdict="${verdict}"] strong`).textContent()).resolves.toBe(String(n));
    expect(api.profile.genai).toEqual(expect.objectContaining({ value: true, from: "given" }));
    await expect(page.locator("main").textContent()).resolves.toContain(api.disclaimer);
    const articles = await page.locator("article.cw-finding").evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.verdict));
    expect(articles.length).toBe(api.findings.length);
    // Within each theme the worst verdict comes first.
    const rank: Record<string, number> = { conflicting: 0, missing: 1, partial: 2, satisfied: 3, not_applicable: 4 };
    const themes = await page.locator("section.cw-theme").evaluateAll((els) =>
      els.map((s) => [...s.querySelectorAll("article")].map((a) => (a as HTMLElement).dataset.verdict as string)),
    );
    for (const list of themes) expect(list.map((v) => rank[v])).toEqual([...list.map((v) => rank[v])].sort((a, b) => a - b));
    expect(themes[0].map((v) => rank[v])[0]).toBe(Math.min(...api.findings.map((f) => rank[f.verdict])));
    expect(api.findings.some((f) => f.verdict === "conflicting")).toBe(true);
    // The quoted markup is text, never an element.
    expect(await page.locator("blockquote", { hasText: "<script>alert('xss')</script>" }).count()).toBeGreaterThan(0);
    expect(await page.locator("main script").count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, "report");
    // Print: no navigation, filters or buttons; the findings and the disclaimer stay.
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".cw-filters").isVisible()).toBe(false);
    expect(await page.locator(".cw-nav").isVisible()).toBe(false);
    expect(await page.locator("article.cw-finding").first().isVisible()).toBe(true);
    expect(await page.locator(".cw-disclaimer").first().isVisible()).toBe(true);
    await page.emulateMedia({ media: "screen" });

    // Filters are GET parameters and work without script.
    await page.selectOption("#f-verdict", "conflicting");
    await page.getByRole("button", { name: "Filteren" }).click();
    await page.waitForURL(/verdict=conflicting/);
    const filtered = await page.locator("article.cw-finding").evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.verdict));
    expect(filtered.length).toBe(api.counts.conflicting);
    expect(new Set(filtered)).toEqual(new Set(["conflicting"]));
    await page.goto(`${service.url}/checks/${checkId}?severity=critical&verdict=satisfied&theme=liability`);
    const combined = await page.locator("article.cw-finding").count();
    expect(combined).toBeLessThanOrEqual(api.counts.satisfied);
    await page.close();
  });

  it("follows evidence to the highlighted passage in the document text, with section and page", async () => {
    const page = await newPage();
    await page.goto(`${service.url}/checks/${checkId}?verdict=conflicting`);
    const link = page.locator("a[data-evidence-link]").first();
    const href = (await link.getAttribute("href")) as string;
    const anchor = href.split("#")[1];
    await link.click();
    await page.waitForURL(/\/documents\/0\?at=/);
    const mark = page.locator(`mark#${anchor}`);
    await expect(mark.getAttribute("class")).resolves.toBe("cw-current");
    expect(await mark.evaluate((el) => el.matches(":target"))).toBe(true);
    const box = await mark.boundingBox();
    expect(box && box.y >= 0 && box.y < 900).toBe(true);
    const note = (await page.locator(".cw-current-note").textContent()) as string;
    expect(note).toMatch(/pagina \d/);
    expect(note).toMatch(/artikel \d/);
    // The contract's markup is shown as text in the document view.
    const text = (await page.locator(".cw-text").textContent()) as string;
    expect(text).toContain("<script>alert('xss')</script>");
    expect(await page.locator(".cw-text script").count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, "document-text");
    await page.close();
  });

  it("drafts the clause annex with adjusted parameters and downloads DOCX and Markdown", async () => {
    const page = await newPage();
    await page.goto(`${service.url}/checks/${checkId}`);
    await page.getByRole("link", { name: /Bijlage opstellen/ }).click();
    await page.waitForURL(/\/annex$/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, "annex");
    // The clauses default to the report's language (English here); draft them in Dutch.
    expect(await page.inputValue("#clauses-lang")).toBe("en");
    await page.selectOption("#clauses-lang", "nl");
    await page.fill("#p-customer", "Gemeente Teststad");
    const docxDownload = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download DOCX" }).click();
    const docx = await docxDownload;
    expect(docx.suggestedFilename()).toMatch(/^clauses-.*-nl\.docx$/);
    const zip = await JSZip.loadAsync(await readFile((await docx.path()) as string));
    const xml = (await zip.file("word/document.xml")?.async("string")) ?? "";
    expect(xml).toContain("Gemeente Teststad");

    const mdDownload = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download Markdown" }).click();
    const md = await readFile((await (await mdDownload).path()) as string, "utf8");
    expect(md).toMatch(/^# Aanvullende bepalingen/);
    expect(md).toContain("Gemeente Teststad");
    // A PDF upload has no redline.
    expect(await page.getByRole("button", { name: /redline/ }).count()).toBe(0);

    // A parameter of the wrong type is reported on the form, not as a broken file.
    const numberField = page.locator('input[type="number"]').first();
    if ((await numberField.count()) > 0) {
      const name = (await numberField.getAttribute("name")) as string;
      const res = await page.goto(`${service.url}/checks/${checkId}/annex?format=md&${encodeURIComponent(name)}=soon`);
      expect(res?.status()).toBe(400);
      await expect(page.getByRole("alert").textContent()).resolves.toContain("must be");
    }
    await page.close();
  });

  it("offers the redline for a DOCX upload: the vendor's own document with tracked insertions", async () => {
    const docxPath = path.join(dir, "example-cloud-terms.docx");
    await import("node:fs/promises").then(async (fs) => fs.writeFile(docxPath, await makeDocx(CONTRACT_V1.flat())));
    const page = await newPage();
    const id = await uploadCheck(page, docxPath, ["genai"]);
    await page.goto(`${service.url}/checks/${id}/annex`);
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: /redline/ }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^redline-.*\.docx$/);
    const zip = await JSZip.loadAsync(await readFile((await file.path()) as string));
    const xml = (await zip.file("word/document.xml")?.async("string")) ?? "";
    expect(xml).toContain("<w:ins ");
    expect(xml).toContain("Terms of Service of Example Cloud AI B.V.");
    // Keep the history to the two PDF versions compared below.
    const del = await fetch(`${service.url}/api/checks/${id}`, { method: "DELETE", headers: { Authorization: `Bearer ${officerToken}` } });
    expect(del.status).toBe(204);
    await page.close();
  });

  it("lists the history and compares two checks", async () => {
    const page = await newPage();
    const secondId = await uploadCheck(page, pdfV2, ["genai", "cloud"]);
    await page.goto(`${service.url}/checks`);
    expect(await page.locator("tbody tr").count()).toBe(2);
    expect(await page.locator(`tr[data-check="${secondId}"]`).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, "history");
    await page.selectOption("#cmp-a", checkId);
    await page.selectOption("#cmp-b", secondId);
    await page.getByRole("button", { name: "Vergelijken" }).click();
    await page.waitForURL(/\/checks\/compare\?/);
    const get = async (id: string) =>
      (await (await fetch(`${service.url}/api/checks/${id}`, { headers: { Authorization: `Bearer ${officerToken}` } })).json()) as {
        findings: { requirement: string; verdict: string }[];
      };
    const [a, b] = [await get(checkId), await get(secondId)];
    const before = new Map(a.findings.map((f) => [f.requirement, f.verdict]));
    const changed = b.findings.filter((f) => before.get(f.requirement) !== f.verdict).map((f) => f.requirement);
    expect(changed.length).toBeGreaterThan(0);
    const rows = await page.locator("tbody tr").evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.requirement));
    expect(rows.sort()).toEqual(changed.sort());
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, "compare");
    await page.close();
  });

  it("browses the clause library, previews both languages, fills a parameter and downloads", async () => {
    const page = await newPage();
    // A second person of the organisation, a legal adviser, in a fresh session.
    await page.goto(`${service.url}/sign-in`);
    await context.clearCookies();
    await signIn(page, legalToken);
    await page.goto(`${service.url}/library`);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, "library");
    await page.locator('a[href^="/library/data-breach-notification"]').click();
    await page.waitForURL(/\/library\/data-breach-notification/);
    expect(await page.locator("main").textContent()).not.toMatch(/\{[a-z_]+\}/); // summary placeholders are filled
    expect(await page.locator('section[lang="nl"] li').count()).toBeGreaterThan(0);
    expect(await page.locator('section[lang="en"] li').count()).toBeGreaterThan(0);
    await page.fill("#p-customer", "Waterschap Testland");
    await page.getByRole("button", { name: "Bijwerken" }).click();
    await expect(page.locator('section[lang="nl"]').textContent()).resolves.toContain("Waterschap Testland");
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, "library-clause");
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download DOCX (Engels)" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe("data-breach-notification-en.docx");
    const zip = await JSZip.loadAsync(await readFile((await file.path()) as string));
    expect((await zip.file("word/document.xml")?.async("string")) ?? "").toContain("Waterschap Testland");
    await page.close();
  });

  it("runs the public self-check without storing anything, also without JavaScript", async () => {
    const checks = countRows("checks");
    const documents = countRows("documents");
    const audit = countRows("audit_log");
    await context.clearCookies();
    const page = await newPage();
    await page.goto(`${service.url}/self-check`);
    expect(await axeViolations(page)).toEqual([]);
    await page.setInputFiles("#file", pdfV1);
    await page.check("#profile-genai");
    await page.getByRole("button", { name: "Controleren" }).click();
    await page.waitForSelector("[data-result]", { timeout: 60_000 });
    expect(new URL(page.url()).pathname).toBe("/self-check");
    await expect(page.locator(".cw-alert").first().textContent()).resolves.toContain("niet bewaard");
    // Evidence links stay in the page and point at a highlighted mark.
    const href = (await page.locator("a[data-evidence-link]").first().getAttribute("href")) as string;
    expect(href).toMatch(/^#ev-0-\d+-\d+$/);
    expect(await page.locator(`mark${href}`).count()).toBe(1);
    expect(await page.locator("blockquote", { hasText: "<script>alert('xss')</script>" }).count()).toBeGreaterThan(0);
    expect(await page.locator("main script").count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, "self-check-report");
    await page.close();

    // Without the upload script the form posts as a plain multipart form.
    const plain = await newPage();
    await plain.route("**/assets/upload.js", (route) => route.abort());
    await plain.goto(`${service.url}/self-check`);
    await plain.setInputFiles("#file", pdfV2);
    await plain.getByRole("button", { name: "Controleren" }).click();
    await plain.waitForSelector("[data-result]", { timeout: 60_000 });
    expect(await plain.locator(".cw-progress").isHidden()).toBe(true);
    await plain.close();

    expect(countRows("checks")).toBe(checks);
    expect(countRows("documents")).toBe(documents);
    expect(countRows("audit_log")).toBe(audit);
  });

  it("shows an unreadable upload as an error page with its code, with and without the script", async () => {
    const fake = path.join(dir, "not-really.pdf");
    await import("node:fs/promises").then((fs) => fs.writeFile(fake, "This is plain text, not a PDF.\n"));
    const page = await newPage();
    await page.goto(`${service.url}/self-check`);
    await page.setInputFiles("#file", fake);
    await page.getByRole("button", { name: "Controleren" }).click();
    await expect(page.getByRole("alert").textContent()).resolves.toContain("E_TYPE_MISMATCH");
    await page.route("**/assets/upload.js", (route) => route.abort());
    await page.goto(`${service.url}/self-check`);
    await page.setInputFiles("#file", fake);
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.getByRole("button", { name: "Controleren" }).click()]);
    expect(response.status()).toBe(415);
    await expect(page.getByRole("alert").textContent()).resolves.toContain("E_TYPE_MISMATCH");
    await page.close();
  });

  it("keeps a vendor's upload out of the history unless asked, and hides checks from other organisations", async () => {
    await context.clearCookies();
    const page = await newPage();
    await signIn(page, vendorToken);
    const checks = countRows("checks");
    await page.goto(`${service.url}/checks/new`);
    expect(await page.isChecked("#store")).toBe(false);
    await page.setInputFiles("#file", pdfV2);
    await page.getByRole("button", { name: "Controleren" }).click();
    await page.waitForSelector("[data-result]", { timeout: 60_000 });
    expect(countRows("checks")).toBe(checks);
    // Vendors have no history page.
    expect((await page.goto(`${service.url}/checks`))?.status()).toBe(403);

    await context.clearCookies();
    await signIn(page, otherOrgToken);
    const res = await page.goto(`${service.url}/checks/${checkId}`);
    expect(res?.status()).toBe(404);
    expect(await page.locator("main").textContent()).not.toContain("example-cloud-terms");
    expect((await page.goto(`${service.url}/checks/${checkId}/documents/0`))?.status()).toBe(404);
    await page.close();
    await context.clearCookies();
  });

  it("signs out: the session cookie is gone and pages ask to sign in again", async () => {
    const page = await newPage();
    await signIn(page, officerToken);
    await page.getByRole("button", { name: "Uitloggen" }).click();
    await page.waitForURL(/\/sign-in\?signed-out/);
    expect((await context.cookies(service.url)).some((c) => c.name === "cw_session")).toBe(false);
    await page.goto(`${service.url}/checks/${checkId}`);
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    await page.close();
  });
});

/**
 * The vendor's own DOCX, edited at the XML level: missing clauses inserted as tracked
 * insertions (w:ins on runs and on paragraph marks), a comment on every conflicting passage
 * with the proposed replacement, and track changes switched on. Everything else stays byte
 * for byte as the vendor wrote it, so rejecting all insertions and deleting the comments
 * gives back the vendor's text.
 */
import JSZip from "jszip";
import type { Finding, Report } from "../check/types.js";
import { ContractwijzerError } from "../errors.js";
import type { Language } from "../parse/types.js";
import {
  attribute,
  escapeXmlAttribute,
  escapeXmlText,
  maxWordId,
  normaliseForMatching,
  paragraphText,
  scanElements,
  type XmlElementSpan,
} from "./docx-xml.js";
import { ANNEX_TEXT, shortQuote, VERDICT_LABELS } from "./labels.js";
import { themeHeadingScore } from "./themes.js";
import type { GeneratedClause, ReplacedPassage } from "./types.js";

const W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const SETTINGS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings";
const COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";
const SETTINGS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml";

export interface RedlineOptions {
  lang: Language;
  /** Author of the tracked changes and comments. */
  author?: string;
  date: Date | string;
  /** Which document of the report's bundle this DOCX is (`evidence.document`); default 0. */
  document?: number;
}

export interface RedlinePlacement {
  requirement: string;
  action: "inserted" | "commented";
  /** article: after the vendor's article on the theme or with the weak passage; annex: the section added at the end. */
  where: "article" | "annex" | "passage";
  /** Text of the heading or passage the edit is attached to. */
  anchor: string | null;
}

export interface RedlineResult {
  bytes: Uint8Array;
  placements: RedlinePlacement[];
}

interface StyleInfo {
  headingLevel: number | null;
  name: string;
}

interface DocParagraph {
  span: XmlElementSpan;
  text: string;
  /** Index into bodyChildren of the body-level element holding this paragraph. */
  bodyChild: number;
  /** Where a comment range may start: after w:pPr. */
  contentStart: number;
  styleId: string | null;
  numbered: boolean;
  headingLevel: number | null;
}

interface ArticleSection {
  heading: DocParagraph;
  /** Body children from the heading up to and including `lastChild`. */
  firstChild: number;
  lastChild: number;
}

function readStyles(stylesXml: string | null): Map<string, StyleInfo> {
  const styles = new Map<string, StyleInfo>();
  if (!stylesXml) return styles;
  for (const m of stylesXml.matchAll(/<w:style\b([^>]*)>([\s\S]*?)<\/w:style>/g)) {
    const id = attribute(m[1]!, "w:styleId");
    if (!id || attribute(m[1]!, "w:type") !== "paragraph") continue;
    const name = attribute(/<w:name\b([^>]*)\/>/.exec(m[2]!)?.[1] ?? "", "w:val") ?? id;
    const named = /^(?:heading|kop)\s*(\d)$/i.exec(name) ?? /^(?:heading|kop)(\d)$/i.exec(id);
    const outline = /<w:outlineLvl\b[^>]*w:val="(\d)"/.exec(m[2]!);
    const headingLevel = named ? Number(named[1]) : outline ? Number(outline[1]) + 1 : null;
    styles.set(id, { headingLevel: headingLevel !== null && headingLevel <= 9 ? headingLevel : null, name });
  }
  return styles;
}

/** The vendor's document as paragraphs and body-level children, with headings and their articles. */
class VendorDocument {
  readonly spans: XmlElementSpan[];
  readonly bodyChildren: XmlElementSpan[];
  readonly paragraphs: DocParagraph[];
  readonly articles: ArticleSection[];
  readonly body: XmlElementSpan;
  readonly finalSectPr: XmlElementSpan | null;
  private readonly joined: string;
  private readonly offsets: number[];

  constructor(
    readonly xml: string,
    readonly styles: Map<string, StyleInfo>,
  ) {
    this.spans = scanElements(xml);
    const body = this.spans.find((s) => s.name === "w:body");
    if (!body) throw new ContractwijzerError("E_DOCX_INVALID", "word/document.xml has no w:body");
    this.body = body;
    this.bodyChildren = this.spans.filter((s) => s.parent === body.index);
    const last = this.bodyChildren.at(-1);
    this.finalSectPr = last?.name === "w:sectPr" ? last : null;
    const childOf = new Map<number, number>(this.bodyChildren.map((c, i) => [c.index, i]));
    const topAncestor = (span: XmlElementSpan): number => {
      let s = span;
      while (s.parent !== body.index && s.parent >= 0) s = this.spans[s.parent]!;
      return childOf.get(s.index) ?? -1;
    };
    this.paragraphs = [];
    const inParagraph = (span: XmlElementSpan): boolean => {
      for (let p = span.parent; p >= 0; p = this.spans[p]!.parent) if (this.spans[p]!.name === "w:p") return true;
      return false;
    };
    for (const span of this.spans) {
      if (span.name !== "w:p" || span.start < body.start || inParagraph(span)) continue;
      const inner = xml.slice(span.contentStart, span.contentEnd);
      const pPr = /^\s*<w:pPr\b[\s\S]*?(?:<\/w:pPr>|\/>)/.exec(inner);
      const pPrXml = pPr?.[0] ?? "";
      const styleId = attribute(/<w:pStyle\b([^>]*)\/>/.exec(pPrXml)?.[1] ?? "", "w:val") ?? null;
      const outline = /<w:outlineLvl\b[^>]*w:val="(\d)"/.exec(pPrXml);
      const text = paragraphText(inner);
      let headingLevel = (styleId ? this.styles.get(styleId)?.headingLevel : null) ?? (outline ? Number(outline[1]) + 1 : null);
      // Documents without heading styles still write "Artikel 7 Aansprakelijkheid" on a line of its own.
      if (headingLevel === null && text.length < 120 && /^\s*(artikel|article|art\.)\s+\d+[a-z]?\b/i.test(text)) headingLevel = 2;
      this.paragraphs.push({
        span,
        text,
        bodyChild: topAncestor(span),
        contentStart: span.contentStart + (pPr ? pPr.index + pPr[0].length : 0),
        styleId,
        numbered: /<w:numPr\b/.test(pPrXml),
        headingLevel,
      });
    }
    this.articles = this.findArticles();
    const parts: string[] = [];
    this.offsets = [];
    let offset = 0;
    for (const p of this.paragraphs) {
      const norm = normaliseForMatching(p.text);
      this.offsets.push(offset);
      parts.push(norm);
      offset += norm.length + 1;
    }
    this.joined = parts.join(" ");
  }

  get lastContentChild(): number {
    return this.finalSectPr ? this.bodyChildren.length - 2 : this.bodyChildren.length - 1;
  }

  private findArticles(): ArticleSection[] {
    const headings = this.paragraphs.filter((p) => p.headingLevel !== null && p.span.parent === this.body.index && p.text.trim() !== "");
    const articles: ArticleSection[] = [];
    const total = Math.max(1, this.lastContentChild + 1);
    headings.forEach((heading, i) => {
      const next = headings.slice(i + 1).find((h) => h.headingLevel! <= heading.headingLevel!);
      const lastChild = next ? next.bodyChild - 1 : this.lastContentChild;
      // A title heading spans (nearly) the whole document; it is not an article.
      if (lastChild - heading.bodyChild + 1 > total * 0.6 && headings.length > 2) return;
      articles.push({ heading, firstChild: heading.bodyChild, lastChild });
    });
    return articles;
  }

  private paragraphAt(offset: number): number {
    let lo = 0;
    let hi = this.offsets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.offsets[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The paragraphs a quote runs over. The parser's text may differ at the edges (list numbers), so windows of it are tried too. */
  locateQuote(quote: string): { first: number; last: number } | null {
    // The parser writes list numbers Word keeps in w:numPr ("2. De onderhavige…"); the runs do not have them.
    const q = normaliseForMatching(quote).replace(/^(?:\(?(?:\d+(?:\.\d+)*|[a-z]|[ivx]+)[.)]\s+)+/, "");
    if (q.length < 8) return null;
    const whole = this.joined.indexOf(q);
    if (whole >= 0) return { first: this.paragraphAt(whole), last: this.paragraphAt(whole + q.length - 1) };
    const size = Math.min(60, q.length);
    const starts = [0, Math.floor((q.length - size) / 2), q.length - size];
    const hits = starts
      .map((s) => {
        const at = this.joined.indexOf(q.slice(s, s + size));
        return at >= 0 ? { at, end: at + size - 1 } : null;
      })
      .filter((h): h is { at: number; end: number } => h !== null);
    if (hits.length === 0) return null;
    // A window's middle decides its paragraph: its edges may reach into a neighbour by chance.
    const first = this.paragraphAt(hits[0]!.at + (size >> 1));
    const last = Math.max(first, this.paragraphAt(hits.at(-1)!.end - (size >> 1)));
    // Guard against a window that happens to occur far away.
    return last - first > 8 ? { first, last: first } : { first, last };
  }

  /** The article (heading section) that holds a paragraph; the widest one that is not the title. */
  articleOf(paragraph: DocParagraph): ArticleSection | null {
    const holding = this.articles.filter((a) => a.firstChild <= paragraph.bodyChild && paragraph.bodyChild <= a.lastChild);
    return holding.sort((a, b) => a.heading.headingLevel! - b.heading.headingLevel!)[0] ?? null;
  }

  articleByHeading(heading: string | null, section: string | null): ArticleSection | null {
    const wanted = heading ? normaliseForMatching(heading) : null;
    for (const a of this.articles) {
      const text = normaliseForMatching(a.heading.text);
      if (wanted && wanted.length >= 3 && text.includes(wanted)) return a;
      if (section && new RegExp(`(^|\\s)(artikel |article |art\\. )?${section.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(\\.|\\s|$)`, "i").test(text))
        return a;
    }
    return null;
  }

  /** The article whose heading best names the theme, if any does. */
  articleForTheme(theme: string): ArticleSection | null {
    let best: ArticleSection | null = null;
    let bestScore = 0;
    for (const a of this.articles) {
      const score = themeHeadingScore(theme, a.heading.text);
      if (score > bestScore) {
        best = a;
        bestScore = score;
      }
    }
    return best;
  }

  /** The paragraph style most body text uses, for inserted paragraphs. */
  bodyStyle(firstChild = 0, lastChild = this.bodyChildren.length - 1): string | null {
    const counts = new Map<string, number>();
    for (const p of this.paragraphs)
      if (p.bodyChild >= firstChild && p.bodyChild <= lastChild && p.headingLevel === null && !p.numbered && p.styleId && p.span.parent === this.body.index)
        counts.set(p.styleId, (counts.get(p.styleId) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  }

  headingStyle(level: number): string | null {
    for (const [id, s] of this.styles) if (s.headingLevel === level) return id;
    return null;
  }
}

interface Edit {
  at: number;
  xml: string;
  order: number;
}

class RedlineWriter {
  private nextId: number;
  private order = 0;
  readonly edits: Edit[] = [];
  readonly comments: string[] = [];
  private readonly stamp: string;

  constructor(
    startId: number,
    private readonly author: string,
    date: Date,
  ) {
    this.nextId = startId;
    this.stamp = date.toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  id(): number {
    return this.nextId++;
  }

  private revision(): string {
    return `w:id="${this.id()}" w:author="${escapeXmlAttribute(this.author)}" w:date="${this.stamp}"`;
  }

  insertAt(at: number, xml: string): void {
    this.edits.push({ at, xml, order: this.order++ });
  }

  runs(text: string, format: { bold?: boolean; italic?: boolean } = {}): string {
    const rPr = format.bold || format.italic ? `<w:rPr>${format.bold ? "<w:b/>" : ""}${format.italic ? "<w:i/>" : ""}</w:rPr>` : "";
    const lines = text.split("\n").map((line) => `<w:t xml:space="preserve">${escapeXmlText(line)}</w:t>`);
    return `<w:r>${rPr}${lines.join("<w:br/>")}</w:r>`;
  }

  /** A paragraph whose runs and paragraph mark are tracked insertions. */
  insertedParagraph(runs: string, styleId: string | null, commentId?: number): string {
    const style = styleId ? `<w:pStyle w:val="${escapeXmlAttribute(styleId)}"/>` : "";
    const start = commentId === undefined ? "" : `<w:commentRangeStart w:id="${commentId}"/>`;
    const end =
      commentId === undefined
        ? ""
        : `<w:commentRangeEnd w:id="${commentId}"/><w:ins ${this.revision()}><w:r><w:commentReference w:id="${commentId}"/></w:r></w:ins>`;
    return `<w:p><w:pPr>${style}<w:rPr><w:ins ${this.revision()}/></w:rPr></w:pPr>${start}<w:ins ${this.revision()}>${runs}</w:ins>${end}</w:p>`;
  }

  comment(paragraphs: string[]): number {
    const id = this.id();
    const body = paragraphs
      .map(
        (text, i) =>
          `<w:p>${i === 0 ? '<w:r><w:annotationRef/></w:r>' : ""}${this.runs(text, { bold: i === 0 })}</w:p>`,
      )
      .join("");
    this.comments.push(
      `<w:comment w:id="${id}" w:author="${escapeXmlAttribute(this.author)}" w:date="${this.stamp}" w:initials="CW">${body}</w:comment>`,
    );
    return id;
  }

  apply(xml: string): string {
    const sorted = [...this.edits].sort((a, b) => a.at - b.at || a.order - b.order);
    let out = "";
    let cursor = 0;
    for (const edit of sorted) {
      out += xml.slice(cursor, edit.at) + edit.xml;
      cursor = edit.at;
    }
    return out + xml.slice(cursor);
  }
}

function commentHeader(clause: GeneratedClause, lang: Language): string {
  return `${clause.title} (${VERDICT_LABELS[lang][clause.verdict]})`;
}

function findingFor(report: Report, requirement: string): Finding | undefined {
  return report.findings.find((f) => f.requirement === requirement);
}

/** Adds `<w:trackRevisions/>` in its schema position (CT_Settings is a sequence; Word is strict about order). */
export function withTrackRevisions(settingsXml: string): string {
  if (/<w:trackRevisions\b/.test(settingsXml)) return settingsXml;
  const after = [
    "w:doNotTrackMoves", "w:doNotTrackFormatting", "w:documentProtection", "w:autoFormatOverride", "w:styleLockTheme",
    "w:styleLockQFSet", "w:defaultTabStop", "w:autoHyphenation", "w:consecutiveHyphenLimit", "w:hyphenationZone",
    "w:doNotHyphenateCaps", "w:showEnvelope", "w:summaryLength", "w:clickAndTypeStyle", "w:defaultTableStyle",
    "w:evenAndOddHeaders", "w:bookFoldRevPrinting", "w:bookFoldPrinting", "w:bookFoldPrintingSheets",
    "w:drawingGridHorizontalSpacing", "w:drawingGridVerticalSpacing", "w:displayHorizontalDrawingGridEvery",
    "w:displayVerticalDrawingGridEvery", "w:doNotUseMarginsForDrawingGridOrigin", "w:drawingGridHorizontalOrigin",
    "w:drawingGridVerticalOrigin", "w:doNotShadeFormData", "w:noPunctuationKerning", "w:characterSpacingControl",
    "w:printTwoOnOne", "w:strictFirstAndLastChars", "w:noLineBreaksAfter", "w:noLineBreaksBefore", "w:savePreviewPicture",
    "w:doNotValidateAgainstSchema", "w:saveInvalidXml", "w:ignoreMixedContent", "w:alwaysShowPlaceholderText",
    "w:doNotDemarcateInvalidXml", "w:saveXmlDataOnly", "w:useXSLTWhenSaving", "w:saveThroughXslt", "w:showXMLTags",
    "w:alwaysMergeEmptyNamespace", "w:updateFields", "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat",
    "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown",
    "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
  ];
  let at = -1;
  for (const name of after) {
    const m = new RegExp(`<${name}[\\s/>]`).exec(settingsXml);
    if (m && (at < 0 || m.index < at)) at = m.index;
  }
  if (at < 0) at = settingsXml.lastIndexOf("</w:settings>");
  if (at < 0) throw new ContractwijzerError("E_DOCX_INVALID", "word/settings.xml has no w:settings element");
  return `${settingsXml.slice(0, at)}<w:trackRevisions/>${settingsXml.slice(at)}`;
}

function addRelationship(relsXml: string, type: string, target: string): string {
  if (relsXml.includes(`Type="${type}"`)) return relsXml;
  const used = new Set([...relsXml.matchAll(/\sId="([^"]+)"/g)].map((m) => m[1]));
  let n = 1;
  while (used.has(`rId${n}`)) n++;
  return relsXml.replace("</Relationships>", `<Relationship Id="rId${n}" Type="${type}" Target="${target}"/></Relationships>`);
}

function addContentType(typesXml: string, partName: string, contentType: string): string {
  if (typesXml.includes(`PartName="${partName}"`)) return typesXml;
  return typesXml.replace("</Types>", `<Override PartName="${partName}" ContentType="${contentType}"/></Types>`);
}

/** Finds where each clause goes and writes the tracked insertions and comments. */
function planEdits(doc: VendorDocument, writer: RedlineWriter, report: Report, clauses: readonly GeneratedClause[], options: RedlineOptions): RedlinePlacement[] {
  const lang = options.lang;
  const text = ANNEX_TEXT[lang];
  const documentIndex = options.document ?? 0;
  const placements: RedlinePlacement[] = [];
  /** Clauses to insert after a body child (by index), or in the annex (-1). */
  const insertions = new Map<number, { clause: GeneratedClause; comment: string[] }[]>();
  const queue = (child: number, clause: GeneratedClause, comment: string[]) =>
    insertions.set(child, [...(insertions.get(child) ?? []), { clause, comment }]);

  for (const clause of clauses) {
    const finding = findingFor(report, clause.requirement);
    const header = [commentHeader(clause, lang), ...(finding?.explanation ? [finding.explanation] : []), `${text.source}: ${clause.source}`];
    const passages = clause.replaces.filter((p) => p.document === documentIndex);
    const located = passages
      .map((p) => ({ passage: p, at: doc.locateQuote(p.quote) }))
      .filter((x): x is { passage: ReplacedPassage; at: { first: number; last: number } } => x.at !== null)
      // Several quotes of one finding often sit in the same paragraph: one comment there is enough.
      .filter((x, i, all) => all.findIndex((y) => y.at.first === x.at.first && y.at.last === x.at.last) === i);

    if (clause.verdict === "conflicting" && located.length > 0) {
      for (const { at } of located) {
        const id = writer.comment([...header, `${text.proposed}:`, ...clause.paragraphs]);
        const first = doc.paragraphs[at.first]!;
        const last = doc.paragraphs[at.last]!;
        writer.insertAt(first.contentStart, `<w:commentRangeStart w:id="${id}"/>`);
        writer.insertAt(last.span.contentEnd, `<w:commentRangeEnd w:id="${id}"/><w:r><w:commentReference w:id="${id}"/></w:r>`);
        placements.push({ requirement: clause.requirement, action: "commented", where: "passage", anchor: shortQuote(first.text, 80) });
      }
      continue;
    }

    const notFound = passages.length > 0 && located.length === 0;
    const comment = [
      ...header,
      ...passages.map((p) => `${clause.verdict === "conflicting" ? text.replaces : text.supplements}: “${shortQuote(p.quote)}”`),
      ...(notFound ? [lang === "nl" ? "De passage is niet in dit document teruggevonden." : "The passage was not found in this document."] : []),
    ];
    let article: ArticleSection | null = null;
    if (located.length > 0) {
      const paragraph = doc.paragraphs[located[0]!.at.last]!;
      article = doc.articleOf(paragraph);
      if (!article) {
        queue(paragraph.bodyChild, clause, comment);
        placements.push({ requirement: clause.requirement, action: "inserted", where: "article", anchor: shortQuote(paragraph.text, 80) });
        continue;
      }
    }
    article ??= passages.map((p) => doc.articleByHeading(p.heading, p.section)).find((a) => a !== null) ?? null;
    article ??= doc.articleForTheme(clause.theme);
    if (article) {
      queue(article.lastChild, clause, comment);
      placements.push({ requirement: clause.requirement, action: "inserted", where: "article", anchor: article.heading.text });
    } else {
      queue(-1, clause, comment);
      placements.push({ requirement: clause.requirement, action: "inserted", where: "annex", anchor: null });
    }
    // The weak passage itself gets a comment pointing to the clause that supplements it.
    for (const { at } of located) {
      const id = writer.comment([
        commentHeader(clause, lang),
        ...(finding?.explanation ? [finding.explanation] : []),
        `${text.supplementedBy}: “${clause.title}”`,
      ]);
      writer.insertAt(doc.paragraphs[at.first]!.contentStart, `<w:commentRangeStart w:id="${id}"/>`);
      writer.insertAt(
        doc.paragraphs[at.last]!.span.contentEnd,
        `<w:commentRangeEnd w:id="${id}"/><w:r><w:commentReference w:id="${id}"/></w:r>`,
      );
    }
  }

  const bodyStyle = doc.bodyStyle();
  const clauseXml = (clause: GeneratedClause, comment: string[], titleStyle: string | null, style: string | null) => {
    const id = writer.comment(comment);
    const title = writer.insertedParagraph(writer.runs(clause.title, { bold: titleStyle === style }), titleStyle, id);
    return title + clause.paragraphs.map((p) => writer.insertedParagraph(writer.runs(p), style)).join("");
  };
  for (const [child, list] of [...insertions].sort((a, b) => a[0] - b[0])) {
    if (child < 0) continue;
    const article = doc.articles.find((a) => a.lastChild === child);
    const style = doc.bodyStyle(article?.firstChild ?? child, child) ?? bodyStyle;
    writer.insertAt(doc.bodyChildren[child]!.end, list.map(({ clause, comment }) => clauseXml(clause, comment, style, style)).join(""));
  }
  const annex = insertions.get(-1);
  if (annex) {
    const at = doc.finalSectPr ? doc.finalSectPr.start : doc.body.contentEnd;
    const heading1 = doc.headingStyle(1);
    const heading2 = doc.headingStyle(2);
    const heading = writer.insertedParagraph(writer.runs(text.redlineAnnexHeading, { bold: !heading1 }), heading1 ?? bodyStyle);
    writer.insertAt(at, heading + annex.map(({ clause, comment }) => clauseXml(clause, comment, heading2 ?? bodyStyle, bodyStyle)).join(""));
  }
  return placements;
}

export async function redlineDocxWithPlacements(
  original: Uint8Array,
  report: Report,
  clauses: readonly GeneratedClause[],
  options: RedlineOptions,
): Promise<RedlineResult> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(original);
  } catch (e) {
    throw new ContractwijzerError("E_DOCX_INVALID", `not a DOCX package: ${(e as Error).message}`);
  }
  const read = async (path: string) => (await zip.file(path)?.async("string")) ?? null;
  const documentXml = await read("word/document.xml");
  if (!documentXml) throw new ContractwijzerError("E_DOCX_INVALID", "the DOCX has no word/document.xml");
  if (!documentXml.includes(`xmlns:w="${W_NS}"`))
    throw new ContractwijzerError("E_FORMAT_UNSUPPORTED_HERE", "this DOCX does not use the w: prefix for WordprocessingML; cannot redline it");
  const commentsXml = await read("word/comments.xml");
  const footnotesXml = (await read("word/footnotes.xml")) ?? "";
  const endnotesXml = (await read("word/endnotes.xml")) ?? "";

  let doc: VendorDocument;
  try {
    doc = new VendorDocument(documentXml, readStyles(await read("word/styles.xml")));
  } catch (e) {
    if (e instanceof ContractwijzerError) throw e;
    throw new ContractwijzerError("E_DOCX_INVALID", `word/document.xml: ${(e as Error).message}`);
  }
  const date = typeof options.date === "string" ? new Date(options.date) : options.date;
  if (Number.isNaN(date.getTime())) throw new ContractwijzerError("E_BAD_REQUEST", `invalid redline date "${String(options.date)}"`);
  const writer = new RedlineWriter(maxWordId(documentXml, commentsXml ?? "", footnotesXml, endnotesXml) + 1, options.author ?? "Contractwijzer", date);
  const placements = planEdits(doc, writer, report, clauses, options);

  zip.file("word/document.xml", writer.apply(documentXml));
  if (writer.comments.length > 0) {
    const comments = commentsXml
      ? commentsXml.replace(/<\/w:comments>\s*$/, `${writer.comments.join("")}</w:comments>`)
      : `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:comments xmlns:w="${W_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${writer.comments.join("")}</w:comments>`;
    zip.file("word/comments.xml", comments);
    const rels = (await read("word/_rels/document.xml.rels")) ?? `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>`;
    zip.file("word/_rels/document.xml.rels", addRelationship(rels, COMMENTS_REL, "comments.xml"));
    const types = await read("[Content_Types].xml");
    if (!types) throw new ContractwijzerError("E_DOCX_INVALID", "the DOCX has no [Content_Types].xml");
    zip.file("[Content_Types].xml", addContentType(types, "/word/comments.xml", COMMENTS_TYPE));
  }
  const settings = await read("word/settings.xml");
  if (settings) {
    zip.file("word/settings.xml", withTrackRevisions(settings));
  } else {
    zip.file("word/settings.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings xmlns:w="${W_NS}"><w:trackRevisions/></w:settings>`);
    const rels = (await read("word/_rels/document.xml.rels")) ?? "";
    zip.file("word/_rels/document.xml.rels", addRelationship(rels, SETTINGS_REL, "settings.xml"));
    const types = (await read("[Content_Types].xml")) ?? "";
    zip.file("[Content_Types].xml", addContentType(types, "/word/settings.xml", SETTINGS_TYPE));
  }
  const bytes = await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
  return { bytes, placements };
}

/** The redlined DOCX (see the module comment). */
export async function redlineDocx(
  original: Uint8Array,
  report: Report,
  clauses: readonly GeneratedClause[],
  options: RedlineOptions,
): Promise<Uint8Array> {
  return (await redlineDocxWithPlacements(original, report, clauses, options)).bytes;
}

/** The annex as a Word document: real heading styles, a numbering definition for the clauses, the findings table, properties. */
import {
  AlignmentType,
  Document,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import JSZip from "jszip";
import type { Report } from "../check/types.js";
import { type AnnexOptions, findingLocation, planAnnex, replacesLine, sourceLine } from "./annex.js";
import { ANNEX_TEXT, SEVERITY_LABELS, VERDICT_LABELS } from "./labels.js";
import type { GeneratedClause } from "./types.js";

/** The numbering definition's reference; level 0 numbers clauses (A.1), level 1 sub-clauses (A.1.1). */
export const CLAUSE_NUMBERING = "contractwijzer-clauses";

export interface AnnexDocxOptions extends AnnexOptions {
  /** Creation date written to the document properties; defaults to the report's check time. */
  created?: Date;
}

function linesAsRuns(text: string, options: { italics?: boolean; size?: number } = {}): TextRun[] {
  return text.split("\n").map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : undefined, ...options }));
}

function headerCell(text: string): TableCell {
  return new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold: true })] })] });
}

function bodyCell(text: string): TableCell {
  return new TableCell({ children: [new Paragraph({ children: [new TextRun({ text })] })] });
}

/** docx always stamps "now"; a report's annex should carry the report's date (and be reproducible). */
async function setCoreDates(bytes: Uint8Array, created: Date): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  const file = zip.file("docProps/core.xml");
  if (!file) return bytes;
  const stamp = created.toISOString().replace(/\.\d{3}Z$/, "Z");
  const xml = (await file.async("string")).replace(
    /(<dcterms:(created|modified)[^>]*>)[^<]*(<\/dcterms:\2>)/g,
    (_m, open: string, _name: string, close: string) => `${open}${stamp}${close}`,
  );
  zip.file("docProps/core.xml", xml);
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}

export async function renderAnnexDocx(
  clauses: readonly GeneratedClause[],
  report: Report,
  options: AnnexDocxOptions,
): Promise<Uint8Array> {
  const plan = planAnnex(clauses, report, options);
  const text = ANNEX_TEXT[plan.lang];
  const letter = options.letter ?? "A";
  const children: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(plan.title)] }),
    new Paragraph({ children: [new TextRun(plan.intro)] }),
    new Paragraph({ children: [new TextRun({ text: plan.disclaimer, italics: true })] }),
  ];
  if (plan.clauses.length === 0) {
    children.push(new Paragraph({ children: [new TextRun(text.none)] }));
  } else {
    children.push(new Paragraph({ children: [new TextRun(plan.precedence)] }));
    for (const paragraph of plan.definitions) children.push(new Paragraph({ children: linesAsRuns(paragraph) }));
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(text.findingsHeading)] }));
    children.push(
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: [
          new TableRow({ tableHeader: true, children: text.tableHeader.map(headerCell) }),
          ...plan.clauses.map(
            ({ number, clause }) =>
              new TableRow({
                children: [
                  bodyCell(number),
                  bodyCell(`${clause.title} (${clause.requirement})`),
                  bodyCell(VERDICT_LABELS[plan.lang][clause.verdict]),
                  bodyCell(SEVERITY_LABELS[plan.lang][clause.severity]),
                  bodyCell(findingLocation(clause, plan)),
                ],
              }),
          ),
        ],
      }),
    );
    for (const theme of plan.themes) {
      children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(theme.title)] }));
      for (const { clause } of theme.clauses) {
        children.push(
          new Paragraph({
            heading: HeadingLevel.HEADING_3,
            numbering: { reference: CLAUSE_NUMBERING, level: 0 },
            children: [new TextRun(clause.title)],
          }),
        );
        for (const paragraph of clause.paragraphs)
          children.push(new Paragraph({ numbering: { reference: CLAUSE_NUMBERING, level: 1 }, children: linesAsRuns(paragraph) }));
        children.push(new Paragraph({ indent: { left: 709 }, children: linesAsRuns(sourceLine(clause, plan.lang), { italics: true, size: 18 }) }));
        const replaces = replacesLine(clause, plan.lang);
        if (replaces)
          children.push(new Paragraph({ indent: { left: 709 }, children: linesAsRuns(replaces, { italics: true, size: 18 }) }));
      }
    }
  }

  const doc = new Document({
    creator: "Contractwijzer",
    lastModifiedBy: "Contractwijzer",
    title: plan.title,
    subject: `${text.subject}: ${plan.documents.join(", ")}`,
    keywords: ["Contractwijzer", `playbook ${plan.playbookVersion}`, ...plan.clauses.map((c) => c.clause.requirement)].join(", "),
    description: plan.disclaimer,
    styles: { default: { document: { run: { font: "Calibri", size: 22 } } } },
    numbering: {
      config: [
        {
          reference: CLAUSE_NUMBERING,
          levels: [
            {
              level: 0,
              format: LevelFormat.DECIMAL,
              text: `${letter}.%1`,
              alignment: AlignmentType.LEFT,
              style: { paragraph: { indent: { left: 709, hanging: 709 } } },
            },
            {
              level: 1,
              format: LevelFormat.DECIMAL,
              text: `${letter}.%1.%2`,
              alignment: AlignmentType.LEFT,
              style: { paragraph: { indent: { left: 709, hanging: 709 } } },
            },
          ],
        },
      ],
    },
    sections: [{ children }],
  });
  const bytes = new Uint8Array(await Packer.toArrayBuffer(doc));
  return setCoreDates(bytes, options.created ?? new Date(report.checkedAt));
}

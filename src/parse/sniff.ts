/** File type from the bytes, never from the name. */
import { looksLikeZip, readZipDirectory } from "./zip.js";
import type { DocumentFormat } from "./types.js";

const SNIFF_BYTES = 8192;

function startsWith(bytes: Uint8Array, signature: number[], at = 0): boolean {
  if (bytes.length < at + signature.length) return false;
  for (let i = 0; i < signature.length; i++) if (bytes[at + i] !== signature[i]) return false;
  return true;
}

function hasPdfHeader(bytes: Uint8Array): boolean {
  // The spec allows junk before "%PDF-" within the first 1024 bytes.
  const head = bytes.subarray(0, 1024);
  for (let i = 0; i + 5 <= head.length; i++) {
    if (head[i] === 0x25 && head[i + 1] === 0x50 && head[i + 2] === 0x44 && head[i + 3] === 0x46 && head[i + 4] === 0x2d) return true;
  }
  return false;
}

/** The first few KB as text for sniffing, or null when they look binary. */
function sniffText(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    return new TextDecoder(bytes[0] === 0xff ? "utf-16le" : "utf-16be").decode(bytes.subarray(0, SNIFF_BYTES));
  }
  const head = bytes.subarray(0, SNIFF_BYTES);
  let controls = 0;
  for (const b of head) {
    if (b === 0) return null;
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12) controls++;
  }
  if (controls > head.length * 0.01) return null;
  return new TextDecoder("utf-8").decode(head);
}

const HTML_START = /^\s*(?:<\?xml[^>]{0,200}>\s*)?(?:<!--[\s\S]{0,2000}?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]/i;
const HTML_TAGS = /<(?:p|div|table|h[1-6]|ul|ol|li|span|br|meta|title|section|article)(?:\s[^<>]{0,300})?>/gi;
const MARKDOWN_SIGNS = [
  /^#{1,6}[ \t]+\S/m,
  /^[ \t]*[-*+][ \t]+\S/m,
  /^\|.*\|[ \t]*$/m,
  /\*\*[^*\n]{1,200}\*\*/,
  /\[[^\]\n]{1,200}\]\([^)\n]{1,500}\)/,
  /^(?:=+|-{3,})[ \t]*$/m,
];

/** pdf, docx, html, md or txt from the content; null for anything else (binary, other zips). */
export function sniffFormat(bytes: Uint8Array): DocumentFormat | null {
  if (!bytes.length) return null;
  if (hasPdfHeader(bytes)) return "pdf";
  if (looksLikeZip(bytes)) {
    try {
      return readZipDirectory(bytes).some((e) => e.name === "word/document.xml") ? "docx" : null;
    } catch {
      return null;
    }
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) return null; // legacy .doc (OLE)
  const text = sniffText(bytes);
  if (text === null) return null;
  const body = text.replace(/^\uFEFF/, "");
  if (HTML_START.test(body)) return "html";
  const tags = body.match(HTML_TAGS)?.length ?? 0;
  if (tags >= 3 && /^\s*</.test(body)) return "html";
  const signs = MARKDOWN_SIGNS.filter((re) => re.test(body)).length;
  return signs >= 1 ? "md" : "txt";
}

const EXTENSIONS: Record<string, DocumentFormat> = {
  pdf: "pdf",
  docx: "docx",
  txt: "txt",
  text: "txt",
  md: "md",
  markdown: "md",
  html: "html",
  htm: "html",
  xhtml: "html",
};

/** The format the file name claims, or null when the name has no known extension. */
export function formatFromName(name: string): DocumentFormat | null {
  const dot = name.lastIndexOf(".");
  if (dot < 0 || dot === name.length - 1) return null;
  return EXTENSIONS[name.slice(dot + 1).toLowerCase()] ?? null;
}

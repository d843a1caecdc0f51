/** Reading DOCX packages in tests: parts as text, and the "reject all insertions, delete comments" transform. */
import JSZip from "jszip";
import mammoth from "mammoth";
import { scanElements } from "../../src/generate/docx-xml.js";

export async function docxParts(bytes: Uint8Array): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const parts: Record<string, string> = {};
  for (const name of Object.keys(zip.files)) if (/\.(xml|rels)$/.test(name)) parts[name] = await zip.file(name)!.async("string");
  return parts;
}

/** Throws on unbalanced or unclosed tags. */
export function assertWellFormed(xml: string): void {
  scanElements(xml);
}

/**
 * What Word's "Reject all changes" and "Delete all comments" leave: inserted paragraphs (their
 * paragraph mark is an insertion) and inserted runs go, comment anchors go.
 */
export function rejectInsertionsAndDropComments(documentXml: string): string {
  return documentXml
    .replace(/<w:p>(?:(?!<\/w:p>)[\s\S])*?<w:pPr>(?:(?!<\/w:pPr>)[\s\S])*?<w:rPr><w:ins [^>]*\/><\/w:rPr>(?:(?!<\/w:p>)[\s\S])*<\/w:p>/g, "")
    .replace(/<w:ins\b[^>]*>[\s\S]*?<\/w:ins>/g, "")
    .replace(/<w:commentRange(?:Start|End)\b[^>]*\/>/g, "")
    .replace(/<w:r><w:commentReference\b[^>]*\/><\/w:r>/g, "");
}

/** "Accept all changes": insertion marks go, their content stays. */
export function acceptInsertions(documentXml: string): string {
  return documentXml.replace(/<w:ins\b[^>]*\/>/g, "").replace(/<w:ins\b[^>]*>([\s\S]*?)<\/w:ins>/g, "$1");
}

export async function withDocumentXml(bytes: Uint8Array, documentXml: string): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  zip.file("word/document.xml", documentXml);
  return zip.generateAsync({ type: "uint8array" });
}

export async function rawText(bytes: Uint8Array): Promise<string> {
  const buffer = Buffer.from(bytes);
  return (await mammoth.extractRawText({ buffer })).value;
}

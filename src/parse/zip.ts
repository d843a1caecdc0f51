/**
 * A small ZIP reader for DOCX packages that never trusts the archive: sizes are read from the
 * central directory and checked before anything is inflated, and inflation counts its output
 * and stops as soon as an entry grows past what its header declared (a lying header).
 */
import { ContractwijzerError } from "../errors.js";

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

function invalid(message: string): ContractwijzerError {
  return new ContractwijzerError("E_DOCX_INVALID", `the DOCX is not a valid Word package (${message})`);
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** True when the bytes start like a ZIP file (local file header or empty archive). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6);
}

/** Entries from the central directory; throws E_DOCX_INVALID when it cannot be found. */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] {
  const dv = view(bytes);
  const minEocd = 22;
  if (bytes.length < minEocd) throw invalid("too short for a ZIP archive");
  let eocd = -1;
  const stop = Math.max(0, bytes.length - minEocd - 65_535);
  for (let i = bytes.length - minEocd; i >= stop; i--) {
    if (dv.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw invalid("no central directory; the file may be truncated");
  const count = dv.getUint16(eocd + 10, true);
  const dirSize = dv.getUint32(eocd + 12, true);
  const dirOffset = dv.getUint32(eocd + 16, true);
  if (count === 0xffff || dirOffset === 0xffffffff) throw invalid("ZIP64 archives are not supported");
  if (dirOffset + dirSize > bytes.length) throw invalid("central directory points outside the file");
  const entries: ZipEntry[] = [];
  let p = dirOffset;
  const decoder = new TextDecoder("utf-8");
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || dv.getUint32(p, true) !== 0x02014b50) throw invalid("damaged central directory");
    const flags = dv.getUint16(p + 8, true);
    const method = dv.getUint16(p + 10, true);
    const compressedSize = dv.getUint32(p + 20, true);
    const uncompressedSize = dv.getUint32(p + 24, true);
    const nameLength = dv.getUint16(p + 28, true);
    const extraLength = dv.getUint16(p + 30, true);
    const commentLength = dv.getUint16(p + 32, true);
    const localHeaderOffset = dv.getUint32(p + 42, true);
    if (p + 46 + nameLength > bytes.length) throw invalid("damaged central directory");
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength));
    entries.push({ name, method, flags, compressedSize, uncompressedSize, localHeaderOffset });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Refuses a package whose declared sizes add up beyond the limit, before inflating anything. */
export function checkDeclaredSizes(entries: ZipEntry[], maxInflatedBytes: number): void {
  let total = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    if (total > maxInflatedBytes) {
      throw new ContractwijzerError(
        "E_DOCX_TOO_LARGE",
        `the DOCX would inflate to more than ${maxInflatedBytes} bytes (declared by its ZIP directory); refused`,
        { declaredBytes: total, limit: maxInflatedBytes },
      );
    }
  }
}

function compressedData(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const dv = view(bytes);
  const p = entry.localHeaderOffset;
  if (p + 30 > bytes.length || dv.getUint32(p, true) !== 0x04034b50) throw invalid(`bad local header for ${entry.name}`);
  const start = p + 30 + dv.getUint16(p + 26, true) + dv.getUint16(p + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw invalid(`${entry.name} is cut off`);
  return bytes.subarray(start, end);
}

export class InflateBudget {
  used = 0;
  constructor(readonly limit: number) {}
}

/**
 * Inflates one entry, counting bytes as they come out. It stops at the first byte beyond the
 * declared size or the package budget, so a lying header costs at most that much memory.
 */
export async function inflateEntry(bytes: Uint8Array, entry: ZipEntry, budget: InflateBudget): Promise<Uint8Array> {
  const data = compressedData(bytes, entry);
  if (entry.flags & 1) throw invalid(`${entry.name} is encrypted`);
  const allowed = Math.min(entry.uncompressedSize, budget.limit - budget.used);
  if (entry.method === 0) {
    if (data.length > allowed) throw tooLarge(budget.limit);
    budget.used += data.length;
    return data;
  }
  if (entry.method !== 8) throw invalid(`${entry.name} uses unsupported compression method ${entry.method}`);
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > allowed) {
        await reader.cancel().catch(() => undefined);
        if (total > entry.uncompressedSize && entry.uncompressedSize < budget.limit - budget.used) {
          throw new ContractwijzerError(
            "E_DOCX_TOO_LARGE",
            `${entry.name} inflates beyond the size its ZIP header declares (${entry.uncompressedSize} bytes); refused as a possible zip bomb`,
          );
        }
        throw tooLarge(budget.limit);
      }
      chunks.push(value);
    }
  } catch (e) {
    if (e instanceof ContractwijzerError) throw e;
    throw invalid(`${entry.name} cannot be inflated: ${(e as Error).message}`);
  }
  budget.used += total;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function tooLarge(limit: number): ContractwijzerError {
  return new ContractwijzerError("E_DOCX_TOO_LARGE", `the DOCX inflates to more than ${limit} bytes; refused`);
}

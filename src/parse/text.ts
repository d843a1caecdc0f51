/**
 * Plain text → raw blocks. Paragraphs end at blank lines; a line that starts with a clause
 * number or a bullet starts a new block even without one, since typed contracts often
 * have no blank lines between their clauses.
 */
import type { RawBlock } from "./builder.js";
import type { Deadline } from "./deadline.js";
import { matchClauseNumber } from "./numbering.js";

const BULLET = /^[•●○▪■◦‣∙·\-–*]\s+/;

function looksLikeHeading(text: string): number | null {
  if (text.length > 100 || /[.;:,]$/.test(text)) return null;
  const number = matchClauseNumber(text, true);
  if (number?.style === "keyword" || number?.style === "paragraph-sign") return 1;
  const letters = text.replace(/[^\p{L}]/gu, "");
  if (letters.length >= 3 && letters === letters.toUpperCase() && letters !== letters.toLowerCase()) return 2;
  return null;
}

export function parsePlainText(source: string, deadline?: Deadline): RawBlock[] {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const blocks: RawBlock[] = [];
  let current: string[] = [];
  let currentIsBullet = false;
  const flush = () => {
    if (!current.length) return;
    const text = current.join(" ");
    current = [];
    if (currentIsBullet) {
      blocks.push({ kind: "list-item", text: text.replace(BULLET, ""), level: 1 });
      return;
    }
    const level = looksLikeHeading(text);
    if (level !== null) blocks.push({ kind: "heading", text, level });
    else blocks.push({ kind: "paragraph", text });
  };
  for (let i = 0; i < lines.length; i++) {
    if (i % 1024 === 0) deadline?.check();
    const line = lines[i].trim();
    if (!line) {
      flush();
      continue;
    }
    const bullet = BULLET.test(line);
    if (bullet || matchClauseNumber(line)) {
      flush();
      currentIsBullet = bullet;
    } else if (!current.length) currentIsBullet = false;
    current.push(line);
    // A lone heading line ("ARTIKEL 3 BETALING") directly followed by text is its own block.
    if (current.length === 1 && !currentIsBullet) {
      const level = looksLikeHeading(line);
      const next = lines[i + 1]?.trim() ?? "";
      if (level === 1 || (level !== null && (!next || matchClauseNumber(next)))) flush();
    }
  }
  flush();
  return blocks;
}

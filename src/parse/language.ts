import type { Language } from "./types.js";

const DUTCH = new Set(
  "de het een en van in is dat op te zijn met voor niet aan door als bij of om wordt worden deze die dan ook naar uit tot over onder heeft hebben zal zullen kan mag moet indien tenzij wij u uw jij haar hun hij zij".split(" "),
);
const ENGLISH = new Set(
  "the a an and of in is that on to are with for not at by as or be this these which will shall may can must if unless we you your our their its it from any such".split(" "),
);

/** Dutch or English by stop-word counts over the first 20 000 words; ties go to English. */
export function detectLanguage(text: string): Language {
  let nl = 0;
  let en = 0;
  let words = 0;
  const pattern = /[a-z]+/g;
  const lower = text.length > 400_000 ? text.slice(0, 400_000).toLowerCase() : text.toLowerCase();
  for (let m = pattern.exec(lower); m && words < 20_000; m = pattern.exec(lower)) {
    words++;
    if (DUTCH.has(m[0])) nl++;
    if (ENGLISH.has(m[0])) en++;
  }
  if (nl !== en) return nl > en ? "nl" : "en";
  // Too few stop words (a title, a short clause): fall back on letter patterns.
  const sample = lower.slice(0, 20_000);
  const dutchLetters = sample.match(/aa|oo|uu|ij|oe|sch|cht|ee/g)?.length ?? 0;
  const englishLetters = sample.match(/th|wh|tion|ck|ou|ea|ing\b/g)?.length ?? 0;
  return dutchLetters > englishLetters ? "nl" : "en";
}

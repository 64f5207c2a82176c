// Authoring aid: turns src/<slug>.mjs (article text + hand annotations) into
// ../<slug>.json and ../non-quotes.json. Quotes, claims and non-quotes are
// written by hand; entity mentions are listed by hand as name forms (people
// and orgs) and every occurrence of each form is located here, longest form
// first, so that no mention is missed. Run: node bench/suggest/gold/src/build.mjs [SET]
// (SET: another set's folder with its own src/, e.g. bench/suggest/holdout).
import { readdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = process.argv[2] ? resolve(process.argv[2], "src") : dirname(fileURLToPath(import.meta.url));
const out = dirname(here);

// Non-overlapping, left-to-right occurrences of `needle` in `hay`.
function occurrences(hay, needle) {
  const at = [];
  let i = hay.indexOf(needle);
  while (i !== -1) {
    at.push(i);
    i = hay.indexOf(needle, i + needle.length);
  }
  return at;
}

function nthAt(hay, needle, pos) {
  const at = occurrences(hay, needle);
  const n = at.indexOf(pos);
  if (n < 0) throw new Error(`${JSON.stringify(needle)} at ${pos} is not on the scan grid`);
  return n;
}

const isWordChar = (c) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

function locate(article, text, nth = 0, what = "") {
  const at = occurrences(article, text);
  if (at.length <= nth) throw new Error(`${what}: ${JSON.stringify(text)} (nth ${nth}) not found`);
  return at[nth];
}

const nonQuotes = {};
for (const f of readdirSync(here).filter((f) => f.endsWith(".mjs") && f !== "build.mjs").sort()) {
  const src = (await import(pathToFileURL(join(here, f)).href)).default;
  const a = src.article;
  const quotes = src.quotes.map((q) => {
    const nth = q.nth ?? 0;
    locate(a, q.text, nth, `${src.id} quote`);
    return { text: q.text, nth, speaker: q.speaker, cue: q.cue, case: q.case };
  });
  const claims = src.claims.map((c) => {
    const [text, nth] = typeof c === "string" ? [c, 0] : [c.text, c.nth];
    locate(a, text, nth, `${src.id} claim`);
    return { text, nth };
  });
  // Entity forms: people (full name + their other forms) and orgs.
  const forms = [];
  for (const [name, other] of Object.entries(src.people)) {
    for (const t of [name, ...other]) forms.push({ t, kind: "person" });
  }
  for (const t of src.orgs) forms.push({ t, kind: "org" });
  forms.sort((x, y) => y.t.length - x.t.length);
  const taken = new Array(a.length).fill(false);
  const mentions = [];
  for (const { t, kind } of forms) {
    for (const p of occurrences(a, t)) {
      if (isWordChar(a[p - 1]) || isWordChar(a[p + t.length])) continue;
      let free = true;
      for (let k = p; k < p + t.length; k++) if (taken[k]) free = false;
      if (!free) continue;
      for (let k = p; k < p + t.length; k++) taken[k] = true;
      mentions.push({ p, text: t, kind });
    }
  }
  mentions.sort((x, y) => x.p - y.p);
  const entities = mentions.map((m) => ({ text: m.text, nth: nthAt(a, m.text, m.p), kind: m.kind }));
  for (const b of src.boilerplate) {
    if (!a.split("\n").includes(b)) throw new Error(`${src.id}: boilerplate line not found: ${b}`);
  }
  const doc = { id: src.id, article: a, people: src.people, quotes, claims, entities, boilerplate: src.boilerplate };
  writeFileSync(join(out, `${src.id}.json`), JSON.stringify(doc, null, 2) + "\n");
  nonQuotes[src.id] = (src.nonQuotes ?? []).map((n) => {
    locate(a, n.text, n.nth ?? 0, `${src.id} non-quote`);
    return { text: n.text, nth: n.nth ?? 0, kind: n.kind, note: n.note };
  });
  console.log(`${src.id}: ${quotes.length} quotes, ${claims.length} claims, ${entities.length} entities`);
}
writeFileSync(join(out, "non-quotes.json"), JSON.stringify(nonQuotes, null, 2) + "\n");

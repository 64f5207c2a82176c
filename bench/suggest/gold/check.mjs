#!/usr/bin/env node
// Validates the gold set in this directory (every <slug>.json plus
// non-quotes.json) and prints a summary. Node 20, no dependencies.
// Exit code 1 on any error.
// Usage: node bench/suggest/gold/check.mjs [dir]
//   dir defaults to this directory (the gold set). Another set in the same
//   format (e.g. bench/suggest/holdout) may carry a requirements.json that
//   overrides the set-level minimums below:
//   { "articles", "quotes", "caseMin" (one number for every case, or an object),
//     "nonQuotes", "nonQuoteKinds" (list), "runOn", "scraped" }
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const dir = process.argv[2] ? resolve(process.argv[2]) : dirname(fileURLToPath(import.meta.url));
const errors = [];
const err = (where, msg) => errors.push(`${where}: ${msg}`);

const CASES = {
  "curly-after": 2, "curly-said-name": 2, "name-before": 2, straight: 2, german: 3, french: 3,
  single: 2, "multi-paragraph": 3, "block-colon": 3, "according-to": 2, pronoun: 5, floating: 3,
  "name-inside": 3, "title-case-after-name": 3, "verb-variety": 2,
};
const NONQUOTE_KINDS = ["scare", "title", "nickname", "unbalanced"];
// Set-level minimums (the gold set's), optionally overridden per directory.
const REQ = { articles: 7, quotes: 50, caseMin: CASES, nonQuotes: 8, nonQuoteKinds: NONQUOTE_KINDS, runOn: 1, scraped: 2 };
const REQ_FILE = "requirements.json";
if (existsSync(join(dir, REQ_FILE))) {
  const over = JSON.parse(readFileSync(join(dir, REQ_FILE), "utf8"));
  Object.assign(REQ, over);
  if (typeof REQ.caseMin === "number") REQ.caseMin = Object.fromEntries(Object.keys(CASES).map((c) => [c, over.caseMin]));
}
// Opening mark -> closing mark.
const PAIRS = { "“": "”", '"': '"', "„": "“", "«": "»", "‘": "’" };
const STYLE = { "“": "curly", '"': "straight", "„": "german", "«": "french", "‘": "single" };
const SPACE = /[ \u00a0\u202f\u2009]/;
const OPENERS = new Set(Object.keys(PAIRS));

function occurrences(hay, needle) {
  const at = [];
  if (!needle) return at;
  let i = hay.indexOf(needle);
  while (i !== -1) {
    at.push(i);
    i = hay.indexOf(needle, i + needle.length);
  }
  return at;
}
function find(article, text, nth) {
  const at = occurrences(article, text);
  return at.length > nth ? at[nth] : -1;
}
const words = (s) => s.split(/\s+/).filter(Boolean).length;
const isInt = (n) => Number.isInteger(n) && n >= 0;
const bump = (m, k, by = 1) => m.set(k, (m.get(k) ?? 0) + by);

let nonQuotes = {};
try {
  nonQuotes = JSON.parse(readFileSync(join(dir, "non-quotes.json"), "utf8"));
} catch (e) {
  err("non-quotes.json", `cannot read: ${e.message}`);
}

const files = readdirSync(dir).filter((f) => f.endsWith(".json") && f !== "non-quotes.json" && f !== REQ_FILE).sort();
const caseCount = new Map();
const styleCount = new Map();
const nqCount = new Map();
const rows = [];
let totQuotes = 0, totClaims = 0, totEntities = 0, totPerson = 0, totOrg = 0, totWords = 0;
let scraped = 0, runOn = 0, withBoilerplate = 0, splitQuotes = 0;

for (const f of files) {
  const where = f;
  let d;
  try {
    d = JSON.parse(readFileSync(join(dir, f), "utf8"));
  } catch (e) {
    err(where, `invalid JSON: ${e.message}`);
    continue;
  }
  const keys = ["id", "article", "people", "quotes", "claims", "entities", "boilerplate"];
  if (JSON.stringify(Object.keys(d)) !== JSON.stringify(keys)) err(where, `keys must be exactly ${keys.join(",")}`);
  if (d.id !== f.replace(/\.json$/, "")) err(where, `id ${d.id} does not match file name`);
  const a = d.article;
  if (typeof a !== "string") { err(where, "article is not a string"); continue; }

  // Article layout: headline line, then one-line paragraphs separated by one blank line.
  if (a.includes("\r")) err(where, "article contains \\r");
  if (a !== a.trim()) err(where, "article has leading/trailing whitespace");
  const paras = a.split("\n\n");
  paras.forEach((p, i) => {
    if (!p || p.includes("\n")) err(where, `paragraph ${i} is empty or contains a single newline`);
    if (p !== p.trim()) err(where, `paragraph ${i} has surrounding whitespace`);
  });
  const w = words(a);
  totWords += w;
  if (w < 350 || w > 700) err(where, `article has ${w} words (want 350-700)`);

  // People.
  const forms = new Map(); // form -> person key
  if (!d.people || typeof d.people !== "object" || Array.isArray(d.people)) err(where, "people must be an object");
  for (const [name, other] of Object.entries(d.people ?? {})) {
    if (!Array.isArray(other) || other.some((o) => typeof o !== "string")) err(where, `people[${name}] must be an array of strings`);
    const all = [name, ...(other ?? [])];
    for (const t of all) forms.set(t, name);
    if (!all.some((t) => a.includes(t))) err(where, `person ${name} is not mentioned in any form`);
    for (const t of other ?? []) if (!a.includes(t)) err(where, `people[${name}] form "${t}" does not occur`);
  }

  // Quotes.
  const spans = [];
  const quoteSpans = [];
  d.quotes.forEach((q, i) => {
    const w = `${where} quote ${i}`;
    if (typeof q.text !== "string" || !q.text) return err(w, "empty text");
    if (!isInt(q.nth)) err(w, "nth must be an integer >= 0");
    const p = find(a, q.text, q.nth);
    if (p < 0) return err(w, `text (nth ${q.nth}) not found: ${q.text.slice(0, 60)}`);
    if (q.speaker !== null && !(q.speaker in d.people)) err(w, `speaker ${q.speaker} is not a key of people`);
    if (q.cue !== null && (typeof q.cue !== "string" || !a.includes(q.cue))) err(w, `cue ${q.cue} does not occur in article`);
    if (!(q.case in CASES)) err(w, `unknown case ${q.case}`);
    if (q.text !== q.text.trim()) err(w, "text has surrounding whitespace");
    bump(caseCount, q.case);
    totQuotes++;
    const end = p + q.text.length;
    quoteSpans.push([p, end]);
    spans.push([p, end]);
    if (q.case === "block-colon") {
      // Whole paragraph, no marks, after a paragraph ending in a colon.
      const idx = paras.indexOf(q.text);
      if (idx < 1) err(w, "block-colon quote must be a whole paragraph");
      else if (!paras[idx - 1].endsWith(":")) err(w, "paragraph before a block-colon quote must end with ':'");
      if (/^[“"„«‘]/.test(q.text)) err(w, "block-colon quote should carry no opening mark");
      bump(styleCount, "none (block)");
      return;
    }
    let s = p - 1;
    while (s >= 0 && SPACE.test(a[s])) s--;
    const open = a[s];
    if (!OPENERS.has(open)) return err(w, `not preceded by an opening mark (found ${JSON.stringify(open)})`);
    let e = end;
    while (e < a.length && SPACE.test(a[e])) e++;
    if (a[e] !== PAIRS[open]) err(w, `not followed by the closing mark ${PAIRS[open]} (found ${JSON.stringify(a[e])})`);
    bump(styleCount, STYLE[open]);
    if (q.text.includes("\n\n")) {
      if (q.case !== "multi-paragraph") err(w, "spans paragraphs but case is not multi-paragraph");
      // Each continued paragraph opens with the same mark; only the last one closes.
      const parts = q.text.split("\n\n");
      parts.slice(1).forEach((part, k) => {
        if (part[0] !== open) err(w, `continued paragraph ${k + 1} does not open with ${open}`);
      });
      parts.slice(0, -1).forEach((part, k) => {
        if (part.endsWith(PAIRS[open])) err(w, `paragraph ${k} of a continued quote closes its mark`);
      });
    } else if (q.case === "multi-paragraph") err(w, "multi-paragraph quote has no paragraph break");
  });
  // Split quotes: two quotes by one speaker in the same paragraph with an attribution between.
  for (let i = 1; i < d.quotes.length; i++) {
    const [x, y] = [d.quotes[i - 1], d.quotes[i]];
    const px = find(a, x.text, x.nth), py = find(a, y.text, y.nth);
    if (px >= 0 && py > px && x.speaker === y.speaker && !a.slice(px, py).includes("\n")) splitQuotes++;
  }

  // Claims.
  d.claims.forEach((c, i) => {
    const w = `${where} claim ${i}`;
    if (!isInt(c.nth)) err(w, "nth must be an integer >= 0");
    const p = find(a, c.text, c.nth);
    if (p < 0) return err(w, `not found: ${c.text.slice(0, 60)}`);
    if (!/[.?!]$/.test(c.text)) err(w, "claim does not end a sentence");
    if (!/^[\p{Lu}\p{N}]/u.test(c.text)) err(w, "claim does not start a sentence");
    for (const [qs, qe] of quoteSpans) if (p >= qs && p + c.text.length <= qe) err(w, "claim lies inside a quote");
  });
  if (d.claims.length < 4 || d.claims.length > 8) err(where, `${d.claims.length} claims (want 4-8)`);
  totClaims += d.claims.length;

  // Entities.
  const ents = [];
  d.entities.forEach((en, i) => {
    const w = `${where} entity ${i}`;
    if (!["person", "org"].includes(en.kind)) err(w, `bad kind ${en.kind}`);
    if (!isInt(en.nth)) err(w, "nth must be an integer >= 0");
    const p = find(a, en.text, en.nth);
    if (p < 0) return err(w, `not found: ${en.text}`);
    if (en.kind === "person" && !forms.has(en.text)) err(w, `person mention "${en.text}" is not a name or form in people`);
    ents.push([p, p + en.text.length, en.text]);
    if (en.kind === "person") totPerson++; else totOrg++;
  });
  ents.sort((x, y) => x[0] - y[0]);
  for (let i = 1; i < ents.length; i++) if (ents[i][0] < ents[i - 1][1]) err(where, `entities overlap: ${ents[i - 1][2]} / ${ents[i][2]}`);
  // Every occurrence of a person's name form must be listed.
  for (const [form] of forms) {
    for (const p of occurrences(a, form)) {
      if (/[\p{L}\p{N}]/u.test(a[p - 1] ?? "") || /[\p{L}\p{N}]/u.test(a[p + form.length] ?? "")) continue;
      if (!ents.some(([s, e]) => s <= p && p + form.length <= e)) err(where, `unlisted person mention "${form}" at ${p}`);
    }
  }
  for (const [form, name] of forms) {
    // A form must be a mention of its own, or (a nickname) sit inside a longer mention of the same person.
    const inside = d.entities.some((en) => en.text !== form && en.text.includes(form) && forms.get(en.text) === name);
    if (form !== name && !d.entities.some((en) => en.text === form) && !inside) err(where, `people[${name}] form "${form}" is never a mention of its own`);
  }
  totEntities += d.entities.length;

  // Boilerplate.
  const lines = a.split("\n");
  for (const b of d.boilerplate) if (!lines.includes(b)) err(where, `boilerplate line not found: ${b}`);
  const isRunOn = (paras[0].match(/\/ /g) ?? []).length >= 3;
  if (isRunOn) runOn++;
  if (d.boilerplate.length) withBoilerplate++;
  if (isRunOn || d.boilerplate.length) scraped++;

  // Non-quotes.
  const nq = nonQuotes[d.id] ?? [];
  nq.forEach((n, i) => {
    const w = `${where} non-quote ${i}`;
    if (!NONQUOTE_KINDS.includes(n.kind)) err(w, `bad kind ${n.kind}`);
    const p = find(a, n.text, n.nth ?? 0);
    if (p < 0) return err(w, `not found: ${n.text}`);
    for (const [qs, qe] of quoteSpans) if (p < qe && qs < p + n.text.length) err(w, "overlaps a gold quote");
    if (n.kind !== "unbalanced" && words(n.text) >= 4 && n.kind === "scare") err(w, "scare quote has 4+ words");
    bump(nqCount, n.kind);
    spans.push([p, p + n.text.length]);
  });

  // Completeness: every opening mark starts (or sits inside) a gold quote or a listed non-quote.
  for (let i = 0; i < a.length; i++) {
    const c = a[i];
    if (!OPENERS.has(c)) continue;
    if (c === "‘" || c === '"' || c === "“") {
      // Only an opening use: at paragraph start or after a space/bracket.
      if (i > 0 && !/[\s(\[—-]/.test(a[i - 1])) continue;
    }
    let j = i + 1;
    while (j < a.length && SPACE.test(a[j])) j++;
    if (!spans.some(([s, e]) => s <= j && j <= e) && !spans.some(([s, e]) => s <= i && i < e)) {
      err(where, `opening mark ${c} at ${i} is neither a gold quote nor a listed non-quote: ${a.slice(i, i + 40)}`);
    }
  }

  rows.push([d.id, w, d.quotes.length, d.claims.length, d.entities.length, d.boilerplate.length, nq.length, isRunOn ? "run-on first line" : ""]);
}

// Set-level requirements.
if (files.length < REQ.articles) err("set", `${files.length} articles (want >= ${REQ.articles})`);
if (totQuotes < REQ.quotes) err("set", `${totQuotes} quotes (want >= ${REQ.quotes})`);
for (const [c, min] of Object.entries(REQ.caseMin)) if ((caseCount.get(c) ?? 0) < min) err("set", `case ${c}: ${caseCount.get(c) ?? 0} (want >= ${min})`);
const totNq = [...nqCount.values()].reduce((x, y) => x + y, 0);
if (totNq < REQ.nonQuotes) err("set", `${totNq} non-quotes (want >= ${REQ.nonQuotes})`);
for (const k of REQ.nonQuoteKinds) if (!nqCount.get(k)) err("set", `no non-quote of kind ${k}`);
if (runOn < REQ.runOn) err("set", `${runOn} articles with a run-on scraper first line (want >= ${REQ.runOn})`);
if (scraped < REQ.scraped) err("set", `${scraped} scraped-style articles (want >= ${REQ.scraped})`);
for (const id of Object.keys(nonQuotes)) if (!files.includes(`${id}.json`)) err("non-quotes.json", `unknown article ${id}`);

// Summary.
const pad = (s, n) => String(s).padEnd(n);
console.log(pad("article", 32) + pad("words", 7) + pad("quotes", 8) + pad("claims", 8) + pad("ents", 6) + pad("boiler", 8) + pad("nonq", 6) + "notes");
for (const r of rows) console.log(pad(r[0], 32) + pad(r[1], 7) + pad(r[2], 8) + pad(r[3], 8) + pad(r[4], 6) + pad(r[5], 8) + pad(r[6], 6) + r[7]);
console.log(`\ntotal: ${files.length} articles, ${totWords} words, ${totQuotes} quotes (${splitQuotes} split-by-attribution pairs), ${totClaims} claims, ${totEntities} entity mentions (${totPerson} person, ${totOrg} org), ${totNq} non-quotes`);
console.log(`scraped-style articles: ${scraped} (run-on first line: ${runOn}, with boilerplate lines: ${withBoilerplate})`);
console.log("\nhard case                 quotes  (min)");
for (const c of Object.keys(CASES)) console.log(`${pad(c, 26)}${pad(caseCount.get(c) ?? 0, 8)}(${REQ.caseMin[c] ?? 0})`);
console.log("\nquote mark style (all quotes): " + [...styleCount].map(([k, v]) => `${k} ${v}`).join(", "));
console.log("non-quotes by kind: " + NONQUOTE_KINDS.map((k) => `${k} ${nqCount.get(k) ?? 0}`).join(", "));

if (errors.length) {
  console.error(`\n${errors.length} error(s):`);
  for (const e of errors) console.error("  " + e);
  process.exit(1);
}
console.log("\nOK");

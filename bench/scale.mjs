// A corpus-scale benchmark corpus (issue 20, "room for a real corpus"): N articles of about
// 5 KB of UTF-8 text each with 60 spans each (default 5,000 articles: 25 MB of text, 300,000
// spans), written as spaCy-shaped JSONL, one article a line, the shape **Open articles**
// accepts: {"text", "meta": {"title", "annotator"}, "spans": [{"start", "end", "label", "text"}]},
// offsets in Unicode code points.
//
// Each article is bench/corpus.mjs's generator (the same words, scripts, paragraphs and span
// mix: about 55 % fresh spans of 1–4 words, 20 % nested inside an earlier span, 20 % crossing
// one, 5 % over two paragraphs; labels quote/claim/entity; every span on word boundaries) with
// a seed of its own and a title of its own ("Scale 00042 of 5000: …", first line of its text).
// Seeded (mulberry32): the same options give the same bytes on every machine.
//
// "3 annotators": the app has no annotator field yet. Each article's meta carries
// {"annotator": "a1" | "a2" | "a3"}, round-robin by article (a1 gets articles 1, 4, 7, …), which
// the importer ignores today (meta other than the title is ignored) and a later version can
// read. The spans are not split per annotator: every article has its 60.
//
//   node bench/scale.mjs [--articles N] [--files K] [--bytes B] [--spans S] [--seed X] [--out DIR]
//
//   --articles N  articles (default 5000)
//   --files K     split into K files of about N/K articles each (default 1: one file)
//   --bytes B     UTF-8 bytes of text per article (default 5000)
//   --spans S     spans per article (default 60)
//   --out DIR     where to write (default bench/corpora/, ignored by git)
//
// Writes bench/corpora/scale-<N>.jsonl, or scale-<N>-<j>of<K>.jsonl for j = 1..K, and prints
// what it wrote. The app opens files of at most 10 MB (src/app/parse.rs MAX_FILE_BYTES) and
// these articles take about 9.5 KB a line, so one file holds at most about 1,100 of them:
// 5,000 need --files 5 or more (bench/scale-run.mjs picks K itself).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './corpus.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const CORPORA = path.join(HERE, 'corpora');
export const ANNOTATORS = ['a1', 'a2', 'a3'];
/** What the app opens at most per file (src/app/parse.rs MAX_FILE_BYTES). */
export const APP_MAX_FILE_BYTES = 10 * 1024 * 1024;

const TOPICS = [
  'council vote in Kraków', 'harbour budget', 'night trains to 東京', 'flood defences',
  'glacier report', 'rail yard strike', 'school energy prices', 'court ruling on the bridge',
  'market week in São Paulo', 'coastal island ferries', 'farmers’ water rights', 'tunnel costs 📈',
];

/** The title of article `i` (0-based) of `n`: unique, one line. */
export function scaleTitle(i, n) {
  const width = String(n).length;
  return `Scale ${String(i + 1).padStart(width, '0')} of ${n}: ${TOPICS[i % TOPICS.length]}`;
}

/**
 * Article `i` of a scale corpus of `articles`: { title, annotator, text, spans } (corpus.mjs's
 * shape; `blocks` too). Article i's seed is derived from (seed, i), so any article can be made
 * alone (its paragraphs and spans do not depend on N; its title, "… of N", does).
 */
export function scaleArticle(i, { articles = 5000, bytes = 5000, spans = 60, seed = 1 } = {}) {
  const article = generate({ bytes, spans, seed: seed * 1_000_003 + i + 1, title: scaleTitle(i, articles) });
  return { ...article, annotator: ANNOTATORS[i % ANNOTATORS.length] };
}

/** One JSONL line (what Open articles imports). */
export function scaleLine({ title, annotator, text, spans }) {
  return `${JSON.stringify({ text, meta: { title, annotator }, spans })}\n`;
}

/** File names for N articles in K files. */
export function scaleFileNames(articles, files = 1, dir = CORPORA) {
  if (files <= 1) return [path.join(dir, `scale-${articles}.jsonl`)];
  return Array.from({ length: files }, (_, j) => path.join(dir, `scale-${articles}-${j + 1}of${files}.jsonl`));
}

/**
 * Write the corpus: N articles into K files (file j gets articles [j·N/K, (j+1)·N/K)). Returns
 * { files: [{file, articles, bytes}], articles, spans, textBytes, codePoints, titles, ms }.
 */
export function writeScale({ articles = 5000, files = 1, bytes = 5000, spans = 60, seed = 1, dir = CORPORA } = {}) {
  const t0 = Date.now();
  fs.mkdirSync(dir, { recursive: true });
  const names = scaleFileNames(articles, files, dir);
  const out = [];
  const titles = [];
  let spanCount = 0;
  let textBytes = 0;
  let codePoints = 0;
  for (const [j, file] of names.entries()) {
    const from = Math.floor((j * articles) / names.length);
    const to = Math.floor(((j + 1) * articles) / names.length);
    const fd = fs.openSync(file, 'w');
    let written = 0;
    try {
      let chunk = '';
      for (let i = from; i < to; i++) {
        const a = scaleArticle(i, { articles, bytes, spans, seed });
        titles.push(a.title);
        spanCount += a.spans.length;
        textBytes += Buffer.byteLength(a.text);
        for (const _ of a.text) codePoints++;
        chunk += scaleLine(a);
        if (chunk.length > 1 << 20) {
          written += fs.writeSync(fd, chunk);
          chunk = '';
        }
      }
      written += fs.writeSync(fd, chunk);
    } finally {
      fs.closeSync(fd);
    }
    out.push({ file, articles: to - from, bytes: fs.statSync(file).size });
  }
  return { files: out, articles, spans: spanCount, textBytes, codePoints, titles, ms: Date.now() - t0 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = argv.indexOf(name);
    return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
  };
  const r = writeScale({
    articles: Number(option('--articles', '5000')),
    files: Number(option('--files', '1')),
    bytes: Number(option('--bytes', '5000')),
    spans: Number(option('--spans', '60')),
    seed: Number(option('--seed', '1')),
    dir: path.resolve(option('--out', CORPORA)),
  });
  const total = r.files.reduce((s, f) => s + f.bytes, 0);
  console.log(
    `${r.articles.toLocaleString('en-US')} articles, ${r.spans.toLocaleString('en-US')} spans, ` +
      `${(r.textBytes / 1e6).toFixed(1)} MB of text (${r.codePoints.toLocaleString('en-US')} code points), ` +
      `${(total / 1e6).toFixed(1)} MB of JSONL in ${r.files.length} file(s), ${r.ms} ms:`,
  );
  for (const f of r.files) {
    const big = f.bytes > APP_MAX_FILE_BYTES ? '  (over the app\'s 10 MB per file: it refuses it; use --files)' : '';
    console.log(`  ${path.relative(process.cwd(), f.file)}  ${f.articles} articles, ${(f.bytes / 1e6).toFixed(2)} MB${big}`);
  }
}

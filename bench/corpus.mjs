// Synthetic, reproducible benchmark corpora: one article of about `bytes` bytes of UTF-8 text with
// `spans` annotations, nested and crossing. Mixed scripts: Latin with accents (and a combining
// mark), CJK and Hangul, astral emoji, flags, ZWJ sequences, curly quotes, em dashes.
//
// The text has the article shape the app parses (src/formats/article.rs): a title line, then
// paragraphs (and now and then a short subheading line) separated by blank lines. Span offsets
// are Unicode code points into the text (what the app imports); every span starts and ends on a
// token boundary (tokens are separated by spaces), so no grapheme cluster is ever cut.
//
//   node bench/corpus.mjs 100000 1000 > article.jsonl   # one spaCy-shaped JSONL line
//
// The same seed gives the same corpus on every machine (mulberry32, no Math.random).

export const LABELS = ['quote', 'claim', 'entity'];

/** mulberry32: a small, fast, seeded 32-bit PRNG. Returns floats in [0, 1). */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LATIN = (
  'the council approved plan river harbour minister said budget rose percent in a of and to for ' +
  'on with after before city park train station glacier report data year people new old north ' +
  'south fund vote court school water energy price market week month night morning flood ' +
  'engineers residents mayor workers union board agreed warned expected study found more than ' +
  'about three thirty million would could should rail yard line bridge tunnel coast island ' +
  'farmers farmers’ it’s don’t spokesperson officials reported according statement figures'
).split(' ');
const ACCENTED = [
  'Þórunn', 'Wójcik-Steiner', 'Dvořák', 'Inês', 'Conceição', 'Barros', 'Zoë', 'Adeyemi',
  'Małgorzata', 'Ærø', 'São', 'Ødegaard', 'Müller', 'Ñuñoa', 'café', 'naïve', 'façade',
  'Łódź', 'Kraków', 'Reykjavík', 'Škoda', 'Ångström', 'Ame\u0301lie', 'Nguyễn', 'Đặng', 'İzmir',
];
const CJK = ['東京', '北京市', '気候変動', '上海', '議会', '予算案', '한국어', '서울시', '漢字', '台北', '𠮷野家'];
const EMOJI = ['🌊', '🚆', '🥵', '📈', '🗳️', '🌍', '😀', '🎉', '🔥', '🚲'];
const FLAGS = ['🇺🇦', '🇵🇱', '🇯🇵', '🇧🇷', '🇳🇴', '🇵🇹'];
const ZWJ = ['👨‍👩‍👧‍👦', '🏳️‍🌈', '👩🏽‍🔬', '🧑‍🚀', '👩‍❤️‍👨'];
const SUBHEADINGS = ['Reactions in Kraków', 'What 東京 decided', 'The numbers 📈', 'Next steps', 'A divided council'];

const cpLen = (s) => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/**
 * Build an article and its spans. Returns { title, text, spans: [{start, end, label, text}],
 * blocks: [{start, end, kind}] } with code point offsets (blocks as the app's parser makes them:
 * one per non-empty line).
 */
export function generate({ bytes, spans: spanCount, seed = 1, title: given = null }) {
  const rand = prng(seed * 7919 + bytes * 31 + spanCount);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));

  const word = () => {
    const r = rand();
    if (r < 0.7) return pick(LATIN);
    if (r < 0.82) return pick(ACCENTED);
    if (r < 0.9) return pick(CJK);
    if (r < 0.94) return pick(EMOJI);
    if (r < 0.97) return pick(FLAGS);
    return pick(ZWJ);
  };

  // `title` (optional, one line) replaces the default title; it does not change the draws.
  const title = given ?? `Synthetic article of ${bytes} bytes with ${spanCount} spans — Kraków, 東京 🇺🇦`;
  // Tokens: [cpStart, cpEnd, paragraph] of every space-separated token of every paragraph.
  const tokens = [];
  const lines = [title];
  const blocks = [{ start: 0, end: cpLen(title), kind: 'title' }];
  let cp = cpLen(title);
  let size = Buffer.byteLength(title);
  let paragraph = 0;
  while (size < bytes) {
    let line;
    let kind = 'paragraph';
    // A subheading now and then, never last (the parser needs a paragraph after it).
    if (paragraph % 15 === 14 && blocks.at(-1).kind === 'paragraph' && size + 400 < bytes) {
      line = pick(SUBHEADINGS);
      kind = 'subheading';
    } else {
      const sentences = [];
      for (let s = int(2, 6); s > 0; s--) {
        const words = [];
        for (let w = int(6, 18); w > 0; w--) words.push(word());
        words[0] = words[0][0].toUpperCase() + words[0].slice(1);
        if (rand() < 0.25) {
          // A quote over a few words, curly quotes attached to the words.
          const a = int(0, words.length - 2);
          const b = Math.min(words.length - 1, a + int(1, 6));
          words[a] = `“${words[a]}`;
          words[b] = `${words[b]},”`;
        } else if (rand() < 0.1) {
          const a = int(0, words.length - 1);
          words[a] = `‘${words[a]}’`;
        }
        if (rand() < 0.2) words.splice(int(1, words.length - 1), 0, '—');
        if (rand() < 0.15) words.splice(int(1, words.length - 1), 0, `€${int(2, 900)}`, 'million');
        sentences.push(`${words.join(' ')}${pick(['.', '.', '.', '?', '!'])}`);
      }
      line = sentences.join(' ');
    }
    cp += 2; // the blank line before it
    const start = cp;
    let at = cp;
    for (const t of line.split(' ')) {
      const n = cpLen(t);
      if (kind === 'paragraph' && t !== '—') tokens.push([at, at + n, paragraph]);
      at += n + 1;
    }
    cp += cpLen(line);
    blocks.push({ start, end: cp, kind });
    lines.push(line);
    size += 2 + Buffer.byteLength(line);
    if (kind === 'paragraph') paragraph++;
  }
  const text = `${lines.join('\n\n')}\n`;

  // Spans over token ranges [i, j] (inclusive): fresh ones, ones nested inside an earlier span,
  // ones crossing an earlier span, and a few running over two paragraphs.
  const chosen = [];
  const seen = new Set();
  const lastOfParagraph = []; // paragraph -> index of its last token
  tokens.forEach(([, , p], i) => (lastOfParagraph[p] = i));
  const add = (i, j, label) => {
    if (i < 0 || j >= tokens.length || i > j) return false;
    const start = tokens[i][0];
    const end = tokens[j][1];
    const key = `${start}:${end}:${label}`;
    if (seen.has(key)) return false;
    seen.add(key);
    chosen.push({ i, j, start, end, label });
    return true;
  };
  let attempts = 0;
  while (chosen.length < spanCount && attempts < spanCount * 50) {
    attempts++;
    const label = pick(LABELS);
    const r = rand();
    const prev = chosen.length > 0 ? chosen[Math.floor(rand() * chosen.length)] : null;
    if (prev && r < 0.2 && prev.j > prev.i) {
      // Nested: a strict part of an earlier span.
      const i = int(prev.i, prev.j);
      const j = int(i, prev.j);
      if (i === prev.i && j === prev.j) continue;
      add(i, j, label);
    } else if (prev && r < 0.4) {
      // Crossing: starts inside an earlier span, ends after it.
      const i = int(prev.i + (prev.j > prev.i ? 1 : 0), prev.j);
      const j = Math.min(tokens.length - 1, prev.j + int(1, 4));
      add(i, j, label);
    } else if (r < 0.45) {
      // Over two paragraphs: the last words of one and the first of the next.
      const p = int(0, Math.max(0, paragraph - 2));
      const last = lastOfParagraph[p];
      if (last === undefined || last + 1 >= tokens.length) continue;
      add(last - int(0, 3), last + int(1, 3), label);
    } else {
      const i = int(0, tokens.length - 1);
      const j = Math.min(lastOfParagraph[tokens[i][2]], i + Math.min(int(0, 3), int(0, 9)));
      add(i, j, label);
    }
  }
  const chars = [...text];
  const spans = chosen
    .map(({ start, end, label }) => ({ start, end, label, text: chars.slice(start, end).join('') }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  return { title, text, spans, blocks };
}

/** The article as one line of spaCy-shaped JSONL (what the app's Open articles imports). */
export function toJsonl({ title, text, spans }) {
  return `${JSON.stringify({ text, meta: { title }, spans })}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [bytes = '10000', spans = '100', seed = '1'] = process.argv.slice(2);
  process.stdout.write(toJsonl(generate({ bytes: Number(bytes), spans: Number(spans), seed: Number(seed) })));
}

// Check of the corpus-scale generator (bench/scale.mjs), like bench/corpus.test.mjs: every line
// is a spaCy-shaped article whose spans' `text` is their code point slice, on word boundaries,
// unique, 60 per article, labels quote/claim/entity, some nested; titles and texts unique (the
// app drops a text it already has); annotators a1/a2/a3 round-robin; K files are the one file
// cut in K; the same options give the same bytes.
//   node bench/scale.test.mjs            # 300 articles, written to a temporary folder
//   node bench/scale.test.mjs FILE...    # check files already written (e.g. bench/corpora/scale-5000.jsonl)
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ANNOTATORS, writeScale } from './scale.mjs';

/** Check JSONL files (in order) as one corpus; returns its totals. */
function check(files, { perArticle = null } = {}) {
  const titles = new Set();
  const texts = new Set();
  let articles = 0;
  let spans = 0;
  let nested = 0;
  const labels = { quote: 0, claim: 0, entity: 0 };
  for (const file of files) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      if (line === '') continue;
      const a = JSON.parse(line);
      assert.deepEqual(Object.keys(a).sort(), ['meta', 'spans', 'text']);
      assert.equal(typeof a.text, 'string');
      assert.ok(a.text.startsWith(`${a.meta.title}\n`), 'the title is the first line');
      assert.equal(a.meta.annotator, ANNOTATORS[articles % ANNOTATORS.length], 'annotators round-robin');
      assert.ok(!titles.has(a.meta.title), `duplicate title ${a.meta.title}`);
      assert.ok(!texts.has(a.text), 'duplicate text');
      titles.add(a.meta.title);
      texts.add(a.text);
      const chars = [...a.text];
      if (perArticle !== null) assert.equal(a.spans.length, perArticle, 'spans per article');
      const keys = new Set();
      for (const [k, s] of a.spans.entries()) {
        assert.ok(Number.isInteger(s.start) && Number.isInteger(s.end), 'integer offsets');
        assert.ok(s.start < s.end && s.end <= chars.length, `range ${s.start}..${s.end}`);
        assert.equal(chars.slice(s.start, s.end).join(''), s.text, 'text is the code point slice');
        assert.ok(s.start === 0 || /\s/.test(chars[s.start - 1]), 'starts at a word');
        assert.ok(/\s/.test(chars[s.end] ?? ' '), 'ends at a word');
        assert.ok(s.label in labels, `label ${s.label}`);
        labels[s.label]++;
        const key = `${s.start}:${s.end}:${s.label}`;
        assert.ok(!keys.has(key), `duplicate ${key}`);
        keys.add(key);
        const next = a.spans[k + 1];
        if (next && next.start < s.end && next.end <= s.end) nested++;
      }
      articles++;
      spans += a.spans.length;
    }
  }
  assert.ok(nested > 0, 'some spans nest');
  assert.ok(Object.values(labels).every((n) => n > 0), 'every label used');
  return { articles, spans, nested, labels };
}

const given = process.argv.slice(2);
if (given.length > 0) {
  const r = check(given);
  console.log(`scale: ok (${r.articles} articles, ${r.spans} spans, ${r.nested} nested, ${JSON.stringify(r.labels)})`);
} else {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'marginalia-scale-'));
  try {
    const one = writeScale({ articles: 300, dir });
    assert.equal(one.files.length, 1);
    const r = check(one.files.map((f) => f.file), { perArticle: 60 });
    assert.equal(r.articles, 300);
    assert.equal(r.spans, 300 * 60);
    assert.equal(one.spans, r.spans);
    assert.ok(one.textBytes >= 300 * 5000 && one.textBytes < 300 * 5500, `text bytes ${one.textBytes}`);
    const whole = fs.readFileSync(one.files[0].file, 'utf8');
    // Split in 7: the same lines, in order.
    const split = writeScale({ articles: 300, files: 7, dir });
    assert.equal(split.files.length, 7);
    assert.equal(split.files.map((f) => fs.readFileSync(f.file, 'utf8')).join(''), whole, 'K files are the one file cut');
    assert.deepEqual(split.files.map((f) => f.articles), [42, 43, 43, 43, 43, 43, 43]);
    // Reproducible.
    assert.equal(fs.readFileSync(writeScale({ articles: 300, dir }).files[0].file, 'utf8'), whole, 'reproducible');
    console.log(`scale: ok (${r.articles} articles, ${r.spans} spans, ${r.nested} nested, ${JSON.stringify(r.labels)})`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

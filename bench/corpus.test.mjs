// Smoke test of the corpus generator (cheap; not part of scripts/test.sh): every span is
// non-empty, within the text, its `text` is the code point slice, it starts and ends on a token
// boundary, spans are unique and some nest and cross; the same seed gives the same corpus.
//   node bench/corpus.test.mjs
import assert from 'node:assert/strict';
import { generate, toJsonl } from './corpus.mjs';

for (const [bytes, spans] of [[10_000, 100], [10_000, 10_000], [100_000, 1_000]]) {
  const c = generate({ bytes, spans });
  const chars = [...c.text];
  const size = Buffer.byteLength(c.text);
  assert.ok(size >= bytes && size < bytes * 1.1, `size ${size} for ${bytes}`);
  assert.equal(c.spans.length, spans, 'span count');
  const keys = new Set();
  let nested = 0;
  let crossing = 0;
  for (const [k, s] of c.spans.entries()) {
    assert.ok(s.start < s.end && s.end <= chars.length, `range ${s.start}..${s.end}`);
    assert.equal(chars.slice(s.start, s.end).join(''), s.text, 'text is the code point slice');
    assert.ok(s.start === 0 || /\s/.test(chars[s.start - 1]), 'starts at a token');
    assert.ok(/\s/.test(chars[s.end] ?? ' '), 'ends at a token');
    assert.ok(['quote', 'claim', 'entity'].includes(s.label));
    const key = `${s.start}:${s.end}:${s.label}`;
    assert.ok(!keys.has(key), `duplicate ${key}`);
    keys.add(key);
    const next = c.spans[k + 1];
    if (next && next.start < s.end) (next.end <= s.end ? nested++ : crossing++);
  }
  assert.ok(nested > 0 && crossing > 0, `nested ${nested}, crossing ${crossing}`);
  for (const b of c.blocks) assert.ok(b.start < b.end && !chars.slice(b.start, b.end).includes('\n'));
  assert.equal(toJsonl(generate({ bytes, spans })), toJsonl(c), 'reproducible');
}
console.log('corpus: ok');

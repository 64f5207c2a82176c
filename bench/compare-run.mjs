// The compare view at issue 21's budget: "Compare view at 1 MB with two layers of 10,000 spans
// keeps the edit budget (p95 after the due frame ≤ 16.7 ms)". Measures and prints; nothing here
// asserts on time.
//
//   node bench/compare-run.mjs [--adds N] [--jumps N] [--switches N] [--dist DIR]
//                              [--profile-dist DIR]
//
// One article of 1 MB (bench/corpus.mjs's generator, as run.mjs's 1MB-10000) with two layers of
// 10,000 spans, imported as a Marginalia dataset through Open articles by a person who named
// themselves Ada first: Ada's layer is the generator's spans; Bo's keeps a seeded 70 % of them
// as they are, puts 15 % at the same place with another label, and 15 % elsewhere (a place
// where Ada has no span), so the compare view has every kind of mark. Then, in one page:
//
//   - the legend of "Compare Mine ↔ Bo" is checked against the counts worked out here;
//   - the Layer switch to the compare view is timed (change event → the paint with the legend),
//     `--switches` times (default 5), each after an untimed switch back to Mine;
//   - the edit rounds of bench/run.mjs (add with 3 on random words, relabel 1 then 2, delete,
//     undo; bench/edits.mjs) run `--adds` times (default 50) in the compare view and as many in
//     the plain Mine layer, alternating in halves so both see the same state of the machine;
//   - j (next disagreement) is timed `--jumps` times (default 50), each from a disagreement
//     clicked in a random paragraph.
//
// Prints a table; writes bench/out/compare.json. `--profile-dist DIR` (a build whose wasm keeps
// its names, made as scripts/bench.sh does in target/bench-names/) adds a CPU profile of 10 adds
// and 10 relabels in the compare view, by function.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { DIST, launchBrowser, startServer } from '../tests/e2e/harness.mjs';
import { median, quantile } from './stats.mjs';
import { LABELS, generate, prng } from './corpus.mjs';
import {
  ProfileSum,
  editTally,
  importCorpus,
  int,
  metrics,
  ms,
  newContext,
  ourAction,
  plainExpect,
  selectRandomWords,
  spanCount,
  summariseEdits,
  table,
  timeEdits,
} from './edits.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CORPORA = path.join(HERE, 'corpora');
const OUT = path.join(HERE, 'out');

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
};
const ADDS = Number(option('--adds', '50'));
const JUMPS = Number(option('--jumps', '50'));
const SWITCHES = Number(option('--switches', '5'));
const PROFILE_DIST = option('--profile-dist', null);
const BYTES = 1e6;
const SPANS = 10000;
const ME = 'Ada';
const OTHER = 'Bo';
const COMPARE = `Compare Mine ↔ ${OTHER}`;
const MINE = `Mine (${ME})`;
const TITLE = 'Compared layers: 1 MB, two annotators with 10,000 spans each — Kraków, 東京 🇺🇦';

const log = (...a) => console.log(...a);
const note = (...a) => console.error(`  · ${a.join(' ')}`);

// ---------------------------------------------------------------------------------------------
// The two layers

/** The paragraphs' tokens: [start, end) in code points, as the generator places spans. */
function tokensOf(text, blocks) {
  const chars = [...text];
  const out = [];
  for (const b of blocks) {
    if (b.kind !== 'paragraph') continue;
    let at = b.start;
    for (const t of chars.slice(b.start, b.end).join('').split(' ')) {
      const n = [...t].length;
      if (t !== '—' && n > 0) out.push([at, at + n]);
      at += n + 1;
    }
  }
  return { chars, tokens: out };
}

/** Ada's layer (the generator's spans) and Bo's: 70 % the same, 15 % relabeled, 15 % moved. */
function layers() {
  const corpus = generate({ bytes: BYTES, spans: SPANS, title: TITLE });
  const { chars, tokens } = tokensOf(corpus.text, corpus.blocks);
  const place = (s) => `${s.start}:${s.end}`;
  const adaLabels = new Map(); // place -> labels Ada has there
  for (const s of corpus.spans) adaLabels.set(place(s), [...(adaLabels.get(place(s)) ?? []), s.label]);
  const taken = new Set(); // Bo's (start, end, label)
  const rand = prng(2121);
  const bo = [];
  const kinds = { same: 0, relabeled: 0, moved: 0 };
  for (const s of corpus.spans) {
    const r = rand();
    let span = null;
    if (r >= 0.7 && r < 0.85) {
      // Same place, a label Ada has not put there (else it would agree with another of hers).
      const free = LABELS.filter((l) => !adaLabels.get(place(s)).includes(l) && !taken.has(`${place(s)}:${l}`));
      if (free.length) {
        span = { start: s.start, end: s.end, label: free[Math.floor(rand() * free.length)] };
        kinds.relabeled++;
      }
    } else if (r >= 0.85) {
      // Elsewhere: one to three tokens of a paragraph where Ada has no span.
      for (let tries = 0; tries < 100 && !span; tries++) {
        const i = Math.floor(rand() * tokens.length);
        const j = Math.min(tokens.length - 1, i + Math.floor(rand() * 3));
        const [start, end] = [tokens[i][0], tokens[j][1]];
        const blockOf = (cp) => corpus.blocks.findIndex((b) => b.start <= cp && cp <= b.end);
        const candidate = { start, end, label: LABELS[Math.floor(rand() * 3)] };
        if (blockOf(start) !== blockOf(end) || adaLabels.has(place(candidate)) || taken.has(`${place(candidate)}:${candidate.label}`)) continue;
        span = candidate;
        kinds.moved++;
      }
    }
    if (!span && !taken.has(`${place(s)}:${s.label}`)) {
      span = { start: s.start, end: s.end, label: s.label };
      kinds.same++;
    }
    if (!span) continue;
    taken.add(`${place(span)}:${span.label}`);
    bo.push({ ...span, text: chars.slice(span.start, span.end).join('') });
  }
  bo.sort((a, b) => a.start - b.start || b.end - a.end);
  return { corpus, ada: corpus.spans, bo, kinds };
}

/** The legend's counts as src/model/compare.rs works them out: [in both, only A, only B, other label]. */
function expectedCounts(a, b) {
  const order = (x, y) => x.start - y.start || y.end - x.end;
  const sa = [...a].sort(order);
  const sb = [...b].sort(order);
  const counts = [0, 0, 0, 0];
  let [i, j] = [0, 0];
  while (i < sa.length || j < sb.length) {
    const here = i < sa.length && (j >= sb.length || order(sa[i], sb[j]) <= 0) ? sa[i] : sb[j];
    const at = (s) => s.start === here.start && s.end === here.end;
    let ie = i;
    while (ie < sa.length && at(sa[ie])) ie++;
    let je = j;
    while (je < sb.length && at(sb[je])) je++;
    const [pa, pb] = [sa.slice(i, ie), sb.slice(j, je)];
    let relabeled = false;
    for (const s of pa) {
      if (pb.some((t) => t.label === s.label)) counts[0]++;
      else if (pb.length === 0) counts[1]++;
      else relabeled = true;
    }
    for (const t of pb) {
      if (pa.some((s) => s.label === t.label)) continue;
      if (pa.length === 0) counts[2]++;
      else relabeled = true;
    }
    if (relabeled) counts[3]++;
    [i, j] = [ie, je];
  }
  return counts;
}

function writeDataset({ corpus, ada, bo }) {
  const spans = [
    ...ada.map((s, k) => ({ id: `ada-${k}`, ...s, attributes: {}, annotator: ME })),
    ...bo.map((s, k) => ({ id: `bo-${k}`, ...s, attributes: {}, annotator: OTHER })),
  ].map(({ id, start, end, text, label, attributes, annotator }) => ({ id, start, end, text, label, attributes, annotator }));
  const documents = [{ id: 'compare-1mb', title: corpus.title, source: 'compare-1mb.md', text: corpus.text, blocks: corpus.blocks, status: 'in_progress', spans }];
  fs.mkdirSync(CORPORA, { recursive: true });
  const file = path.join(CORPORA, 'compare-1MB-10000x2.json');
  fs.writeFileSync(file, JSON.stringify({ schema: 'marginalia-dataset', version: 2, documents, relations: [] }));
  return { title: corpus.title, file, bytes: fs.statSync(file).size };
}

// ---------------------------------------------------------------------------------------------
// The page

/** Name the person at this browser (the header's Annotator box, Enter). */
async function name(page, who) {
  const box = page.getByRole('textbox', { name: 'Annotator' });
  await box.fill(who);
  await box.press('Enter');
  await page.locator('.notices', { hasText: `You annotate as “${who}”` }).waitFor();
}

/** Choose a layer in the toolbar's switch, timed from the change event to the paint that shows
 * it: the legend for a compare layer, none and `mineCount` spans (unless null) for Mine. */
function chooseLayer(page, label, mineCount) {
  return page.evaluate(
    async ({ label, mineCount }) => {
      const select = document.querySelector('select[aria-label="Layer"]');
      const option = [...select.options].find((o) => o.textContent === label);
      if (!option) return { error: `no layer “${label}” among ${[...select.options].map((o) => o.textContent).join(', ')}` };
      const legend = () => document.querySelector('p.compare-legend[aria-label="Compared layers"]');
      const count = () => Number(document.querySelector('.filters .filter-count')?.textContent);
      // The compare view: the legend, and (when known) another count than Mine's; Mine: no legend.
      const shown = label.startsWith('Compare')
        ? () => legend() !== null && (mineCount === null || count() !== mineCount)
        : () => legend() === null && (mineCount === null || count() === mineCount);
      const frameStart = await new Promise((resolve) => requestAnimationFrame(resolve));
      const tasks = [];
      const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries().map((e) => e.duration)));
      observer.observe({ type: 'longtask' });
      select.value = option.value;
      const t0 = performance.now();
      select.dispatchEvent(new Event('input', { bubbles: true }));
      select.dispatchEvent(new Event('change', { bubbles: true }));
      const t1 = await window.__bench.paint(shown, 20000);
      await new Promise((resolve) => setTimeout(resolve, 50));
      observer.disconnect();
      return {
        ms: t1 === null ? null : t1 - t0,
        late: t1 === null ? null : t1 - (frameStart + Math.ceil((t0 - frameStart) / (1000 / 60)) * (1000 / 60)),
        longest: Math.max(0, ...tasks),
        legend: [...(legend()?.querySelectorAll('.cmp-key') ?? [])].map((k) => k.textContent),
        count: count(),
      };
    },
    { label, mineCount },
  );
}

/** Click a span (a segment under it alone, matching `selector`: `.seg.cmp-a, .seg.cmp-b` for a
 * disagreement) in a random paragraph that has one; its range ("characters S–E · Label") once
 * selected. Not timed. */
async function clickSpan(page, selector, rand) {
  const [fb, fs_] = [rand(), rand()];
  const found = await page.evaluate(
    async ({ selector, fb, fs_ }) => {
      const blocks = [...document.querySelectorAll('.article-text p.block')];
      const start = Math.floor(fb * blocks.length);
      for (let k = 0; k < blocks.length; k++) {
        const block = blocks[(start + k) % blocks.length];
        const segs = [...block.querySelectorAll(selector)].filter((s) => s.dataset.spanIds.split(' ').length === 1);
        if (segs.length === 0) continue;
        block.scrollIntoView({ block: 'center' });
        await window.__bench.frames(2);
        const seg = segs[Math.floor(fs_ * segs.length)];
        seg.setAttribute('data-bench-target', '');
        return true;
      }
      return false;
    },
    { selector, fb, fs_ },
  );
  if (!found) return null;
  const before = await page.evaluate(() => document.querySelector('.selected-range')?.textContent ?? '');
  await page.locator('[data-bench-target]').click();
  await page.evaluate(() => document.querySelector('[data-bench-target]')?.removeAttribute('data-bench-target'));
  await page.waitForFunction(
    (before) => {
      const r = document.querySelector('.selected-range')?.textContent ?? '';
      return r !== '' && r !== before && document.querySelector('.seg.sel') !== null;
    },
    before,
    { timeout: 20000 },
  );
  return page.evaluate(() => document.querySelector('.selected-range').textContent);
}

/** The edits whose key-to-paint window held an idle callback (the save, the corpus index):
 * how many, their idle time in it, and after due frame p95 with and without them. */
function idleOverlap(tally, idle) {
  const withIdle = [];
  const without = [];
  const inWindow = [];
  for (const a of tally.actions) {
    tally.at[a].forEach((t0, i) => {
      const t1 = t0 + tally.samples[a][i];
      const held = idle.filter(([s, e]) => s < t1 && e > t0).reduce((sum, [s, e]) => sum + Math.min(e, t1) - Math.max(s, t0), 0);
      (held > 0 ? withIdle : without).push(tally.frames[a][i]);
      if (held > 0) inWindow.push(held);
    });
  }
  return {
    edits: withIdle.length,
    idleMsP50: median(inWindow),
    idleMsMax: quantile(inWindow, 1),
    lateP95With: quantile(withIdle, 0.95),
    lateP95Without: quantile(without, 0.95),
    callbacks: idle.length,
    callbackMsP50: median(idle.map(([s, e]) => e - s)),
    callbackMsMax: quantile(idle.map(([s, e]) => e - s), 1),
  };
}

const startOf = (range) => Number(/characters (\d+)/.exec(range ?? '')?.[1]);

// In the compare view the panel lists Ada's spans and Bo's that Ada lacks exactly: an add shows
// one more, or as many when Bo had just that entity there (it then shows once, Ada's); the
// relabels are waited for by their label; the delete gives back the count before the add, and
// the undo the count after the relabels.
const compareExpect = (action, n, round) => (action === 'add' ? [n, n + 1] : action === 'undo' ? round.claim.count : plainExpect(action, n));

/** `JUMPS` times: click a span (a segment under it alone, matching `selector`) in a random
 * paragraph, then time j to the paint of the next one selected. */
async function timeJumps(page, cdp, selector, seed) {
  const rand = prng(seed);
  const phase = prng(seed + 1);
  const jumps = [];
  let backwards = 0;
  for (let k = 0; k < JUMPS; k++) {
    const from = await clickSpan(page, selector, rand);
    if (!from) break;
    const before = await metrics(cdp);
    const r = await ourAction(page, 'next', null, phase() * 16.7);
    const after = await metrics(cdp);
    if (r.ms === null) {
      note(`j from ${from} did not show another span; skipped`);
      continue;
    }
    if (!(startOf(r.range) >= startOf(from))) backwards++;
    jumps.push({ ...r, from, script: (after.ScriptDuration - before.ScriptDuration) * 1000 });
  }
  const js = jumps.map((j) => j.ms);
  const jl = jumps.map((j) => j.late);
  return {
    n: jumps.length,
    backwards,
    p50: median(js),
    p95: quantile(js, 0.95),
    max: quantile(js, 1),
    lateP50: median(jl),
    lateP95: quantile(jl, 0.95),
    workP50: median(jumps.map((j) => j.work)),
    workP95: quantile(jumps.map((j) => j.work), 0.95),
    scriptMean: jumps.length ? jumps.reduce((a, j) => a + j.script, 0) / jumps.length : null,
    samples: js,
    late: jl,
  };
}

// ---------------------------------------------------------------------------------------------
// Main

const started = performance.now();
const loads = [];
const sampleLoad = () => loads.push(os.loadavg()[0]);
sampleLoad();
const loadTimer = setInterval(sampleLoad, 5000);

const built = layers();
const dataset = writeDataset(built);
const expected = expectedCounts(built.ada, built.bo);
note(`${int(Buffer.byteLength(built.corpus.text))} bytes of text, ${built.corpus.blocks.length} blocks; Ada ${int(built.ada.length)} spans, Bo ${int(built.bo.length)} (${built.kinds.same} the same, ${built.kinds.relabeled} relabeled, ${built.kinds.moved} elsewhere); dataset ${int(dataset.bytes)} bytes`);
note(`expected legend: in both ${expected[0]}, only ${ME} ${expected[1]}, only ${OTHER} ${expected[2]}, other label ${expected[3]}`);

const app = await startServer(option('--dist', null) ? path.resolve(option('--dist', null)) : DIST);
const named = PROFILE_DIST && fs.existsSync(path.join(PROFILE_DIST, 'index.html')) ? await startServer(path.resolve(PROFILE_DIST)) : null;
const browser = await launchBrowser();
const results = {
  browser: browser.version(),
  bytes: Buffer.byteLength(built.corpus.text),
  codePoints: [...built.corpus.text].length,
  blocks: built.corpus.blocks.length,
  spans: { [ME]: built.ada.length, [OTHER]: built.bo.length, ...built.kinds },
  datasetBytes: dataset.bytes,
  expectedLegend: expected,
};

/** A fresh page with the article imported by Ada, on the Mine layer. */
async function openArticle(url) {
  const context = await newContext(browser);
  // When each idle callback ran (the save, the corpus index brought up to date), to tell the
  // edits whose key-to-paint window held one.
  await context.addInitScript(() => {
    window.__idle = [];
    const ric = window.requestIdleCallback.bind(window);
    window.requestIdleCallback = (callback, options) =>
      ric((deadline) => {
        const t = performance.now();
        try {
          return callback(deadline);
        } finally {
          window.__idle.push([t, performance.now()]);
        }
      }, options);
  });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('crash', () => note('the page crashed (renderer)'));
  page.on('console', (m) => m.type() === 'error' && note(`console error: ${m.text().slice(0, 300)}`));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const imported = await importCorpus(page, url, dataset, (p) => name(p, ME));
  return { context, page, cdp, imported, pageErrors };
}

try {
  const { context, page, cdp, imported, pageErrors } = await openArticle(app.url);
  try {
    results.import = imported;
    const mine = await spanCount(page);
    results.mineCount = mine;
    note(`import ${ms(imported.ms)} ms; ${mine} spans in Mine`);
    if (mine !== built.ada.length) note(`Mine shows ${mine} spans, not Ada's ${built.ada.length}`);
    results.layers = await page.$$eval('select[aria-label="Layer"] option', (os) => os.map((o) => o.textContent));

    // The switch to the compare view, and the legend.
    results.switches = [];
    results.switchesBack = [];
    for (let k = 0; k < SWITCHES + 1; k++) {
      const to = await chooseLayer(page, COMPARE, mine);
      if (to.error) throw new Error(to.error);
      if (k > 0) results.switches.push(to); // the first switch compiles and warms: untimed
      else results.firstSwitch = to;
      results.legend = to.legend;
      const back = await chooseLayer(page, MINE, mine);
      if (k > 0) results.switchesBack.push(back);
    }
    const want = [`In both: ${expected[0]}`, `Only ${ME}: ${expected[1]}`, `Only ${OTHER}: ${expected[2]}`, `Other label: ${expected[3]}`];
    results.legendMatches = JSON.stringify(results.legend) === JSON.stringify(want);
    note(`legend: ${results.legend.join(' | ')}${results.legendMatches ? ' (as expected)' : ` — EXPECTED ${want.join(' | ')}`}`);
    note(`switch to compare: ${results.switches.map((s) => ms(s.ms)).join(', ')} ms (first ${ms(results.firstSwitch.ms)})`);

    // Long tasks (over 50 ms) during each layer's edits: work after the paint (the save, the
    // corpus index brought up to date in idle moments) that a quicker next key would wait for.
    await page.evaluate(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
    });
    const longTasks = { mine: [], compare: [] };
    const idle = { mine: [], compare: [] };
    await page.evaluate(() => window.__idle.splice(0));
    // Edits, in halves: plain, compare, plain, compare (the same machine state for both).
    const tallies = { mine: editTally(), compare: editTally() };
    const rands = { mine: prng(4242), compare: prng(4343) };
    const phases = { mine: prng(17), compare: prng(18) };
    const half = Math.ceil(ADDS / 2);
    for (const [layer, rounds] of [['mine', half], ['compare', half], ['mine', ADDS - half], ['compare', ADDS - half]]) {
      const chosen = await chooseLayer(page, layer === 'mine' ? MINE : COMPARE, results.mineCount);
      if (chosen.ms === null) note(`the layer ${layer} did not show (${JSON.stringify(chosen)})`);
      await page.evaluate(() => document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
      const t = tallies[layer];
      const already = t.samples.add.length;
      await timeEdits(page, cdp, {
        rounds,
        rand: rands[layer],
        phase: phases[layer],
        tally: t,
        expectFor: layer === 'mine' ? plainExpect : compareExpect,
        name: layer,
        note,
      });
      longTasks[layer].push(...(await page.evaluate(() => window.__longTasks.splice(0))));
      idle[layer].push(...(await page.evaluate(() => window.__idle.splice(0))));
      note(`${layer}: ${t.samples.add.length - already} edit rounds; after due frame p95 so far ${ms(quantile(Object.values(t.frames).flat(), 0.95))} ms`);
      // Ada's spans grow by one claim a round: Mine's count for the next switch.
      if (layer === 'mine') results.mineCount = await spanCount(page);
      else {
        await chooseLayer(page, MINE, null);
        results.mineCount = await spanCount(page);
      }
    }
    results.edits = Object.fromEntries(
      Object.entries(tallies).map(([k, t]) => [k, { refused: t.refused, failures: t.failures, longTasks: longTasks[k], idleOverlap: idleOverlap(t, idle[k]), actions: summariseEdits(t), lateP95: quantile(Object.values(t.frames).flat(), 0.95), lateP50: median(Object.values(t.frames).flat()) }]),
    );

    // j: the next disagreement, from one clicked in a random paragraph; and, for comparison,
    // the next span of Mine from one clicked there.
    await chooseLayer(page, COMPARE, results.mineCount);
    results.next = await timeJumps(page, cdp, '.seg.cmp-a, .seg.cmp-b', 777);
    note(`j (compare): p50 ${ms(results.next.p50)} ms, p95 ${ms(results.next.p95)} ms over ${results.next.n}${results.next.backwards ? ` (${results.next.backwards} went back to the first disagreement: their start was not a stop)` : ''}`);
    await chooseLayer(page, MINE, null);
    results.nextMine = await timeJumps(page, cdp, '.seg.hl', 779);
    note(`j (Mine): p50 ${ms(results.nextMine.p50)} ms, p95 ${ms(results.nextMine.p95)} ms over ${results.nextMine.n}`);
    results.pageErrors = pageErrors;
  } finally {
    await context.close();
  }

  if (named) {
    note('profiling adds, relabels, j and the switch in the compare view on the build with wasm names');
    results.profile = await profileCompare(named.url, 10);
  }
} finally {
  clearInterval(loadTimer);
  await browser.close();
  await app.close();
  await named?.close();
}
sampleLoad();
results.load = { samples: loads, min: Math.min(...loads), max: Math.max(...loads), mean: loads.reduce((a, b) => a + b, 0) / loads.length, cores: os.cpus().length };
results.seconds = (performance.now() - started) / 1000;
fs.mkdirSync(OUT, { recursive: true });
fs.writeFileSync(path.join(OUT, 'compare.json'), JSON.stringify(results, null, 1));
printReport(results);

/** CPU profiles (100 µs sampling) in the compare view of `count` adds and each one's relabel to
 * quote, `count` j from a clicked disagreement, and three switches from Mine to the compare view. */
async function profileCompare(url, count) {
  const { context, page, cdp } = await openArticle(url);
  try {
    const mine = await spanCount(page);
    await chooseLayer(page, COMPARE, mine);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    const sums = { add: new ProfileSum(), quote: new ProfileSum(), next: new ProfileSum(), switch: new ProfileSum() };
    const latencies = { add: [], quote: [], next: [], switch: [] };
    const profiled = async (what, run) => {
      await cdp.send('Profiler.start');
      const r = await run();
      const { profile } = await cdp.send('Profiler.stop');
      if (r.ms === null) return false;
      latencies[what].push(r.ms);
      sums[what].add(profile);
      return true;
    };
    const rand = prng(99);
    for (let i = 0, tries = 0; i < count && tries < count + 5; tries++) {
      await selectRandomWords(page, '.article-text p.block', rand);
      const n = await spanCount(page);
      if ((await profiled('add', () => ourAction(page, 'add', [n, n + 1]))) && (await profiled('quote', () => ourAction(page, 'quote', null)))) i += 1;
      await page.evaluate(() => document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    }
    const jumps = prng(101);
    for (let i = 0; i < count; i++) {
      if (!(await clickSpan(page, '.seg.cmp-a, .seg.cmp-b', jumps))) break;
      await profiled('next', () => ourAction(page, 'next', null));
    }
    await page.evaluate(() => document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    for (let i = 0; i < 3; i++) {
      await chooseLayer(page, MINE, null);
      await profiled('switch', () => chooseLayer(page, COMPARE, null));
    }
    return Object.fromEntries(Object.entries(sums).map(([a, s]) => [a, { n: latencies[a].length, latencyP50: median(latencies[a]), ...s.summary() }]));
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Report

function printReport(r) {
  log(`\nBrowser: Chromium ${r.browser} (headless), viewport 1360×900.`);
  log(`Article: ${int(r.bytes)} bytes of text, ${int(r.codePoints)} code points, ${r.blocks} blocks; ${ME} ${int(r.spans[ME])} spans, ${OTHER} ${int(r.spans[OTHER])} (${r.spans.same} as ${ME}'s, ${r.spans.relabeled} at her place with another label, ${r.spans.moved} elsewhere); imported (dataset of ${int(r.datasetBytes)} bytes) in ${ms(r.import.ms, 0)} ms.`);
  log(`Load average during the run (1 min, ${r.load.cores} cores): ${r.load.min.toFixed(2)}–${r.load.max.toFixed(2)}, mean ${r.load.mean.toFixed(2)}.`);
  log(`Legend of “${COMPARE}”: ${r.legend.join(' | ')} (${r.legendMatches ? 'as worked out from the layers' : `EXPECTED In both ${r.expectedLegend[0]}, Only ${ME} ${r.expectedLegend[1]}, Only ${OTHER} ${r.expectedLegend[2]}, Other label ${r.expectedLegend[3]}`}).\n`);
  const sw = r.switches.map((s) => s.ms);
  const back = r.switchesBack.map((s) => s.ms);
  log(
    table(
      ['layer switch (change event → paint)', 'n', 'p50 ms', 'max ms', 'each ms', 'longest task ms'],
      [
        [`Mine → ${COMPARE} (legend shown)`, sw.length, ms(median(sw)), ms(quantile(sw, 1)), sw.map((x) => ms(x, 0)).join(', '), ms(Math.max(...r.switches.map((s) => s.longest)), 0)],
        [`${COMPARE} → Mine`, back.length, ms(median(back)), ms(quantile(back, 1)), back.map((x) => ms(x, 0)).join(', '), ms(Math.max(...r.switchesBack.map((s) => s.longest)), 0)],
      ],
    ),
  );
  log(`(the first switch, untimed above: ${ms(r.firstSwitch.ms)} ms)\n`);
  const names = { add: 'add span (key 3)', quote: 'relabel → quote (key 1)', claim: 'relabel → claim (key 2)', delete: 'delete (Delete)', undo: 'undo (Ctrl+Z)' };
  const rows = [];
  for (const [layer, e] of Object.entries(r.edits)) {
    for (const [a, v] of Object.entries(e.actions)) {
      rows.push([layer === 'mine' ? 'Mine' : COMPARE, names[a], v.n, `${ms(v.p50)} / ${ms(v.p95)}`, `${ms(v.lateP50)} / ${ms(v.lateP95)}`, `${ms(v.workP50)} / ${ms(v.workP95)}`, ms(v.scriptMean)]);
    }
  }
  const j = r.next;
  rows.push([COMPARE, 'next disagreement (j)', j.n, `${ms(j.p50)} / ${ms(j.p95)}`, `${ms(j.lateP50)} / ${ms(j.lateP95)}`, `${ms(j.workP50)} / ${ms(j.workP95)}`, ms(j.scriptMean)]);
  const jm = r.nextMine;
  rows.push(['Mine', 'next span (j)', jm.n, `${ms(jm.p50)} / ${ms(jm.p95)}`, `${ms(jm.lateP50)} / ${ms(jm.lateP95)}`, `${ms(jm.workP50)} / ${ms(jm.workP95)}`, ms(jm.scriptMean)]);
  log(table(['layer', 'action', 'n', 'input → paint p50 / p95 ms', 'after due frame p50 / p95 ms', 'work p50 / p95 ms', 'script ms (mean)'], rows));
  log('');
  log(
    table(
      ['layer', 'edits (all five actions)', 'after due frame p50 ms', 'after due frame p95 ms', 'budget (p95 ≤ 16.7 ms)', 'long tasks (> 50 ms): n, p50 / max ms', 'refused adds', 'failures'],
      Object.entries(r.edits).map(([layer, e]) => {
        const n = Object.values(e.actions).reduce((a, v) => a + v.n, 0);
        const lt = e.longTasks;
        return [layer === 'mine' ? 'Mine' : COMPARE, n, ms(e.lateP50), ms(e.lateP95), e.lateP95 <= 1000 / 60 ? 'kept' : 'not kept', lt.length ? `${lt.length}, ${ms(median(lt), 0)} / ${ms(Math.max(...lt), 0)}` : '0', e.refused, e.failures];
      }),
    ),
  );
  log('');
  log(
    table(
      ['layer', 'idle callbacks (save, corpus index): n, p50 / max ms', 'edits with one between key and paint', 'its time there p50 / max ms', 'after due frame p95: those / the others'],
      Object.entries(r.edits).map(([layer, e]) => {
        const o = e.idleOverlap;
        return [layer === 'mine' ? 'Mine' : COMPARE, `${o.callbacks}, ${ms(o.callbackMsP50)} / ${ms(o.callbackMsMax)}`, o.edits, `${ms(o.idleMsP50)} / ${ms(o.idleMsMax)}`, `${ms(o.lateP95With)} / ${ms(o.lateP95Without)}`];
      }),
    ),
  );
  if (r.profile) {
    const cut = (name) => (name.length > 120 ? `${name.slice(0, 117)}…` : name);
    for (const [a, p] of Object.entries(r.profile)) {
      const what = { add: 'an add (3)', quote: 'a relabel (1)', next: 'j', switch: 'the switch from Mine' }[a];
      log(`\n### Where ${what} goes in the compare view (CPU profile, ${p.n} actions, 100 µs sampling, build with wasm names; p50 ${ms(p.latencyP50)} ms)\n`);
      log(`sampled ${ms(p.sampledMs)} ms in total: ${Object.entries(p.categories).map(([k, v]) => `${k} ${ms(v)} ms`).join(', ')}\n`);
      log(table(['#', 'self ms', 'share', 'function (self time)'], p.top.slice(0, 15).map((t, i) => [i + 1, ms(t.ms), `${(t.share * 100).toFixed(1)}%`, cut(t.name)])));
      log('');
      log(table(['#', 'total ms', 'share', 'wasm function (inclusive)'], p.inclusive.slice(0, 25).map((t, i) => [i + 1, ms(t.ms), `${(t.share * 100).toFixed(1)}%`, cut(t.name)])));
    }
  }
  log(`\ncompare benchmark: ${r.seconds.toFixed(0)} s; results in bench/out/compare.json`);
}

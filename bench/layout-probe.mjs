// Where the browser's time goes per add at a size: CDP Performance metrics (style recalc,
// layout, script, task durations) summed over N adds, divided by N.
// node bench/layout-probe.mjs bench/corpora/1MB-10000.jsonl 10 [--trace] [--hide SEL] [--mutations]
//                                [--profile --dist target/bench-names] [--relabel] [--with-save]
import path from 'node:path';
import { launchBrowser, startServer } from '../tests/e2e/harness.mjs';
const [file, n = '10'] = process.argv.slice(2);
const opt = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
// --dist DIR: serve another build (e.g. target/bench-names, whose wasm keeps its names, for --profile).
const server = await startServer(opt('--dist') ? path.resolve(opt('--dist')) : undefined);
const PROFILE = process.argv.includes('--profile');
// --relabel: measure "1" (relabel to quote) on a span just added, instead of the add.
const RELABEL = process.argv.includes('--relabel');
// --with-save: measure until the save after each add has run too (within SAVE_DELAY_MS of its frame).
const WITH_SAVE = process.argv.includes('--with-save');
const selfMs = new Map();
const inclusiveMs = new Map();
let sampledMs = 0;
function addProfile(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const nameOf = (node) => {
    const { functionName, url } = node.callFrame;
    const name = (functionName || '(anonymous)').replace(/::h[0-9a-f]{16}$/, '');
    return url.endsWith('.wasm') ? `${name} [wasm]` : name;
  };
  for (let k = 0; k < profile.samples.length; k++) {
    const dt = (profile.timeDeltas[k + 1] ?? 0) / 1000;
    const node = byId.get(profile.samples[k]);
    if (node.callFrame.functionName === '(idle)') continue;
    sampledMs += dt;
    selfMs.set(nameOf(node), (selfMs.get(nameOf(node)) ?? 0) + dt);
    const onStack = new Set();
    for (let id = node.id; id !== undefined; id = parent.get(id)) onStack.add(nameOf(byId.get(id)));
    for (const name of onStack) inclusiveMs.set(name, (inclusiveMs.get(name) ?? 0) + dt);
  }
}
const browser = await launchBrowser();
try {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  await context.addInitScript({ path: path.resolve('bench/page.js') });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(server.url);
  await page.locator('.doc-item').first().waitFor();
  await page.locator('input[type=file]').setInputFiles(file);
  await page.waitForFunction(() => document.querySelectorAll('.doc-item').length === 4, null, { timeout: 120000 });
  await page.waitForTimeout(2000);
  if (process.argv.includes('--hide')) {
    // Experiment: hide what the selector names (e.g. the relation layer), to see its cost.
    const sel = process.argv[process.argv.indexOf('--hide') + 1];
    await page.evaluate((sel) => document.querySelectorAll(sel).forEach((e) => e.setAttribute('hidden', '')), sel);
  }
  if (process.argv.includes('--mutations')) {
    // Which parts of the page each add changes: DOM mutations per add, by the region they fall in.
    await page.evaluate(() => {
      window.__mut = {};
      const region = (node) => {
        const el = node.nodeType === 1 ? node : node.parentElement;
        const r = el?.closest('.panel, .article-text, .relation-layer, header, .doc-list, .toolbar, article, aside, nav, main');
        return r ? r.tagName.toLowerCase() + (r.className ? '.' + String(r.className).split(' ')[0] : '') : 'other';
      };
      new MutationObserver((records) => {
        for (const m of records) {
          const key = `${region(m.target)} ${m.type}${m.type === 'attributes' ? ':' + m.attributeName : ''}`;
          const n = m.type === 'childList' ? m.addedNodes.length + m.removedNodes.length : 1;
          window.__mut[key] = (window.__mut[key] || 0) + n;
          // Nodes built off the page and added as one subtree show as one record: count them.
          let inside = 0;
          for (const a of m.addedNodes) inside += a.nodeType === 1 ? a.querySelectorAll('*').length : 0;
          if (inside) window.__mut[`${key} (elements inside added)`] = (window.__mut[`${key} (elements inside added)`] || 0) + inside;
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
  }
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const keys = ['RecalcStyleDuration', 'LayoutDuration', 'ScriptDuration', 'TaskDuration', 'LayoutCount', 'RecalcStyleCount'];
  const sum = Object.fromEntries(keys.map((k) => [k, 0]));
  let done = 0;
  for (let i = 0; i < Number(n); i++) {
    await page.evaluate(async (i) => {
      const blocks = document.querySelectorAll('.article-text p.block');
      const block = blocks[(i * 37) % blocks.length];
      block.scrollIntoView({ block: 'center' });
      await window.__bench.frames(3);
      window.__bench.selectWords(block, 2 + (i % 5), 1 + (i % 3));
      await window.__bench.frames(2);
    }, i);
    if (RELABEL) {
      // Measure a relabel instead: add first (not measured), then time "1" on the new span.
      await page.evaluate(() => document.dispatchEvent(new KeyboardEvent('keydown', { key: '3', bubbles: true, cancelable: true })));
      await page.waitForTimeout(300);
    }
    const before = await metrics();
    if (PROFILE) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
    }
    if (RELABEL) {
      await page.evaluate(() => document.dispatchEvent(new KeyboardEvent('keydown', { key: '1', bubbles: true, cancelable: true })));
      await page.waitForFunction(() => (document.querySelector('.selected-range')?.textContent ?? '').endsWith('Quote'), null, { timeout: 5000 }).catch(() => null);
    } else {
      const count = await page.evaluate(() => Number(document.querySelector('.filters .filter-count')?.textContent));
      await page.evaluate(() => document.dispatchEvent(new KeyboardEvent('keydown', { key: '3', bubbles: true, cancelable: true })));
      await page.waitForFunction((c) => Number(document.querySelector('.filters .filter-count')?.textContent) === c + 1, count, { timeout: 5000 }).catch(() => null);
    }
    await page.evaluate(() => window.__bench.frames(2));
    if (WITH_SAVE) await page.waitForTimeout(350);
    const after = await metrics();
    if (PROFILE) addProfile((await cdp.send('Profiler.stop')).profile);
    for (const k of keys) sum[k] += after[k] - before[k];
    done += 1;
    await page.waitForTimeout(400);
  }
  if (process.argv.includes('--trace')) {
    // One more add under a DevTools timeline trace: the main thread's time by event name.
    await page.evaluate(async () => {
      const block = document.querySelectorAll('.article-text p.block')[41];
      block.scrollIntoView({ block: 'center' });
      await window.__bench.frames(3);
      window.__bench.selectWords(block, 7, 2);
      await window.__bench.frames(2);
    });
    const events = [];
    cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
    const finished = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
    const count = await page.evaluate(() => Number(document.querySelector('.filters .filter-count')?.textContent));
    await page.evaluate(() => document.dispatchEvent(new KeyboardEvent('keydown', { key: '3', bubbles: true, cancelable: true })));
    const added = await page
      .waitForFunction((c) => Number(document.querySelector('.filters .filter-count')?.textContent) === c + 1, count, { timeout: 5000 })
      .then(() => true, () => false);
    await page.evaluate(() => window.__bench.frames(2));
    await page.waitForTimeout(400);
    if (!added) console.log('(the traced add was refused: its words already had the label)');
    await cdp.send('Tracing.end');
    await finished;
    const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
    const byName = {};
    for (const e of events) {
      if (e.ph !== 'X' || !e.dur || (main && (e.pid !== main.pid || e.tid !== main.tid))) continue;
      byName[e.name] = (byName[e.name] || 0) + e.dur / 1000;
    }
    const top = Object.entries(byName).sort((a, b) => b[1] - a[1]).slice(0, 18);
    console.log('trace of one add (main thread, ms, nested events overlap):');
    for (const [name, ms] of top) console.log(`  ${ms.toFixed(1).padStart(8)}  ${name}`);
  }
  if (process.argv.includes('--mutations')) {
    const mut = await page.evaluate(() => window.__mut);
    console.log(`DOM mutations per add over ${done} (nodes added + removed, or attribute/text changes):`);
    for (const [k, v] of Object.entries(mut).sort((a, b) => b[1] - a[1])) console.log(`  ${(v / done).toFixed(1).padStart(8)}  ${k}`);
  }
  if (PROFILE) {
    const top = (map, n, filter = () => true) =>
      [...map.entries()].filter(([k]) => filter(k)).sort((a, b) => b[1] - a[1]).slice(0, n);
    console.log(`CPU profile, key press to 2 frames after, per add (sampled ${(sampledMs / done).toFixed(1)} ms per add):`);
    console.log('  self:');
    for (const [k, v] of top(selfMs, 25)) console.log(`  ${(v / done).toFixed(2).padStart(8)}  ${k.slice(0, 150)}`);
    console.log('  inclusive (ours and yew):');
    for (const [k, v] of top(inclusiveMs, 45, (k) => /marginalia|yew::html::component::lifecycle::CompStateInner|reconcile|attach/.test(k)))
      console.log(`  ${(v / done).toFixed(2).padStart(8)}  ${k.slice(0, 150)}`);
  }
  const per = Object.fromEntries(keys.map((k) => [k, k.endsWith('Count') ? (sum[k] / done).toFixed(1) : `${((sum[k] / done) * 1000).toFixed(1)} ms`]));
  console.log(`per add over ${done}:`, JSON.stringify(per));
} finally {
  await browser.close();
  await server.close();
}

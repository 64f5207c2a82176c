// Where the browser's time goes per add at a size: CDP Performance metrics (style recalc,
// layout, script, task durations) summed over N adds, divided by N.
// node bench/layout-probe.mjs bench/corpora/1MB-10000.jsonl 10
import path from 'node:path';
import { launchBrowser, startServer } from '../tests/e2e/harness.mjs';
const [file, n = '10'] = process.argv.slice(2);
const server = await startServer();
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
    const before = await metrics();
    const count = await page.evaluate(() => Number(document.querySelector('.filters .filter-count')?.textContent));
    await page.evaluate(() => document.dispatchEvent(new KeyboardEvent('keydown', { key: '3', bubbles: true, cancelable: true })));
    await page.waitForFunction((c) => Number(document.querySelector('.filters .filter-count')?.textContent) === c + 1, count, { timeout: 5000 }).catch(() => null);
    await page.evaluate(() => window.__bench.frames(2));
    const after = await metrics();
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
  const per = Object.fromEntries(keys.map((k) => [k, k.endsWith('Count') ? (sum[k] / done).toFixed(1) : `${((sum[k] / done) * 1000).toFixed(1)} ms`]));
  console.log(`per add over ${done}:`, JSON.stringify(per));
} finally {
  await browser.close();
  await server.close();
}

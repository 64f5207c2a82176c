// The Agreement view at the size of issue 21's budget: 100 articles × 3 annotators × 1,000
// spans each (300,000 spans), imported as Marginalia datasets through Open articles, then the
// Agreement view opened: time from the click to the painted heatmap, and the longest task.
//
//   node bench/agreement-run.mjs [--articles N] [--spans S] [--dist DIR] [--times K]
//
// Each article is bench/corpus.mjs's generator (~5 KB of mixed scripts, S spans); annotator
// a1 keeps every span, a2 and a3 each keep a seeded 85 % of them and relabel 5 % (so the
// figures are neither 0 nor 1). The datasets are written in parts of at most 9 MB (the app
// opens files of up to 10 MB). Prints a line and writes bench/out/agreement.json.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, prng } from './corpus.mjs';
import { launchBrowser, startServer } from '../tests/e2e/harness.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const arg = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
};
const ARTICLES = Number(arg('articles', 100));
const SPANS = Number(arg('spans', 1000));
const TIMES = Number(arg('times', 3));
const DIST = arg('dist', undefined);

const LABELS = ['quote', 'claim', 'entity'];

function documentOf(i) {
  const { title, text, spans, blocks } = generate({ bytes: 5000, spans: SPANS, seed: 4000 + i, title: `Agreement ${i + 1}` });
  const rand = prng(90_000 + i);
  const layers = [];
  for (const [k, who] of ['a1', 'a2', 'a3'].entries()) {
    spans.forEach((s, j) => {
      if (k > 0 && rand() < 0.15) return;
      const label = k > 0 && rand() < 0.05 ? LABELS[(LABELS.indexOf(s.label) + 1) % 3] : s.label;
      layers.push({ id: `${who}-${j}`, start: s.start, end: s.end, text: s.text, label, attributes: {}, annotator: who });
    });
  }
  const id = `doc-${i}`;
  return { id, title, source: `${title}.md`, text, blocks, status: 'in_progress', spans: layers };
}

function files() {
  const out = [];
  let docs = [];
  let size = 0;
  const flush = () => {
    const json = JSON.stringify({ schema: 'marginalia-dataset', version: 2, documents: docs, relations: [] });
    out.push({ name: `agreement-${out.length + 1}.json`, mimeType: 'application/json', buffer: Buffer.from(json) });
    docs = [];
    size = 0;
  };
  for (let i = 0; i < ARTICLES; i++) {
    const d = documentOf(i);
    const bytes = JSON.stringify(d).length;
    if (size + bytes > 9 * 1024 * 1024 && docs.length) flush();
    docs.push(d);
    size += bytes;
  }
  if (docs.length) flush();
  return out;
}

const server = await startServer(DIST);
const browser = await launchBrowser();
const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
const page = await context.newPage();
await page.goto(server.url);
await page.locator('.doc-item').first().waitFor();
const parts = files();
const spans = ARTICLES * SPANS * 3;
const chooser = page.waitForEvent('filechooser');
await page.getByRole('button', { name: 'Open articles' }).click();
const t0 = Date.now();
await (await chooser).setFiles(parts);
await page.waitForFunction((n) => document.querySelector('.corpus-size')?.textContent === `${n} articles`, ARTICLES + 3, { timeout: 300_000 });
const importMs = Date.now() - t0;
const samples = [];
for (let k = 0; k < TIMES; k++) {
  const r = await page.evaluate(async () => {
    const tasks = [];
    const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries().map((e) => e.duration)));
    observer.observe({ type: 'longtask' });
    const t = performance.now();
    [...document.querySelectorAll('.view-switch .view-tab')].find((b) => b.textContent.trim() === 'Agreement').click();
    while (!document.querySelector('.heat-cell')) await new Promise((f) => setTimeout(f, 0));
    await new Promise((f) => requestAnimationFrame(() => requestAnimationFrame(f)));
    const ms = performance.now() - t;
    observer.disconnect();
    return { ms, longest: Math.max(0, ...tasks) };
  });
  samples.push(r);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Article' }).click();
  await page.locator('.article-text').waitFor();
}
const result = { articles: ARTICLES, spansPerAnnotator: SPANS, spans, files: parts.length, importMs, samples };
fs.mkdirSync(path.join(HERE, 'out'), { recursive: true });
fs.writeFileSync(path.join(HERE, 'out', 'agreement.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(`${ARTICLES} articles × 3 annotators × ${SPANS} spans (${spans.toLocaleString('en')} spans, ${parts.length} files): imported in ${importMs} ms; Agreement shown in ${samples.map((s) => s.ms.toFixed(0)).join(', ')} ms (longest task ${samples.map((s) => s.longest.toFixed(0)).join(', ')} ms); each opening works the figures out again.`);
await browser.close();
await server.close();

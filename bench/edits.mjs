// What the browser benchmarks share (bench/run.mjs, bench/compare-run.mjs): a key dispatched
// and stamped at the paint that shows its effect (ourAction), the timed edit rounds (add,
// relabel twice, delete, undo: timeEdits), the import through Open articles, and the CPU
// profile summary. Measures only: nothing here asserts on time.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, quantile } from './stats.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const PAGE_JS = path.join(HERE, 'page.js');
export const ACTION_TIMEOUT = 20000;

// ---------------------------------------------------------------------------------------------
// Small helpers

export const ms = (x, digits = 1) => (x === null || x === undefined ? '—' : `${x.toFixed(digits)}`);
export const int = (x) => (x === null || x === undefined ? '—' : x.toLocaleString('en-US'));

export function table(headers, rows) {
  const cells = [headers, ...rows].map((r) => r.map((c) => String(c)));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => [...r[i]].length)));
  const line = (r) => `| ${r.map((c, i) => c + ' '.repeat(widths[i] - [...c].length)).join(' | ')} |`;
  return [line(cells[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

export async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

// ---------------------------------------------------------------------------------------------
// Ours

export const OUR_KEYS = {
  add: { key: '3' },
  quote: { key: '1' },
  claim: { key: '2' },
  delete: { key: 'Delete' },
  undo: { key: 'z', ctrlKey: true },
  // Compare view: the next disagreement.
  next: { key: 'j' },
};

/** Dispatch one key on document and stamp the next paint after the DOM shows its effect. */
export function ourAction(page, action, expect, delay = 0) {
  return page.evaluate(
    async ({ action, expect, key, timeout, delay }) => {
      const FRAME = 1000 / 60;
      // A random wait first (0–16.7 ms, drawn by the caller), so the key comes at a random
      // moment of the frame, as a person's does: an add dispatched straight after the frames
      // that followed its selection always waited almost a whole frame.
      // A frame's start first, to know when the next ones are due (60 per second).
      const frameStart = await new Promise((resolve) => requestAnimationFrame(resolve));
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      const count = () => Number(document.querySelector('.filters .filter-count')?.textContent);
      const range = () => document.querySelector('.selected-range')?.textContent ?? '';
      // `expect`: the count of spans the panel shows after the action, or the counts it may show.
      const expected = () => (Array.isArray(expect) ? expect.includes(count()) : count() === expect);
      const rangeBefore = range();
      const done = {
        add: () => expected() && range().endsWith('Entity'),
        quote: () => range().endsWith('Quote'),
        claim: () => range().endsWith('Claim'),
        delete: () => !document.querySelector('.selected-span') && expected(),
        undo: () => expected(),
        // Another span selected and marked in the text.
        next: () => range() !== '' && range() !== rangeBefore && document.querySelector('.seg.sel') !== null,
      }[action];
      // A selection that is exactly an existing entity is refused with a notice: stop waiting.
      const lastNotice = () => document.querySelector('.notices')?.lastElementChild ?? null;
      const before = lastNotice();
      const refused = () => {
        const last = lastNotice();
        return last !== before && /already has this label/.test(last?.textContent ?? '');
      };
      window.__bench.resetSave();
      const t0 = performance.now();
      document.dispatchEvent(new KeyboardEvent('keydown', { ...key, bubbles: true, cancelable: true }));
      // The app's own work for the key: its handler, then yew's render and effects, which run
      // as microtasks queued during the dispatch (a few hops let nested ones finish).
      for (let i = 0; i < 16; i++) await Promise.resolve();
      const work = performance.now() - t0;
      const t1 = await window.__bench.paint(done, timeout, refused);
      // The app saves right after the frame that shows the change: let that happen, so the
      // storage cost below is the action's.
      await new Promise((resolve) => setTimeout(resolve, 80));
      return {
        refused: refused(),
        ms: t1 === null ? null : t1 - t0,
        // From the frame that was due when the key came (the next 60 Hz frame after it) to the
        // paint that showed the change: what the app and the browser add beyond the wait for
        // that frame, which no app can shorten. Under 16.7 ms: the change was not a frame late.
        late: t1 === null ? null : t1 - (frameStart + Math.ceil((t0 - frameStart) / FRAME) * FRAME),
        work,
        saveMs: window.__bench.setItemMs,
        saveCalls: window.__bench.setItemCalls,
        saveChars: window.__bench.setItemChars,
        count: count(),
        range: range(),
        at: t0,
      };
    },
    { action, expect, key: OUR_KEYS[action], timeout: ACTION_TIMEOUT, delay },
  );
}

export const spanCount = (page) => page.evaluate(() => Number(document.querySelector('.filters .filter-count')?.textContent));

/** Scroll a random paragraph into view and select a few of its words (not timed). */
export async function selectRandomWords(page, blockSelector, rand) {
  const [fb, ft, fc] = [rand(), rand(), rand()];
  return page.evaluate(
    async ({ blockSelector, fb, ft, fc }) => {
      const blocks = document.querySelectorAll(blockSelector);
      const block = blocks[Math.floor(fb * blocks.length)];
      block.scrollIntoView({ block: 'center' });
      await window.__bench.frames(2);
      const tokens = window.__bench.tokens(block);
      return window.__bench.selectWords(block, Math.floor(ft * tokens.length), 1 + Math.floor(fc * 4));
    },
    { blockSelector, fb, ft, fc },
  );
}

export async function newContext(browser) {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
  await context.addInitScript({ path: PAGE_JS });
  return context;
}

/** Open the app, import the corpus through Open articles, wait for its first paint.
 * `before(page)`: what to do once the app is open, before the import (not timed). */
export async function importCorpus(page, url, corpus, before = null) {
  await page.goto(url);
  await page.locator('.doc-item').first().waitFor();
  if (before) await before(page);
  await page.evaluate((title) => {
    window.__changeAt = null;
    document.addEventListener('change', () => (window.__changeAt ??= performance.now()), { capture: true });
    window.__bench.resetSave();
    window.__importPaint = window.__bench.paint(
      () => document.querySelector('article.article')?.getAttribute('aria-label') === title,
      600000,
    );
  }, corpus.title);
  await page.locator('input[type=file]').setInputFiles(corpus.file);
  return page.evaluate(async () => {
    const t1 = await window.__importPaint;
    return {
      ms: t1 === null ? null : t1 - window.__changeAt,
      saveMs: window.__bench.setItemMs,
      saveCalls: window.__bench.setItemCalls,
      saveChars: window.__bench.setItemChars,
    };
  });
}

/** The edits timed on each selection, in this order. */
export const EDIT_ACTIONS = ['add', 'quote', 'claim', 'delete', 'undo'];

/** The count of spans the panel shows after `action` in one layer: an add and its relabels one
 * more than before (`n`), the delete as before, the undo one more again. */
export const plainExpect = (action, n) => (action === 'delete' ? n : n + 1);

/** Samples of timed edits, gathered over one or more calls of timeEdits. */
export function editTally(actions = EDIT_ACTIONS) {
  const each = (make) => Object.fromEntries(actions.map((a) => [a, make()]));
  return {
    actions,
    frames: each(() => []),
    samples: each(() => []),
    saves: each(() => []),
    works: each(() => []),
    cost: each(() => ({ script: 0, layout: 0, style: 0, task: 0, n: 0 })),
    // When each timed key came (performance.now() in the page), by action.
    at: each(() => []),
    refused: 0,
    failures: 0,
  };
}

/**
 * Up to `rounds` rounds of edits on random words of the article's paragraphs (selections drawn
 * from `rand`, the moment of the frame each key comes at from `phase`): add (key 3 on a
 * selection), relabel (1, then 2), delete, undo; each stamped at the paint after the DOM shows
 * it. Performance.getMetrics around each gives script, layout and style time.
 * `expectFor(action, n, round)`: the span count to wait for (see ourAction), from the count
 * before the add and the results of this round's earlier actions, by action.
 */
export async function timeEdits(page, cdp, { rounds, rand, phase, tally, expectFor = plainExpect, name, note }) {
  const { actions, frames, samples, saves, works, cost } = tally;
  let n = await spanCount(page);
  for (let i = 0; i < rounds && tally.failures < 10; i++) {
    const picked = await selectRandomWords(page, '.article-text p.block', rand);
    if (!picked) continue;
    const round = {};
    for (const action of actions) {
      const expect = expectFor(action, n, round);
      const before = await metrics(cdp);
      const r = await ourAction(page, action, expect, phase() * 16.7);
      const after = await metrics(cdp);
      round[action] = r;
      if (r.ms === null) {
        if (r.refused) {
          tally.refused += 1; // already an entity there: pick again
          if (tally.refused < 50) i--;
        } else {
          tally.failures++;
          note(`${name}: ${action} did not show within ${ACTION_TIMEOUT} ms (${JSON.stringify(picked.text)}); skipped`);
        }
        await page.evaluate(() => document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
        n = await spanCount(page);
        break;
      }
      samples[action].push(r.ms);
      tally.at[action].push(r.at);
      // Only actions during whose 80 ms the app saved (a burst waits for a later save).
      if (r.saveCalls > 0) saves[action].push(r);
      works[action].push(r.work);
      frames[action].push(r.late);
      const c = cost[action];
      c.script += (after.ScriptDuration - before.ScriptDuration) * 1000;
      c.layout += (after.LayoutDuration - before.LayoutDuration) * 1000;
      c.style += (after.RecalcStyleDuration - before.RecalcStyleDuration) * 1000;
      c.task += (after.TaskDuration - before.TaskDuration) * 1000;
      c.n++;
    }
    n = await spanCount(page);
  }
  return tally;
}

/** Per action: n, p50, p95 and max of input → paint, the save, the work, after due frame. */
export function summariseEdits({ actions, frames, samples, saves, works, cost }) {
  return Object.fromEntries(
    actions.map((a) => [
      a,
      {
        n: samples[a].length,
        p50: median(samples[a]),
        p95: quantile(samples[a], 0.95),
        max: quantile(samples[a], 1),
        saves: saves[a].length,
        saveP50: median(saves[a].map((r) => r.saveMs)),
        saveCharsP50: median(saves[a].map((r) => r.saveChars)),
        workP50: median(works[a]),
        workP95: quantile(works[a], 0.95),
        // Paint after the frame due at the key (see ourAction).
        lateP50: median(frames[a]),
        lateP95: quantile(frames[a], 0.95),
        late: frames[a],
        scriptMean: cost[a].n ? cost[a].script / cost[a].n : null,
        layoutMean: cost[a].n ? cost[a].layout / cost[a].n : null,
        styleMean: cost[a].n ? cost[a].style / cost[a].n : null,
        taskMean: cost[a].n ? cost[a].task / cost[a].n : null,
        samples: samples[a],
      },
    ]),
  );
}

// ---------------------------------------------------------------------------------------------
// CPU profile of add-span (needs a build whose wasm keeps its names)

/** Rust legacy symbol (_ZN...E) to a readable path without the hash. */
export function demangle(name) {
  const raw = name.replace(/^\$/, '');
  const m = /^_ZN(.*)E$/.exec(raw);
  if (!m) return raw.replace(/::h[0-9a-f]{16}$/, ''); // rustc's name section is already demangled
  const parts = [];
  let rest = m[1];
  while (rest.length > 0) {
    const len = /^(\d+)/.exec(rest);
    if (!len) break;
    const n = Number(len[1]);
    parts.push(rest.slice(len[1].length, len[1].length + n));
    rest = rest.slice(len[1].length + n);
  }
  if (parts.length && /^h[0-9a-f]{16}$/.test(parts.at(-1))) parts.pop();
  return parts
    .join('::')
    .replace(/\$LT\$/g, '<')
    .replace(/\$GT\$/g, '>')
    .replace(/\$RF\$/g, '&')
    .replace(/\$u20\$/g, ' ')
    .replace(/\$u7b\$/g, '{')
    .replace(/\$u7d\$/g, '}')
    .replace(/\$C\$/g, ',')
    .replace(/\.\./g, '::');
}

/** Self and inclusive time per function over CPU profiles (idle excluded). */
export class ProfileSum {
  constructor() {
    this.self = new Map();
    this.inclusive = new Map();
    this.categories = new Map();
    this.total = 0;
  }

  add(profile) {
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const parent = new Map();
    for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
    const nameOf = (node) => {
      const { functionName, url: src } = node.callFrame;
      return src.endsWith('.wasm') ? `${demangle(functionName)} [wasm]` : functionName || '(anonymous)';
    };
    for (let k = 0; k < profile.samples.length; k++) {
      const dt = (profile.timeDeltas[k + 1] ?? 0) / 1000;
      const node = byId.get(profile.samples[k]);
      const { functionName, url: src } = node.callFrame;
      if (functionName === '(idle)') continue;
      const category = src.endsWith('.wasm')
        ? 'wasm'
        : /marginalia-[0-9a-f]+\.js$/.test(src)
          ? 'JS glue (wasm-bindgen)'
          : functionName.startsWith('(')
            ? `${functionName} (browser: style, layout, paint, DOM)`
            : src
              ? 'other JS'
              : 'browser built-ins (DOM, storage)';
      this.total += dt;
      this.categories.set(category, (this.categories.get(category) ?? 0) + dt);
      const key = nameOf(node);
      this.self.set(key, (this.self.get(key) ?? 0) + dt);
      // Inclusive: every distinct function on the stack.
      const onStack = new Set();
      for (let id = node.id; id !== undefined; id = parent.get(id)) onStack.add(nameOf(byId.get(id)));
      for (const name of onStack) this.inclusive.set(name, (this.inclusive.get(name) ?? 0) + dt);
    }
  }

  summary() {
    const list = (map, filter = () => true, n = 20) =>
      [...map.entries()]
        .filter(([name]) => filter(name))
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(([name, t]) => ({ name, ms: t, share: t / this.total }));
    return {
      sampledMs: this.total,
      categories: Object.fromEntries([...this.categories.entries()].sort((a, b) => b[1] - a[1])),
      top: list(this.self),
      inclusive: list(this.inclusive, (name) => name.endsWith('[wasm]'), 40),
    };
  }
}


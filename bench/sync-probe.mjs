// A probe of sync against pouchdb-server (tests/e2e/couch.mjs), found while writing
// bench/sync-run.mjs; prints what a device shows and what the server holds, asserts nothing.
//
//   node bench/sync-probe.mjs undo 1500   one device (B, "Bea") synced: add a span, wait 1.5 s,
//                                         Delete, wait 1.5 s, Ctrl+Z; then B's count and the
//                                         server's doc for 5 s. The undo shows the span (count 1)
//                                         and sync takes it away again within ~0.1 s (count 0,
//                                         on the server too). With 0 (no waits) it stays.
//   node bench/sync-probe.mjs undo-nosync 1500   the same without sync (the span stays)
//   node bench/sync-probe.mjs rapid       B starts sync and at once, 3 times: add, relabel ×2, Delete
//   node bench/sync-probe.mjs rapid-synced   the same once B is Synced
//   ALONE=1 node bench/sync-probe.mjs …   the same with B the only device syncing
//   BNAME=Ada node bench/sync-probe.mjs …  B named Ada too (one person, two devices)
//   node bench/sync-probe.mjs stop        Sync → Stop sync: the header, page errors, after a reload
//   node bench/sync-probe.mjs during      B starts sync and adds 3 spans at once (they stay)
//   node bench/sync-probe.mjs before      B adds 3 spans, then starts sync
import { DIST, launchBrowser, startServer } from '../tests/e2e/harness.mjs';
import { startCouch } from '../tests/e2e/couch.mjs';
import { newContext, ourAction, selectRandomWords, spanCount } from './edits.mjs';
import { prng } from './corpus.mjs';
const couch = await startCouch({ admin: { name: 'root', password: 'root-pw' } });
await couch.createUser('ada', 'ada-pw');
await couch.createDb('newsroom');
await couch.setSecurity('newsroom', { members: ['ada'] });
const server = `${couch.url}newsroom`;
const app = await startServer(DIST);
const browser = await launchBrowser();
const WHO = process.env.BNAME ?? 'Bea';
const SPAN_OF_B = new RegExp(`"annotator":"${WHO}"`, 'g');
const log = (...a) => console.log(new Date().toISOString().slice(11, 23), ...a);
async function dev(who) {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(app.url);
  await page.locator('.doc-item').first().waitFor();
  const box = page.getByRole('textbox', { name: 'Annotator' });
  await box.fill(who);
  await box.press('Enter');
  await page.locator('.article-text').click();
  return page;
}
async function sync(page) {
  await page.getByRole('button', { name: 'Sync', exact: true }).click();
  await page.getByRole('textbox', { name: 'Server' }).fill(server);
  await page.getByRole('textbox', { name: 'User' }).fill('ada');
  await page.getByLabel('Password').fill('ada-pw');
  await page.getByRole('button', { name: 'Start sync' }).click();
  await page.getByRole('button', { name: 'Close' }).click();
}
const st = (p) => p.evaluate(() => document.querySelector('.sync-status')?.textContent ?? '(none)');
try {
  // ALONE=1: no other device (A opens the app but never syncs).
  const a = await dev('Ada');
  if (!process.env.ALONE) {
    await sync(a);
    await a.locator('.sync-status', { hasText: 'Synced' }).waitFor();
    a.on('request', (r) => r.url().includes('_bulk_docs') && log('A POST _bulk_docs', `spans sent: ${(r.postData().match(SPAN_OF_B) ?? []).length}`));
  }
  log('A synced; server docs', (await couch.request('GET', 'newsroom/_all_docs')).body.rows.length);
  const mode = process.argv[2] ?? 'during';
  const b = await dev(WHO); // BNAME=Ada: both devices one person
  const rand = prng(7);
  if (mode === 'stop') {
    // Start sync, then Sync → Stop sync: the header, the page's errors, what is kept.
    const errors = [];
    b.on('pageerror', (e) => errors.push(e.message));
    await sync(b);
    await b.locator('.sync-status', { hasText: 'Synced' }).waitFor();
    await b.getByRole('button', { name: 'Sync', exact: true }).click();
    let t = Date.now();
    await b.getByRole('button', { name: 'Stop sync' }).click();
    log(`the click on Stop sync took ${Date.now() - t} ms`);
    await b.waitForTimeout(1000);
    log('after Stop sync: header', JSON.stringify(await st(b)), 'page errors', JSON.stringify(errors));
    log('kept:', JSON.stringify(await b.evaluate(() => localStorage.getItem('marginalia-sync'))));
    await b.getByRole('button', { name: 'Close' }).click();
    t = Date.now();
    await b.reload();
    await b.locator('.doc-item').first().waitFor();
    log(`the reload took ${Date.now() - t} ms to the list`);
    await b.waitForTimeout(2000);
    log('after a reload: header', JSON.stringify(await st(b)));
    process.exit(0);
  } else if (mode === 'rapid' || mode === 'rapid-synced') {
    // add, relabel twice, Delete as fast as each paints; at once after Start sync, or once
    // B is Synced; repeated 3 times.
    await sync(b);
    if (mode === 'rapid-synced') await b.locator('.sync-status', { hasText: 'Synced' }).waitFor();
    for (let k = 0; k < 3; k++) {
      await selectRandomWords(b, '.article-text p.block', rand);
      const n = await spanCount(b);
      const got = [];
      for (const [action, want] of [['add', n + 1], ['quote', null], ['claim', null], ['delete', n]]) {
        got.push(`${action} ${(await ourAction(b, action, want)).ms === null ? 'NOT SHOWN' : 'shown'}`);
      }
      log('B', got.join(', '), '→ count', await spanCount(b), await st(b));
    }
  } else if (mode === 'undo' || mode === 'undo-nosync') {
    b.on('request', (r) => {
      if (r.method() !== 'GET' || !r.url().includes('longpoll')) log('B', r.method(), new URL(r.url()).pathname, r.url().includes('_bulk_docs') ? `spans sent: ${(r.postData().match(SPAN_OF_B) ?? []).length}` : '');
    });
    if (mode === 'undo') {
      await sync(b);
      await b.locator('.sync-status', { hasText: 'Synced' }).waitFor();
    }
    await selectRandomWords(b, '.article-text p.block', rand);
    log('B add', (await ourAction(b, 'add', 1)).ms, 'count', await spanCount(b));
    await b.waitForTimeout(Number(process.argv[3] ?? 0));
    log('B delete', (await ourAction(b, 'delete', 0)).ms, 'count', await spanCount(b));
    await b.waitForTimeout(Number(process.argv[3] ?? 0));
    log('B undo', (await ourAction(b, 'undo', 1)).ms, 'count', await spanCount(b), await st(b));
  } else if (mode === 'before') {
    for (let i = 0; i < 3; i++) {
      await selectRandomWords(b, '.article-text p.block', rand);
      const n = await spanCount(b);
      log('B add', (await ourAction(b, 'add', n + 1)).ms, 'count', await spanCount(b));
    }
    await sync(b);
  } else {
    await sync(b);
    for (let i = 0; i < 3; i++) {
      await selectRandomWords(b, '.article-text p.block', rand);
      const n = await spanCount(b);
      log('B add', (await ourAction(b, 'add', n + 1)).ms, 'count', await spanCount(b), 'status', await st(b));
    }
  }
  for (let t = 0; t < 10; t++) {
    await b.waitForTimeout(500);
    const docs = (await couch.request('GET', 'newsroom/_all_docs?include_docs=true')).body.rows.filter((r) => r.id.startsWith('doc:'));
    const serverSpans = docs.map((r) => JSON.stringify(r.doc).match(SPAN_OF_B)?.length ?? 0);
    log('B count', await spanCount(b), 'status', await st(b), '| server: spans of B per doc:', serverSpans.join(','), 'revs', docs.map((r) => r.doc._rev.split('-')[0]).join(','));
  }
} finally {
  await browser.close();
  await app.close();
  await couch.stop();
}

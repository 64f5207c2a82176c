// Import a large corpus and reload at once, many times: the import must survive every reload.
// node bench/stress-reload.mjs <file.jsonl> <rounds>
import { launchBrowser, startServer, storedRecords } from '../tests/e2e/harness.mjs';
import path from 'node:path';
const [file, rounds = '10'] = process.argv.slice(2);
const server = await startServer();
const browser = await launchBrowser();
let lost = 0;
try {
  for (let i = 0; i < Number(rounds); i++) {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    await context.addInitScript({ path: path.resolve('bench/page.js') });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await page.locator('.doc-item').first().waitFor();
    await page.locator('input[type=file]').setInputFiles(file);
    await page.waitForFunction(() => document.querySelector('.corpus-size')?.textContent === '4 articles', null, { timeout: 120000 });
    const stored = async () => Object.entries(await storedRecords(page)).map(([k, v]) => `${k}=${v.length}`).join(' ');
    const before = await stored();
    const status = await page.locator('.save-status').textContent();
    await page.reload();
    await page.locator('.doc-item').first().waitFor();
    await page.waitForFunction(() => !/Loading/.test(document.querySelector('.save-status')?.textContent ?? ''), null, { timeout: 120000 });
    const n = await page.locator('.doc-item').count();
    const after = await stored();
    if (n !== 4) {
      lost++;
      console.log(`round ${i}: LOST (docs ${n}); before reload: ${before}; status ${status}; after: ${after}; errors ${errors.join(' | ')}`);
    } else console.log(`round ${i}: ok`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`lost ${lost} of ${rounds}`);

// The app shell: starts under the CSP with the samples, switches articles, follows the colour
// scheme, and shows the crash banner on a panic.
import fs from 'node:fs';
import path from 'node:path';
import { DIST, expect, expectEq, openApp, screenshot, selectInSegment } from './harness.mjs';
import { dataset, openFiles } from './views.test.mjs';
import { select } from './annotate.test.mjs';

const CSP =
  "default-src 'self'; connect-src 'self' http: https:; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'self'; form-action 'none'";

const headline = (page) => page.locator('article h1').textContent();

export default async function shellTests(test) {
  await test('the build has no inline script and carries the CSP', async () => {
    const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length > 0, 'a script tag');
    for (const [, attrs, body] of scripts) {
      expect(/\bsrc=/.test(attrs), `script without src: ${attrs}`);
      expectEq(body.trim(), '', 'script body');
    }
    expect(!/\son[a-z]+=/i.test(html), 'no inline event handler attributes');
    expect(html.includes(`content="${CSP}"`), 'the CSP meta tag');
  });

  await test('starts on the sample articles under the CSP, offline', async ({ page, url, problems }) => {
    await openApp(page, url);
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expectEq(csp, CSP, 'CSP in the page');
    expectEq(await page.locator('.doc-item').count(), 3, 'sample documents listed');
    expect((await headline(page)).startsWith('Lisbon council approves'), 'first article shown');
    expectEq(await page.locator('script:not([src])').count(), 0, 'inline scripts in the page');
    // The landmarks a screen reader user moves by.
    await page.getByRole('navigation', { name: 'Documents' }).waitFor();
    await page.getByRole('main').waitFor();
    await page.getByRole('complementary', { name: 'Annotations' }).waitFor();
    // Every button has an accessible name.
    const unnamed = await page.$$eval('button, a', (els) =>
      els.filter((e) => !(e.getAttribute('aria-label') || e.textContent.trim())).length,
    );
    expectEq(unnamed, 0, 'controls without a name');
    // The image line is a placeholder card: no <img>, no request to its host.
    expectEq(await page.locator('img').count(), 0, 'img elements');
    const card = await page.locator('figure.image-card').textContent();
    expect(card.includes('images.example-news.org'), `image card names the host: ${card}`);
    expectEq(problems.external, [], 'requests to other origins');
    // Curly quotes and em dashes arrive intact.
    const body = await page.locator('article').textContent();
    expect(body.includes('“For thirty years') && body.includes('LISBON —'), 'typography kept');
  });

  await test('switches articles by click and with n / p', async ({ page, url }) => {
    await openApp(page, url);
    await page.getByRole('button', { name: /^Revived Vienna–Kraków night train/ }).click();
    await page.waitForFunction(() => document.querySelector('article h1')?.textContent.includes('Vienna–Kraków'));
    expectEq(
      await page.locator('.doc-item[aria-current="page"] .doc-title').textContent(),
      await headline(page),
      'the list marks the open article',
    );
    await page.keyboard.press('n');
    await page.waitForFunction(() => document.querySelector('article h1')?.textContent.includes('glacier'));
    const text = await page.locator('article').textContent();
    expect(text.includes('🇵🇱') === false && text.includes('田中遥'), 'the CJK sample article');
    await page.keyboard.press('p');
    await page.keyboard.press('p');
    await page.waitForFunction(() => document.querySelector('article h1')?.textContent.startsWith('Lisbon'));
  });

  await test('light and dark themes follow prefers-color-scheme', async ({ page, url }) => {
    const colours = {};
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      await openApp(page, url);
      colours[scheme] = await page.evaluate(() => {
        const lum = (c) => {
          const [r, g, b] = c.match(/\d+/g).map(Number);
          return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
        };
        const article = getComputedStyle(document.querySelector('article'));
        return { bg: lum(article.backgroundColor), fg: lum(article.color) };
      });
      await screenshot(page, `shell-${scheme}`);
    }
    expect(colours.light.bg > 0.9 && colours.light.fg < 0.25, `light theme: ${JSON.stringify(colours.light)}`);
    expect(colours.dark.bg < 0.2 && colours.dark.fg > 0.75, `dark theme: ${JSON.stringify(colours.dark)}`);
  });

  await test('no horizontal scrolling from a 360 px phone to a 2,560 px screen, in both themes', async ({ page, url }) => {
    await openApp(page, url);
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const width of [360, 390, 768, 1024, 1440, 2560]) {
        await page.setViewportSize({ width, height: 900 });
        await page.waitForTimeout(100);
        const wide = await page.evaluate(() => document.documentElement.scrollWidth);
        expectEq(wide, width, `page width at ${width} px (${scheme})`);
      }
    }
    await page.setViewportSize({ width: 360, height: 800 });
    await screenshot(page, 'shell-360');
  });

  await test('narrow windows: the documents and the annotations are drawers, the header’s actions a menu', async ({ page, url }) => {
    await page.setViewportSize({ width: 768, height: 900 });
    await openApp(page, url).catch(() => {});
    await page.locator('article h1').waitFor();
    const docs = page.getByRole('navigation', { name: 'Documents' });
    expect(!(await docs.isVisible()), 'the document list is a closed drawer');
    await page.getByRole('button', { name: 'Documents' }).click();
    await docs.waitFor();
    expectEq(await page.getByRole('button', { name: 'Documents' }).getAttribute('aria-expanded'), 'true', 'the toggle says so');
    // Choosing an article closes the drawer and opens it.
    const second = docs.locator('.doc-item').nth(1);
    const title = await second.locator('.doc-title').textContent();
    await second.click();
    await docs.waitFor({ state: 'hidden' });
    expectEq(await headline(page), title, 'the article chosen in the drawer');
    // ] opens the annotations; Escape closes them, and so does a click beside the drawer.
    await page.locator('article h1').click();
    await page.keyboard.press(']');
    await page.getByRole('complementary', { name: 'Annotations' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('complementary', { name: 'Annotations' }).waitFor({ state: 'hidden' });
    // A drawer opened takes the focus, Tab goes on inside it, and the focus goes back to the
    // drawer's button when it closes.
    const focusIn = () =>
      page.evaluate(() => {
        const el = document.activeElement;
        return el?.closest('#documents, #annotations')?.id ?? `${el?.tagName}:${el?.getAttribute('aria-controls') ?? ''}`;
      });
    // Read further down first: the place read stays when the focus goes back to the button.
    await page.evaluate(() => scrollTo(0, 700));
    const y = await page.evaluate(() => scrollY);
    expect(y > 300, `the page scrolled (${y})`);
    await page.keyboard.press(']');
    await page.getByRole('complementary', { name: 'Annotations' }).waitFor();
    expectEq(await focusIn(), 'annotations', 'the focus in the annotations drawer');
    await page.keyboard.press('Tab');
    expectEq(await focusIn(), 'annotations', 'Tab stays in the drawer');
    await page.keyboard.press('Escape');
    expectEq(await focusIn(), 'BUTTON:annotations', 'the focus back on the drawer’s button');
    expectEq(await page.evaluate(() => scrollY), y, 'the place read kept');
    await page.keyboard.press('[');
    await docs.waitFor();
    expectEq(await focusIn(), 'documents', 'the focus in the documents drawer');
    await page.keyboard.press('Tab');
    expectEq(await focusIn(), 'documents', 'Tab goes to the drawer’s first control');
    await page.keyboard.press('Escape');
    expectEq(await focusIn(), 'BUTTON:documents', 'the focus back on the Documents button');
    await page.keyboard.press('[');
    await docs.waitFor();
    await page.mouse.click(700, 450);
    await docs.waitFor({ state: 'hidden' });
    // Below 700 px the header's actions are behind Menu.
    await page.setViewportSize({ width: 390, height: 844 });
    const open = page.getByRole('button', { name: 'Open articles' });
    expect(!(await open.isVisible()), 'the actions folded');
    await page.getByRole('button', { name: 'Menu' }).click();
    await open.waitFor();
    await screenshot(page, 'shell-menu-390');
    await page.getByRole('button', { name: 'Labels' }).click();
    await page.getByRole('dialog').waitFor();
    expect(!(await open.isVisible()), 'a dialog opened from the menu closes it');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    // So does an action without a dialog: Export JSON downloads, and the menu folds.
    await page.getByRole('button', { name: 'Menu' }).click();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export JSON' }).click();
    await download;
    await open.waitFor({ state: 'hidden' });
    expectEq(await page.getByRole('button', { name: 'Menu' }).getAttribute('aria-expanded'), 'false', 'the menu closed');
  });

  await test('the document list pages by 100, and keeps the page chosen until another article opens', async ({ page, url }) => {
    await openApp(page, url);
    const docs = Array.from({ length: 130 }, (_, i) => ({
      title: `Report ${String(i + 1).padStart(3, '0')}`,
      paragraphs: [`Paragraph of report ${i + 1}.`],
      spans: [],
    }));
    await openFiles(page, [{ name: 'reports.json', text: dataset(docs, []) }]);
    const list = page.getByRole('navigation', { name: 'Documents' });
    const at = () => list.locator('.pager-at').first().textContent();
    await page.waitForFunction(() => document.querySelector('#documents .pager-at')?.textContent === 'Articles 1–100 of 133');
    const first = await headline(page);
    await list.getByRole('button', { name: 'Next articles' }).first().click();
    expectEq(await at(), 'Articles 101–133 of 133', 'the next page');
    expect(
      (await list.locator('.doc-title').allTextContents()).includes('Report 130'),
      'the last report on the second page',
    );
    // Still there after an edit elsewhere redraws the list; gone once another article opens.
    await page.locator('article h1').click();
    expectEq(await at(), 'Articles 101–133 of 133', 'the page kept');
    await page.keyboard.press('n');
    await page.waitForFunction((t) => document.querySelector('article h1')?.textContent !== t, first);
    expectEq(await at(), 'Articles 1–100 of 133', 'the page of the article opened');
    await list.getByRole('button', { name: 'Next articles' }).first().click();
    await list.locator('.doc-item', { hasText: 'Report 120' }).click();
    expectEq(await headline(page), 'Report 120', 'an article on the second page');
    expectEq(await at(), 'Articles 101–133 of 133', 'its page shown');
  });

  await test(
    'by touch on a phone: a selection gets a toolbar of labels a finger can hit, a tap tags it with the right offsets, a tap on the highlight opens its details',
    async ({ page, url }) => {
      await openApp(page, url).catch(() => {});
      await page.locator('article h1').waitFor();
      const needle = 'city council';
      await page.locator('.seg', { hasText: needle }).first().scrollIntoViewIfNeeded();
      await selectInSegment(page, needle);
      const bar = page.getByRole('toolbar', { name: 'Tag the selection' });
      await bar.waitFor();
      for (const box of await bar.getByRole('button').evaluateAll((bs) => bs.map((b) => b.getBoundingClientRect().toJSON()))) {
        expect(box.width >= 44 && box.height >= 44, `a button of ${box.width}×${box.height} px`);
      }
      const bbox = await bar.boundingBox();
      expect(bbox.x >= 0 && bbox.x + bbox.width <= 390, 'the toolbar inside the screen');
      await bar.getByRole('button', { name: 'Entity' }).tap();
      await bar.waitFor({ state: 'detached' });
      const seg = page.locator('.seg[data-labels~="entity"]').first();
      expectEq(await seg.textContent(), needle, 'the words tagged');
      const text = await page.evaluate(() => document.querySelector('article')?.textContent ?? '');
      const [start, end] = [Number(await seg.getAttribute('data-start')), Number(await seg.getAttribute('data-end'))];
      expectEq(end - start, [...needle].length, 'code points');
      expect(text.length > 0, 'the article text');
      // A claim around the entity: the words under the finger then belong to two spans.
      const around = 'city council on Tuesday';
      await select(page, around);
      await bar.waitFor();
      await bar.getByRole('button', { name: 'Claim' }).tap();
      await bar.waitFor({ state: 'detached' });
      // A tap on the highlight selects a span and shows the panel as a drawer; a tap beside the
      // drawer closes it, and the next tap on the same words selects the next span there.
      const inner = page.locator('.seg[data-labels~="entity"][data-labels~="claim"]').first();
      await inner.tap();
      const panel = page.getByRole('complementary', { name: 'Annotations' });
      await panel.waitFor();
      const selected = () => panel.locator('.selected-text').textContent();
      const firstTap = await selected();
      await page.waitForFunction(() => document.getAnimations().length === 0);
      await screenshot(page, 'shell-touch-panel');
      await page.touchscreen.tap(20, 400);
      await panel.waitFor({ state: 'hidden' });
      await inner.tap();
      await panel.waitFor();
      const secondTap = await selected();
      expectEq(
        [firstTap, secondTap].sort(),
        [`“${needle}”`, `“${around}”`].sort(),
        'two taps, the two spans under the finger',
      );
    },
    { context: { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true } },
  );

  await test(
    'a panic shows the crash banner, is logged, and Reload recovers',
    async ({ page, url, problems }) => {
      await page.goto(`${url}?selftest=panic`);
      const banner = page.getByRole('alert');
      await banner.waitFor();
      expect(
        (await banner.textContent()).includes('Something went wrong — your saved work is safe; reload'),
        'banner text',
      );
      // The shipped build aborts at once on a panic (docs/toolchain.md): the browser logs
      // the wasm trap with its stack. A stable-Rust build logs the panic's message as well.
      expect(
        problems.pageErrors.some((m) => m.includes('unreachable')) ||
          problems.consoleErrors.some((m) => m.includes('self-test: deliberate panic')),
        `panic logged: ${[...problems.pageErrors, ...problems.consoleErrors].join(' | ')}`,
      );
      await screenshot(page, 'crash-banner');
      await banner.getByRole('link', { name: 'Reload' }).click();
      await page.locator('article h1').waitFor();
      expect(!page.url().includes('selftest'), 'reload drops the self-test flag');
      expectEq(await page.locator('#crash-banner').count(), 0, 'banner after reload');
    },
    // The panic aborts the wasm instance: an "unreachable" trap (and, built with stable Rust,
    // the logged panic) are expected.
    { allowPageErrors: /unreachable/, allowConsoleErrors: /self-test: deliberate panic/ },
  );
}

// Accessibility: axe-core (its default rules: WCAG 2 A and AA, and best practices) over every
// screen a user meets, in the light and the dark theme and on a narrow window: the article with
// nested highlights, a selected quote with its speaker linked, the link picker, every dialog,
// an error notice, People with a merge suggestion and a pager, Claims. Each must have no
// violation at all.
import fs from 'node:fs';
import { ROOT, expect, expectEq, openApp, screenshot } from './harness.mjs';
import { select } from './annotate.test.mjs';
import { CLAIMS, dataset, openFiles } from './views.test.mjs';

const AXE = fs.readFileSync(`${ROOT}/node_modules/axe-core/axe.min.js`, 'utf8');

/** Run axe over the whole page as it is; fail with every violation, its elements and why. */
export async function noViolations(page, screen) {
  // Evaluated through the DevTools protocol: the page's CSP (no inline scripts) allows it.
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return {
      rules: r.passes.length + r.violations.length + r.incomplete.length,
      violations: r.violations.map((v) => ({
        rule: `${v.id} (${v.impact}): ${v.help}`,
        nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`),
      })),
    };
  });
  expect(result.rules > 20, `${screen}: axe ran (${result.rules} rules applied)`);
  const report = result.violations.map((v) => `\n  ${v.rule}\n    ${v.nodes.join('\n    ')}`).join('');
  expect(result.violations.length === 0, `${screen}: ${result.violations.length} accessibility violations${report}`);
}

/** Both themes. */
async function bothThemes(page, screen) {
  await noViolations(page, `${screen} (light)`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await noViolations(page, `${screen} (dark)`);
  await page.emulateMedia({ colorScheme: 'light' });
}

const QUOTE = 'For thirty years this land has been a fence and a rumour,';

export default async function a11yTests(test) {
  await test('every screen passes axe-core in both themes: article, panel, link picker, dialogs, notices', async ({ page, url }) => {
    await openApp(page, url);
    await bothThemes(page, 'the first article');

    // Highlights of every label, an entity nested in a claim; the new quote is selected.
    await select(page, 'The city council on Tuesday approved a €42 million plan');
    await page.keyboard.press('2');
    await select(page, 'city council');
    await page.keyboard.press('3');
    await select(page, 'Inês Conceição Barros');
    await page.keyboard.press('3');
    await select(page, QUOTE);
    await page.keyboard.press('1');
    await page.locator('.selected-text', { hasText: 'For thirty years' }).waitFor();
    await bothThemes(page, 'spans of three labels, a quote selected');

    // The link picker (s on the quote), then the speaker linked: in the panel and over the text.
    await page.keyboard.press('s');
    const picker = page.getByRole('dialog', { name: /^Speaker of/ });
    await picker.waitFor();
    await bothThemes(page, 'the link picker');
    await page.keyboard.press('Enter');
    await picker.waitFor({ state: 'detached' });
    await page.locator('.links .link-row').first().waitFor();
    await bothThemes(page, 'a quote linked to its speaker');
    await screenshot(page, 'a11y-linked');

    // Every dialog.
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: /shortcuts/i }).waitFor();
    await bothThemes(page, 'the shortcuts dialog');
    await page.keyboard.press('Escape');
    for (const [button, dialog] of [
      ['Labels', 'Labels'],
      ['Export…', /^Export/],
      ['Paste article', /^Paste/],
      ['Sync', 'Sync'],
    ]) {
      await page.getByRole('button', { name: button, exact: true }).click();
      await page.getByRole('dialog', { name: dialog }).waitFor();
      await bothThemes(page, `the ${button} dialog`);
      await page.keyboard.press('Escape');
      await page.getByRole('dialog', { name: dialog }).waitFor({ state: 'detached' });
    }

    // An error notice: a binary file refused.
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open articles' }).click();
    await (await chooser).setFiles([{ name: 'scan.txt', mimeType: 'text/plain', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3]) }]);
    await page.getByRole('alert').filter({ hasText: 'binary' }).waitFor();
    await bothThemes(page, 'an error notice');

    // A narrow window.
    await page.setViewportSize({ width: 390, height: 844 });
    await bothThemes(page, 'a narrow window');
    await page.setViewportSize({ width: 1360, height: 900 });

    // Deleting an article asks first; with every article deleted, the empty state.
    for (let left = 3; left > 0; left--) {
      await page.locator('.doc-row').first().getByRole('button', { name: /^Delete / }).click();
      await page.getByRole('alertdialog', { name: 'Confirm deletion' }).waitFor();
      if (left === 3) await bothThemes(page, 'the deletion asked');
      await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
      await page.waitForFunction((n) => document.querySelectorAll('.doc-row').length === n - 1, left);
    }
    await page.locator('.empty-state').waitFor();
    await bothThemes(page, 'no article open');
    await screenshot(page, 'a11y-no-article');
  });

  await test('dialogs are modal: the focus starts inside, Tab stays inside, Esc gives it back to the opener', async ({ page, url }) => {
    await openApp(page, url);
    const focus = () =>
      page.evaluate(() => {
        const a = document.activeElement;
        return { inDialog: !!a.closest('[role=dialog]'), body: a === document.body, name: a.getAttribute('aria-label') ?? a.textContent.trim() };
      });
    for (const [opener, dialog] of [
      ['Labels', 'Labels'],
      ['Export…', /^Export/],
      ['Paste article', /^Paste/],
      ['Sync', 'Sync'],
      ['Keyboard shortcuts', 'Keyboard shortcuts'],
    ]) {
      await page.getByRole('button', { name: opener, exact: true }).click();
      await page.getByRole('dialog', { name: dialog }).waitFor();
      expect((await focus()).inDialog, `${opener}: the focus starts in the dialog`);
      expectEq(await page.locator('.dialog').evaluate((d) => d.scrollTop), 0, `${opener}: the dialog opens at its title`);
      expect(await page.locator('.workspace').evaluate((w) => w.inert), `${opener}: the page behind is inert`);
      for (let i = 0; i < 30; i++) {
        await page.keyboard.press('Tab');
        const f = await focus();
        // Past the dialog's last control the focus goes to the browser's own controls (the
        // body here), never to the page behind the dialog.
        expect(f.inDialog || f.body, `${opener}: Tab ${i + 1} left the dialog for ${f.name}`);
      }
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      expectEq((await focus()).name, opener, `${opener}: the focus is back on its button`);
      expect(!(await page.locator('.workspace').evaluate((w) => w.inert)), `${opener}: the page is live again`);
    }
  });

  await test('the crash banner passes axe-core', async ({ page, url }) => {
    await page.goto(`${url}?selftest=panic`);
    await page.getByRole('alert').filter({ hasText: 'Something went wrong' }).waitFor();
    await bothThemes(page, 'the crash banner');
  }, { allowPageErrors: /unreachable/, allowConsoleErrors: /self-test: deliberate panic/ });

  await test('the corpus views pass axe-core in both themes: People with a suggestion and pages, Claims', async ({ page, url }) => {
    await openApp(page, url);
    await openFiles(page, [{ name: 'claims.json', mimeType: 'application/json', text: CLAIMS }], 'mine');
    await page.locator('.article[aria-label="Grain report"]').waitFor();
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'People' }).click();
    await page.locator('.merge-hint').first().waitFor();
    await bothThemes(page, 'People with a merge suggestion');
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Claims' }).click();
    await page.locator('.claims-table').waitFor();
    await bothThemes(page, 'Claims');

    // 120 people: two pages.
    const pad = (i) => String(i).padStart(3, '0');
    const paragraphs = Array.from({ length: 120 }, (_, i) => `Person${pad(i)} spoke.`);
    const spans = paragraphs.map((_, i) => ({ id: `p${i}`, needle: `Person${pad(i)}`, label: 'entity', attributes: { type: 'person' } }));
    await openFiles(page, [{ name: 'many.json', mimeType: 'application/json', text: dataset([{ title: 'Many', paragraphs, spans }], []) }], 'mine');
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'People' }).click();
    await page.locator('.pager').first().waitFor();
    await bothThemes(page, 'People by pages');

    // Agreement: two annotators' layers over one article.
    const text = ['Ann Lee said the port reopened on Monday.', 'Bo Chen said exports fell by a third.'];
    const two = [
      { id: 'a1', needle: 'Ann Lee', label: 'entity', annotator: 'Ada' },
      { id: 'a2', needle: 'the port reopened on Monday', label: 'claim', annotator: 'Ada' },
      { id: 'b1', needle: 'Ann Lee', label: 'entity', annotator: 'Bo' },
      { id: 'b2', needle: 'exports fell by a third', label: 'claim', annotator: 'Bo' },
    ];
    await openFiles(page, [{ name: 'two.json', mimeType: 'application/json', text: dataset([{ title: 'Two layers', paragraphs: text, spans: two }], []) }]);
    await page.locator('.doc-title', { hasText: 'Two layers' }).waitFor();
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Agreement' }).click();
    await page.locator('.heat-cell').first().click();
    await page.locator('.agreement-pair').waitFor();
    await bothThemes(page, 'Agreement with a pair chosen');
    // Ada and Bo's article, the two layers compared; then gold, a disagreement selected.
    await page.getByRole('button', { name: /^Ada and Bo: kappa/ }).first().click();
    await page.getByRole('region', { name: 'The pair’s articles' }).getByRole('button').first().click();
    await page.getByLabel('Compared layers').waitFor();
    await bothThemes(page, 'two layers compared');
    await page.getByRole('combobox', { name: 'Layer', exact: true }).selectOption({ label: 'Gold' });
    await page.getByRole('region', { name: 'Adjudication' }).waitFor();
    await page.locator('.article-text').click();
    await page.keyboard.press('j');
    await page.getByRole('region', { name: 'Adjudication' }).getByRole('button', { name: 'Accept all' }).waitFor();
    await bothThemes(page, 'gold, a disagreement selected');
    // A file that names nobody: the dialog asking whose its annotations are.
    await openFiles(page, [{ name: 'anon.json', mimeType: 'application/json', text: dataset([{ title: 'Anon', paragraphs: ['Cy Diaz said so.'], spans: [{ id: 'c1', needle: 'Cy Diaz', label: 'entity' }] }], []) }]);
    await page.getByRole('dialog', { name: 'Whose annotations are these?' }).waitFor();
    await bothThemes(page, 'whose annotations');
  });
}

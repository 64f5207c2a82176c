// Runs every end-to-end test file against the release build: node tests/e2e/run.mjs
// Prints "e2e: N passed, N failed" and exits non-zero on any failure.
import fs from 'node:fs';
import { ARTIFACTS, launchBrowser, startServer, suite } from './harness.mjs';
import shellTests from './shell.test.mjs';
import annotateTests from './annotate.test.mjs';
import storageTests from './storage.test.mjs';
import exportTests from './export.test.mjs';
import offlineTests from './offline.test.mjs';
import hardeningTests from './hardening.test.mjs';
import labelsTests, { attributeTests } from './labels.test.mjs';
import relationsTests from './relations.test.mjs';
import viewsTests from './views.test.mjs';
import a11yTests from './a11y.test.mjs';
import readmeTests from './readme.test.mjs';

const FILES = [shellTests, annotateTests, storageTests, exportTests, offlineTests, hardeningTests, labelsTests, attributeTests, relationsTests, viewsTests, a11yTests, readmeTests];
// `node tests/e2e/run.mjs hardening export` runs only those files.
const only = process.argv.slice(2);
const NAMES = ['shell', 'annotate', 'storage', 'export', 'offline', 'hardening', 'labels', 'attributes', 'relations', 'views', 'a11y', 'readme'];

fs.mkdirSync(ARTIFACTS, { recursive: true });
const server = await startServer();
const browser = await launchBrowser();
let results = { passed: 0, failed: 1 };
try {
  const s = suite(browser, server.url);
  for (const [i, file] of FILES.entries()) if (!only.length || only.includes(NAMES[i])) await file(s.test);
  results = s.results;
} catch (e) {
  console.log(`FAIL - the e2e run stopped: ${e.stack || e}`);
} finally {
  await browser.close();
  await server.close();
}
console.log(`e2e: ${results.passed} passed, ${results.failed} failed`);
process.exit(results.failed ? 1 : 0);

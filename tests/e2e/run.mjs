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
import corpusStorageTests from './corpus_storage.test.mjs';
import annotatorTests, { adjudicationTests, layerExchangeTests } from './annotators.test.mjs';
import couchInfraTests from './couch_infra.test.mjs';
import syncTests from './sync.test.mjs';
import screensTests from './screens.test.mjs';
import { stopAllCouches } from './couch.mjs';
import { stopAllProxies } from './proxy.mjs';

// [name, file, tests]: `node tests/e2e/run.mjs hardening export` (or hardening.test.mjs
// export.test.mjs) runs only those; a file's name runs every suite in it.
const FILES = [
  ['shell', 'shell', shellTests],
  ['annotate', 'annotate', annotateTests],
  ['storage', 'storage', storageTests],
  ['corpus_storage', 'corpus_storage', corpusStorageTests],
  ['export', 'export', exportTests],
  ['offline', 'offline', offlineTests],
  ['hardening', 'hardening', hardeningTests],
  ['labels', 'labels', labelsTests],
  ['attributes', 'labels', attributeTests],
  ['relations', 'relations', relationsTests],
  ['views', 'views', viewsTests],
  ['annotators', 'annotators', annotatorTests],
  ['layers', 'annotators', layerExchangeTests],
  ['adjudication', 'annotators', adjudicationTests],
  ['a11y', 'a11y', a11yTests],
  ['readme', 'readme', readmeTests],
  ['couch_infra', 'couch_infra', couchInfraTests],
  ['sync', 'sync', syncTests],
  ['screens', 'screens', screensTests],
];
const only = process.argv.slice(2).map((a) => a.replace(/^.*\//, ''));
const wanted = ([name, file]) => !only.length || only.includes(name) || only.includes(`${file}.test.mjs`);
const unknown = only.filter((a) => !FILES.some(([name, file]) => a === name || a === `${file}.test.mjs`));
if (unknown.length) {
  console.log(`FAIL - no such e2e file: ${unknown.join(' ')}`);
  process.exit(1);
}

fs.mkdirSync(ARTIFACTS, { recursive: true });
const server = await startServer();
const browser = await launchBrowser();
let results = { passed: 0, failed: 1 };
try {
  const s = suite(browser, server.url);
  for (const entry of FILES) if (wanted(entry)) await entry[2](s.test);
  results = s.results;
} catch (e) {
  console.log(`FAIL - the e2e run stopped: ${e.stack || e}`);
} finally {
  // The sync servers and proxies a failed test left running.
  await stopAllProxies();
  await stopAllCouches();
  await browser.close();
  await server.close();
}
console.log(`e2e: ${results.passed} passed, ${results.failed} failed`);
process.exit(results.failed ? 1 : 0);

// Trunk post_build hook (Trunk.toml): writes the service worker for this build.
//
// Trunk runs it after it has written every file of the build, index.html last, into its
// staging folder (TRUNK_STAGING_DIR, dist/.stage), before moving them to dist/; for
// `trunk build` and for every rebuild of `trunk serve` alike. It lists the files there,
// hashes their names and contents into a build version, and writes static/sw.js with both to
// <staging>/sw.js. So the worker precaches exactly the files of the build it belongs to, and
// a build with any changed file gets a new version (a new cache; the old one is deleted).
//
// Run by hand: TRUNK_STAGING_DIR=dist node scripts/service-worker.mjs (rewrites dist/sw.js).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WORKER = 'sw.js';
const PLACEHOLDER = /\/\* BUILD \*\/ \{[^\n]*\};/;

function fail(message) {
  console.error(`service-worker: ${message}`);
  process.exit(1);
}

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) fail('TRUNK_STAGING_DIR is not set (this runs as a trunk post_build hook)');
const source =
  process.env.TRUNK_SOURCE_DIR || path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const template = fs.readFileSync(path.join(source, 'static', WORKER), 'utf8');
const matches = template.match(new RegExp(PLACEHOLDER, 'g')) ?? [];
if (matches.length !== 1) fail(`static/${WORKER} must contain the BUILD placeholder exactly once`);

/** Every file under `dir`, as sorted '/'-separated paths relative to it. */
function files(dir, prefix = '') {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix + entry.name;
    if (entry.isDirectory()) out.push(...files(path.join(dir, entry.name), `${rel}/`));
    else if (entry.isFile()) out.push(rel);
  }
  return out.sort();
}

const assets = files(staging).filter((name) => name !== WORKER);
if (!assets.includes('index.html')) fail(`no index.html in ${staging}`);

const hash = crypto.createHash('sha256');
for (const name of assets) {
  hash.update(`${name}\0`);
  hash.update(fs.readFileSync(path.join(staging, name)));
  hash.update('\0');
}
hash.update(template);
const version = hash.digest('hex').slice(0, 16);

const build = JSON.stringify({ version, assets });
fs.writeFileSync(path.join(staging, WORKER), template.replace(PLACEHOLDER, () => `/* BUILD */ ${build};`));
console.log(`service-worker: ${WORKER} caches ${assets.length} files, build ${version}`);

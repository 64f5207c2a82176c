// Trunk post_build hook (Trunk.toml): writes the service worker for this build.
//
// Trunk runs it after it has written every file of the build, index.html last, into its
// staging folder (TRUNK_STAGING_DIR, dist/.stage), before moving them to dist/; for
// `trunk build` and for every rebuild of `trunk serve` alike. It lists the files there,
// hashes their names and contents into a build version, and writes static/sw.js with both to
// <staging>/sw.js. So the worker precaches exactly the files of the build it belongs to, and
// a build with any changed file gets a new version (a new cache; the old one is deleted).
//
// Release builds (TRUNK_PROFILE=release) also order the wasm's functions for gzip and shorten
// the names the wasm and its glue share (scripts/shrink-wasm.mjs), and minify every script,
// the worker included, with terser before hashing.
//
// Run by hand: TRUNK_STAGING_DIR=dist node scripts/service-worker.mjs (rewrites dist/sw.js).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { orderFunctions, shortenGlue, shortenWasm } from './shrink-wasm.mjs';

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

// Release builds: minify every script first (trunk's own JS minifier cannot parse the
// wasm-bindgen glue), so the worker hashes and caches the files as they are served.
const release = process.env.TRUNK_PROFILE === 'release';
let minify = null;
if (release) {
  try {
    ({ minify } = await import('terser'));
  } catch (e) {
    fail(`terser is missing (run npm ci): ${e.message}`);
  }
}

/** The minified text of a script (`module`: an ES module rather than a classic script). */
async function minified(code, name, module) {
  try {
    const out = await minify(code, { module, compress: { passes: 2 }, mangle: true, format: { comments: false } });
    return out.code;
  } catch (e) {
    fail(`could not minify ${name}: ${e.message}`);
  }
}

const assets = files(staging).filter((name) => name !== WORKER);
/** The subresource-integrity value trunk writes into index.html for `bytes`. */
const sri = (bytes) => `sha384-${crypto.createHash('sha384').update(bytes).digest('base64')}`;

if (release) {
  const page = path.join(staging, 'index.html');
  let html = fs.readFileSync(page, 'utf8');
  // The wasm's functions ordered for gzip, and short names between the wasm and its glue
  // (scripts/shrink-wasm.mjs).
  let renamed = new Map();
  for (const name of assets.filter((n) => n.endsWith('_bg.wasm'))) {
    const file = path.join(staging, name);
    const before = fs.readFileSync(file);
    const shortened = shortenWasm(orderFunctions(before, path.join(source, 'node_modules', '.bin')));
    if (renamed.size > 0) fail('more than one wasm module');
    renamed = shortened.renamed;
    fs.writeFileSync(file, shortened.wasm);
    html = html.split(sri(before)).join(sri(Buffer.from(shortened.wasm)));
  }
  for (const name of assets.filter((n) => n.endsWith('.js'))) {
    const file = path.join(staging, name);
    const before = fs.readFileSync(file);
    const after = await minified(shortenGlue(before.toString('utf8'), renamed), name, true);
    fs.writeFileSync(file, after);
    // The page preloads scripts with their integrity: keep it matching the new bytes.
    html = html.split(sri(before)).join(sri(Buffer.from(after)));
  }
  fs.writeFileSync(page, html);
}
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
// The BUILD line comes first and stays as written (tests and people read it); a release
// minifies the rest of the worker, which refers to BUILD as a global.
const BUILD_LINE = /^const BUILD = \/\* BUILD \*\/ [^\n]*;\n/m;
if (!BUILD_LINE.test(template)) fail(`static/${WORKER} must declare BUILD on one line`);
let rest = template.replace(BUILD_LINE, '');
if (release) rest = await minified(rest, WORKER, false);
fs.writeFileSync(path.join(staging, WORKER), `const BUILD = /* BUILD */ ${build};\n${rest}`);
console.log(`service-worker: ${WORKER} caches ${assets.length} files, build ${version}`);

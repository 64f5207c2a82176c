// Marginalia's service worker: keeps the app shell so that the app starts without a network.
//
// This file is a template. At build time scripts/service-worker.mjs (a trunk post_build hook,
// Trunk.toml) writes it to dist/sw.js with BUILD set to this build's content hash and the
// list of files trunk emitted (index.html, the hashed JS, wasm and CSS, boot.js, the manifest
// and icons). Every build with different files gets a different cache; activating a new
// worker deletes the caches of older builds.
//
// - install: fetch every file of the build into a cache of its own, then take over at once.
// - navigations: network first (a new deploy is picked up whenever the server answers), the
//   cached index.html when the network fails.
// - the build's files: cache first (their names carry a content hash, or they are small and
//   versioned by the build hash), the network if missing.
// - anything else, and anything on another origin: left to the browser, never cached.
//
// Taking over at once (skipWaiting, clients.claim) is safe for this app: all state lives in
// localStorage, written synchronously after every change, and a running page has loaded all
// of its code and fetches nothing later, so a new worker only decides what the next load or
// reload gets. Reloading stays the user's choice.

// scripts/service-worker.mjs replaces the next line; this placeholder caches nothing.
const BUILD = /* BUILD */ { version: 'unbuilt', assets: [] };

// One cache per deployment folder and build: several copies of the app on one origin (in
// different folders) share the origin's CacheStorage, and each deletes only its own old builds.
const SCOPE = self.registration.scope;
const PREFIX = `marginalia-shell ${SCOPE} `;
const CACHE = PREFIX + BUILD.version;
const INDEX = new URL('index.html', self.location).href;
const ASSETS = new Set(BUILD.assets.map((name) => new URL(name, self.location).href));

/** Fetches one file for the cache, revalidating any HTTP-cached copy. */
async function download(url) {
  const response = await fetch(url, { cache: 'no-cache', credentials: 'same-origin' });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  // A redirected response cannot answer a navigation: store a plain copy of it.
  if (!response.redirected) return response;
  return new Response(await response.blob(), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      // Each response goes into the cache as soon as it arrives: a response whose body is not
      // read holds its connection, and waiting for all of them first can exhaust the browser's
      // connections to the host. A build whose files cannot all be fetched is not installed
      // (its partial cache is deleted); the browser tries again on a later visit, and the
      // current worker, if any, keeps serving its own build.
      const cache = await caches.open(CACHE);
      try {
        await Promise.all([...ASSETS].map(async (url) => cache.put(url, await download(url))));
      } catch (error) {
        await caches.delete(CACHE);
        throw error;
      }
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names.filter((name) => name.startsWith(PREFIX) && name !== CACHE).map((name) => caches.delete(name)),
      );
      await self.clients.claim();
    })(),
  );
});

async function navigate(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const cached = await caches.match(INDEX, { cacheName: CACHE });
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request, url) {
  const cached = await caches.match(url, { cacheName: CACHE, ignoreVary: true });
  return cached ?? fetch(request);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigate(request));
    return;
  }
  const file = url.origin + url.pathname;
  if (ASSETS.has(file)) event.respondWith(cacheFirst(request, file));
});

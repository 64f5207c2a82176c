// Starts the app from a file rather than an inline script, so the page's Content-Security-Policy
// needs no 'unsafe-inline'. Trunk writes the hashed file names into the data attributes
// (Trunk.toml, pattern_script).
const script = document.querySelector('script[data-wasm][data-js]');
try {
  const { default: init } = await import(script.dataset.js);
  await init({ module_or_path: script.dataset.wasm });
} catch (error) {
  console.error('Marginalia could not start', error);
  const app = document.getElementById('app');
  if (app) {
    const message = document.createElement('p');
    message.className = 'boot-message boot-error';
    message.setAttribute('role', 'alert');
    message.textContent =
      'Marginalia could not start in this browser (' + (error && error.message ? error.message : error) +
      '). It needs a current browser with WebAssembly.';
    app.replaceChildren(message);
  }
}

// Offline: register the service worker (dist/sw.js, written at build time from static/sw.js)
// once the app has started, so its download of the app shell does not compete with the first
// load. Its URL and scope are relative to this file, which sits beside index.html, so the build
// works from any folder. Without service workers (an insecure origin, some private modes) the
// app works as before, online only.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker
    .register(new URL('sw.js', import.meta.url).href, { scope: new URL('./', import.meta.url).href })
    .catch((error) => console.warn('Marginalia will not work offline: the service worker did not register', error));
} else {
  console.warn('Marginalia will not work offline here: no service workers (they need https or localhost)');
}

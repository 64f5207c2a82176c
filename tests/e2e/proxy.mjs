// A loopback HTTP proxy in front of the CouchDB stand-in (couch.mjs), for the sync tests to
// make the network misbehave on cue:
//
//   const proxy = await startProxy(couch.url);   // the app talks to proxy.url
//   proxy.setMode('delay', 2000);                 // every answer 2 s late
//   proxy.setMode('truncate', { match: (req) => req.url.includes('/_changes') });
//   proxy.setMode('pass');
//   await proxy.stop();
//
// Modes (setMode(mode, options); options: a number (delay's ms) or { ms, match, transform }):
//   pass       forward everything, streamed both ways (a long-poll stays open as long as the
//              server keeps it; no timeout of its own).
//   delay      wait options.ms (default 1000) before forwarding each request.
//   truncate   the answer with only the first half of its body, Content-Length saying so: a
//              complete HTTP answer whose JSON does not parse.
//   cut        the original headers (full Content-Length), the first half of the body, then the
//              connection closed: the browser's fetch fails while reading the body
//              (TypeError: network error / Failed to fetch).
//   corrupt    the body with bytes in its middle replaced by `\u0000#garbage#`: not JSON.
//   wrongtypes valid JSON with wrong types: every number becomes a string, every boolean the
//              string "yes", except that any object with numeric `start` and `end` keeps
//              numbers there but gets start > end (start = max + 1, end = min);
//              options.transform(json, req) instead, when given.
//   down       connections refused: the listener is closed and every open connection
//              (long-polls included) destroyed; another mode opens the same port again.
//   reset      connections accepted and destroyed at once (ERR_EMPTY_RESPONSE / reset); the
//              open ones are destroyed when the mode is set.
//   error500   500 {"error":"internal_server_error","reason":"proxy error500 mode"} with CORS
//              headers echoing the Origin (so the page can read the status).
// In every mode but down and reset, CORS preflights (OPTIONS) are forwarded untouched, so what
// the page sees is the answer to its real request. options.match(req) limits the mode to the
// requests it returns true for (the others pass). Headers (Set-Cookie, CORS) pass through as
// the server sent them; the upstream request goes without Accept-Encoding, If-None-Match and
// If-Modified-Since in the modes that rewrite bodies. proxy.log lists { method, url, mode, status } of every request.
//
// Cookies: cookies do not depend on the port, so an AuthSession cookie the couch set directly
// (127.0.0.1:couch) is also sent to the proxy (127.0.0.1:proxy) and the other way round.
import http from 'node:http';

/** Proxies still running: stopAllProxies() (the runner's finally) stops them. */
const live = new Set();

export async function startProxy(targetUrl) {
  const target = new URL(targetUrl);
  let mode = 'pass';
  let options = {};
  const log = [];
  const sockets = new Set();

  const server = http.createServer(handle);
  // No timeouts of the server's own: a long-poll may take as long as the couch keeps it.
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  server.timeout = 0;
  server.keepAliveTimeout = 5000;
  server.on('connection', (socket) => {
    if (mode === 'reset') {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  let listening = true;

  function applies(req) {
    if (mode === 'pass') return false;
    if (req.method === 'OPTIONS') return false;
    return !options.match || options.match(req);
  }

  function handle(req, res) {
    const active = applies(req) ? mode : 'pass';
    const entry = { method: req.method, url: req.url, mode: active, status: null };
    log.push(entry);
    if (active === 'error500') {
      req.resume();
      const headers = { 'content-type': 'application/json' };
      if (req.headers.origin) {
        headers['access-control-allow-origin'] = req.headers.origin;
        headers['access-control-allow-credentials'] = 'true';
      }
      entry.status = 500;
      res.writeHead(500, headers);
      res.end(JSON.stringify({ error: 'internal_server_error', reason: 'proxy error500 mode' }));
      return;
    }
    const rewrites = ['truncate', 'cut', 'corrupt', 'wrongtypes'].includes(active);
    const headers = { ...req.headers, host: target.host };
    if (rewrites) {
      // The whole body, uncompressed, never a 304 (Chromium revalidates a GET it has cached with
      // If-None-Match, and the server's 304 would leave the cached body in use).
      delete headers['accept-encoding'];
      delete headers['if-none-match'];
      delete headers['if-modified-since'];
    }
    const forward = () => {
      const upstream = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
        (up) => {
          entry.status = up.statusCode;
          if (!rewrites) {
            res.writeHead(up.statusCode, up.rawHeaders);
            res.flushHeaders();
            up.pipe(res);
            return;
          }
          const chunks = [];
          up.on('data', (c) => chunks.push(c));
          up.on('end', () => rewrite(active, req, res, up, Buffer.concat(chunks)));
          up.on('error', () => res.destroy());
        },
      );
      upstream.on('error', () => res.destroy());
      // The browser gave up (an aborted long-poll): end the upstream request too.
      res.on('close', () => upstream.destroy());
      req.pipe(upstream);
    };
    if (active === 'delay') setTimeout(forward, options.ms ?? 1000);
    else forward();
  }

  function rewrite(active, req, res, up, body) {
    // The raw headers without the framing ones, which change with the body.
    const raw = [];
    for (let i = 0; i < up.rawHeaders.length; i += 2) {
      const name = up.rawHeaders[i].toLowerCase();
      if (name !== 'content-length' && name !== 'transfer-encoding') raw.push(up.rawHeaders[i], up.rawHeaders[i + 1]);
    }
    if (active === 'cut') {
      res.writeHead(up.statusCode, [...raw, 'Content-Length', String(body.length)]);
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
      return;
    }
    let out = body;
    if (active === 'truncate') out = body.subarray(0, Math.floor(body.length / 2));
    else if (active === 'corrupt') {
      const mid = Math.floor(body.length / 2);
      out = Buffer.concat([body.subarray(0, mid), Buffer.from('\u0000#garbage#'), body.subarray(mid + 1)]);
    } else if (active === 'wrongtypes') {
      try {
        const json = JSON.parse(body.toString('utf8'));
        const changed = options.transform ? options.transform(json, req) : wrongTypes(json);
        out = Buffer.from(JSON.stringify(changed));
      } catch {
        out = body; // not JSON: as it was
      }
    }
    res.writeHead(up.statusCode, [...raw, 'Content-Length', String(out.length)]);
    res.end(out);
  }

  function relisten() {
    if (listening) return Promise.resolve();
    listening = true;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  const proxy = {
    url: `http://127.0.0.1:${port}/`,
    port,
    log,
    /** The current mode. */
    get mode() {
      return mode;
    },
    /** Switch modes (see above); resolves once a 'down' proxy listens again. */
    async setMode(next, opts = {}) {
      const known = ['pass', 'delay', 'truncate', 'cut', 'corrupt', 'wrongtypes', 'down', 'reset', 'error500'];
      if (!known.includes(next)) throw new Error(`unknown proxy mode ${next}`);
      mode = next;
      options = typeof opts === 'number' ? { ms: opts } : opts;
      if (next === 'down' || next === 'reset') {
        if (next === 'down' && listening) {
          listening = false;
          server.close();
        }
        for (const socket of sockets) socket.destroy();
        if (next === 'reset') await relisten();
      } else {
        await relisten();
      }
    },
    /** Close the listener and every connection. Safe to call twice. */
    stop() {
      live.delete(proxy);
      for (const socket of sockets) socket.destroy();
      if (!listening) return Promise.resolve();
      listening = false;
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  live.add(proxy);
  return proxy;
}

/** Numbers → strings, booleans → "yes", and { start, end } numbers → start > end. */
export function wrongTypes(value) {
  if (Array.isArray(value)) return value.map(wrongTypes);
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = wrongTypes(v);
    if (typeof value.start === 'number' && typeof value.end === 'number') {
      out.start = Math.max(value.start, value.end) + 1;
      out.end = Math.min(value.start, value.end);
    }
    return out;
  }
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return 'yes';
  return value;
}

/** Stop every proxy still running (the runner calls it at the end). */
export async function stopAllProxies() {
  await Promise.all([...live].map((proxy) => proxy.stop()));
}

// Injected into every benchmarked page (ours and the peer's) before any page script, through
// playwright's addInitScript (the DevTools protocol, so the app's CSP allows it). The same
// measuring code runs on both pages.
//
// window.__bench:
//   paint(pred, timeout)  resolves with performance.now() of the first frame painted after
//                         `pred()` became true: pred is checked in each requestAnimationFrame
//                         callback; when it holds, a MessageChannel message is posted, and its
//                         handler (which runs after that frame's paint) stamps the time. Null on
//                         timeout, or as soon as `fail()` holds.
//   setItem*              Storage.prototype.setItem wrapped: time, calls and characters summed.
//   wasmMemory            the app's WebAssembly.Memory (captured from instantiate*).
//   wordRange(block, from, count)  a DOM Range over `count` space-separated tokens of a block
//                         starting at token `from`; selectWords() also makes it the selection.
(() => {
  const B = (window.__bench = {
    setItemMs: 0,
    setItemCalls: 0,
    setItemChars: 0,
    wasmMemory: null,
  });

  B.resetSave = () => {
    B.setItemMs = 0;
    B.setItemCalls = 0;
    B.setItemChars = 0;
  };
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    const t = performance.now();
    try {
      return setItem.call(this, key, value);
    } finally {
      B.setItemMs += performance.now() - t;
      B.setItemCalls += 1;
      B.setItemChars += String(value).length;
    }
  };

  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    if (!original) continue;
    WebAssembly[name] = async function (...args) {
      const result = await original.apply(this, args);
      const instance = result instanceof WebAssembly.Instance ? result : result.instance;
      if (instance?.exports?.memory instanceof WebAssembly.Memory) B.wasmMemory = instance.exports.memory;
      return result;
    };
  }

  B.paint = (pred, timeout = 60000, fail = () => false) =>
    new Promise((resolve) => {
      const t0 = performance.now();
      // Frames whose callbacks ran before the change showed, this one included, and the
      // timestamp (frame start) of the last.
      B.frameCount = 0;
      const tick = (ts) => {
        B.frameCount += 1;
        B.frameTs = ts;
        let ok = false;
        try {
          ok = pred();
        } catch {
          ok = false;
        }
        if (!ok && fail()) {
          resolve(null);
        } else if (ok) {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve(performance.now());
          channel.port2.postMessage(0);
        } else if (performance.now() - t0 > timeout) {
          resolve(null);
        } else {
          requestAnimationFrame(tick);
        }
      };
      requestAnimationFrame(tick);
    });

  /** Two frames (after a scroll, before a timed action). */
  B.frames = (n = 2) =>
    new Promise((resolve) => {
      const step = (k) => (k === 0 ? resolve() : requestAnimationFrame(() => step(k - 1)));
      step(n);
    });

  /** Tokens of a block: [utf16Start, utf16End] of each space-separated piece of its text. */
  B.tokens = (block) => {
    const text = block.textContent;
    const out = [];
    const re = /[^ \n]+/g;
    let m;
    while ((m = re.exec(text))) if (m[0] !== '—') out.push([m.index, m.index + m[0].length]);
    return out;
  };

  /** A DOM Range over tokens [from, from + count) of `block`, and its UTF-16 offsets in it. */
  B.wordRange = (block, from, count) => {
    const tokens = B.tokens(block);
    if (tokens.length === 0) return null;
    const a = Math.min(from, tokens.length - 1);
    const b = Math.min(tokens.length - 1, a + count - 1);
    const [start, end] = [tokens[a][0], tokens[b][1]];
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    let offset = 0;
    const range = document.createRange();
    let started = false;
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const len = node.data.length;
      if (!started && start < offset + len) {
        range.setStart(node, start - offset);
        started = true;
      }
      if (started && end <= offset + len) {
        range.setEnd(node, end - offset);
        break;
      }
      offset += len;
    }
    return { range, start, end, text: range.toString() };
  };

  /** B.wordRange, made the document's selection. */
  B.selectWords = (block, from, count) => {
    const found = B.wordRange(block, from, count);
    if (!found) return null;
    const selection = getSelection();
    selection.removeAllRanges();
    selection.addRange(found.range);
    return { start: found.start, end: found.end, text: found.text };
  };
})();

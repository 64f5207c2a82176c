// Release builds, from the post_build hook in scripts/service-worker.mjs (before terser):
// orders the wasm's functions so that gzip finds their likenesses, and shortens the names the
// wasm and its wasm-bindgen glue call each other by. Neither changes what the code does.
// See docs/bundle-size.md.
//
// Order: gzip looks back only 32 KB, and the copies of one generic function for each type
// (yew's runners and hooks for every component, drop glue, Rc and Vec code) lie far apart
// where LLVM wrote them. `orderFunctions` sorts the functions by their signature and code,
// with constants, offsets, locals and callees left out (as `wasm-dis` prints them), so
// functions that differ only in those sit side by side; `wasm-opt
// --reorder-functions-by-name` moves them.
//
// Names: wasm-bindgen names every import after its function and a 16-digit hash
// (`__wbg_setinnerHTML_0123456789abcdef`) and some exports after a whole Rust type, and both
// files carry every name: about 13 KB of the wasm and a third of the glue, hashes that gzip
// cannot shrink. `shortenWasm` renames the glue's own imports (module `./marginalia_bg.js`,
// never a snippet's) and the exports the glue calls (`__wbindgen_*`, `__externref_*`,
// closures) to short names in the wasm's import and export sections, changing no other byte;
// `shortenGlue` renames them everywhere the glue names them.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const GLUE_MODULE = './marginalia_bg.js';
// wasm-bindgen's names (a build already shortened has none left: running again changes nothing).
const RENAMED = /^(__wbindgen_|__externref_|__wbg_|wasm_bindgen_)/;

/** Reads an unsigned LEB128 at `at`: [value, next offset]. */
function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [value, at];
  }
}

/** Skips a signed LEB128 (a heap type). */
function skipLeb(bytes, at) {
  while (bytes[at++] >= 0x80);
  return at;
}

function writeLeb(value) {
  const out = [];
  do {
    let b = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) b |= 0x80;
    out.push(b);
  } while (value > 0);
  return out;
}

const text = new TextDecoder('utf-8', { fatal: true });
const utf8 = new TextEncoder();

/** Reads a name: [string, next offset]. */
function name(bytes, at) {
  const [length, start] = leb(bytes, at);
  return [text.decode(bytes.subarray(start, start + length)), start + length];
}

function nameBytes(s) {
  const b = utf8.encode(s);
  return [...writeLeb(b.length), ...b];
}

/** Skips a value type (a reference type may name a heap type). */
function skipValType(bytes, at) {
  const t = bytes[at++];
  return t === 0x63 || t === 0x64 ? skipLeb(bytes, at) : at;
}

/** Skips table or memory limits. */
function skipLimits(bytes, at) {
  const flags = bytes[at++];
  [, at] = leb(bytes, at);
  if (flags & 1) [, at] = leb(bytes, at);
  return at;
}

/** The end of an import's description starting at `at`. */
function skipImportDesc(bytes, at) {
  const kind = bytes[at++];
  switch (kind) {
    case 0: // function: type index
      return leb(bytes, at)[1];
    case 1: // table: reference type, limits
      return skipLimits(bytes, skipValType(bytes, at));
    case 2: // memory
      return skipLimits(bytes, at);
    case 3: // global: value type, mutability
      return skipValType(bytes, at) + 1;
    case 4: // tag: attribute, type index
      return leb(bytes, at + 1)[1];
    default:
      throw new Error(`unknown import kind ${kind}`);
  }
}

/** Short names that are not reserved words: a, b, …, z, A, …, Z, aa, ab, … */
function* shortNames() {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const reserved = new Set(['do', 'if', 'in', 'for', 'let', 'new', 'try', 'var']);
  for (let n = 0; ; n++) {
    let s = '';
    let i = n;
    do {
      s = letters[i % letters.length] + s;
      i = Math.floor(i / letters.length) - 1;
    } while (i >= 0);
    if (!reserved.has(s)) yield s;
  }
}

/**
 * Renames the imports and exports of `wasm` (bytes) as above. Returns the new bytes and the
 * renaming (old name → new name).
 */
export function shortenWasm(wasm) {
  const bytes = new Uint8Array(wasm);
  if (bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new Error('not a wasm module');
  }
  const renamed = new Map();
  const fresh = shortNames();
  const rename = (old) => {
    if (!renamed.has(old)) renamed.set(old, fresh.next().value);
    return renamed.get(old);
  };
  const out = [bytes.subarray(0, 8)];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, start] = leb(bytes, at + 1);
    const end = start + size;
    if (id !== 2 && id !== 7) {
      out.push(bytes.subarray(at, end));
      at = end;
      continue;
    }
    const body = [];
    let [count, p] = leb(bytes, start);
    body.push(...writeLeb(count));
    for (let i = 0; i < count; i++) {
      if (id === 2) {
        const [module, afterModule] = name(bytes, p);
        const [field, afterField] = name(bytes, afterModule);
        const descEnd = skipImportDesc(bytes, afterField);
        body.push(...nameBytes(module));
        body.push(...nameBytes(module === GLUE_MODULE && RENAMED.test(field) ? rename(field) : field));
        body.push(...bytes.subarray(afterField, descEnd));
        p = descEnd;
      } else {
        const [field, afterField] = name(bytes, p);
        const descEnd = leb(bytes, afterField + 1)[1];
        body.push(...nameBytes(RENAMED.test(field) ? rename(field) : field));
        body.push(...bytes.subarray(afterField, descEnd));
        p = descEnd;
      }
    }
    if (p !== end) throw new Error(`section ${id} did not end where its size says`);
    out.push(Uint8Array.from([id, ...writeLeb(body.length), ...body]));
    at = end;
  }
  return { wasm: Buffer.concat(out), renamed };
}

/** The glue with every renamed name replaced (whole identifiers only). */
export function shortenGlue(code, renamed) {
  // Longest first, so no name is replaced inside a longer one.
  const names = [...renamed.keys()].sort((a, b) => b.length - a.length);
  for (const old of names) {
    const pattern = new RegExp(`(?<![\\w$])${old.replace(/\$/g, '\\$')}(?![\\w$])`, 'g');
    code = code.replace(pattern, renamed.get(old));
  }
  return code;
}

/** Appends a name section naming function `index` `names[index - first]`. */
function withFunctionNames(bytes, first, names) {
  const entries = [...writeLeb(names.length)];
  names.forEach((n, i) => entries.push(...writeLeb(first + i), ...nameBytes(n)));
  const body = [...nameBytes('name'), 1, ...writeLeb(entries.length), ...entries];
  return Buffer.concat([bytes, Uint8Array.from([0, ...writeLeb(body.length), ...body])]);
}

/**
 * The wasm (bytes, without a name section, as wasm-opt leaves it) with its functions in the
 * order above, written by binaryen's `wasm-dis` and `wasm-opt` from `bin`.
 */
export function orderFunctions(wasm, bin) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'marginalia-order-'));
  try {
    const input = path.join(dir, 'in.wasm');
    const output = path.join(dir, 'out.wasm');
    fs.writeFileSync(input, wasm);
    const wat = execFileSync(path.join(bin, 'wasm-dis'), [input], { maxBuffer: 1 << 30 }).toString();
    const imported = (wat.match(/\(import "[^"]*" "[^"]*" \(func /g) ?? []).length;
    const starts = [...wat.matchAll(/\n \(func /g)].map((m) => m.index);
    const keys = starts.map((start, i) => {
      const end = i + 1 < starts.length ? starts[i + 1] : wat.length;
      const code = wat.slice(start, end);
      const shape = code
        .replace(/(local|global)\.(get|set|tee) \$\S+/g, '$1.$2 $L')
        .replace(/\$("(?:[^"\\]|\\.)*"|\S+)/g, '$X')
        .replace(/(i32|i64|f64|f32)\.const [-0-9.e+a-fx]+/g, 'C')
        .replace(/offset=\d+/g, 'O')
        .replace(/\s+/g, ' ');
      return shape.slice(0, 1000);
    });
    const order = keys.map((_, i) => i);
    order.sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b));
    const names = new Array(keys.length);
    order.forEach((f, rank) => (names[f] = String(rank).padStart(6, '0')));
    fs.writeFileSync(input, withFunctionNames(new Uint8Array(wasm), imported, names));
    execFileSync(path.join(bin, 'wasm-opt'), [
      input, '--optimize-level=2', '--shrink-level=2', '--reorder-functions-by-name',
      '--strip-debug', '--strip-producers', '--strip-target-features', '-o', output,
    ]);
    return fs.readFileSync(output);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

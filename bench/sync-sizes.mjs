// Sizes of sync's server documents, and what concurrent writers on one article document cost,
// measured against the test server (pouchdb-server 4.2.0, tests/e2e/couch.mjs) with documents
// written here in the app's format (src/storage/schema.rs, write_doc_bare / write_text /
// write_schema: the same keys, ids and number formats; the app is not built or run). Figures
// for docs/sync.md, section "How it scales".
//
//   node bench/sync-sizes.mjs
//
// Byte counts are of the JSON as sent (UTF-8) and as a GET returns it (with _id, _rev): they
// depend on the format only, not on the server. The contention run is a model of the app's
// write (read the current revision, merge, write; on 409 read again): W writers in this one
// process, each writing again as soon as it is answered (a worst case: the app writes after an
// edit, seconds apart), against pouchdb-server, which is one process and serialises writes. It
// counts 409s per write and checks no span was lost; its times say nothing about CouchDB's.
// "per span" is (bytes - bytes of the empty document) / spans: a span with its share of the
// relations (one per three spans) and tombstones (one per ten) made here.
import { startCouch } from '../tests/e2e/couch.mjs';

const ADMIN = { name: 'root', password: 'root-pw' };
const DB = 'sizes';
const hex = (n, width) => n.toString(16).padStart(width, '0');
const ARTICLE = '0123456789abcdef';
const LABELS = ['entity', 'quote', 'claim'];
const ATTRS = [{ type: 'person' }, { kind: 'direct' }, { checkworthy: 'check-worthy' }];
const NAMES = ['Ana Reis', 'Bo Lindqvist', 'Chidi Okafor', 'Dana Kim', 'Eli Navarro'];
const T0 = 1_795_425_600_000;

/** A span as write_span writes it. */
function span(who, n, tab) {
  const k = n % 3;
  return {
    id: `s${tab}-${n.toString(16)}`,
    start: 40 * n + 3,
    end: 40 * n + 21,
    label: LABELS[k],
    attrs: ATTRS[k],
    created: T0 + n * 61_000,
    updated: T0 + n * 61_000 + 5_000,
    annotator: NAMES[who % NAMES.length] + (who >= NAMES.length ? ` ${who}` : ''),
  };
}

/** The `marginalia` value of a doc: document: `annotators` layers of `perLayer` spans each, a
 * said_by relation for every third span, and 10 % as many tombstones. */
function docValue(annotators, perLayer) {
  const spans = [];
  const relations = [];
  const deleted = [];
  const statuses = {};
  for (let a = 0; a < annotators; a++) {
    const tab = hex(0x1a2b3c4d + a * 7919, 8);
    statuses[span(a, 0, tab).annotator] = 'in_progress';
    for (let n = 1; n <= perLayer; n++) {
      spans.push(span(a, n, tab));
      if (n % 3 === 1 && n > 1) {
        relations.push({ id: `r${tab}-${(n + 100000).toString(16)}`, kind: 'said_by', from: `s${tab}-${n.toString(16)}`, to: `s${tab}-${(n - 1).toString(16)}` });
      }
      if (n % 10 === 0) deleted.push(`s${tab}-${(n + 200000).toString(16)}`);
    }
  }
  const value = { schema: 'marginalia', version: 7, id: ARTICLE, title: 'City council approves a park on the old rail yard', source: 'rail-yard.md' };
  if (annotators) value.statuses = statuses;
  value.spans = spans;
  if (relations.length) value.relations = relations;
  if (deleted.length) value.deleted = deleted;
  return value;
}

/** A text: document for an article of `chars` characters in paragraphs of ~600. */
function textValue(chars) {
  const words = 'The city council on Tuesday approved a plan to turn a disused rail yard into a public park, said the mayor. '.repeat(Math.ceil(chars / 110)).slice(0, chars);
  const blocks = [{ kind: 'title', start: 0, end: 50 }];
  for (let at = 52; at < chars; at += 600) blocks.push({ kind: 'paragraph', start: at, end: Math.min(chars, at + 598) });
  return { schema: 'marginalia', version: 7, id: ARTICLE, text: words, blocks };
}

const bytes = (v) => Buffer.byteLength(JSON.stringify(v));

const couch = await startCouch({ admin: ADMIN });
try {
  await couch.createDb(DB);
  const rows = [];
  for (const [annotators, perLayer] of [[1, 0], [1, 10], [1, 100], [1, 1000], [3, 100], [10, 100], [10, 1000], [100, 100]]) {
    const id = `doc:${ARTICLE}-${annotators}-${perLayer}`;
    const doc = { _id: id, marginalia: docValue(annotators, perLayer) };
    const sent = bytes(doc);
    const put = await couch.request('PUT', `${DB}/${encodeURIComponent(id)}`, doc);
    if (put.status !== 201) throw new Error(`put ${id}: ${put.status} ${JSON.stringify(put.body)}`);
    const got = await couch.request('GET', `${DB}/${encodeURIComponent(id)}`);
    rows.push({ annotators, perLayer, spans: annotators * perLayer, sent, got: bytes(got.body) });
  }
  console.log('doc: documents (JSON bytes, UTF-8)');
  console.log('annotators  spans/layer  spans  as sent  as read  per span');
  for (const r of rows) {
    const per = r.spans ? Math.round((r.sent - rows[0].sent) / r.spans) : '-';
    console.log(`${String(r.annotators).padStart(10)}  ${String(r.perLayer).padStart(11)}  ${String(r.spans).padStart(5)}  ${String(r.sent).padStart(7)}  ${String(r.got).padStart(7)}  ${String(per).padStart(8)}`);
  }
  for (const chars of [3000, 10000]) {
    const doc = { _id: `text:${ARTICLE}-${chars}`, marginalia: textValue(chars) };
    const put = await couch.request('PUT', `${DB}/${encodeURIComponent(doc._id)}`, doc);
    if (put.status !== 201) throw new Error(`put text: ${put.status}`);
    console.log(`text: document of a ${chars}-character article: ${bytes(doc)} bytes`);
  }

  // Contention: W writers each add `perWriter` spans to one doc: document, one write each,
  // as the app does (read, merge, write with the revision read; 409: read again).
  console.log('\nW writers on one doc: document, 10 writes each (read, merge, write; 409 -> again)');
  console.log('writers  writes  409s  409s per write  attempts per write (max)  ms');
  for (const W of [1, 2, 5, 10, 20, 50]) {
    const id = `doc:contention-${W}`;
    await couch.putDoc(DB, { _id: id, marginalia: docValue(0, 0) });
    const perWriter = 10;
    let conflicts = 0;
    let worst = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: W }, async (_, w) => {
        const tab = hex(0x10000000 + w, 8);
        for (let n = 1; n <= perWriter; n++) {
          for (let attempt = 1; ; attempt++) {
            const cur = await couch.request('GET', `${DB}/${encodeURIComponent(id)}`);
            const doc = cur.body;
            doc.marginalia.spans.push(span(w, n, tab));
            const res = await couch.request('PUT', `${DB}/${encodeURIComponent(id)}`, doc);
            if (res.status === 201) {
              worst = Math.max(worst, attempt);
              break;
            }
            if (res.status !== 409) throw new Error(`write: ${res.status} ${JSON.stringify(res.body)}`);
            conflicts++;
          }
        }
      }),
    );
    const ms = Date.now() - started;
    const final = await couch.getDoc(DB, id);
    const count = final.body.marginalia.spans.length;
    if (count !== W * perWriter) throw new Error(`lost spans: ${count} of ${W * perWriter}`);
    const writes = W * perWriter;
    console.log(`${String(W).padStart(7)}  ${String(writes).padStart(6)}  ${String(conflicts).padStart(4)}  ${(conflicts / writes).toFixed(2).padStart(14)}  ${String(worst).padStart(24)}  ${ms}`);
  }
} finally {
  await couch.stop();
}

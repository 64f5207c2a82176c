// The peer of the benchmark: the same article and spans rendered by @recogito/text-annotator
// (its default SPANS renderer), bundled by bench/run.mjs with esbuild. The data comes from
// `data-<name>.json` (?data=<name>): { title, blocks: [{kind, text}], annotations: [{id, label,
// quote, start, end}] } with start/end in UTF-16 code units of the container's textContent
// (the blocks' texts concatenated), which is what the library's offsets count.
//
// window.__peer exposes the annotator and timings to the harness.
import { createTextAnnotator } from '@recogito/text-annotator';

const COLORS = { quote: '#e69f00', claim: '#56b4e9', entity: '#009e73' };
const style = (annotation) => ({ fill: COLORS[annotation.bodies[0]?.value] ?? '#999', fillOpacity: 0.3 });

/** The library's own annotation shape, with a TextPosition-like selector (no DOM Range). */
export function toAnnotation({ id, label, quote, start, end }) {
  return {
    id,
    bodies: [{ id: `${id}-body`, annotation: id, purpose: 'tagging', value: label }],
    target: { annotation: id, selector: [{ quote, start, end }] },
  };
}

const peer = (window.__peer = { marks: {} });
const mark = (name) => (peer.marks[name] = performance.now());

async function main() {
  const name = new URLSearchParams(location.search).get('data');
  mark('start');
  const data = await (await fetch(`data-${name}.json`, { cache: 'no-store' })).json();
  mark('fetched');
  const container = document.querySelector('.article-text');
  for (const block of data.blocks) {
    const el = document.createElement(block.kind === 'title' ? 'h1' : block.kind === 'subheading' ? 'h2' : 'p');
    el.textContent = block.text;
    container.append(el);
  }
  mark('dom');
  const anno = createTextAnnotator(container, { style });
  // The renderer draws only the highlights in the viewport; a sparse article may have none
  // there, so the harness also counts redraws (emitted just after each one).
  peer.redraws = 0;
  anno.renderer.on('onRedraw', () => peer.redraws++);
  peer.anno = anno;
  peer.toAnnotation = toAnnotation;
  mark('created');
  // replace = false: bulkUpsertAnnotations, which locates each offset selector in the DOM
  // (replace = true syncs the store without locating ranges, and nothing would be drawn).
  anno.setAnnotations(data.annotations.map(toAnnotation), false);
  mark('annotated');
  peer.ready = true;
}

main().catch((e) => {
  console.error('peer failed', e);
  peer.error = String(e);
});

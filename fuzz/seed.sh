#!/usr/bin/env bash
# Seeds the fuzz corpora from the sample articles and the test fixtures (idempotent):
#   fuzz/corpus/import/   first byte = kind (0 text or Markdown, 1 JSON), then the file
#   fuzz/corpus/storage/  stored values, as the app writes them (versions 1 and 2)
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/import corpus/storage
seed() { # kind name file
  { printf "\\x$1"; cat "$3"; } > "corpus/import/$2"
}
for f in ../src/samples/*.md ../tests/e2e/fixtures/*.md; do seed 00 "text-$(basename "$f")" "$f"; done
seed 01 json-preannotated ../tests/e2e/fixtures/preannotated.jsonl
python3 - <<'PY'
import json, pathlib
imp = pathlib.Path("corpus/import")
def put(name, kind, text):
    (imp / name).write_bytes(bytes([kind]) + text.encode())
text = "Port reopens 🇺🇦\n\nThe mayor, Zoë Adeyemi, said “we are open”.\n"
put("json-spacy", 1, json.dumps({"text": text, "meta": {"title": "Port"},
    "spans": [{"start": 32, "end": 40, "label": "entity", "text": text[32:40]}]}, ensure_ascii=False))
put("json-doccano", 1, json.dumps({"text": text, "label": [[32, 40, "entity"]]}, ensure_ascii=False))
put("json-labelstudio", 1, json.dumps([{"data": {"text": text}, "annotations": [{"result": [
    {"type": "labels", "value": {"start": 32, "end": 40, "text": text[32:40], "labels": ["Entity"]}}]}]}], ensure_ascii=False))
put("json-native", 1, json.dumps({"schema": "marginalia-dataset", "version": 1, "documents": [{
    "id": "x", "title": "Port reopens 🇺🇦", "source": "port.md", "text": text,
    "blocks": [{"kind": "title", "start": 0, "end": 15}, {"kind": "paragraph", "start": 17, "end": 60}],
    "spans": [{"id": "s1", "start": 32, "end": 40, "text": text[32:40], "label": "entity", "note": "mayor",
               "created": "2026-11-23T11:17:30Z", "updated": None}]}]}, ensure_ascii=False))
sto = pathlib.Path("corpus/storage")
for v in ("v1", "v2", "v3", "v4"):
    values = json.load(open(f"../tests/fixtures/storage/{v}/localStorage.json"))
    for i, (k, raw) in enumerate(sorted(values.items())):
        (sto / f"{v}-{i}").write_text(raw)
PY
echo "seeded: $(ls corpus/import | wc -l) import, $(ls corpus/storage | wc -l) storage"

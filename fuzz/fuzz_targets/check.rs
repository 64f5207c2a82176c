//! What every accepted document must satisfy (shared by the targets): blocks ordered and within
//! the text, spans within it with unique ids, and an exact trip through storage. Imported files
//! also only carry known labels; storage keeps a label it does not know (from a hand edit or a
//! later label set) rather than drop the span, and the app shows and exports it by its id.

use marginalia::model::{DocEntry, LabelSchema};
use marginalia::storage::schema::{read_doc_and_tombstones, write_doc};

pub fn check_entry(entry: &DocEntry, known_labels: bool) {
    let doc = &entry.doc;
    let chars: Vec<char> = doc.text.chars().collect();
    let mut prev_end = 0;
    for b in &doc.blocks {
        assert!(prev_end <= b.start && b.start <= b.end && b.end <= chars.len());
        let slice: String = chars[b.start..b.end].iter().collect();
        assert_eq!(doc.block_text(b), slice.as_str());
        prev_end = b.end;
    }
    let len = doc.char_len();
    let mut ids = std::collections::HashSet::new();
    for s in entry.spans.iter() {
        assert!(s.start < s.end && s.end <= len, "{s:?} in {len}");
        assert!(
            !known_labels || LabelSchema::default().label(&s.label).is_some(),
            "label {}",
            s.label
        );
        assert!(ids.insert(s.id.clone()), "repeated id {}", s.id);
    }
    let stored = write_doc(entry, &Default::default());
    let (back, _) = read_doc_and_tombstones(&stored).expect("an accepted entry reads back");
    assert_eq!(&back, entry);
}

//! Fixtures shared by the export and import tests: a corpus with emoji (a flag, a ZWJ family),
//! CJK, a combining mark, curly quotes, formula-like notes, and nested and crossing spans.
#![allow(dead_code)]

use std::rc::Rc;

use marginalia::formats::article::parse_article;
use marginalia::formats::export::ExportContext;
use marginalia::model::{DocEntry, Span, SpanId, Status};

pub const CTX: ExportContext<'static> = ExportContext {
    app_version: "0.1.0",
    exported_at: "2026-11-23T11:17:30Z",
    annotator: "",
};

pub const NOTE: &str = "=HYPERLINK(\"http://x\"), check\tthis\n\"twice\"";

pub const TEXT1: &str = "Kyiv 🇺🇦 report\n\n\u{201c}We will not back down,\u{201d} said Olena Kovalenko \u{2014} the minister of 👨\u{200d}👩\u{200d}👧 affairs.\nThe cafe\u{301} in 北京 reopened. Prices rose +5%!";
pub const TEXT2: &str = "Kyiv 🇺🇦 report\n\n-Minus start, and =formula text; 東京 too.";
pub const TEXT3: &str = "Quiet day\n\nNothing happened.";

/// A span without a note, attributes or times (the stored and merged shapes add those).
pub fn plain_span(id: &str, start: usize, end: usize, label: &str) -> Span {
    Span {
        id: SpanId(id.into()),
        start,
        end,
        label: label.into(),
        note: String::new(),
        attrs: Default::default(),
        created: None,
        updated: None,
        annotator: Default::default(),
    }
}

/// Code point range of the `nth` occurrence (0-based) of `needle` in `text`.
pub fn find(text: &str, needle: &str) -> (usize, usize) {
    let byte = text.find(needle).expect("needle in text");
    let start = text[..byte].chars().count();
    (start, start + needle.chars().count())
}

/// When the fixture spans were made (2026-11-23T09:20:00Z); each was changed `start` seconds
/// later, and the span with id `e7` has no times (as if stored by schema version 1).
pub const CREATED: u64 = 1_795_425_600_000;

pub fn span(id: &str, text: &str, needle: &str, label: &str, note: &str) -> Span {
    let (start, end) = find(text, needle);
    let known = id != "e7";
    Span {
        id: SpanId(id.into()),
        start,
        end,
        label: label.into(),
        note: note.into(),
        attrs: Default::default(),
        created: known.then_some(CREATED),
        updated: known.then_some(CREATED + start as u64 * 1000),
        annotator: Default::default(),
    }
}

pub fn entry(text: &str, mut spans: Vec<Span>, status: Status) -> Rc<DocEntry> {
    marginalia::model::sort::sort_with(&mut spans, &Span::text_order);
    Rc::new(DocEntry {
        relations: Default::default(),
        doc: Rc::new(parse_article(text, "test.md")),
        spans: Rc::new(spans.into_iter().map(Rc::new).collect()),
        statuses: marginalia::model::entry::statuses_from(vec![(Rc::from(""), status)]),
        decided: Default::default(),
    })
}

pub fn corpus() -> Vec<Rc<DocEntry>> {
    let t = TEXT1;
    vec![
        entry(
            t,
            vec![
                span(
                    "q1",
                    t,
                    "\u{201c}We will not back down,\u{201d}",
                    "quote",
                    "",
                ),
                span("e1", t, "Olena Kovalenko", "entity", "the minister"),
                span("e2", t, "Kovalenko", "entity", ""), // nested in e1
                span(
                    "c1",
                    t,
                    "the minister of 👨\u{200d}👩\u{200d}👧 affairs.\nThe cafe\u{301}",
                    "claim",
                    NOTE,
                ),
                span("e3", t, "minister of 👨\u{200d}👩\u{200d}👧", "entity", ""),
                span("e4", t, "👨\u{200d}👩\u{200d}👧 affairs", "entity", ""), // crosses e3
                span("e5", t, "北京", "entity", ""),
                span("e6", t, "cafe\u{301}", "entity", ""),
                span("c2", t, "+5%", "claim", "-note"),
                span("e7", t, "🇺🇦", "entity", ""),
            ],
            Status::InProgress,
        ),
        entry(
            TEXT2,
            vec![
                span("c3", TEXT2, "-Minus start", "claim", "@me"),
                span("c4", TEXT2, "=formula text", "claim", ""),
                span("e8", TEXT2, "東京", "entity", ""),
            ],
            Status::Done,
        ),
        entry(TEXT3, vec![], Status::New),
    ]
}

/// The default labels and a label of its own with a space in its name ("Named place", with a
/// text attribute `country`).
pub fn linked_schema() -> marginalia::model::LabelSchema {
    use marginalia::model::{AttrKind, AttrSpec, LabelSchema, LabelSpec};
    let mut labels = LabelSchema::default().labels().to_vec();
    let mut place = LabelSpec::new("place", "Named place", "#cc79a7");
    place.key = Some('l');
    place.attributes.push(AttrSpec {
        id: "country".into(),
        name: "Country".into(),
        kind: AttrKind::Text,
    });
    labels.push(place);
    LabelSchema::new(labels).unwrap()
}

/// [`corpus`] with attribute values (hostile ones too), relations of every kind, and 北京 as
/// a "Named place": for the exports of attributes and relations. Valid under [`linked_schema`].
pub fn linked() -> Vec<Rc<DocEntry>> {
    use marginalia::model::{Relation, RelationId, RelationKind};
    let mut entries: Vec<DocEntry> = corpus().iter().map(|e| (**e).clone()).collect();
    let set = |e: &mut DocEntry, id: &str, pairs: &[(&str, &str)]| {
        let spans = Rc::make_mut(&mut e.spans);
        let s = Rc::make_mut(spans.iter_mut().find(|s| s.id.0 == id).unwrap());
        for (k, v) in pairs {
            s.attrs.set(k, Some((*v).to_owned()));
        }
    };
    let e = &mut entries[0];
    set(
        e,
        "e1",
        &[
            ("type", "person"),
            ("canonical", "Olena Kovalenko"),
            ("external_id", "Q4115189"),
        ],
    );
    set(
        e,
        "e2",
        &[("canonical", "Olena Kovalenko"), ("external_id", "local-7")],
    );
    set(e, "q1", &[("kind", "direct")]);
    set(
        e,
        "c1",
        &[
            ("checkworthy", "not check-worthy"),
            ("verdict", "=False:\tsee\nthe \u{2028}budget, \"p. 4\""),
        ],
    );
    set(e, "c2", &[("checkworthy", "unsure")]);
    {
        let spans = Rc::make_mut(&mut e.spans);
        let s = Rc::make_mut(spans.iter_mut().find(|s| s.id.0 == "e5").unwrap());
        s.label = "place".into();
        s.attrs.set("country", Some("China".into()));
    }
    let rel = |id: &str, kind, from: &str, to: &str| Relation {
        id: RelationId(id.into()),
        kind,
        from: SpanId(from.into()),
        to: SpanId(to.into()),
    };
    e.relations = Rc::new(vec![
        rel("r1", RelationKind::SaidBy, "q1", "e1"),
        rel("r2", RelationKind::Claimant, "c1", "e2"),
        rel("r3", RelationKind::Cue, "q1", "c2"),
    ]);
    entries[1].relations = Rc::new(vec![rel("r4", RelationKind::Claimant, "c3", "e8")]);
    entries.into_iter().map(Rc::new).collect()
}

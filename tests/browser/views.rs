//! The corpus views in the browser (a debug build: yew checks every keyed list's keys).

use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use yew::prelude::*;

use marginalia::app::components::corpus_view::CorpusViewProps;
use marginalia::app::components::part::{part, Part, PartProps};
use marginalia::app::state::{Action, Place, View};
use marginalia::formats::article::parse_article;
use marginalia::model::{
    Corpus, Edit, Relation, RelationId, RelationKind, Span, SpanId, Workspace,
};

use super::{all, mount_point, settle, text};

/// A span of `text` over the first `needle`.
fn span(id: &str, text: &str, needle: &str, label: &str) -> Span {
    let byte = text.find(needle).expect("the needle");
    let start = text[..byte].chars().count();
    Span {
        id: SpanId(id.into()),
        start,
        end: start + needle.chars().count(),
        label: label.into(),
        note: String::new(),
        attrs: Default::default(),
        created: None,
        updated: None,
        annotator: Default::default(),
    }
}

#[derive(Properties, PartialEq)]
struct HarnessProps {
    corpus: Corpus,
}

/// The Claims view with its place kept as the app's reducer keeps it.
#[component]
fn ClaimsHarness(props: &HarnessProps) -> Html {
    let place = use_state(Place::default);
    let dispatch = {
        let place = place.clone();
        Callback::from(move |action: Action| {
            if let Action::Place(_, change) = action {
                let mut next = (*place).clone();
                next.change(change);
                place.set(next);
            }
        })
    };
    html! {
        <Part of={part(CorpusViewProps {
            view: View::Claims,
            corpus: props.corpus.clone(),
            place: (*place).clone(),
            dispatch,
        })} />
    }
}

#[wasm_bindgen_test]
async fn claims_of_two_articles_with_the_same_span_ids_sort_without_a_duplicate_key() {
    // Imported files keep their own span ids: "1" and "2" in both articles.
    let a = "Grain\n\nExports fell 40%. Ports reopened in May.";
    let b = "Harvest\n\nHarvests doubled. Prices rose 12%.";
    let mut ws = Workspace::new(vec![parse_article(a, "a.md"), parse_article(b, "b.md")]);
    let ids: Vec<_> = ws.entries().iter().map(|e| e.doc.id.clone()).collect();
    for (doc, text, claims) in [
        (0, a, ["Exports fell 40%", "Ports reopened in May"]),
        (1, b, ["Harvests doubled", "Prices rose 12%"]),
    ] {
        for (i, claim) in claims.into_iter().enumerate() {
            let edit = Edit::add_span(
                ids[doc].clone(),
                span(&(i + 1).to_string(), text, claim, "claim"),
            );
            ws.edit(edit).expect("a claim");
        }
    }
    let props = HarnessProps {
        corpus: ws.corpus().clone(),
    };
    let root = mount_point();
    let app = yew::Renderer::<ClaimsHarness>::with_root_and_props(root.clone(), props).render();
    settle().await;
    let claims = || -> Vec<String> { all(&root, ".claim-link").iter().map(text).collect() };
    let in_corpus_order = [
        "Exports fell 40%",
        "Ports reopened in May",
        "Harvests doubled",
        "Prices rose 12%",
    ];
    assert_eq!(claims(), in_corpus_order);
    // Sorted by claim, then the other way round: the rows move (a keyed list redrawn).
    let sort = all(&root, ".sort-button")[0].clone();
    let sort: web_sys::HtmlElement = sort.dyn_into().expect("a button");
    sort.click();
    settle().await;
    assert_eq!(
        claims(),
        [
            "Exports fell 40%",
            "Harvests doubled",
            "Ports reopened in May",
            "Prices rose 12%",
        ]
    );
    sort.click();
    settle().await;
    assert_eq!(
        claims(),
        [
            "Prices rose 12%",
            "Ports reopened in May",
            "Harvests doubled",
            "Exports fell 40%",
        ]
    );
    app.destroy();
}

#[wasm_bindgen_test]
async fn a_person_with_claims_of_the_same_span_id_in_two_articles_lists_both() {
    let a = "Grain\n\nAda Obi said exports fell 40%.";
    let b = "Harvest\n\nAda Obi said harvests doubled.";
    let mut ws = Workspace::new(vec![parse_article(a, "a.md"), parse_article(b, "b.md")]);
    let ids: Vec<_> = ws.entries().iter().map(|e| e.doc.id.clone()).collect();
    for (doc, text, claim) in [(0, a, "exports fell 40%"), (1, b, "harvests doubled")] {
        let doc = ids[doc].clone();
        for edit in [
            Edit::add_span(doc.clone(), span("e", text, "Ada Obi", "entity")),
            Edit::add_span(doc.clone(), span("1", text, claim, "claim")),
            Edit::add_relation(
                doc,
                Relation {
                    id: RelationId("r".into()),
                    kind: RelationKind::Claimant,
                    from: SpanId("1".into()),
                    to: SpanId("e".into()),
                },
            ),
        ] {
            ws.edit(edit).expect("an edit");
        }
    }
    let props = CorpusViewProps {
        view: View::People,
        corpus: ws.corpus().clone(),
        place: Place::default(),
        dispatch: Callback::noop(),
    };
    let root = mount_point();
    let app =
        yew::Renderer::<Part>::with_root_and_props(root.clone(), PartProps { of: part(props) })
            .render();
    settle().await;
    let cards = all(&root, ".person-card");
    assert_eq!(cards.len(), 1);
    let claims: Vec<String> = all(&cards[0], ".span-link-text").iter().map(text).collect();
    assert_eq!(
        claims,
        [
            "\u{201c}exports fell 40%\u{201d}",
            "\u{201c}harvests doubled\u{201d}"
        ]
    );
    app.destroy();
}

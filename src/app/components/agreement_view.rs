//! The Agreement view: how far the annotators of the corpus agree (`model::agreement`): a
//! pairwise heatmap of Cohen's kappa (SVG; a cell is a button), Krippendorff's alpha per label,
//! every pair's kappa and span F1 (exact and overlap) per label, and, for the pair chosen on
//! the heatmap, its documents from the least agreed, each opening its article with every layer
//! shown. **Export agreement** downloads the figures as JSON.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::components::button::{button, span_link};
use crate::app::components::class_list::{class_list, when};

use crate::app::components::corpus_view::{view_empty, view_heading, CorpusViewProps};
use crate::app::dom::download::download;
use crate::app::state::{Action, NoticeKind};
use crate::codec::agreement_json::agreement_json;
use crate::model::agreement::{agreement, corpus_study, Agreement, PairFigures};
use crate::model::annotators::Layer;
use crate::model::words::plural;
use crate::model::{Corpus, DocId};

/// The figures of a corpus, with the id of each document they count.
#[derive(PartialEq)]
struct Figures {
    agreement: Agreement,
    docs: Vec<DocId>,
    titles: Vec<String>,
}

fn figures(corpus: &Corpus) -> Rc<Figures> {
    let (study, ids) = corpus_study(corpus);
    let agreement = agreement(&study);
    let titles = ids
        .iter()
        .map(|id| {
            corpus
                .entry(id)
                .map_or_else(String::new, |e| e.doc.title.clone())
        })
        .collect();
    Rc::new(Figures {
        agreement,
        docs: ids.into_iter().cloned().collect(),
        titles,
    })
}

/// A figure to two decimals ("—" when undefined), without float formatting code.
fn shown(value: Option<f64>) -> String {
    match value {
        None => "\u{2014}".to_owned(),
        Some(v) => {
            let hundredths = (v * 100.0).round() as i64;
            let sign = if hundredths < 0 { "\u{2212}" } else { "" };
            let n = hundredths.unsigned_abs();
            format!("{sign}{}.{:02}", n / 100, n % 100)
        }
    }
}

/// An annotator's name as shown.
fn who(name: &str) -> &str {
    if name.is_empty() {
        "Unnamed"
    } else {
        name
    }
}

/// The mean of the defined figures.
fn mean(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    let (sum, n) = values
        .flatten()
        .fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / f64::from(n))
}

/// The class of a heatmap cell by its kappa: five steps from disagreement to agreement.
fn heat(kappa: Option<f64>) -> &'static str {
    match kappa {
        None => "heat-none",
        Some(k) if k < 0.2 => "heat-0",
        Some(k) if k < 0.4 => "heat-1",
        Some(k) if k < 0.6 => "heat-2",
        Some(k) if k < 0.8 => "heat-3",
        Some(_) => "heat-4",
    }
}

/// Side of a heatmap cell and of the names' margin, in SVG units.
const CELL: usize = 56;
const MARGIN: usize = 120;

/// The view's hooks and markup, run by the corpus view part (`corpus_switch`).
#[hook]
pub fn use_agreement_view(props: &CorpusViewProps) -> Html {
    let figures = use_memo(props.corpus.clone(), figures);
    // The pair chosen on the heatmap, annotator indices a < b as `a << 16 | b`, plus one (0:
    // none). A `usize` state as other components keep (a type of its own costs the bundle).
    let pair = use_state(|| 0usize);
    let a = &figures.agreement;
    let names = &a.annotators;
    let pair_mean = |i: usize, j: usize| {
        let (x, y) = (&names[i.min(j)], &names[i.max(j)]);
        mean(
            a.pairs
                .iter()
                .filter(|p| &p.a == x && &p.b == y)
                .map(|p| p.kappa),
        )
    };
    let export = {
        let figures = figures.clone();
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            let json = agreement_json(&figures.agreement);
            let name = "marginalia-agreement.json";
            let text = if download(name, "application/json", json.as_bytes()) {
                (
                    NoticeKind::Info,
                    format!("Exported the agreement figures ({name})."),
                )
            } else {
                (
                    NoticeKind::Error,
                    "The agreement could not be downloaded.".to_owned(),
                )
            };
            dispatch.emit(Action::Notify(text.0, text.1));
        })
    };
    if names.len() < 2 {
        return html! {
            <main class="corpus-view" aria-label="Agreement">
                { view_heading("Agreement", None, None) }
                { view_empty("Agreement needs two annotators or more. Open another annotator's Marginalia export (Open articles, or drop it here): their layer is added beside yours, and how far you agree shows here.".to_owned()) }
            </main>
        };
    }
    let n = names.len();
    let side = MARGIN + n * CELL;
    let cells = (0..n)
        .flat_map(|i| (0..n).map(move |j| (i, j)))
        .map(|(i, j)| {
            let (x, y) = (MARGIN + j * CELL, MARGIN + i * CELL);
            if i == j {
                return html! {
                    <rect class="heat-self" x={x.to_string()} y={y.to_string()}
                          width={CELL.to_string()} height={CELL.to_string()} />
                };
            }
            let kappa = pair_mean(i, j);
            let at = (i.min(j) << 16 | i.max(j)) + 1;
            let chosen = *pair == at;
            let label = format!(
                "{} and {}: kappa {} (mean over labels)",
                who(&names[i.min(j)]),
                who(&names[i.max(j)]),
                shown(kappa)
            );
            let choose = {
                let pair = pair.clone();
                move || pair.set(at)
            };
            let onclick = {
                let choose = choose.clone();
                Callback::from(move |_: MouseEvent| choose())
            };
            let onkeydown = Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Enter" || e.key() == " " {
                    e.prevent_default();
                    choose();
                }
            });
            html! {
                <g class={class_list(&["heat-cell", heat(kappa), when(chosen, "chosen")])}
                   role="button" tabindex="0" aria-label={label} aria-pressed={chosen.to_string()}
                   {onclick} {onkeydown}>
                    <rect x={x.to_string()} y={y.to_string()}
                          width={CELL.to_string()} height={CELL.to_string()} />
                    <text x={(x + CELL / 2).to_string()} y={(y + CELL / 2 + 5).to_string()}
                          text-anchor="middle">{ shown(kappa) }</text>
                </g>
            }
        });
    let heads = names.iter().enumerate().map(|(i, name)| {
        let mid = MARGIN + i * CELL + CELL / 2;
        html! {
            <>
                <text class="heat-name" x={(MARGIN - 8).to_string()} y={(mid + 5).to_string()}
                      text-anchor="end">{ who(name).to_owned() }</text>
                <text class="heat-name" x={mid.to_string()} y={(MARGIN - 10).to_string()}
                      text-anchor="start"
                      transform={format!("rotate(-40 {mid} {})", MARGIN - 10)}>{ who(name).to_owned() }</text>
            </>
        }
    });
    let schema = props.corpus.schema();
    let alphas = a.labels.iter().map(|l| {
        html! {
            <tr key={l.label.clone()}>
                <th scope="row">{ schema.name_of(&l.label).to_owned() }</th>
                <td class="num">{ shown(l.alpha) }</td>
            </tr>
        }
    });
    let row = |p: &PairFigures| {
        html! {
            <tr>
                <td>{ who(&p.a).to_owned() }</td>
                <td>{ who(&p.b).to_owned() }</td>
                <td>{ schema.name_of(&p.label).to_owned() }</td>
                <td class="num">{ shown(p.kappa) }</td>
                <td class="num">{ shown(p.f1_exact) }</td>
                <td class="num">{ shown(p.f1_overlap) }</td>
            </tr>
        }
    };
    let pairs = a.pairs.iter().map(row);
    // The chosen pair's documents, the least agreed first.
    // None once the pair is gone (a layer removed while the view is shown).
    let chosen_pair = pair
        .checked_sub(1)
        .and_then(|at| Some((names.get(at >> 16)?, names.get(at & 0xFFFF)?)));
    let chosen = chosen_pair.map(|(x, y)| {
        let mut docs: Vec<(usize, Option<f64>, Option<f64>)> = a
            .documents
            .iter()
            .filter_map(|d| {
                let mine: Vec<&PairFigures> =
                    d.pairs.iter().filter(|p| &p.a == x && &p.b == y).collect();
                (!mine.is_empty()).then(|| {
                    (
                        d.document,
                        mean(mine.iter().map(|p| p.kappa)),
                        mean(mine.iter().map(|p| p.f1_overlap)),
                    )
                })
            })
            .collect();
        crate::model::sort::sort_with(&mut docs, &|p, q| {
            p.1.unwrap_or(2.0)
                .partial_cmp(&q.1.unwrap_or(2.0))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        let items = docs.into_iter().map(|(d, kappa, f1)| {
            let id = figures.docs[d].clone();
            let pair = Layer::Compare(Rc::from(x.as_str()), Rc::from(y.as_str()));
            let open = props.dispatch.reform(move |_: MouseEvent| {
                Action::OpenWithLayer(id.clone(), pair.clone())
            });
            html! {
                <li>
                    { span_link(figures.titles[d].clone(), format!("kappa {} · F1 overlap {}", shown(kappa), shown(f1)), open) }
                </li>
            }
        });
        html! {
            <section class="agreement-pair" aria-label="The pair\u{2019}s articles">
                <h2 class="card-section-title">{ format!("{} and {}: their articles, the least agreed first", who(x), who(y)) }</h2>
                <ul class="span-links">{ for items }</ul>
            </section>
        }
    });
    let sub = format!(
        "{} over {}",
        plural(n, "annotator", "annotators"),
        plural(
            figures.docs.len(),
            "annotated article",
            "annotated articles"
        )
    );
    html! {
        <main class="corpus-view" aria-label="Agreement">
            { view_heading("Agreement", Some(sub), None) }
            <div class="view-tools">
                { button("button", "Export agreement", None, export.into()) }
            </div>
            <div class="agreement-grid">
                <figure class="agreement-heatmap">
                    <svg viewBox={format!("0 0 {side} {side}")} width={side.to_string()} height={side.to_string()}
                         role="group" aria-label="Cohen's kappa of each pair of annotators (mean over labels): choose a pair to see its articles">
                        { for heads }
                        { for cells }
                    </svg>
                    <figcaption>{ "Cohen's kappa per pair, mean over labels. Choose a cell for the pair's articles." }</figcaption>
                </figure>
                <table class="claims-table agreement-alpha">
                    <caption>{ "Krippendorff's alpha per label (all annotators)" }</caption>
                    <thead><tr><th scope="col">{ "Label" }</th><th scope="col">{ "Alpha" }</th></tr></thead>
                    <tbody>{ for alphas }</tbody>
                </table>
            </div>
            { for chosen }
            <div class="table-wrap">
                <table class="claims-table agreement-pairs">
                    <caption>{ "Each pair, per label: kappa over the characters both annotated, span F1 exact and overlapping" }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "Annotator" }</th>
                            <th scope="col">{ "Annotator" }</th>
                            <th scope="col">{ "Label" }</th>
                            <th scope="col">{ "Kappa" }</th>
                            <th scope="col">{ "F1 exact" }</th>
                            <th scope="col">{ "F1 overlap" }</th>
                        </tr>
                    </thead>
                    <tbody>{ for pairs }</tbody>
                </table>
            </div>
        </main>
    }
}

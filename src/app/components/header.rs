//! The top bar: the app's name, the ways to load articles, and notices.

use std::any::Any;
use std::rc::Rc;

use yew::functional::{Hook, HookContext};
use yew::prelude::*;

use crate::app::components::button::{button, expand_button, labelled_button};
use crate::app::components::class_list::{class_list, when};
use crate::app::components::part::{same_as, Drawn};

use crate::app::dom::loader::{files_from_input, load_files};
use crate::app::hooks::mount::{deps, nothing, use_change};
use crate::app::parse::ACCEPT;
use crate::app::state::{
    Action, Dialog, Drawer, Meter, Notice, NoticeKind, SaveStatus, SyncStatus, View,
};
use crate::model::words::plural;

#[derive(PartialEq)]
pub struct HeaderProps {
    pub doc_count: usize,
    pub notices: Rc<Vec<Notice>>,
    pub save_status: SaveStatus,
    /// Whether the browser keeps this site's storage (`None`: not asked yet, or it cannot say).
    pub storage_kept: Option<bool>,
    pub meter: Meter,
    /// A large corpus is loading: this many articles.
    pub loading: Option<usize>,
    /// Download the whole corpus as the native dataset.
    pub on_export_json: Callback<MouseEvent>,
    pub dispatch: Callback<Action>,
    /// The view shown (the view switch marks it).
    pub view: View,
    /// The name of the person at this browser (empty: not given yet).
    pub annotator: Rc<str>,
    /// Where sync stands.
    pub sync: SyncStatus,
    /// The actions' menu is open (a narrow window).
    pub menu_open: bool,
}

/// The localStorage budget per site, in the unit the meter counts: Chrome and Firefox hold
/// 5,242,880 characters (UTF-16 code units), which `storage::backend::stored_bytes` counts as
/// two bytes each, so 10 MB. (The meter once set that byte count against 5 MB and showed more
/// than 100 % while saves still succeeded.)
const BUDGET_BYTES: usize = 2 * 5_242_880;

/// "12 KB" below a megabyte, "1.4 MB" below a gigabyte, else "10.7 GB" (in integers: no float
/// formatting in the download).
fn size_text(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    const GB: u64 = 1024 * MB;
    if bytes < MB {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        let (unit, name) = if bytes < GB { (MB, "MB") } else { (GB, "GB") };
        let tenths = (bytes.saturating_mul(10) + unit / 2) / unit;
        format!("{}.{} {name}", tenths / 10, tenths % 10)
    }
}

/// What the meter says: "2.5 MB of ~10 MB (25%)"; "12 MB of 10.7 GB" (the site's usage
/// and quota); nothing before the browser has said.
/// (Sizes in u64: a quota of several GB does not fit the browser build's usize.)
fn meter_text(bytes: usize, meter: Meter) -> Option<String> {
    let (used, budget, approx) = match meter {
        Meter::Local => (bytes as u64, BUDGET_BYTES as u64, "~"),
        Meter::Site(Some((used, quota))) if quota >= 1.0 => (used as u64, quota as u64, ""),
        Meter::Site(_) => return None,
    };
    // The share only from 1 %: "(<1%)" of a quota of gigabytes is noise on a narrow header.
    let pct = (used.saturating_mul(100) + budget / 2) / budget;
    let share = match meter {
        Meter::Site(_) if pct == 0 => String::new(),
        _ => format!(" ({pct}%)"),
    };
    let budget = match meter {
        Meter::Local => "10 MB".to_owned(),
        Meter::Site(_) => size_text(budget),
    };
    Some(format!("{} of {approx}{budget}{share}", size_text(used)))
}

/// What the header says about saving: (text, tooltip, css class). `kept`: whether the
/// browser agreed to keep the site's storage.
fn save_text(
    status: &SaveStatus,
    kept: Option<bool>,
    meter: Meter,
) -> (String, &'static str, &'static str) {
    match status {
        SaveStatus::Saved(bytes) => {
            let (note, title) = match kept {
                Some(true) => (
                    " (kept)",
                    "Every change is saved at once, in this browser only, and the browser has agreed to keep it. Export to keep a copy elsewhere.",
                ),
                Some(false) => (
                    " (may be cleared)",
                    "Every change is saved at once, in this browser only; the browser may clear it when space runs low or after weeks without a visit. Export to keep a copy elsewhere.",
                ),
                None => (
                    "",
                    "Every change is saved at once, in this browser only. Export to keep a copy elsewhere.",
                ),
            };
            let meter = meter_text(*bytes, meter).map_or(String::new(), |m| format!(" · {m}"));
            (
                format!("Saved in this browser{note}{meter}"),
                title,
                "save-ok",
            )
        }
        SaveStatus::Pending => ("Saving…".into(), "", "save-ok"),
        SaveStatus::Full => (
            "Not saved: storage is full".into(),
            "Your changes are kept while this page is open. Free space or export your work.",
            "save-bad",
        ),
        SaveStatus::Unavailable => (
            "Not saved: storage unavailable".into(),
            "Storage did not take the latest changes: they are kept in this page (and in the journal, where local storage works), and stored when it answers again.",
            "save-bad",
        ),
        SaveStatus::ReadOnly => (
            "Read-only: data from a newer version".into(),
            "Nothing is written, so the newer version's data stays intact.",
            "save-bad",
        ),
    }
}

impl Drawn for HeaderProps {
    fn draw(&self, ctx: &mut HookContext) -> Html {
        use_header(self).run(ctx)
    }
    fn same(&self, other: &dyn Any) -> bool {
        same_as(self, other)
    }
}

#[hook]
fn use_header(props: &HeaderProps) -> Html {
    let input_ref = use_node_ref();
    let (save, save_title, save_class) = match props.loading {
        Some(n) => (
            format!("Loading {}…", plural(n, "article", "articles")),
            "The open article is shown first; the others are being read from this browser's database.",
            "save-ok",
        ),
        None => save_text(&props.save_status, props.storage_kept, props.meter),
    };
    let docs = plural(props.doc_count, "article", "articles");
    let open = {
        let input_ref = input_ref.clone();
        move |_: MouseEvent| {
            if let Some(input) = input_ref.cast::<web_sys::HtmlInputElement>() {
                input.click();
            }
        }
    };
    // What the menu does without a dialog closes it too (a dialog closes it by itself).
    let and_close = |then: Callback<MouseEvent>| {
        if !props.menu_open {
            return then;
        }
        let dispatch = props.dispatch.clone();
        Callback::from(move |e| {
            then.emit(e);
            dispatch.emit(Action::Drawer(Drawer::Menu));
        })
    };
    let onchange = {
        let dispatch = props.dispatch.clone();
        move |e: Event| load_files(files_from_input(&e), dispatch.clone())
    };
    let paste = props
        .dispatch
        .reform(|_: MouseEvent| Action::Show(Dialog::Paste));
    let help = props
        .dispatch
        .reform(|_: MouseEvent| Action::Show(Dialog::Help));
    let notices = props.notices.iter().map(|n| {
        let id = n.id;
        let dismiss = props.dispatch.reform(move |_: MouseEvent| Action::Dismiss(id));
        let (class, role) = match n.kind {
            NoticeKind::Info => ("notice info", "status"),
            NoticeKind::Error => ("notice error", "alert"),
        };
        html! {
            <div key={n.id} class={class} role={role}>
                <span>{ n.text.clone() }</span>
                { labelled_button("notice-close", "×", "Dismiss".to_owned(), None, false, dismiss.into()) }
            </div>
        }
    });
    // The view switch: the article, or a view across the corpus (`v` goes round them).
    let views = View::ALL.iter().map(|&view| {
        let current = props.view == view;
        html! {
            <button type="button" class={class_list(&["view-tab", when(current, "active")])}
                    aria-current={current.then_some("page")}
                    onclick={props.dispatch.reform(move |_: MouseEvent| Action::SetView(view))}>
                { view.name() }
            </button>
        }
    });
    // The name is given with Enter (or by leaving the box): then every span of this person's
    // layer carries it.
    let unnamed = props.annotator.is_empty();
    let annotator_title = if unnamed {
        "Who is annotating? Type your name and press Enter: your annotations carry it"
    } else {
        "Your name: your annotations carry it (change it and press Enter)"
    };
    // What is typed, kept here until Enter: the header is drawn again at every save, and a
    // box whose value followed the name alone would lose the typing.
    let draft = use_state(|| Some(props.annotator.to_string()));
    {
        let draft = draft.clone();
        let name = props.annotator.clone();
        use_change(
            deps(name.clone()),
            Box::new(move || {
                draft.set(Some(name.to_string()));
                nothing()
            }),
        );
    }
    let on_type = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let input = e.target_unchecked_into::<web_sys::HtmlInputElement>();
            draft.set(Some(input.value()));
        })
    };
    let on_name = props.dispatch.reform(|e: Event| {
        let input = e.target_unchecked_into::<web_sys::HtmlInputElement>();
        Action::SetAnnotator(input.value())
    });
    let sync_class = match props.sync {
        SyncStatus::Error(_) => Some("error"),
        SyncStatus::Offline(_) => Some("offline"),
        _ => None,
    };
    html! {
        <header class={class_list(&["topbar", when(props.menu_open, "menu-open")])}>
            <div class="brand">
                <span class="brand-mark" aria-hidden="true">{ "M" }</span>
                <span class="brand-name">{ "Marginalia" }</span>
            </div>
            <nav class="view-switch" aria-label="Views" title="Views (v: next view)">{ for views }</nav>
            { expand_button("button menu-toggle", "Menu".into(), props.menu_open, Some("actions"), None,
                            props.dispatch.reform(|_: MouseEvent| Action::Drawer(Drawer::Menu))) }
            <div class="topbar-actions" id="actions">
                { button("button primary", "Open articles", None, and_close(open.into())) }
                <input ref={input_ref} type="file" multiple=true accept={ACCEPT} class="file-input"
                       tabindex="-1" aria-hidden="true" {onchange} />
                { button("button", "Paste article", None, paste.into()) }
                { button("button", "Labels", Some("Add, rename, recolour and give keys to labels"),
                         props.dispatch.reform(|_: MouseEvent| Action::Show(Dialog::Labels))) }
                { button("button", "Export JSON",
                         Some("Download every article and annotation as a Marginalia dataset (JSON)"),
                         and_close(props.on_export_json.clone())) }
                { button("button", "Export…", Some("spaCy, W3C, Label Studio, doccano, brat, CoNLL, CSV"),
                         props.dispatch.reform(|_: MouseEvent| Action::Show(Dialog::Export))) }
                { button("button", "Sync", Some("Sync with your team's CouchDB database"),
                         props.dispatch.reform(|_: MouseEvent| Action::Show(Dialog::Sync))) }
                { labelled_button("button icon", "?", "Keyboard shortcuts".to_owned(),
                                  Some("Keyboard shortcuts (?)"), false, help.into()) }
            </div>
            <p class="topbar-status">
                <label class={class_list(&["annotator", when(unnamed, "unnamed")])} title={annotator_title}>
                    <span class="annotator-label">{ "Annotator" }</span>
                    <input type="text" class="annotator-input" aria-label="Annotator"
                           placeholder="Your name" maxlength="64" autocomplete="name"
                           value={(*draft).clone().unwrap_or_default()} oninput={on_type} onchange={on_name} />
                </label>
                <span class="dot" aria-hidden="true">{ "·" }</span>
                <span class="corpus-size">{ docs }</span>
                <span class="dot" aria-hidden="true">{ "·" }</span>
                <span class={class_list(&["save-status", save_class])} role="status" title={save_title}>
                    { save }
                </span>
                if let Some(text) = props.sync.text() {
                    <span class="dot" aria-hidden="true">{ "·" }</span>
                    <span class={class_list(&["sync-status", sync_class.unwrap_or_default()])} role="status">{ text }</span>
                }
                // Work that cannot be saved here can still leave the browser as a file.
                if matches!(props.save_status, SaveStatus::Full | SaveStatus::Unavailable) {
                    { button("button small danger", "Download a copy",
                             Some("Download every article and annotation (Marginalia JSON) so nothing depends on this page"),
                             props.on_export_json.clone()) }
                }
            </p>
            <div class="notices" aria-live="polite">{ for notices }</div>
        </header>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_shares() {
        assert_eq!(size_text(0), "0 KB");
        assert_eq!(size_text(1), "1 KB");
        assert_eq!(size_text(19 * 1024), "19 KB");
        assert_eq!(size_text(1024 * 1024), "1.0 MB");
        assert_eq!(size_text(1024 * 1024 * 3 / 2), "1.5 MB");
        assert_eq!(size_text(5 * 1024 * 1024 - 1), "5.0 MB");
        let local = Meter::Local;
        let (text, _, _) = save_text(&SaveStatus::Saved(BUDGET_BYTES / 4), None, local);
        assert_eq!(text, "Saved in this browser · 2.5 MB of ~10 MB (25%)");
        // 3.26 million characters (500 news articles with 20 spans each) are 62 %, not 124 %.
        let (text, _, _) = save_text(&SaveStatus::Saved(2 * 3_260_000), Some(false), local);
        assert_eq!(
            text,
            "Saved in this browser (may be cleared) · 6.2 MB of ~10 MB (62%)"
        );
        let (text, title, _) = save_text(&SaveStatus::Saved(0), Some(true), local);
        assert_eq!(text, "Saved in this browser (kept) · 0 KB of ~10 MB (0%)");
        assert!(title.contains("agreed to keep it"));
        // IndexedDB: the site's usage against its quota, once the browser said.
        let (text, _, _) = save_text(&SaveStatus::Saved(5), None, Meter::Site(None));
        assert_eq!(text, "Saved in this browser");
        let site = Meter::Site(Some((12.0 * 1048576.0, 10.7 * 1073741824.0)));
        let (text, _, _) = save_text(&SaveStatus::Saved(5), Some(true), site);
        assert_eq!(text, "Saved in this browser (kept) · 12.0 MB of 10.7 GB");
        let site = Meter::Site(Some((300.0 * 1048576.0, 600.0 * 1048576.0)));
        let (text, _, _) = save_text(&SaveStatus::Saved(5), None, site);
        assert_eq!(text, "Saved in this browser · 300.0 MB of 600.0 MB (50%)");
    }
}

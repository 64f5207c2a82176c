//! The Sync dialog: the CouchDB database to sync with, an optional user and password (a
//! cookie session: the password is not kept), and once sync runs, Sync now and Stop sync.
//! Drawn by the dialogs' one part ([`use_small_dialog`](super::dialogs::use_small_dialog)).

use yew::prelude::*;

use crate::app::components::class_list::{class_list, when};

use crate::app::state::{Action, SyncCommand, SyncStatus, SyncView};

fn value_of(input: &NodeRef) -> String {
    input
        .cast::<web_sys::HtmlInputElement>()
        .map(|i| i.value())
        .unwrap_or_default()
}

/// The dialog, in [`use_small_dialog`](super::dialogs::use_small_dialog)'s backdrop: its three boxes are
/// that component's node refs.
pub fn sync_dialog(
    view: &SyncView,
    on_sync: &Callback<SyncCommand>,
    dispatch: &Callback<Action>,
    (server, user, password): (NodeRef, NodeRef, NodeRef),
) -> Html {
    let onsubmit = {
        let (server, user, password) = (server.clone(), user.clone(), password.clone());
        let on_sync = on_sync.clone();
        move |e: SubmitEvent| {
            e.prevent_default();
            on_sync.emit(SyncCommand::Start {
                server: value_of(&server),
                user: value_of(&user).trim().to_owned(),
                password: value_of(&password),
            });
            // The password goes no further than this request.
            if let Some(input) = password.cast::<web_sys::HtmlInputElement>() {
                input.set_value("");
            }
        }
    };
    // Close, Sync now, Stop sync: one listener for the row, by the button's value.
    let onclick = {
        let (on_sync, dispatch) = (on_sync.clone(), dispatch.clone());
        move |e: MouseEvent| {
            let value = e
                .target_dyn_into::<web_sys::Element>()
                .and_then(|b| b.get_attribute("value"));
            match value.as_deref() {
                Some("close") => dispatch.emit(Action::CloseDialog),
                Some("now") => on_sync.emit(SyncCommand::Now),
                Some("stop") => on_sync.emit(SyncCommand::Stop),
                _ => {}
            }
        }
    };
    let running = view.status != SyncStatus::Off;
    let error = matches!(view.status, SyncStatus::Error(_));
    let status = view.status.text().map(|text| {
        let with = match view.user.is_empty() {
            true => format!("With {}", view.server),
            false => format!("With {} as {}", view.server, view.user),
        };
        html! {
            <>
                <p class={class_list(&["sync-state", when(error, "error")])} role="status">{ text }</p>
                <p class="sync-where">{ with }</p>
            </>
        }
    });
    html! {
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="sync-title">
                <h2 id="sync-title">{ "Sync" }</h2>
                <p>{ "Keep this browser's articles, annotations and labels in step with your team's CouchDB database. Work goes on offline; changes go out when the network is back." }</p>
                { for status }
                <form {onsubmit}>
                    <label class="field">
                        <span>{ "Server (the database's address)" }</span>
                        <input ref={server} type="url" aria-label="Server" required=true autofocus=true
                               placeholder="https://couch.example.org/newsroom-2026"
                               value={view.server.clone()} spellcheck="false" />
                    </label>
                    <label class="field">
                        <span>{ "User (optional)" }</span>
                        <input ref={user} type="text" aria-label="User" autocomplete="username"
                               value={view.user.clone()} spellcheck="false" />
                    </label>
                    <label class="field">
                        <span>{ "Password (optional: it signs you in once and is not kept)" }</span>
                        <input ref={password} type="password" aria-label="Password"
                               autocomplete="current-password" />
                    </label>
                    <div class="dialog-actions" {onclick}>
                        <button type="button" class="button" value="close">{ "Close" }</button>
                        if running {
                            <button type="button" class="button" value="stop">{ "Stop sync" }</button>
                            <button type="button" class="button" value="now">{ "Sync now" }</button>
                        }
                        <button type="submit" class="button primary">{ "Start sync" }</button>
                    </div>
                </form>
            </div>
    }
}

//! The corpus views (People, Claims, Agreement) as one component type: each view's hooks and
//! markup are a hook of their own, and the one the props' view names runs. The root keys the
//! component by the view, so a change of view mounts it afresh (as three types did) and an
//! instance runs the same hooks at every render. One type instead of three: each component
//! type copies yew's component code (about 0.5 KB gzip).

use yew::functional::{Hook, HookContext};
use yew::prelude::*;

use crate::app::components::agreement_view::use_agreement_view;
use crate::app::components::claims_view::use_claims_view;
use crate::app::components::corpus_view::CorpusViewProps;
use crate::app::components::people_view::use_people_view;
use crate::app::state::View;

/// The hooks of the view the props name.
struct ViewHook<'a>(&'a CorpusViewProps);

impl Hook for ViewHook<'_> {
    type Output = Html;

    fn run(self, ctx: &mut HookContext) -> Html {
        match self.0.view {
            View::Claims => use_claims_view(self.0).run(ctx),
            View::Agreement => use_agreement_view(self.0).run(ctx),
            _ => use_people_view(self.0).run(ctx),
        }
    }
}

fn use_view(props: &CorpusViewProps) -> ViewHook<'_> {
    ViewHook(props)
}

/// The view across the corpus that `props.view` names (keyed by it where it is drawn).
#[component]
pub fn CorpusView(props: &CorpusViewProps) -> Html {
    use_view(props)
}

//! The corpus views (People, Claims, Agreement) as parts ([`crate::app::components::part`]):
//! each view's hooks and markup are a hook of their own, and the one the props' view names
//! runs. The root keys the part by the view, so a change of view mounts it afresh (as a
//! component type per view did) and an instance runs the same hooks at every render.

use std::any::Any;

use yew::functional::{Hook, HookContext};
use yew::prelude::*;

use crate::app::components::agreement_view::use_agreement_view;
use crate::app::components::claims_view::use_claims_view;
use crate::app::components::corpus_view::CorpusViewProps;
use crate::app::components::part::{same_as, Drawn};
use crate::app::components::people_view::use_people_view;
use crate::app::state::View;

impl Drawn for CorpusViewProps {
    fn draw(&self, ctx: &mut HookContext) -> Html {
        match self.view {
            View::Claims => use_claims_view(self).run(ctx),
            View::Agreement => use_agreement_view(self).run(ctx),
            _ => use_people_view(self).run(ctx),
        }
    }
    fn same(&self, other: &dyn Any) -> bool {
        same_as(self, other)
    }
}

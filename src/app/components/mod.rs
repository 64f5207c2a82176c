//! The yew components, one per file: the root, the article and its blocks, the panels, the
//! corpus views and the dialogs.

pub mod agreement_view;
pub mod annotation_panel;
pub mod article_chunk;
pub mod article_view;
pub mod block_view;
pub mod button;
pub mod chart;
pub mod claims_view;
pub mod class_list;
pub mod corpus_switch;
pub mod corpus_view;
pub mod dialogs;
pub mod doc_list;
pub mod export_dialog;
pub mod header;
pub mod label_attrs;
pub mod labels_dialog;
pub mod link_picker;
pub mod modal;
pub mod pager;
pub mod part;
pub mod people_view;
pub mod relation_layer;
pub mod root;
pub mod selection_bar;
pub mod span_chunk;
pub mod span_row;
pub mod sync_dialog;
pub mod toolbar;

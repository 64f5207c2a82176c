//! Documents whose text record went missing (site data cleared in part, a record lost): the
//! loader sets them aside and names them ([`super::persist::Loaded::orphans`]); when the article
//! is opened again from its file (the same text, so the same id), their spans, relations and
//! deletions come back into it through the merge every incoming change takes.

use super::backend::Backend;
use super::merge::RemoteChange;
use super::persist::read_stored_doc;
use super::schema::Tombstones;
use crate::model::{Corpus, DocId};

/// Documents set aside for want of their text (`orphans`) whose article is in `corpus` again
/// (opened from its file: the same text, so the same id): each as a change to merge into it,
/// read with the text of the article as opened and its stored spans, relations and deletions.
/// Those brought back leave `orphans`; one that still cannot be read stays there.
pub fn restore_orphans(
    backend: &dyn Backend,
    orphans: &mut Vec<(DocId, String)>,
    corpus: &Corpus,
) -> Vec<RemoteChange> {
    let mut changes = Vec::new();
    orphans.retain(|(id, raw)| {
        let Some(entry) = corpus.entry(id) else {
            return true;
        };
        let read = read_stored_doc(backend, id, raw, Some((entry, &[])));
        match read {
            Ok(read) if read.doc.entry.doc.id == *id => {
                changes.push(RemoteChange::Doc {
                    remote: read.doc.entry,
                    base: None,
                    remote_deleted: read.doc.deleted,
                    local_deleted: Tombstones::default(),
                });
                false
            }
            _ => true,
        }
    });
    changes
}

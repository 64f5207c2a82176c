//! The label schema: the corpus's labels as data (id, name, colour, key, help) with their
//! attributes (a choice from a list, or free text). It is stored with the corpus, exported with
//! it, and it is the only thing that says which labels, attributes and values are valid: the
//! store, storage and every import check spans against the corpus's schema.
//!
//! Shortcuts: the first nine labels are also tagged with the digits `1`–`9` (by position), and
//! each label may have one more key of its own (`q`, `c`, `e` for the defaults). Keys that other
//! shortcuts use (`j` `k` `n` `p` `s` `?` and digits) cannot be label keys.

use super::find::trim_end_ascii;
use super::span::valid_id;

/// A default label, the seed of [`LabelSchema::default`]. The schema of a corpus is what
/// counts; the browser shell reads these only where it does not read the corpus's schema yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LabelDef {
    /// Stable id, stored in spans and exports: `quote`, `claim`, `entity`.
    pub id: &'static str,
    /// Shown to people and used as the button's accessible name.
    pub name: &'static str,
    /// The digit key (its position) and the letter key that apply it.
    pub digit: char,
    pub letter: char,
    /// What the label is for, shown as the toolbar button's tooltip.
    pub help: &'static str,
    /// `#rrggbb` (the light theme's colour in `styles/main.css`).
    pub color: &'static str,
}

/// The default labels, in display order.
pub const DEFAULT_LABELS: [LabelDef; 3] = [
    LabelDef {
        id: "quote",
        name: "Quote",
        digit: '1',
        letter: 'q',
        help: "Words someone said or wrote",
        color: "#e69f00",
    },
    LabelDef {
        id: "claim",
        name: "Claim",
        digit: '2',
        letter: 'c',
        help: "A statement that can be checked",
        color: "#0072b2",
    },
    LabelDef {
        id: "entity",
        name: "Entity",
        digit: '3',
        letter: 'e',
        help: "A person, organisation or place",
        color: "#009e73",
    },
];

/// The default label with this id (for the browser shell; see [`LabelDef`]).
pub fn default_label(id: &str) -> Option<&'static LabelDef> {
    DEFAULT_LABELS.iter().find(|l| l.id == id)
}

/// What a label is for in the app, beyond tagging: a quote has a speaker and cues, a claim a
/// claimant, an entity is a speaker or claimant and a card in People. At most one label of a
/// schema plays each role; the code asks the schema which (never a label id), so a label can be
/// renamed, or replaced by one of another id, and relations, People and Claims follow it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Quote,
    Claim,
    Entity,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Quote, Role::Claim, Role::Entity];

    /// Stable id for storage and exports (`quote`, `claim`, `entity`), also the id of the
    /// default label that plays it.
    pub fn id(self) -> &'static str {
        match self {
            Role::Quote => "quote",
            Role::Claim => "claim",
            Role::Entity => "entity",
        }
    }

    pub fn from_id(id: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.id() == id)
    }
}

/// Keys other shortcuts use: never a label's key (letters compared in lower case).
pub const RESERVED_KEYS: &str = "jknps?";

/// What values an attribute takes.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum AttrKind {
    /// One of these (stored as the choice text itself).
    Choice(Vec<String>),
    /// Any non-empty text.
    Text,
}

impl AttrKind {
    /// `choice` or `text`.
    pub fn id(&self) -> &'static str {
        match self {
            AttrKind::Choice(_) => "choice",
            AttrKind::Text => "text",
        }
    }

    /// The choices (empty for text).
    pub fn choices(&self) -> &[String] {
        match self {
            AttrKind::Choice(choices) => choices,
            AttrKind::Text => &[],
        }
    }
}

/// An attribute a label's spans can have.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct AttrSpec {
    /// Stable id, the key in a span's attributes: `type`, `canonical`, ...
    pub id: String,
    pub name: String,
    pub kind: AttrKind,
}

/// One label of the schema. (Ordered field by field: a fixed order that settles a conflict
/// between two tabs.)
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LabelSpec {
    /// Stable id stored in spans (renaming keeps it): `[A-Za-z0-9_-]{1,64}`.
    pub id: String,
    /// Shown to people; unique (ignoring ASCII case).
    pub name: String,
    /// `#rrggbb`.
    pub color: String,
    /// A key of its own besides the position digit.
    pub key: Option<char>,
    /// What the label is for.
    pub help: String,
    pub attributes: Vec<AttrSpec>,
    /// The role it plays, if any (at most one label per role).
    pub role: Option<Role>,
}

impl LabelSpec {
    /// A label without key, help or attributes. A label whose id is a role's id
    /// (`quote`, `claim`, `entity`) plays that role, as in data stored before roles were.
    pub fn new(id: &str, name: &str, color: &str) -> Self {
        LabelSpec {
            id: id.to_owned(),
            name: name.to_owned(),
            color: color.to_owned(),
            key: None,
            help: String::new(),
            attributes: Vec::new(),
            role: Role::from_id(id),
        }
    }

    pub fn attr(&self, id: &str) -> Option<&AttrSpec> {
        self.attributes.iter().find(|a| a.id == id)
    }

    /// Change one property; returns the old value of it (the schema is checked by the caller).
    pub fn set(&mut self, field: LabelField) -> LabelField {
        use std::mem::replace;
        match field {
            LabelField::Name(name) => LabelField::Name(replace(&mut self.name, name)),
            LabelField::Color(color) => LabelField::Color(replace(&mut self.color, color)),
            LabelField::Key(key) => LabelField::Key(replace(&mut self.key, key)),
            LabelField::Help(help) => LabelField::Help(replace(&mut self.help, help)),
            LabelField::Role(role) => LabelField::Role(replace(&mut self.role, role)),
        }
    }
}

/// One property of a label that [`SchemaEdit::SetLabel`](super::edit::SchemaEdit::SetLabel)
/// changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LabelField {
    Name(String),
    Color(String),
    Key(Option<char>),
    Help(String),
    Role(Option<Role>),
}

/// The labels of a corpus, in display order. Always valid (see [`LabelSchema::new`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelSchema {
    labels: Vec<LabelSpec>,
}

fn choice(id: &str, name: &str, choices: &[&str]) -> AttrSpec {
    AttrSpec {
        id: id.to_owned(),
        name: name.to_owned(),
        kind: AttrKind::Choice(choices.iter().map(|c| (*c).to_owned()).collect()),
    }
}

fn text(id: &str, name: &str) -> AttrSpec {
    AttrSpec {
        id: id.to_owned(),
        name: name.to_owned(),
        kind: AttrKind::Text,
    }
}

impl Default for LabelSchema {
    /// Quote, claim and entity with their attributes.
    fn default() -> Self {
        let labels = DEFAULT_LABELS
            .iter()
            .map(|d| {
                let attributes = match d.id {
                    "quote" => vec![choice("kind", "Kind", &["direct", "indirect", "partial"])],
                    "claim" => vec![
                        choice(
                            "checkworthy",
                            "Check-worthiness",
                            &["check-worthy", "not check-worthy", "unsure"],
                        ),
                        text("verdict", "Verdict"),
                    ],
                    _ => vec![
                        choice(
                            "type",
                            "Type",
                            &["person", "organisation", "place", "event", "other"],
                        ),
                        text("canonical", "Canonical name"),
                        text("external_id", "External id"),
                    ],
                };
                LabelSpec {
                    id: d.id.to_owned(),
                    name: d.name.to_owned(),
                    color: d.color.to_owned(),
                    key: Some(d.letter),
                    help: d.help.to_owned(),
                    attributes,
                    role: Role::from_id(d.id),
                }
            })
            .collect();
        LabelSchema { labels }
    }
}

/// An id made from `name` (`[a-z0-9-]`, at most 48 characters; `fallback` when nothing is
/// left) that `taken` does not refuse (`-2`, `-3`, ... appended otherwise): how the app names
/// new labels and attributes.
#[must_use]
pub fn unique_id(name: &str, fallback: &str, taken: impl Fn(&str) -> bool) -> String {
    let mut base = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            base.push(c.to_ascii_lowercase());
        } else if !base.ends_with('-') && !base.is_empty() {
            base.push('-');
        }
    }
    let mut base: String = trim_end_ascii(&base, b'-').chars().take(48).collect();
    if base.is_empty() {
        base = fallback.to_owned();
    }
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or(base)
}

/// A name or a choice: not blank, at most 100 characters, no control characters.
fn valid_name(name: &str) -> bool {
    !name.trim().is_empty() && name.chars().count() <= 100 && !name.chars().any(char::is_control)
}

/// `#rrggbb`.
pub fn valid_color(color: &str) -> bool {
    color.len() == 7
        && color.starts_with('#')
        && color.bytes().skip(1).all(|b| b.is_ascii_hexdigit())
}

/// A label key: one printable character that no other shortcut uses.
pub fn valid_key(key: char) -> bool {
    !key.is_control()
        && !key.is_whitespace()
        && !key.is_ascii_digit()
        // Compared char by char: `str::contains` of a char brings the two-way searcher
        // (model::find).
        && !RESERVED_KEYS.chars().any(|r| r == key.to_ascii_lowercase())
}

fn same_key(a: char, b: char) -> bool {
    a.eq_ignore_ascii_case(&b)
}

impl LabelSchema {
    /// A schema of these labels, or why it is not valid: every id valid and unique, names not
    /// blank and unique (ignoring ASCII case), colours `#rrggbb`, keys valid and unique, and
    /// per label attribute ids valid and unique, names not blank, choices not blank and unique.
    pub fn new(labels: Vec<LabelSpec>) -> Result<Self, String> {
        let schema = LabelSchema { labels };
        schema.validate()?;
        Ok(schema)
    }

    /// A schema without labels.
    pub fn empty() -> Self {
        LabelSchema { labels: Vec::new() }
    }

    /// Why this schema is not valid, if it is not.
    pub fn validate(&self) -> Result<(), String> {
        for (i, l) in self.labels.iter().enumerate() {
            if let Some(why) = self.problem(i, l) {
                let name = if l.name.trim().is_empty() {
                    &l.id
                } else {
                    &l.name
                };
                return Err(format!("The label \u{201c}{name}\u{201d} {why}."));
            }
        }
        Ok(())
    }

    /// What is wrong with label `l` at `i` (one sentence's end, without its subject).
    fn problem(&self, i: usize, l: &LabelSpec) -> Option<&'static str> {
        let before = &self.labels[..i];
        if !valid_id(&l.id) {
            return Some("needs an id of 1 to 64 letters, digits, _ or -");
        }
        if before.iter().any(|o| o.id == l.id) {
            return Some("has the id of another label");
        }
        if !valid_name(&l.name) {
            return Some("needs a name of at most 100 characters");
        }
        if before.iter().any(|o| o.name.eq_ignore_ascii_case(&l.name)) {
            return Some("has the name of another label");
        }
        if !valid_color(&l.color) {
            return Some("needs a colour written like #c77d0a");
        }
        if let Some(key) = l.key {
            if !valid_key(key) {
                return Some("cannot have that key (digits, j, k, n, p, s and ? have other uses)");
            }
            if before
                .iter()
                .any(|o| o.key.is_some_and(|k| same_key(k, key)))
            {
                return Some("has the key of another label");
            }
        }
        if let Some(role) = l.role {
            if before.iter().any(|o| o.role == Some(role)) {
                return Some("has the role of another label");
            }
        }
        for (j, a) in l.attributes.iter().enumerate() {
            if !valid_id(&a.id) || l.attributes[..j].iter().any(|o| o.id == a.id) {
                return Some("has an attribute id that is not valid or is used twice");
            }
            if !valid_name(&a.name) {
                return Some("has an attribute without a name");
            }
            let choices = a.kind.choices();
            for (k, c) in choices.iter().enumerate() {
                if !valid_name(c) || choices[..k].contains(c) {
                    return Some("has a choice that is blank, too long or listed twice");
                }
            }
        }
        None
    }

    pub fn labels(&self) -> &[LabelSpec] {
        &self.labels
    }

    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    pub fn label(&self, id: &str) -> Option<&LabelSpec> {
        self.labels.iter().find(|l| l.id == id)
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.labels.iter().position(|l| l.id == id)
    }

    /// The label that plays `role`, if any.
    pub fn role_label(&self, role: Role) -> Option<&LabelSpec> {
        self.labels.iter().find(|l| l.role == Some(role))
    }

    /// The id of the label that plays `role`, or `""` (no span has that label) when none does.
    pub fn role_id(&self, role: Role) -> &str {
        self.role_label(role).map_or("", |l| l.id.as_str())
    }

    /// A new label's id from its name: `[a-z0-9-]`, unique in this schema (`label-2`, ...
    /// otherwise).
    #[must_use]
    pub fn new_label_id(&self, name: &str) -> String {
        unique_id(name, "label", |id| self.label(id).is_some())
    }

    /// The role the label `id` plays, if any.
    pub fn role_of(&self, id: &str) -> Option<Role> {
        self.label(id).and_then(|l| l.role)
    }

    /// The label's display name, or the id itself for a label not in the schema.
    pub fn name_of<'a>(&'a self, id: &'a str) -> &'a str {
        self.label(id).map_or(id, |l| l.name.as_str())
    }

    /// The digit that tags with this label: `1`–`9` for the first nine labels.
    pub fn digit(&self, id: &str) -> Option<char> {
        self.position(id)
            .filter(|&i| i < 9)
            .and_then(|i| char::from_digit(i as u32 + 1, 10))
    }

    /// The label a key press tags with: its position digit or its own key (ignoring ASCII case).
    pub fn by_key(&self, key: char) -> Option<&LabelSpec> {
        if let Some(d) = key.to_digit(10).filter(|d| (1..=9).contains(d)) {
            return self.labels.get(d as usize - 1);
        }
        self.labels
            .iter()
            .find(|l| l.key.is_some_and(|k| same_key(k, key)))
    }

    /// The label an imported file means by `name`: its id or its name, ignoring ASCII case and
    /// surrounding white space.
    pub fn find(&self, name: &str) -> Option<&LabelSpec> {
        let wanted = name.trim();
        self.labels
            .iter()
            .find(|l| l.id.eq_ignore_ascii_case(wanted))
            .or_else(|| {
                self.labels
                    .iter()
                    .find(|l| l.name.eq_ignore_ascii_case(wanted))
            })
    }

    /// The attribute `attr` of label `label`.
    pub fn attr(&self, label: &str, attr: &str) -> Option<&AttrSpec> {
        self.label(label).and_then(|l| l.attr(attr))
    }

    /// Whether `value` is a valid value of attribute `attr` of `label`: `Err` says why not.
    pub fn check_value(&self, label: &str, attr: &str, value: &str) -> Result<(), AttrProblem> {
        let spec = self.attr(label, attr).ok_or(AttrProblem::UnknownAttr)?;
        match &spec.kind {
            _ if value.is_empty() => Err(AttrProblem::BadValue),
            AttrKind::Choice(choices) if !choices.iter().any(|c| c == value) => {
                Err(AttrProblem::BadValue)
            }
            _ => Ok(()),
        }
    }

    /// The labels for writing (each change is validated by the caller).
    pub(crate) fn labels_mut(&mut self) -> &mut Vec<LabelSpec> {
        &mut self.labels
    }

    /// This schema with every label, attribute and choice of `other` that it lacks added:
    /// labels at the end, attributes at the end of their label, choices at the end of their
    /// attribute. Where the two disagree this schema's version is kept, and what of `other`
    /// could not be taken is said (a label whose name or key is taken keeps its id under a
    /// changed name or without key; an attribute whose kind differs is not merged).
    #[must_use]
    pub fn union(&self, other: &LabelSchema) -> (LabelSchema, Vec<String>) {
        let mut out = self.clone();
        let mut problems = Vec::new();
        for theirs in &other.labels {
            match out.labels.iter().position(|l| l.id == theirs.id) {
                None => {
                    let mut added = theirs.clone();
                    if out
                        .labels
                        .iter()
                        .any(|l| l.name.eq_ignore_ascii_case(&added.name))
                    {
                        added.name = format!("{} ({})", added.name, added.id);
                        if out
                            .labels
                            .iter()
                            .any(|l| l.name.eq_ignore_ascii_case(&added.name))
                        {
                            added.name = added.id.clone();
                        }
                        problems.push(format!(
                            "The label {} is named \u{201c}{}\u{201d} here: another label has its name.",
                            added.id, added.name
                        ));
                    }
                    if let Some(role) = added.role.filter(|r| out.role_label(*r).is_some()) {
                        problems.push(format!(
                            "The label {} does not play the role {} here: another label does.",
                            added.id,
                            role.id()
                        ));
                        added.role = None;
                    }
                    if added.key.is_some_and(|k| {
                        out.labels
                            .iter()
                            .any(|l| l.key.is_some_and(|o| same_key(o, k)))
                    }) {
                        added.key = None;
                    }
                    out.labels.push(added);
                }
                Some(i) => {
                    let mine = &mut out.labels[i];
                    for attr in &theirs.attributes {
                        match mine.attributes.iter_mut().find(|a| a.id == attr.id) {
                            None => mine.attributes.push(attr.clone()),
                            Some(have) => match (&mut have.kind, &attr.kind) {
                                (AttrKind::Choice(have), AttrKind::Choice(more)) => {
                                    for c in more {
                                        if !have.contains(c) {
                                            have.push(c.clone());
                                        }
                                    }
                                }
                                (AttrKind::Text, AttrKind::Text) => {}
                                _ => problems.push(format!(
                                    "The attribute {} of {} is {} here and {} in the file; values that do not fit are left out.",
                                    attr.id,
                                    mine.name,
                                    have.kind.id(),
                                    attr.kind.id()
                                )),
                            },
                        }
                    }
                }
            }
        }
        if let Err(why) = out.validate() {
            // Cannot happen for two valid schemas; keep this one as it was.
            problems.push(why);
            return (self.clone(), problems);
        }
        (out, problems)
    }
}

/// Why an attribute value is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttrProblem {
    /// The span's label has no such attribute.
    UnknownAttr,
    /// Empty, or not one of the choices.
    BadValue,
}

/// Spans per label of `schema` (by the label's position), counted in one pass over `spans`.
/// Spans of a label the schema lacks are not counted.
#[must_use]
pub fn label_counts(schema: &LabelSchema, spans: &[std::rc::Rc<super::span::Span>]) -> Vec<usize> {
    let labels = schema.labels();
    let mut counts = vec![0; labels.len()];
    // Neighbouring spans often share a label: its place is looked up again only on a change.
    let mut last: Option<(&str, usize)> = None;
    for span in spans {
        let at = match last {
            Some((id, at)) if id == span.label => Some(at),
            _ => labels.iter().position(|l| l.id == span.label),
        };
        if let Some(at) = at {
            counts[at] += 1;
            last = Some((&span.label, at));
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_ids_come_from_names_and_are_unique() {
        let schema = LabelSchema::default();
        assert_eq!(schema.new_label_id("Source"), "source");
        assert_eq!(schema.new_label_id("  Named source! "), "named-source");
        assert_eq!(schema.new_label_id("Quote"), "quote-2");
        assert_eq!(schema.new_label_id("Ünïcode"), "n-code");
        assert_eq!(schema.new_label_id("???"), "label");
        assert_eq!(unique_id("Kind", "attribute", |id| id == "kind"), "kind-2");
    }

    #[test]
    fn the_default_schema_is_valid_and_complete() {
        let s = LabelSchema::default();
        assert!(s.validate().is_ok());
        let ids: Vec<&str> = s.labels().iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["quote", "claim", "entity"]);
        assert_eq!(s.name_of("claim"), "Claim");
        assert_eq!(s.name_of("opinion"), "opinion");
        assert_eq!(s.digit("entity"), Some('3'));
        assert_eq!(s.by_key('1').map(|l| l.id.as_str()), Some("quote"));
        assert_eq!(s.by_key('C').map(|l| l.id.as_str()), Some("claim"));
        assert_eq!(s.by_key('e').map(|l| l.id.as_str()), Some("entity"));
        assert!(s.by_key('4').is_none() && s.by_key('x').is_none());
        assert_eq!(s.find(" QUOTE ").map(|l| l.id.as_str()), Some("quote"));
        assert_eq!(s.label("entity").unwrap().color, "#009e73");
        let ty = s.attr("entity", "type").unwrap();
        assert_eq!(ty.kind.choices().len(), 5);
        assert_eq!(
            s.attr("entity", "external_id").unwrap().kind,
            AttrKind::Text
        );
        assert_eq!(s.attr("quote", "kind").unwrap().kind.choices()[0], "direct");
        assert_eq!(
            s.attr("claim", "checkworthy").unwrap().kind.choices(),
            ["check-worthy", "not check-worthy", "unsure"]
        );
        assert!(s.check_value("entity", "type", "person").is_ok());
        assert_eq!(
            s.check_value("entity", "type", "Person"),
            Err(AttrProblem::BadValue)
        );
        assert_eq!(
            s.check_value("entity", "canonical", ""),
            Err(AttrProblem::BadValue)
        );
        assert_eq!(
            s.check_value("quote", "type", "person"),
            Err(AttrProblem::UnknownAttr)
        );
        assert!(s
            .check_value("claim", "verdict", "False: see the budget")
            .is_ok());
    }

    #[test]
    fn invalid_schemas_are_refused_with_a_sentence() {
        let ok = || LabelSchema::default().labels().to_vec();
        let mut cases: Vec<Vec<LabelSpec>> = Vec::new();
        let mut bad = ok();
        bad[1].id = "quote".into();
        cases.push(bad);
        let mut bad = ok();
        bad[1].id = "has space".into();
        cases.push(bad);
        let mut bad = ok();
        bad[1].name = "QUOTE".into();
        cases.push(bad);
        let mut bad = ok();
        bad[1].name = "  ".into();
        cases.push(bad);
        let mut bad = ok();
        bad[1].color = "blue".into();
        cases.push(bad);
        let mut bad = ok();
        bad[1].key = Some('Q');
        cases.push(bad);
        for reserved in ['j', 'K', '5', ' ', '?', 's'] {
            let mut bad = ok();
            bad[1].key = Some(reserved);
            cases.push(bad);
        }
        let mut bad = ok();
        bad[2].attributes.push(text("type", "Again"));
        cases.push(bad);
        let mut bad = ok();
        bad[2].attributes.push(choice("x", "X", &["a", "a"]));
        cases.push(bad);
        let mut bad = ok();
        bad[2].attributes.push(choice("y", "Y", &["a", "\n"]));
        cases.push(bad);
        for labels in cases {
            let why = LabelSchema::new(labels).unwrap_err();
            assert!(why.ends_with('.') && why.starts_with("The label "), "{why}");
        }
        assert!(LabelSchema::new(Vec::new()).is_ok());
        let mut fine = ok();
        fine[1].key = Some('x');
        fine.push(LabelSpec::new("opinion", "Opinion", "#C77D0A"));
        assert!(LabelSchema::new(fine).is_ok());
    }

    #[test]
    fn union_adds_what_is_missing_and_keeps_what_is_here() {
        let here = LabelSchema::default();
        let mut theirs = here.labels().to_vec();
        theirs[0].name = "Citation".into();
        theirs[0].key = Some('x');
        theirs[2].attributes[0].kind = AttrKind::Choice(vec!["person".into(), "animal".into()]);
        theirs[2].attributes.push(text("wiki", "Wiki"));
        theirs[1].attributes[1].kind = AttrKind::Choice(vec!["true".into()]);
        let mut op = LabelSpec::new("opinion", "Quote", "#123456");
        op.key = Some('q');
        theirs.push(op);
        let theirs = LabelSchema::new(theirs).unwrap();
        let (merged, problems) = here.union(&theirs);
        assert_eq!(merged.label("quote").unwrap().name, "Quote");
        assert_eq!(
            merged
                .attr("entity", "type")
                .unwrap()
                .kind
                .choices()
                .last()
                .unwrap(),
            "animal"
        );
        assert!(merged.attr("entity", "wiki").is_some());
        assert_eq!(
            merged.attr("claim", "verdict").unwrap().kind,
            AttrKind::Text
        );
        let op = merged.label("opinion").unwrap();
        assert_eq!((op.name.as_str(), op.key), ("Quote (opinion)", None));
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(here.union(&here), (here.clone(), vec![]));
    }
}

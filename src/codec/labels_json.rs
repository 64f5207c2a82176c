//! The label schema as JSON, the same in stored values and in the native dataset:
//! `[{id, name, color, key?, help?, role?, attributes: [{id, name, kind: "choice" | "text",
//! choices?}]}]` (`key` is the label's own key; the digit keys follow the order). `role` is
//! written only where it is not what the id says (a label `quote` plays the quote role, as it
//! did before roles were stored): `"entity"` on a label `person`, `null` on a label `quote`
//! that plays none.

use crate::codec::json_value::{Map, Value};

use super::json_out::JsonWriter;
use crate::model::{AttrKind, AttrSpec, LabelSchema, LabelSpec, Role};

/// Write the labels of `schema` as a JSON array (the next value of `w`).
pub fn write_labels(w: &mut JsonWriter, schema: &LabelSchema) {
    w.begin_array();
    for l in schema.labels() {
        w.begin_object()
            .field("id", &l.id)
            .field("name", &l.name)
            .field("color", &l.color);
        if let Some(key) = l.key {
            let mut buf = [0u8; 4];
            w.field("key", key.encode_utf8(&mut buf));
        }
        if !l.help.is_empty() {
            w.field("help", &l.help);
        }
        if l.role != Role::from_id(&l.id) {
            match l.role {
                Some(role) => w.field("role", role.id()),
                None => w.key("role").null(),
            };
        }
        w.key("attributes").begin_array();
        for a in &l.attributes {
            w.begin_object()
                .field("id", &a.id)
                .field("name", &a.name)
                .field("kind", a.kind.id());
            if let AttrKind::Choice(choices) = &a.kind {
                w.key("choices").begin_array();
                for c in choices {
                    w.string(c);
                }
                w.end_array();
            }
            w.end_object();
        }
        w.end_array().end_object();
    }
    w.end_array();
}

/// Labels as stored or exported: `[{id, name, color, key?, help?, attributes: [{id, name,
/// kind: "choice" | "text", choices?}]}]`, checked as a whole ([`LabelSchema::new`]).
pub fn labels_from(items: &[Value]) -> Result<LabelSchema, String> {
    let text = |obj: &Map<String, Value>, key: &str| -> Result<String, String> {
        match obj.get(key) {
            Some(Value::String(s)) => Ok(s.clone()),
            None | Some(Value::Null) if key == "help" => Ok(String::new()),
            _ => Err(format!("a label has no text \"{key}\"")),
        }
    };
    let mut labels = Vec::with_capacity(items.len());
    for item in items {
        let l = item.as_object().ok_or("a label is not an object")?;
        let key = match l.get("key") {
            None | Some(Value::Null) => None,
            Some(Value::String(k)) => {
                let mut chars = k.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => Some(c),
                    _ => return Err("a label key is not one character".to_owned()),
                }
            }
            Some(_) => return Err("a label key is not text".to_owned()),
        };
        let mut attributes = Vec::new();
        let stored = match l.get("attributes") {
            None | Some(Value::Null) => &[][..],
            Some(Value::Array(a)) => a.as_slice(),
            Some(_) => return Err("a label's \"attributes\" is not a list".to_owned()),
        };
        for a in stored {
            let a = a.as_object().ok_or("an attribute is not an object")?;
            let kind = match a.get("kind").and_then(Value::as_str) {
                Some("text") => AttrKind::Text,
                Some("choice") => {
                    let choices = a
                        .get("choices")
                        .and_then(Value::as_array)
                        .ok_or("a choice attribute has no \"choices\" list")?;
                    AttrKind::Choice(
                        choices
                            .iter()
                            .map(|c| c.as_str().map(str::to_owned))
                            .collect::<Option<Vec<_>>>()
                            .ok_or("a choice is not text")?,
                    )
                }
                _ => return Err("an attribute has an unknown kind".to_owned()),
            };
            attributes.push(AttrSpec {
                id: text(a, "id")?,
                name: text(a, "name")?,
                kind,
            });
        }
        let id = text(l, "id")?;
        let role = match l.get("role") {
            None => Role::from_id(&id),
            Some(Value::Null) => None,
            Some(Value::String(r)) => {
                Some(Role::from_id(r).ok_or("a label has an unknown \"role\"")?)
            }
            Some(_) => return Err("a label's \"role\" is not text".to_owned()),
        };
        labels.push(LabelSpec {
            id,
            name: text(l, "name")?,
            color: text(l, "color")?,
            key,
            help: text(l, "help")?,
            attributes,
            role,
        });
    }
    LabelSchema::new(labels)
}

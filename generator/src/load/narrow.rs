//! Finds where a document that `openapiv3` rejects is wrong.
//!
//! `openapiv3` flattens extensions into most objects, and serde loses track of the path inside
//! flattened and untagged types, so its error names only the top. Only when reading failed,
//! this walks the document by the [role](super::roles) of each object, reads each part as its
//! own type, and reports the deepest parts that fail on their own.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::roles::{Child, Layout, Role};
use crate::pointer;

/// A place that cannot be read although everything inside it can.
#[derive(Debug)]
pub struct Failure {
    pub at: String,
    pub part: Part,
    /// serde's message.
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// An object of this role.
    Object(Role),
    /// A map or list of objects that is neither (`parameters: 5`).
    Container { map: bool },
}

/// The deepest failing place (a pointer) and serde's message there.
pub fn narrow(document: &Value) -> Option<(String, String)> {
    failures(document)
        .into_iter()
        .next()
        .map(|f| (f.at, f.message))
}

/// Every deepest failing place, in document order.
pub fn failures(document: &Value) -> Vec<Failure> {
    let mut out = Vec::new();
    collect(document, Role::Document, "", &mut out);
    out
}

fn collect(value: &Value, role: Role, at: &str, out: &mut Vec<Failure>) {
    let Some(message) = check(value, role) else {
        return;
    };
    let before = out.len();
    let Value::Object(map) = value else {
        out.push(Failure {
            at: at.to_owned(),
            part: Part::Object(role),
            message,
        });
        return;
    };
    for (key, child) in map {
        let child_at = || pointer::push(at, key);
        match Layout::OpenApi3.child(role, key) {
            Child::One(r) => collect(child, r, &child_at(), out),
            Child::OneOrList if child.is_array() => list(child, Role::Schema, &child_at(), out),
            Child::OneOrList => collect(child, Role::Schema, &child_at(), out),
            Child::List(r) => list(child, r, &child_at(), out),
            Child::Map(r) => match child {
                Value::Object(entries) => {
                    let at = child_at();
                    for (name, item) in entries {
                        collect(item, r, &pointer::push(&at, name), out);
                    }
                }
                // Some maps may be wholly absent or null; anything else is no map.
                Value::Null => {}
                _ => out.push(Failure {
                    at: child_at(),
                    part: Part::Container { map: true },
                    message: message.clone(),
                }),
            },
            Child::Discriminator | Child::Opaque => {}
        }
    }
    if out.len() == before {
        out.push(Failure {
            at: at.to_owned(),
            part: Part::Object(role),
            message,
        });
    }
}

fn list(value: &Value, role: Role, at: &str, out: &mut Vec<Failure>) {
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect(item, role, &format!("{at}/{i}"), out);
            }
        }
        Value::Null => {}
        _ => {
            if let Some(message) = fails::<Vec<Value>>(value) {
                out.push(Failure {
                    at: at.to_owned(),
                    part: Part::Container { map: false },
                    message,
                });
            }
        }
    }
}

fn fails<T: DeserializeOwned>(value: &Value) -> Option<String> {
    T::deserialize(value).err().map(|e| e.to_string())
}

fn check(value: &Value, role: Role) -> Option<String> {
    use openapiv3::*;
    match role {
        Role::Document => fails::<OpenAPI>(value),
        Role::Info => fails::<Info>(value),
        Role::Components => fails::<Components>(value),
        Role::PathItem => fails::<ReferenceOr<PathItem>>(value),
        Role::Operation => fails::<Operation>(value),
        Role::Parameter => fails::<ReferenceOr<Parameter>>(value),
        Role::RequestBody => fails::<ReferenceOr<RequestBody>>(value),
        Role::Responses => fails::<Responses>(value),
        Role::Response => fails::<ReferenceOr<Response>>(value),
        Role::MediaType => fails::<MediaType>(value),
        Role::Encoding => fails::<Encoding>(value),
        Role::Header => fails::<ReferenceOr<Header>>(value),
        Role::Example => fails::<ReferenceOr<Example>>(value),
        Role::Link => fails::<ReferenceOr<Link>>(value),
        Role::Callback => fails::<Callback>(value),
        Role::Schema => fails::<ReferenceOr<Schema>>(value),
        Role::SecurityScheme => fails::<ReferenceOr<SecurityScheme>>(value),
    }
}

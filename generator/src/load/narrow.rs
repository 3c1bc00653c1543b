//! Finds where a document that `openapiv3` rejects is wrong.
//!
//! `openapiv3` flattens extensions into most objects, and serde loses track of the path inside
//! flattened and untagged types, so its error names only the top. Only when reading failed,
//! this walks the document by the role of each object, reads each part as its own type, and
//! reports the deepest part that fails on its own.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::pointer;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Document,
    Info,
    Paths,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Responses,
    Response,
    MediaType,
    Header,
    Schema,
    Components,
    SecurityScheme,
}

/// The deepest failing place below `at` (a pointer) and serde's message there.
pub fn narrow(document: &Value) -> Option<(String, String)> {
    walk(document, Role::Document, "")
}

/// Every deepest failing place: each part that cannot be read as its type although all of its
/// own parts can, with its role and serde's message.
pub fn failures(document: &Value) -> Vec<(String, Role, String)> {
    let mut out = Vec::new();
    collect(document, Role::Document, "", &mut out);
    out
}

fn collect(value: &Value, role: Role, at: &str, out: &mut Vec<(String, Role, String)>) {
    let Some(message) = check(value, role) else {
        return;
    };
    let before = out.len();
    for (child_at, child, child_role) in children(value, role, at) {
        collect(child, child_role, &child_at, out);
    }
    if out.len() == before {
        out.push((at.to_owned(), role, message));
    }
}

fn fails<T: DeserializeOwned>(value: &Value) -> Option<String> {
    serde_json::from_value::<T>(value.clone())
        .err()
        .map(|e| e.to_string())
}

fn check(value: &Value, role: Role) -> Option<String> {
    use openapiv3::*;
    match role {
        Role::Document => fails::<OpenAPI>(value),
        Role::Info => fails::<Info>(value),
        Role::Paths => fails::<Paths>(value),
        Role::PathItem => fails::<ReferenceOr<PathItem>>(value),
        Role::Operation => fails::<Operation>(value),
        Role::Parameter => fails::<ReferenceOr<Parameter>>(value),
        Role::RequestBody => fails::<ReferenceOr<RequestBody>>(value),
        Role::Responses => fails::<Responses>(value),
        Role::Response => fails::<ReferenceOr<Response>>(value),
        Role::MediaType => fails::<MediaType>(value),
        Role::Header => fails::<ReferenceOr<Header>>(value),
        Role::Schema => fails::<ReferenceOr<Schema>>(value),
        Role::Components => fails::<Components>(value),
        Role::SecurityScheme => fails::<ReferenceOr<SecurityScheme>>(value),
    }
}

/// The parts of a value with a known role, as (key, role) pairs; `*` means every entry.
fn parts(role: Role) -> &'static [(&'static str, Role)] {
    match role {
        Role::Document => &[
            ("info", Role::Info),
            ("paths", Role::Paths),
            ("components", Role::Components),
        ],
        Role::Paths => &[("*", Role::PathItem)],
        Role::PathItem => &[
            ("get", Role::Operation),
            ("put", Role::Operation),
            ("post", Role::Operation),
            ("delete", Role::Operation),
            ("options", Role::Operation),
            ("head", Role::Operation),
            ("patch", Role::Operation),
            ("trace", Role::Operation),
            ("parameters/*", Role::Parameter),
        ],
        Role::Operation => &[
            ("parameters/*", Role::Parameter),
            ("requestBody", Role::RequestBody),
            ("responses", Role::Responses),
        ],
        Role::Parameter | Role::Header => {
            &[("schema", Role::Schema), ("content/*", Role::MediaType)]
        }
        Role::RequestBody => &[("content/*", Role::MediaType)],
        Role::Responses => &[("*", Role::Response)],
        Role::Response => &[("headers/*", Role::Header), ("content/*", Role::MediaType)],
        Role::MediaType => &[("schema", Role::Schema)],
        Role::Schema => &[
            ("properties/*", Role::Schema),
            ("items", Role::Schema),
            ("additionalProperties", Role::Schema),
            ("allOf/*", Role::Schema),
            ("oneOf/*", Role::Schema),
            ("anyOf/*", Role::Schema),
            ("not", Role::Schema),
        ],
        Role::Components => &[
            ("schemas/*", Role::Schema),
            ("parameters/*", Role::Parameter),
            ("requestBodies/*", Role::RequestBody),
            ("responses/*", Role::Response),
            ("headers/*", Role::Header),
            ("securitySchemes/*", Role::SecurityScheme),
        ],
        Role::Info | Role::SecurityScheme => &[],
    }
}

fn walk(value: &Value, role: Role, at: &str) -> Option<(String, String)> {
    let message = check(value, role)?;
    for (child_at, child, child_role) in children(value, role, at) {
        if let Some(found) = walk(child, child_role, &child_at) {
            return Some(found);
        }
    }
    Some((at.to_owned(), message))
}

/// The parts of a value that have a role of their own, with their places.
fn children<'v>(value: &'v Value, role: Role, at: &str) -> Vec<(String, &'v Value, Role)> {
    let mut out = Vec::new();
    for (key, child_role) in parts(role) {
        let found: Vec<(String, &Value)> = match key.split_once('/') {
            Some((container, "*")) => entries(value.get(container), &pointer::push(at, container)),
            None if *key == "*" => entries(Some(value), at),
            None => value
                .get(*key)
                .map(|v| vec![(pointer::push(at, key), v)])
                .unwrap_or_default(),
            Some(_) => Vec::new(),
        };
        for (child_at, child) in found {
            // Extensions are free-form.
            let extension = child_at
                .rsplit('/')
                .next()
                .is_some_and(|k| k.starts_with("x-"));
            if !extension {
                out.push((child_at, child, *child_role));
            }
        }
    }
    out
}

fn entries<'v>(container: Option<&'v Value>, at: &str) -> Vec<(String, &'v Value)> {
    match container {
        Some(Value::Object(map)) => map.iter().map(|(k, v)| (pointer::push(at, k), v)).collect(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("{at}/{i}"), v))
            .collect(),
        _ => Vec::new(),
    }
}

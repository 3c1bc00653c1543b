//! The last resort, when the converted document still does not read as OpenAPI 3.0: each part
//! that cannot be read although all its own parts can (a parameter without `in`, a schema with
//! a keyword of the wrong type) is left out, or for a schema read as any JSON value, with a
//! warning that quotes why. Only a document whose frame is broken (its `paths` or `components`
//! themselves) stays an error.
//!
//! This runs only when reading failed, so well-formed specs pay nothing for it.

use serde_json::{Value, json};

use super::narrow::{self, Role};
use crate::diag::Diagnostics;
use crate::pointer;

/// Applies the fallbacks; whether anything changed.
pub fn salvage(document: &mut Value, diags: &mut Diagnostics) -> bool {
    let failures = narrow::failures(document);
    let mut changed = false;
    // Last first, so that leaving out a list item keeps the places of those before it.
    for (at, role, message) in failures.into_iter().rev() {
        let noun = match role {
            Role::Schema => {
                if let Some(node) = document.pointer_mut(&at) {
                    *node = json!({});
                    diags.warn(
                        &at,
                        format!(
                            "this schema cannot be read ({message}); it is typed as any JSON value"
                        ),
                        "fix the schema, or replace it by an overlay",
                    );
                    changed = true;
                }
                continue;
            }
            Role::Info => {
                if let Some(node) = document.pointer_mut(&at) {
                    *node = json!({"title": "", "version": ""});
                    diags.warn(
                        &at,
                        format!(
                            "`info` cannot be read ({message}); an empty title and version are used"
                        ),
                        "give `info` a text `title` and `version`",
                    );
                    changed = true;
                }
                continue;
            }
            Role::PathItem => "path item",
            Role::Operation => "operation",
            Role::Parameter => "parameter",
            Role::RequestBody => "request body",
            Role::Response => "response",
            Role::MediaType => "media type",
            Role::Header => "header",
            Role::SecurityScheme => "security scheme",
            Role::Document | Role::Paths | Role::Responses | Role::Components => continue,
        };
        if remove(document, &at) {
            diags.warn(
                &at,
                format!("this {noun} cannot be read ({message}); it is left out"),
                "fix it so that it follows the specification, or replace it by an overlay",
            );
            changed = true;
        }
    }
    changed
}

/// Removes the value at `at` from its object or list; whether it was there.
fn remove(document: &mut Value, at: &str) -> bool {
    let Some((parent, last)) = at.rsplit_once('/') else {
        return false;
    };
    let key = pointer::unescape(last);
    match document.pointer_mut(parent) {
        Some(Value::Object(map)) => map.shift_remove(&key).is_some(),
        Some(Value::Array(items)) => match key.parse::<usize>() {
            Ok(i) if i < items.len() => {
                items.remove(i);
                true
            }
            _ => false,
        },
        _ => false,
    }
}

//! The last resort, when the converted document still does not read as OpenAPI 3.0: each part
//! that cannot be read although all its own parts can (a parameter without `in`, a schema with
//! a keyword of the wrong type) is left out, or for a schema read as any JSON value, with a
//! warning that quotes why; a map or list that is neither (`parameters: 5`) is read as empty.
//! Only a document whose frame itself is broken stays an error.
//!
//! This runs only when reading failed, so well-formed specs pay nothing for it.

use serde_json::{Value, json};

use super::narrow::{self, Part};
use super::roles::Role;
use crate::diag::Diagnostics;

/// Applies the fallbacks; whether anything changed.
pub fn salvage(document: &mut Value, diags: &mut Diagnostics) -> bool {
    let mut changed = false;
    // Last first, so that leaving out a list item keeps the places of those before it.
    for failure in narrow::failures(document).into_iter().rev() {
        let (at, message) = (failure.at.as_str(), failure.message.as_str());
        let role = match failure.part {
            Part::Container { map } => {
                if let Some(node) = document.pointer_mut(at) {
                    *node = if map { json!({}) } else { json!([]) };
                    let kind = if map { "a mapping" } else { "a list" };
                    diags.warn(
                        "unreadable-part",
                        at,
                        format!("this is not {kind} ({message}); it is read as empty"),
                        format!("write it as {kind}, or leave it out"),
                    );
                    changed = true;
                }
                continue;
            }
            Part::Object(role) => role,
        };
        let replacement = match role {
            Role::Schema => Some((json!({}), "it is typed as any JSON value")),
            Role::Info => Some((
                json!({"title": "", "version": ""}),
                "an empty title and version are used",
            )),
            _ => None,
        };
        if let Some((value, rule)) = replacement {
            if let Some(node) = document.pointer_mut(at) {
                *node = value;
                diags.warn(
                    "unreadable-part",
                    at,
                    format!("this {} cannot be read ({message}); {rule}", role.noun()),
                    "fix it so that it follows the specification, or replace it by an overlay",
                );
                changed = true;
            }
            continue;
        }
        // The frame of the document cannot be left out.
        if matches!(role, Role::Document | Role::Components | Role::Responses) {
            continue;
        }
        if super::remove_at(document, at) {
            diags.warn(
                "unreadable-part",
                at,
                format!(
                    "this {} cannot be read ({message}); it is left out",
                    role.noun()
                ),
                "fix it so that it follows the specification, or replace it by an overlay",
            );
            changed = true;
        }
    }
    changed
}

//! OpenAPI Overlay 1.0: a user's fixes to a vendor's spec, kept beside it rather than in it.
//!
//! An overlay is a list of actions, each a JSONPath (RFC 9535) `target` with an `update` to merge
//! into every node it selects, or `remove: true` to delete them. Actions apply in order to the
//! document as published, before it is converted or read, so targets use the spec's own terms
//! (Swagger 2.0 paths for a Swagger 2.0 spec).
//!
//! Merging follows the specification and common practice: an object update is merged into an
//! object key by key (objects recursively; anything else replaced), an array target gets the
//! update appended (an array update is appended item by item), and a scalar target is replaced.

use serde_json::{Map, Value};
use serde_json_path::JsonPath;

use super::raw;
use crate::diag::{Diagnostic, Diagnostics};
use crate::pointer;

/// An overlay document, read and checked, ready to apply.
#[derive(Debug)]
pub struct Overlay {
    file: String,
    text: String,
    document_index: usize,
    actions: Vec<Action>,
}

#[derive(Debug)]
struct Action {
    /// Place in the overlay's `actions`.
    index: usize,
    /// `file:line (action N)`, for messages.
    name: String,
    target: JsonPath,
    target_text: String,
    update: Option<Value>,
    remove: bool,
}

/// A node an action changed: what the loader needs to say which action fixed a gap.
#[derive(Clone, Debug)]
pub struct Touch {
    /// JSON pointer into the spec.
    pub pointer: String,
    /// `file:line (action N)`, naming the action in messages.
    pub action: String,
}

/// What applying overlays did: the nodes they touched, and warnings about actions that did
/// nothing (located in the overlay files).
#[derive(Debug, Default)]
pub struct Applied {
    pub touched: Vec<Touch>,
    pub warnings: Vec<Diagnostic>,
}

const ROOT_KEYS: &[&str] = &["overlay", "info", "extends", "actions"];
const ACTION_KEYS: &[&str] = &["target", "description", "update", "remove"];

impl Overlay {
    /// Reads an overlay document. Errors (and warnings of the YAML reader) name the overlay
    /// file, the line and the pointer.
    pub fn parse(text: &str, file: &str) -> Result<Overlay, Vec<Diagnostic>> {
        let mut diags = Diagnostics::new(file);
        let (value, document_index) = match raw::parse(text, &mut diags) {
            Ok(parsed) => parsed,
            Err(e) => return Err(vec![e]),
        };
        let mut actions = read(&value, &mut diags);
        super::locate_all(text, document_index, &mut diags.items);
        if diags.has_errors() {
            return Err(diags.items);
        }
        let pointers: Vec<String> = actions.iter().map(|a| action_pointer(a.index)).collect();
        let wanted: Vec<&str> = pointers.iter().map(String::as_str).collect();
        let lines = super::locate::lines(text, document_index, &wanted);
        for (action, at) in actions.iter_mut().zip(&pointers) {
            let number = action.index + 1;
            action.name = match lines.get(at) {
                Some(line) => format!("{file}:{line} (action {number})"),
                None => format!("{file} (action {number})"),
            };
        }
        Ok(Overlay {
            file: file.to_owned(),
            text: text.to_owned(),
            document_index,
            actions,
        })
    }

    /// Applies every action, in order, to `doc`.
    pub fn apply(&self, doc: &mut Value, applied: &mut Applied) {
        let mut warnings = Diagnostics::new(&self.file);
        for action in &self.actions {
            let at = action_pointer(action.index);
            let targets: Vec<String> = action
                .target
                .query_located(doc)
                .locations()
                .map(|p| p.to_json_pointer())
                .collect();
            if targets.is_empty() {
                warnings.warn(
                    "overlay-selects-nothing",
                    &pointer::push(&at, "target"),
                    format!("the target {} selects nothing; the action is skipped", action.target_text),
                    "check the path against the spec as published (Swagger 2.0 specs keep their own layout); names with `/` or `{` need quotes: $.paths['/a/{id}']",
                );
                continue;
            }
            if action.remove {
                // Last first, so that removing an array item leaves the others' indices alone.
                for target in targets.iter().rev() {
                    if !remove(doc, target) {
                        warnings.warn(
                            "overlay-no-effect",
                            &pointer::push(&at, "target"),
                            "the target selects the whole document, which cannot be removed",
                            "target the nodes to remove",
                        );
                    }
                }
            } else if let Some(update) = &action.update {
                for target in &targets {
                    if let Some(node) = doc.pointer_mut(target) {
                        if !merge(node, update) {
                            warnings.warn(
                                "overlay-no-effect",
                                &pointer::push(&at, "update"),
                                format!("the target {target} is an object, but the update is not; the node is left as it was"),
                                "give the update as a mapping of the keys to set",
                            );
                        }
                    }
                }
            }
            applied
                .touched
                .extend(targets.into_iter().map(|pointer| Touch {
                    pointer,
                    action: action.name.clone(),
                }));
        }
        super::locate_all(&self.text, self.document_index, &mut warnings.items);
        applied.warnings.extend(warnings.items);
    }
}

fn action_pointer(index: usize) -> String {
    format!("/actions/{index}")
}

/// Checks the overlay document and reads its actions; problems go to `diags`.
fn read(value: &Value, diags: &mut Diagnostics) -> Vec<Action> {
    let Some(root) = value.as_object() else {
        diags.error(
            "invalid-overlay",
            "",
            "an overlay is a mapping",
            "start it with `overlay: 1.0.0`, `info` and `actions`",
        );
        return Vec::new();
    };
    unknown_keys(root, "", ROOT_KEYS, diags);
    match root.get("overlay") {
        Some(Value::String(v)) if is_version_1_0(v) => {}
        Some(Value::String(v)) => diags.error(
            "invalid-overlay",
            "/overlay",
            format!("unsupported Overlay version \"{v}\""),
            "only Overlay 1.0.x is read: `overlay: 1.0.0`",
        ),
        Some(_) => diags.error(
            "invalid-overlay",
            "/overlay",
            "the overlay version is not a string",
            "write it quoted: `overlay: \"1.0.0\"`",
        ),
        None => diags.error(
            "invalid-overlay",
            "",
            "this is not an overlay: `overlay` is missing",
            "add `overlay: 1.0.0` at the top",
        ),
    }
    match root.get("info") {
        Some(Value::Object(info)) => {
            for key in ["title", "version"] {
                if !info.get(key).is_some_and(Value::is_string) {
                    diags.error(
                        "invalid-overlay",
                        "/info",
                        format!("the overlay's info has no `{key}` string"),
                        format!("add `{key}:` under `info`"),
                    );
                }
            }
        }
        _ => diags.error(
            "invalid-overlay",
            "",
            "the overlay has no `info` mapping",
            "add `info:` with a `title` and a `version`",
        ),
    }
    let items = match root.get("actions") {
        Some(Value::Array(items)) if !items.is_empty() => items,
        _ => {
            diags.error(
                "invalid-overlay",
                "",
                "the overlay has no actions",
                "add `actions:`, a list of `target` with `update` or `remove: true`",
            );
            return Vec::new();
        }
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(index, item)| action(index, item, diags))
        .collect()
}

fn is_version_1_0(v: &str) -> bool {
    v.strip_prefix("1.0.")
        .is_some_and(|patch| !patch.is_empty() && patch.bytes().all(|b| b.is_ascii_digit()))
}

fn action(index: usize, item: &Value, diags: &mut Diagnostics) -> Option<Action> {
    let at = action_pointer(index);
    let Some(item) = item.as_object() else {
        diags.error(
            "invalid-overlay",
            &at,
            "an action is a mapping",
            "give it a `target` and an `update` or `remove: true`",
        );
        return None;
    };
    unknown_keys(item, &at, ACTION_KEYS, diags);
    if item.get("description").is_some_and(|d| !d.is_string()) {
        diags.error(
            "invalid-overlay",
            &pointer::push(&at, "description"),
            "the description is not a string",
            "",
        );
    }
    let remove = match item.get("remove") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            diags.error(
                "invalid-overlay",
                &pointer::push(&at, "remove"),
                "`remove` is not a boolean",
                "write `remove: true` or leave it out",
            );
            false
        }
    };
    let update = item.get("update").cloned();
    let target_at = pointer::push(&at, "target");
    let Some(text) = item.get("target").and_then(Value::as_str) else {
        diags.error(
            "invalid-overlay",
            &at,
            "the action has no `target` string",
            "add `target:`, a JSONPath such as $.paths['/pets'].get",
        );
        return None;
    };
    let target = match JsonPath::parse(text) {
        Ok(path) => path,
        Err(e) => {
            diags.error(
                "invalid-overlay",
                &target_at,
                format!(
                    "the target {text} is not a JSONPath (RFC 9535): {} at character {}",
                    e.message(),
                    e.position() + 1
                ),
                "write it as in $.paths['/pets/{id}'].get.parameters[0]",
            );
            return None;
        }
    };
    if !remove && update.is_none() {
        diags.warn(
            "overlay-no-effect",
            &at,
            "the action has neither `update` nor `remove: true`; it does nothing",
            "add what it should change",
        );
    }
    Some(Action {
        index,
        name: String::new(),
        target,
        target_text: text.to_owned(),
        update,
        remove,
    })
}

fn unknown_keys(map: &Map<String, Value>, at: &str, known: &[&str], diags: &mut Diagnostics) {
    for key in map.keys() {
        if !key.starts_with("x-") && !known.contains(&key.as_str()) {
            diags.error(
                "invalid-overlay",
                &pointer::push(at, key),
                format!("unknown key `{key}`"),
                format!(
                    "the keys here are {}, and extensions starting with x-",
                    known.join(", ")
                ),
            );
        }
    }
}

/// Removes the node at `target` from its parent; false for the root.
fn remove(doc: &mut Value, target: &str) -> bool {
    // The whole document has nowhere to be removed from.
    if target.is_empty() {
        return false;
    }
    super::remove_at(doc, target);
    true
}

/// Merges `update` into `node`; false (and nothing changed) when an object would be replaced
/// by something that is not one.
fn merge(node: &mut Value, update: &Value) -> bool {
    match (node, update) {
        (Value::Object(map), Value::Object(changes)) => {
            merge_object(map, changes);
            true
        }
        (Value::Object(_), _) => false,
        (Value::Array(items), Value::Array(more)) => {
            items.extend(more.iter().cloned());
            true
        }
        (Value::Array(items), one) => {
            items.push(one.clone());
            true
        }
        (node, value) => {
            *node = value.clone();
            true
        }
    }
}

fn merge_object(map: &mut Map<String, Value>, changes: &Map<String, Value>) {
    for (key, value) in changes {
        match (map.get_mut(key), value) {
            (Some(Value::Object(inner)), Value::Object(more)) => merge_object(inner, more),
            (Some(slot), _) => *slot = value.clone(),
            (None, _) => {
                map.insert(key.clone(), value.clone());
            }
        }
    }
}

/// A JSONPath for a pointer, for suggesting an overlay action in a message. Numeric tokens are
/// array indices except under `responses`, where they are status codes.
pub fn jsonpath_of(pointer: &str) -> String {
    let mut out = String::from("$");
    let Some(tokens) = pointer::tokens(pointer) else {
        return out;
    };
    let mut parent = "";
    for token in &tokens {
        let numeric = !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit());
        let simple = token
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && token.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if numeric && parent != "responses" {
            out.push_str(&format!("[{token}]"));
        } else if simple {
            out.push('.');
            out.push_str(token);
        } else {
            let quoted = token.replace('\\', "\\\\").replace('\'', "\\'");
            out.push_str(&format!("['{quoted}']"));
        }
        parent = token;
    }
    out
}

#[cfg(test)]
mod tests;

//! Repairs, on JSON values, for what real documents do that the OpenAPI 3.0 model cannot hold.
//! Each repair is reported as a warning with its pointer.
//!
//! - A `$ref` to a place other than a component (`#/paths/...`, a schema nested in another
//!   one, a 3.1 `$defs` entry) is replaced by a copy of what it points to.
//! - A schema `$ref` with sibling keywords (`nullable`, `description`, ...) becomes an `allOf`
//!   of the reference, so that the siblings are kept.
//! - A tuple (`items` given as a list, or 3.1 `prefixItems`) is kept as the extension
//!   `x-prefix-items`, which lowering turns into a Rust tuple.
//! - A security scheme of a type the 3.0 model does not know (`mutualTLS`) is left out.

use serde_json::{Map, Value, json};

use crate::diag::Diagnostics;
use crate::pointer;

/// The component kinds a `$ref` may name directly.
const COMPONENT_KINDS: &[&str] = &[
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
];

/// Keys whose values are data, not schemas: never rewritten.
const DATA_KEYS: &[&str] = &["example", "examples", "default", "enum", "const"];

/// How many references may be copied into one another before it is taken for a cycle.
const MAX_INLINE_DEPTH: usize = 16;

const SECURITY_TYPES: &[&str] = &["apiKey", "http", "oauth2", "openIdConnect"];

pub fn repair(value: &mut Value, diags: &mut Diagnostics) {
    drop_unknown_security_schemes(value, diags);
    let root = value.clone();
    walk(value, "", &root, &mut Vec::new(), diags);
}

fn walk(
    value: &mut Value,
    at: &str,
    root: &Value,
    expanding: &mut Vec<String>,
    diags: &mut Diagnostics,
) {
    match value {
        Value::Object(map) => {
            if let Some(replacement) = inline_reference(map, at, root, expanding, diags) {
                *value = replacement;
                return;
            }
            wrap_reference_siblings(map, at, diags);
            tuples(map, at, diags);
            for (k, v) in map.iter_mut() {
                let data = DATA_KEYS.contains(&k.as_str())
                    || (k.starts_with("x-") && k != "x-prefix-items");
                if data {
                    continue;
                }
                walk(v, &pointer::push(at, k), root, expanding, diags);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                walk(v, &format!("{at}/{i}"), root, expanding, diags);
            }
        }
        _ => {}
    }
}

/// Whether `reference` names a component directly (`#/components/schemas/Pet`).
fn is_component(reference: &str) -> bool {
    let Some(tokens) = pointer::from_local_ref(reference).and_then(|p| pointer::tokens(&p)) else {
        return true; // remote: left for lowering to refuse
    };
    matches!(tokens.as_slice(), [c, kind, _] if c == "components" && COMPONENT_KINDS.contains(&kind.as_str()))
}

/// A copy of what a non-component local `$ref` points to, itself repaired.
fn inline_reference(
    map: &Map<String, Value>,
    at: &str,
    root: &Value,
    expanding: &mut Vec<String>,
    diags: &mut Diagnostics,
) -> Option<Value> {
    let reference = map.get("$ref")?.as_str()?;
    if is_component(reference) {
        return None;
    }
    let target = pointer::from_local_ref(reference)?;
    if expanding.iter().any(|r| r == reference) || expanding.len() >= MAX_INLINE_DEPTH {
        diags.warn(
            at,
            format!("the reference {reference} refers back to itself through copies; typed as any JSON value"),
            "move the schema to components/schemas and refer to it there",
        );
        return Some(json!({}));
    }
    let Some(found) = root.pointer(&target) else {
        // Left as it is: lowering reports the dangling reference with its place.
        return None;
    };
    diags.warn(
        at,
        format!("the reference {reference} points inside another object, not to a component; a copy of its target is used"),
        "move the target to components (components/schemas for a schema) and refer to it there",
    );
    let mut copy = found.clone();
    expanding.push(reference.to_owned());
    walk(&mut copy, at, root, expanding, diags);
    expanding.pop();
    Some(copy)
}

/// Sibling keywords that say something about the referring place, kept through an `allOf`.
const REFERENCE_SIBLINGS: &[&str] = &[
    "nullable",
    "description",
    "readOnly",
    "writeOnly",
    "deprecated",
    "default",
    "example",
    "title",
];

fn wrap_reference_siblings(map: &mut Map<String, Value>, at: &str, diags: &mut Diagnostics) {
    let Some(reference) = map.get("$ref").and_then(Value::as_str) else {
        return;
    };
    if !reference.starts_with("#/components/schemas/") || map.len() == 1 {
        return;
    }
    let reference = reference.to_owned();
    let kept: Vec<String> = map
        .keys()
        .filter(|k| REFERENCE_SIBLINGS.contains(&k.as_str()))
        .cloned()
        .collect();
    if kept.is_empty() {
        return;
    }
    if kept.iter().any(|k| k != "description" && k != "title") {
        diags.warn(
            at,
            format!(
                "keywords beside $ref ({}) are kept by reading the reference as an allOf",
                kept.join(", ")
            ),
            "",
        );
    }
    let mut wrapped = Map::new();
    wrapped.insert("allOf".to_owned(), json!([{ "$ref": reference }]));
    for k in kept {
        if let Some(v) = map.remove(&k) {
            wrapped.insert(k, v);
        }
    }
    *map = wrapped;
}

fn tuples(map: &mut Map<String, Value>, at: &str, diags: &mut Diagnostics) {
    // 3.1 allows `true` and `false` as schemas; `items: true` is any item, `items: false` none
    // beyond a tuple's own.
    match map.get("items") {
        Some(Value::Bool(true)) => {
            map.insert("items".to_owned(), json!({}));
        }
        Some(Value::Bool(false)) => {
            map.remove("items");
        }
        _ => {}
    }
    let key = if matches!(map.get("prefixItems"), Some(Value::Array(_))) {
        "prefixItems"
    } else if matches!(map.get("items"), Some(Value::Array(_))) {
        "items"
    } else {
        return;
    };
    let Some(Value::Array(items)) = map.remove(key) else {
        return;
    };
    if items.is_empty() {
        diags.warn(at, "an empty tuple is read as a list of any values", "");
    } else {
        map.insert("x-prefix-items".to_owned(), Value::Array(items));
    }
    map.entry("type").or_insert_with(|| json!("array"));
}

fn drop_unknown_security_schemes(value: &mut Value, diags: &mut Diagnostics) {
    let Some(Value::Object(schemes)) = value.pointer_mut("/components/securitySchemes") else {
        return;
    };
    let unknown: Vec<String> = schemes
        .iter()
        .filter(|(_, s)| {
            s.get("type")
                .and_then(Value::as_str)
                .is_some_and(|t| !SECURITY_TYPES.contains(&t))
        })
        .map(|(k, _)| k.clone())
        .collect();
    for name in unknown {
        if let Some(scheme) = schemes.remove(&name) {
            let kind = scheme
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or_default();
            diags.warn(
                &pointer::from_tokens(["components", "securitySchemes", name.as_str()]),
                format!(
                    "the security scheme type `{kind}` is not supported; the scheme is left out"
                ),
                "",
            );
        }
    }
}

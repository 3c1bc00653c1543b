//! Repairs, on JSON values, for what real documents do that the OpenAPI 3.0 model cannot hold.
//! Each repair is reported as a warning with its pointer.
//!
//! - A `$ref` to a place other than a component (`#/paths/...`, a schema nested in another
//!   one, a 3.1 `$defs` entry) is replaced by a copy of what it points to.
//! - A schema `$ref` with sibling keywords (`nullable`, `description`, ...) becomes an `allOf`
//!   of the reference, so that the siblings are kept.
//! - A tuple (`items` given as a list, or 3.1 `prefixItems`) is taken out of the schema and
//!   kept in the [`Facts`], which lowering turns into a Rust tuple.
//! - A list of types (`type: [T, "null"]`, JSON Schema's form, found in documents of every
//!   version) becomes `type: T` with `nullable: true`; several types other than null are any
//!   JSON value.
//! - A security scheme of a type the 3.0 model does not know (`mutualTLS`) is left out.
//! - `anyOf`/`oneOf` alternatives that only allow `null` (`anyOf: [{$ref: X}, {type: 'null'}]`,
//!   JSON Schema's way of writing a nullable value, common in 3.1 documents) make the schema
//!   nullable instead; a single alternative left is the schema itself (`allOf` of one).

use serde_json::{Map, Value, json};

use super::facts::{Facts, Tuple};
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

/// Keys whose values map names to schemas (or to other objects), never keywords.
const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "definitions",
    "$defs",
    "schemas",
    "responses",
    "parameters",
    "requestBodies",
    "headers",
    "securitySchemes",
    "paths",
    "content",
    "encoding",
    "links",
    "callbacks",
    "variables",
    "mapping",
];

/// How many references may be copied into one another before it is taken for a cycle.
const MAX_INLINE_DEPTH: usize = 16;

const SECURITY_TYPES: &[&str] = &["apiKey", "http", "oauth2", "openIdConnect"];

pub fn repair(value: &mut Value, facts: &mut Facts, diags: &mut Diagnostics) {
    drop_unknown_security_schemes(value, diags);
    let mut ids = Vec::new();
    collect_ids(value, "", "", &mut ids);
    if !ids.is_empty() {
        resolve_id_refs(value, &ids);
    }
    let root = value.clone();
    let mut w = Walk {
        root: &root,
        expanding: Vec::new(),
        facts,
        diags,
    };
    walk(value, "", &mut w);
}

/// One pass over the document: the unrepaired document that references are copied from,
/// the references being copied (to stop at cycles), and what the pass learns and reports.
struct Walk<'a> {
    root: &'a Value,
    expanding: Vec<String>,
    facts: &'a mut Facts,
    diags: &'a mut Diagnostics,
}

fn walk(value: &mut Value, at: &str, w: &mut Walk<'_>) {
    match value {
        Value::Object(map) => {
            if let Some(replacement) = inline_reference(map, at, w) {
                *value = replacement;
                return;
            }
            null_alternatives(map);
            type_list(map, at, w.diags);
            wrap_reference_siblings(map, at, w.diags);
            if let Some(mut tuple) = tuples(map, at, w.diags) {
                for (i, item) in tuple.items.iter_mut().enumerate() {
                    walk(item, &format!("{at}/{}/{i}", tuple.key), w);
                }
                w.facts.tuples.insert(at.to_owned(), tuple);
            }
            for (k, v) in map.iter_mut() {
                let data = DATA_KEYS.contains(&k.as_str()) || k.starts_with("x-");
                if data {
                    continue;
                }
                let child_at = pointer::push(at, k);
                match v {
                    // A map of names (property names, schema names): its keys are not
                    // keywords, so only its values are repaired.
                    Value::Object(names) if NAME_MAPS.contains(&k.as_str()) => {
                        for (name, item) in names.iter_mut() {
                            walk(item, &pointer::push(&child_at, name), w);
                        }
                    }
                    _ => walk(v, &child_at, w),
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                walk(v, &format!("{at}/{i}"), w);
            }
        }
        _ => {}
    }
}

/// `(identifier, pointer)` for each schema `$id` and `$anchor` (as `id#anchor`, or `#anchor`
/// outside any `$id`), so that references by identifier can be followed within the document.
pub(super) fn collect_ids(value: &Value, at: &str, base: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            let mut base = base.to_owned();
            if let Some(id) = map.get("$id").and_then(Value::as_str) {
                out.push((id.to_owned(), at.to_owned()));
                base = id.trim_end_matches('#').to_owned();
            }
            if let Some(anchor) = map.get("$anchor").and_then(Value::as_str) {
                out.push((format!("{base}#{anchor}"), at.to_owned()));
            }
            for (k, v) in map {
                if !DATA_KEYS.contains(&k.as_str()) {
                    collect_ids(v, &pointer::push(at, k), &base, out);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                collect_ids(v, &format!("{at}/{i}"), base, out);
            }
        }
        _ => {}
    }
}

/// Rewrites references by `$id` or `$anchor` into same-document pointers.
fn resolve_id_refs(value: &mut Value, ids: &[(String, String)]) {
    match value {
        Value::Object(map) => {
            let target = map
                .get("$ref")
                .and_then(Value::as_str)
                .filter(|r| !r.starts_with("#/") && *r != "#")
                .and_then(|r| {
                    ids.iter()
                        .find(|(id, _)| id == r || id == r.trim_end_matches('#'))
                })
                .map(|(_, at)| at.clone());
            if let Some(at) = target {
                let fragment: String = at
                    .split('/')
                    .map(utf8_fragment)
                    .collect::<Vec<_>>()
                    .join("/");
                map.insert("$ref".to_owned(), Value::String(format!("#{fragment}")));
            }
            for (k, v) in map.iter_mut() {
                if !DATA_KEYS.contains(&k.as_str()) {
                    resolve_id_refs(v, ids);
                }
            }
        }
        Value::Array(items) => {
            for v in items {
                resolve_id_refs(v, ids);
            }
        }
        _ => {}
    }
}

/// A pointer token as a URI fragment writes it (`%` and characters a fragment cannot hold
/// percent-encoded).
fn utf8_fragment(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    for b in token.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Whether `reference` names a component directly (`#/components/schemas/Pet`).
fn is_component(reference: &str) -> bool {
    let Some(tokens) = pointer::from_local_ref(reference).and_then(|p| pointer::tokens(&p)) else {
        return true; // remote: left for lowering to refuse
    };
    matches!(tokens.as_slice(), [c, kind, _] if c == "components" && COMPONENT_KINDS.contains(&kind.as_str()))
}

/// A copy of what a non-component local `$ref` points to, itself repaired.
fn inline_reference(map: &Map<String, Value>, at: &str, w: &mut Walk<'_>) -> Option<Value> {
    let reference = map.get("$ref")?.as_str()?;
    if is_component(reference) {
        return None;
    }
    let target = pointer::from_local_ref(reference)?;
    if w.expanding.iter().any(|r| r == reference) || w.expanding.len() >= MAX_INLINE_DEPTH {
        w.diags.warn(
            "self-including-copy",
            at,
            format!("the reference {reference} refers back to itself through copies; typed as any JSON value"),
            "move the schema to components/schemas and refer to it there",
        );
        return Some(json!({}));
    }
    let Some(found) = w.root.pointer(&target) else {
        // Left as it is: lowering reports the dangling reference with its place.
        return None;
    };
    w.diags.warn(
        "ref-outside-components",
        at,
        format!("the reference {reference} points inside another object, not to a component; a copy of its target is used"),
        "move the target to components (components/schemas for a schema) and refer to it there",
    );
    let mut copy = found.clone();
    w.expanding.push(reference.to_owned());
    walk(&mut copy, at, w);
    w.expanding.pop();
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

/// Whether a schema allows only `null`: `{type: 'null'}`, `{enum: [null]}` (3.1's `const: null`
/// once lifted), with nothing else that constrains it.
fn only_null(schema: &Value) -> bool {
    let Value::Object(map) = schema else {
        return false;
    };
    let null_type = match map.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(types)) => types.iter().all(|t| t == "null") && !types.is_empty(),
        _ => false,
    };
    let null_enum = map
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|values| !values.is_empty() && values.iter().all(Value::is_null));
    (null_type || null_enum)
        && map.keys().all(|k| {
            matches!(
                k.as_str(),
                "type" | "enum" | "description" | "title" | "nullable"
            ) || k.starts_with("x-")
        })
}

/// `anyOf`/`oneOf` alternatives that only allow `null` as `nullable: true`.
fn null_alternatives(map: &mut Map<String, Value>) {
    for key in ["anyOf", "oneOf"] {
        let Some(Value::Array(list)) = map.get_mut(key) else {
            continue;
        };
        let before = list.len();
        list.retain(|alternative| !only_null(alternative));
        if list.len() == before || list.is_empty() {
            continue;
        }
        map.insert("nullable".to_owned(), json!(true));
        // One alternative left: the schema is that alternative, nullable.
        if let Some(Value::Array(list)) = map.get(key) {
            if list.len() == 1 {
                if let Some(Value::Array(list)) = map.remove(key) {
                    map.insert("allOf".to_owned(), Value::Array(list));
                }
            }
        }
    }
}

/// `type: [T, "null"]` as `type: T, nullable: true`; a `type` that is itself a schema (a
/// slip some generators of specs make, pointing at a properties map) as that schema.
fn type_list(map: &mut Map<String, Value>, at: &str, diags: &mut Diagnostics) {
    if let Some(Value::Object(_)) = map.get("type") {
        let looks_like_schema = map
            .get("type")
            .and_then(Value::as_object)
            .is_some_and(|inner| {
                inner.get("type").is_some_and(Value::is_string) || inner.contains_key("$ref")
            });
        if looks_like_schema {
            if let Some(Value::Object(inner)) = map.remove("type") {
                diags.warn(
                    "type-is-schema",
                    &pointer::push(at, "type"),
                    "`type` holds a schema rather than a type name; that schema is used",
                    "write the schema itself here, or refer to it with $ref",
                );
                for (k, v) in inner {
                    map.entry(k).or_insert(v);
                }
            }
        }
    }
    if map
        .get("type")
        .is_some_and(|t| !t.is_string() && !t.is_array())
    {
        diags.warn(
            "unknown-type",
            &pointer::push(at, "type"),
            "`type` is not a type name; typed as any JSON value",
            "use string, number, integer, boolean, array or object",
        );
        map.remove("type");
    }
    if let Some(Value::Array(types)) = map.get("type") {
        let names: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
        let nullable = names.contains(&"null");
        let others: Vec<String> = names
            .iter()
            .filter(|t| **t != "null")
            .map(|t| (*t).to_owned())
            .collect();
        match others.as_slice() {
            [one] => {
                map.insert("type".to_owned(), json!(one));
            }
            [] => {
                map.remove("type");
            }
            _ => {
                diags.warn(
                    "several-types",
                    &pointer::push(at, "type"),
                    format!(
                        "a value of several types ({}) is read as any JSON value",
                        others.join(", ")
                    ),
                    "use oneOf with one schema per type",
                );
                map.remove("type");
            }
        }
        if nullable {
            map.insert("nullable".to_owned(), json!(true));
        }
    }
}

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
            "keywords-beside-ref",
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

/// A tuple schema's items, taken out of it (the schema is left a plain array).
fn tuples(map: &mut Map<String, Value>, at: &str, diags: &mut Diagnostics) -> Option<Tuple> {
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
        return None;
    };
    let Some(Value::Array(items)) = map.remove(key) else {
        return None;
    };
    map.entry("type").or_insert_with(|| json!("array"));
    if items.is_empty() {
        diags.warn(
            "invalid-tuple",
            at,
            "an empty tuple is read as a list of any values",
            "",
        );
        None
    } else {
        Some(Tuple { key, items })
    }
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
                "unsupported-security-scheme",
                &pointer::from_tokens(["components", "securitySchemes", name.as_str()]),
                format!(
                    "the security scheme type `{kind}` is not supported; the scheme is left out"
                ),
                "",
            );
        }
    }
}

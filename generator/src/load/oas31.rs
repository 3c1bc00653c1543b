//! OpenAPI 3.1 lifted into the 3.0 model, on JSON values.
//!
//! 3.1 schemas are JSON Schema 2020-12; the 3.0 model reads the common subset. The rules:
//! `type: [T, "null"]` becomes `type: T` with `nullable: true`; `const: v` becomes `enum: [v]`;
//! a schema's `examples` list gives its `example`; numeric `exclusiveMinimum`/`Maximum` become
//! the 3.0 boolean form; `webhooks` are not generated (a warning says so).

use serde_json::{Map, Value, json};

use crate::diag::Diagnostics;
use crate::pointer;

pub fn lift(value: Value, diags: &mut Diagnostics) -> Value {
    let Value::Object(mut root) = value else {
        return value;
    };
    root.insert("openapi".to_owned(), json!("3.0.3"));
    if root.remove("webhooks").is_some() {
        diags.warn(
            "/webhooks",
            "webhooks are not generated",
            "only operations under `paths` become client and server methods",
        );
    }
    root.remove("jsonSchemaDialect");
    root.entry("paths").or_insert_with(|| json!({}));
    let mut out = Value::Object(root);
    walk(&mut out, "", diags);
    out
}

fn walk(value: &mut Value, at: &str, diags: &mut Diagnostics) {
    match value {
        Value::Object(map) => {
            lift_schema_keys(map, at, diags);
            for (k, v) in map.iter_mut() {
                walk(v, &pointer::push(at, k), diags);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                walk(v, &format!("{at}/{i}"), diags);
            }
        }
        _ => {}
    }
}

/// Rewrites the 3.1-only forms of schema keywords. Each rule checks the value's shape, which
/// tells a schema keyword from a same-named property or map key.
fn lift_schema_keys(map: &mut Map<String, Value>, at: &str, diags: &mut Diagnostics) {
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
    if let Some(c) = map.remove("const") {
        map.insert("enum".to_owned(), Value::Array(vec![c]));
    }
    if let Some(Value::Array(examples)) = map.get("examples") {
        let first = examples.first().cloned();
        map.remove("examples");
        if let Some(first) = first {
            map.entry("example").or_insert(first);
        }
    }
    for (key, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(Value::Number(n)) = map.get(key) {
            let n = n.clone();
            map.insert(bound.to_owned(), Value::Number(n));
            map.insert(key.to_owned(), json!(true));
        }
    }
}

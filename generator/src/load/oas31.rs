//! OpenAPI 3.1 lifted into the 3.0 model, on JSON values.
//!
//! 3.1 schemas are JSON Schema 2020-12; the 3.0 model reads the common subset. The rules:
//! `const: v` becomes `enum: [v]`;
//! a schema's `examples` list gives its `example`; numeric `exclusiveMinimum`/`Maximum` become
//! the 3.0 boolean form; `webhooks` stay where they are, for the loader to take out once the
//! document is repaired (the 3.0 model has no place for them). Type lists
//! (`type: [T, "null"]`), which real documents of every version use, are repaired later for
//! all of them (see `repair`).

use serde_json::{Map, Value, json};

pub fn lift(value: Value) -> Value {
    let Value::Object(mut root) = value else {
        return value;
    };
    root.insert("openapi".to_owned(), json!("3.0.3"));
    root.remove("jsonSchemaDialect");
    root.entry("paths").or_insert_with(|| json!({}));
    let mut out = Value::Object(root);
    walk(&mut out);
    out
}

fn walk(value: &mut Value) {
    match value {
        Value::Object(map) => {
            lift_schema_keys(map);
            for v in map.values_mut() {
                walk(v);
            }
        }
        Value::Array(items) => {
            for v in items.iter_mut() {
                walk(v);
            }
        }
        _ => {}
    }
}

/// Rewrites the 3.1-only forms of schema keywords. Each rule checks the value's shape, which
/// tells a schema keyword from a same-named property or map key.
fn lift_schema_keys(map: &mut Map<String, Value>) {
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

//! The generator never panics, whatever the spec: a property test over mutated specs. Each
//! case takes one of the fixture specs, applies a few random mutations (keys removed, values
//! replaced by other kinds of value or by code-breaking strings, references bent), and runs
//! the whole pipeline. It must return output or located errors, never panic, and every file
//! it returns must parse as Rust.
//!
//! A short run is part of `cargo test`; run longer with, for example,
//! `PROPTEST_CASES=20000 cargo test --release -p openapi-rs-generator --test no_panic`.

use std::path::Path;

use proptest::prelude::*;
use serde_json::{Value, json};

mod common;

fn seeds() -> Vec<Value> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(root.join("fixtures/specs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        // Settings beside a spec are not specs.
        .filter(|f| !f.to_string_lossy().ends_with(".codegen.yaml"))
        .collect();
    files.push(root.join("../specs/atlassian-conversation.yaml"));
    files.sort();
    files
        .iter()
        .map(|f| {
            // A multi-file spec mutates as one document, its references followed.
            if f.is_dir() {
                let documents = openapi_rs_generator::Generator::new().spec(f).documents();
                return documents.unwrap().pop().unwrap().1;
            }
            let text = std::fs::read_to_string(f).unwrap();
            // The seed is a stream with a trailing empty document: take the first.
            let first = text.split("\n---").next().unwrap_or("");
            serde_yaml::from_str(first).unwrap()
        })
        .collect()
}

/// Strings that have broken generators: keywords, comment and string terminators, Unicode
/// that reorders text, path tricks, and names that are nothing but punctuation.
const NASTY: &[&str] = &[
    "",
    "type",
    "self",
    "Self",
    "crate",
    "*/",
    "\"",
    "\\",
    "}",
    "#[",
    "r#\"",
    "```rust\nfn main() {}\n```",
    "\u{202e}evil",
    "../..",
    "{id}",
    "/{a}/{a}",
    "1",
    "-",
    "Result",
    "Option",
    "名前",
    "a\nb\r\nc",
    "a_very_long_name_a_very_long_name_a_very_long_name_a_very_long_name_a_very_long_name_a_very_long_name_a_very_long_name",
    "#/components/schemas/Missing",
    "https://example.com/remote.yaml#/x",
    "../../etc/passwd",
    "other.yaml#/Pet",
    "#/paths",
    "#",
];

/// Every place in the document, as a list of steps from the root.
fn places(value: &Value, at: Vec<PathStep>, out: &mut Vec<Vec<PathStep>>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let mut next = at.clone();
                next.push(PathStep::Key(k.clone()));
                places(v, next, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let mut next = at.clone();
                next.push(PathStep::Index(i));
                places(v, next, out);
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum PathStep {
    Key(String),
    Index(usize),
}

fn at_mut<'v>(value: &'v mut Value, path: &[PathStep]) -> Option<&'v mut Value> {
    let mut v = value;
    for step in path {
        v = match (step, v) {
            (PathStep::Key(k), Value::Object(m)) => m.get_mut(k)?,
            (PathStep::Index(i), Value::Array(a)) => a.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

/// Applies mutation `op` (with the number `n` to choose its details) at the place `pick`.
fn mutate(doc: &mut Value, pick: usize, op: u8, n: usize) {
    let mut all = Vec::new();
    places(doc, Vec::new(), &mut all);
    let path = all[pick % all.len()].clone();
    let nasty = NASTY[n % NASTY.len()];
    // A copy of some other place, for grafting.
    let graft = at_mut(&mut doc.clone(), &all[n % all.len()]).map(|v| v.clone());
    let Some(target) = at_mut(doc, &path) else {
        return;
    };
    match op % 10 {
        0 => {
            if let Value::Object(map) = target {
                let key = map.keys().nth(n % map.len().max(1)).cloned();
                if let Some(key) = key {
                    map.remove(&key);
                }
            }
        }
        1 => *target = Value::Null,
        2 => *target = json!(n as i64 - 3),
        3 => *target = json!(nasty),
        4 => *target = json!([nasty, n]),
        5 => *target = json!({}),
        6 => {
            if let Value::Object(map) = target {
                map.insert(
                    nasty.to_owned(),
                    json!({"type": "string", "description": nasty}),
                );
            }
        }
        7 => *target = json!({"$ref": nasty}),
        8 => {
            if let Some(graft) = graft {
                *target = graft;
            }
        }
        _ => {
            if let Value::Object(map) = target {
                let kinds = [
                    "string", "object", "array", "integer", "null", "file", "bogus",
                ];
                map.insert("type".to_owned(), json!(kinds[n % kinds.len()]));
                map.insert(
                    "format".to_owned(),
                    json!(["date-time", "byte", "binary", "uuid", "int32"][n % 5]),
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn mutated_specs_never_panic_and_always_parse(
        seed in 0usize..64,
        mutations in prop::collection::vec((any::<usize>(), any::<u8>(), any::<usize>()), 1..6),
    ) {
        let seeds = seeds();
        let mut doc = seeds[seed % seeds.len()].clone();
        for (pick, op, n) in mutations {
            mutate(&mut doc, pick, op, n);
        }
        let text = serde_json::to_string_pretty(&doc).unwrap();
        if let Ok(out) = common::generate_text("fuzz.json", &text) {
            for (name, code) in &out.files {
                if let Err(e) = syn::parse_file(code) {
                    panic!("{name} does not parse: {e}\n{code}");
                }
            }
        }
    }
}

#[test]
fn unmutated_seeds_generate() {
    for seed in seeds() {
        let text = serde_json::to_string(&seed).unwrap();
        assert!(common::generate_text("seed.json", &text).is_ok());
    }
}

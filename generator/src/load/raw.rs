//! Text to a JSON value: JSON through `serde_json`, YAML through `serde_yaml`'s parser, with
//! the YAML features JSON lacks (non-string keys, several documents, tags, merge keys, integers
//! beyond 64 bits, repeated keys) brought down to JSON by documented rules.

use serde::Deserialize;
use serde_json::{Map, Number, Value};

use super::yaml::Node;
use crate::diag::{Diagnostic, Diagnostics};
use crate::pointer;

/// Parses the text; returns the spec's value and the index of the YAML document that held it.
pub fn parse(text: &str, diags: &mut Diagnostics) -> Result<(Value, usize), Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(text).map(|v| (v, 0)).map_err(|e| {
            Diagnostic::error(
                "invalid-syntax",
                &diags.file,
                "",
                format!("this is not valid JSON: {e}"),
            )
            .with_line(e.line())
            .with_help("fix the syntax at this line (a JSON validator shows the exact spot)")
        });
    }
    parse_yaml(text, diags)
}

fn parse_yaml(text: &str, diags: &mut Diagnostics) -> Result<(Value, usize), Diagnostic> {
    let syntax = |e: serde_yaml::Error, file: &str| {
        let d = Diagnostic::error(
            "invalid-syntax",
            file,
            "",
            format!("this is not valid YAML: {e}"),
        )
        .with_help("fix the syntax at this line");
        match e.location() {
            Some(loc) => d.with_line(loc.line()),
            None => d,
        }
    };
    let mut chosen: Option<(Value, usize)> = None;
    for (index, document) in serde_yaml::Deserializer::from_str(text).enumerate() {
        let value = Node::deserialize(document).map_err(|e| syntax(e, &diags.file))?;
        if matches!(value, Node::Null) {
            let line = document_start_line(text, index);
            let d = Diagnostic::warning(
                "trailing-document",
                &diags.file,
                "",
                format!(
                    "YAML document {} of the stream is empty; it is ignored",
                    index + 1
                ),
            )
            .with_help("remove the stray `---` separator");
            diags.items.push(match line {
                Some(l) => d.with_line(l),
                None => d,
            });
            continue;
        }
        if chosen.is_some() {
            let d = Diagnostic::error(
                "several-documents",
                &diags.file,
                "",
                format!(
                    "the YAML stream holds more than one document (document {} is not empty)",
                    index + 1
                ),
            )
            .with_help("keep one spec per file");
            return Err(match document_start_line(text, index) {
                Some(l) => d.with_line(l),
                None => d,
            });
        }
        let json = to_json(value, "", diags)?;
        chosen = Some((json, index));
    }
    chosen.ok_or_else(|| {
        Diagnostic::error(
            "invalid-syntax",
            &diags.file,
            "",
            "the file holds no document",
        )
        .with_help("a spec starts with `openapi: 3.x.y` or `swagger: \"2.0\"`")
    })
}

/// The line of the `---` that starts YAML document `index` (0-based), if documents are
/// separated explicitly.
fn document_start_line(text: &str, index: usize) -> Option<usize> {
    let starts: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| *l == "---" || l.starts_with("--- ") || l.starts_with("---\t"))
        .map(|(i, _)| i + 1)
        .collect();
    // The first document may or may not begin with an explicit `---`.
    let first_explicit = text
        .lines()
        .find(|l| !l.trim().is_empty() && !l.starts_with('#') && !l.starts_with('%'))
        .is_some_and(|l| l.starts_with("---"));
    let slot = if first_explicit {
        index
    } else {
        index.checked_sub(1)?
    };
    starts.get(slot).copied()
}

fn to_json(value: Node, at: &str, diags: &mut Diagnostics) -> Result<Value, Diagnostic> {
    Ok(match value {
        Node::Null => Value::Null,
        Node::Bool(b) => Value::Bool(b),
        Node::Int(i) => Value::Number(i.into()),
        Node::UInt(u) => Value::Number(u.into()),
        Node::Float(f) => float(f, &f.to_string(), at, &diags.file)?,
        Node::BigInt(text) => {
            let f: f64 = text.parse().unwrap_or(f64::NAN);
            diags.warn(
                "big-integer",
                at,
                format!("the integer {text} does not fit in 64 bits; it is read as the number {f:e}"),
                "quote it if it is an identifier; a bound or default of this size says nothing an integer type can hold",
            );
            float(f, &text, at, &diags.file)?
        }
        Node::Str(s) => Value::String(s),
        Node::Seq(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| to_json(v, &format!("{at}/{i}"), diags))
                .collect::<Result<_, _>>()?,
        ),
        Node::Map(entries) => mapping(entries, at, diags)?,
    })
}

/// A mapping, with YAML merge keys (`<<: *base`) applied: the merged entries fill in keys the
/// mapping does not set itself.
fn mapping(
    entries: Vec<(Node, Node)>,
    at: &str,
    diags: &mut Diagnostics,
) -> Result<Value, Diagnostic> {
    let mut map = Map::with_capacity(entries.len());
    let mut merged = Vec::new();
    for (k, v) in entries {
        if matches!(&k, Node::Str(s) if s == "<<") {
            merged.push(v);
            continue;
        }
        let key = key_string(k, at, diags)?;
        let child = pointer::push(at, &key);
        let v = to_json(v, &child, diags)?;
        if map.insert(key.clone(), v).is_some() {
            diags.warn(
                "duplicate-key",
                &child,
                format!("the key `{key}` appears twice in this mapping; the last one is used"),
                "remove the duplicate",
            );
        }
    }
    let file = diags.file.clone();
    let merge_error = || {
        Diagnostic::error(
            "invalid-syntax",
            &file,
            at,
            "a merge key (`<<`) needs a mapping or a list of mappings",
        )
        .with_help("merge an anchored mapping: `<<: *name`")
    };
    for source in merged {
        let sources = match source {
            Node::Seq(items) => items,
            other => vec![other],
        };
        for source in sources {
            let Node::Map(_) = source else {
                return Err(merge_error());
            };
            let Value::Object(entries) = to_json(source, at, diags)? else {
                return Err(merge_error());
            };
            for (k, v) in entries {
                map.entry(k).or_insert(v);
            }
        }
    }
    Ok(Value::Object(map))
}

fn float(f: f64, text: &str, at: &str, file: &str) -> Result<Value, Diagnostic> {
    Number::from_f64(f).map(Value::Number).ok_or_else(|| {
        Diagnostic::error(
            "invalid-syntax",
            file,
            at,
            format!("the number {text} has no JSON equivalent"),
        )
        .with_help("use a finite number, or quote it to make it a string")
    })
}

/// Mapping keys must be strings in JSON. Scalars are read as their text, with a warning
/// (response codes written as bare `200:` are the common case); other keys are errors.
fn key_string(key: Node, at: &str, diags: &mut Diagnostics) -> Result<String, Diagnostic> {
    let text = match key {
        Node::Str(s) => return Ok(s),
        Node::Int(i) => i.to_string(),
        Node::UInt(u) => u.to_string(),
        Node::BigInt(text) => text,
        Node::Float(f) => serde_yaml::Number::from(f).to_string(),
        Node::Bool(b) => b.to_string(),
        Node::Null => "null".to_owned(),
        Node::Seq(_) | Node::Map(_) => {
            return Err(Diagnostic::error(
                "invalid-syntax",
                &diags.file,
                at,
                "a mapping key here is itself a list or mapping",
            )
            .with_help("use plain string keys"));
        }
    };
    diags.warn(
        "non-string-key",
        &pointer::push(at, &text),
        format!(
            "the key {text} is a YAML {}, not a string; read as \"{text}\"",
            if text.parse::<f64>().is_ok() {
                "number"
            } else {
                "scalar"
            }
        ),
        format!("quote it (\"{text}\":) to make the intent explicit"),
    );
    Ok(text)
}

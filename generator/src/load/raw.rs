//! Text to a JSON value: JSON through `serde_json`, YAML through `serde_yaml`, with the YAML
//! features JSON lacks (non-string keys, several documents, tags, merge keys) brought down to
//! JSON by documented rules.

use serde::Deserialize;
use serde_json::{Map, Number, Value};

use crate::diag::{Diagnostic, Diagnostics};
use crate::pointer;

/// Parses the text; returns the spec's value and the index of the YAML document that held it.
pub fn parse(text: &str, diags: &mut Diagnostics) -> Result<(Value, usize), Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(text).map(|v| (v, 0)).map_err(|e| {
            Diagnostic::error(&diags.file, "", format!("this is not valid JSON: {e}"))
                .with_line(e.line())
                .with_help("fix the syntax at this line (a JSON validator shows the exact spot)")
        });
    }
    parse_yaml(text, diags)
}

fn parse_yaml(text: &str, diags: &mut Diagnostics) -> Result<(Value, usize), Diagnostic> {
    let syntax = |e: serde_yaml::Error, file: &str| {
        let d = Diagnostic::error(file, "", format!("this is not valid YAML: {e}"))
            .with_help("fix the syntax at this line");
        match e.location() {
            Some(loc) => d.with_line(loc.line()),
            None => d,
        }
    };
    let mut chosen: Option<(Value, usize)> = None;
    for (index, document) in serde_yaml::Deserializer::from_str(text).enumerate() {
        let mut value =
            serde_yaml::Value::deserialize(document).map_err(|e| syntax(e, &diags.file))?;
        if value.is_null() {
            let line = document_start_line(text, index);
            let d = Diagnostic::warning(
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
        value.apply_merge().map_err(|e| syntax(e, &diags.file))?;
        let json = to_json(value, "", diags)?;
        chosen = Some((json, index));
    }
    chosen.ok_or_else(|| {
        Diagnostic::error(&diags.file, "", "the file holds no document")
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

fn to_json(
    value: serde_yaml::Value,
    at: &str,
    diags: &mut Diagnostics,
) -> Result<Value, Diagnostic> {
    Ok(match value {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => number(&n, at, &diags.file)?,
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| to_json(v, &format!("{at}/{i}"), diags))
                .collect::<Result<_, _>>()?,
        ),
        serde_yaml::Value::Mapping(entries) => {
            let mut map = Map::with_capacity(entries.len());
            for (k, v) in entries {
                let key = key_string(k, at, diags)?;
                let child = pointer::push(at, &key);
                let v = to_json(v, &child, diags)?;
                map.insert(key, v);
            }
            Value::Object(map)
        }
        // Tags (`!foo`) carry no meaning in OpenAPI: keep the tagged value.
        serde_yaml::Value::Tagged(tagged) => to_json(tagged.value, at, diags)?,
    })
}

fn number(n: &serde_yaml::Number, at: &str, file: &str) -> Result<Value, Diagnostic> {
    if let Some(i) = n.as_i64() {
        return Ok(Value::Number(i.into()));
    }
    if let Some(u) = n.as_u64() {
        return Ok(Value::Number(u.into()));
    }
    n.as_f64()
        .and_then(Number::from_f64)
        .map(Value::Number)
        .ok_or_else(|| {
            Diagnostic::error(file, at, format!("the number {n} has no JSON equivalent"))
                .with_help("use a finite number, or quote it to make it a string")
        })
}

/// Mapping keys must be strings in JSON. Scalars are read as their text, with a warning
/// (response codes written as bare `200:` are the common case); other keys are errors.
fn key_string(
    key: serde_yaml::Value,
    at: &str,
    diags: &mut Diagnostics,
) -> Result<String, Diagnostic> {
    let text = match key {
        serde_yaml::Value::String(s) => return Ok(s),
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        serde_yaml::Value::Null => "null".to_owned(),
        serde_yaml::Value::Tagged(t) => return key_string(t.value, at, diags),
        serde_yaml::Value::Sequence(_) | serde_yaml::Value::Mapping(_) => {
            return Err(Diagnostic::error(
                &diags.file,
                at,
                "a mapping key here is itself a list or mapping",
            )
            .with_help("use plain string keys"));
        }
    };
    diags.warn(
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

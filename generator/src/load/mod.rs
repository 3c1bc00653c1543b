//! Phase one: read a spec file and bring it into the `openapiv3` model.
//!
//! Text is parsed into a JSON value (YAML through `serde_yaml`), Swagger 2.0 is converted and
//! OpenAPI 3.1 lifted at that level, then the result is read into `openapiv3::OpenAPI`. Every
//! problem is reported with a JSON pointer into the file as the user wrote it; lines are looked
//! up only when there is something to report.

mod locate;
mod narrow;
mod oas31;
pub mod overlay;
pub(crate) mod raw;
mod repair;
mod swagger2;

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use crate::diag::{Diagnostic, Diagnostics};
use crate::pointer;

/// A spec read into the `openapiv3` model, with what is needed to point back into its text.
#[derive(Debug)]
pub struct Loaded<'t> {
    pub document: openapiv3::OpenAPI,
    /// Problems found while loading, with pointers into the source.
    pub diagnostics: Diagnostics,
    /// Which spec version the file declared.
    pub version: SpecVersion,
    /// What the overlays changed, and their warnings (located in the overlay files).
    pub overlays: overlay::Applied,
    text: &'t str,
    /// Index of the YAML document (in a stream) that holds the spec.
    document_index: usize,
    pointers: PointerMap,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpecVersion {
    Swagger2,
    OpenApi30,
    OpenApi31,
}

impl Loaded<'_> {
    /// Turns problems found in later phases (with pointers into [`Loaded::document`]) and the
    /// loader's own into final diagnostics: pointers into the source file, with lines.
    pub fn resolve(&self, later: Diagnostics) -> Vec<Diagnostic> {
        let mut all = self.diagnostics.items.clone();
        all.extend(later.items.into_iter().map(|mut d| {
            d.pointer = self.pointers.to_source(&d.pointer);
            d
        }));
        locate_all(self.text, self.document_index, &mut all);
        for d in &mut all {
            suggest_overlay(d);
        }
        all.extend(self.overlays.warnings.iter().cloned());
        all
    }
}

/// Adds to a gap's help the overlay action that would fill it, so that the spec can stay as
/// its vendor published it.
fn suggest_overlay(d: &mut Diagnostic) {
    let Some(fix) = &d.fix else {
        return;
    };
    let target = overlay::jsonpath_of(fix.target.as_deref().unwrap_or(&d.pointer));
    let target = target.replace('\\', "\\\\").replace('"', "\\\"");
    let file = match d.file.rsplit_once('.') {
        Some((stem, _)) => format!("{stem}.overlay.yaml"),
        None => format!("{}.overlay.yaml", d.file),
    };
    let action = format!(
        "or, keeping the spec as published, add this action to {file}:\n    - target: \"{target}\"\n      update: {}",
        fix.update
    );
    d.help = Some(match d.help.take() {
        Some(help) => format!("{help}; {action}"),
        None => action,
    });
}

/// Fills in the lines of diagnostics that lack one (about a spec, or a file beside it).
pub(crate) fn locate_all(text: &str, document_index: usize, diags: &mut [Diagnostic]) {
    let wanted: Vec<&str> = diags
        .iter()
        .filter(|d| d.line.is_none())
        .map(|d| d.pointer.as_str())
        .collect();
    if wanted.is_empty() {
        return;
    }
    let lines = locate::lines(text, document_index, &wanted);
    for d in diags.iter_mut().filter(|d| d.line.is_none()) {
        d.line = lines.get(d.pointer.as_str()).copied();
    }
}

/// Reads a spec from its text, with `overlays` applied in order. `file` names it in messages.
pub fn load<'t>(
    text: &'t str,
    file: &str,
    overlays: &[overlay::Overlay],
) -> Result<Loaded<'t>, Vec<Diagnostic>> {
    let mut diags = Diagnostics::new(file);
    let (mut value, document_index) = match raw::parse(text, &mut diags) {
        Ok(parsed) => parsed,
        Err(err) => {
            let mut all = diags.items;
            all.push(err);
            locate_all(text, 0, &mut all);
            return Err(all);
        }
    };
    let mut applied = overlay::Applied::default();
    for o in overlays {
        o.apply(&mut value, &mut applied);
    }
    let fail = |mut diags: Diagnostics| {
        locate_all(text, document_index, &mut diags.items);
        Err(diags.items)
    };
    let version = match detect_version(&value, &mut diags) {
        Some(v) => v,
        None => return fail(diags),
    };
    let (value, pointers) = match version {
        SpecVersion::Swagger2 => swagger2::convert(value, &mut diags),
        SpecVersion::OpenApi31 => (oas31::lift(value, &mut diags), PointerMap::default()),
        SpecVersion::OpenApi30 => (value, PointerMap::default()),
    };
    if diags.has_errors() {
        return fail(diags);
    }
    let mut value = value;
    // Repairs see the converted document; their places are told in the source's terms.
    let mut repairs = Diagnostics::new(file);
    repair::repair(&mut value, &mut repairs);
    for mut d in repairs.items {
        d.pointer = pointers.to_source(&d.pointer);
        diags.items.push(d);
    }
    let document = match openapiv3::OpenAPI::deserialize(&value) {
        Ok(doc) => doc,
        Err(err) => {
            let (at, message) =
                narrow::narrow(&value).unwrap_or_else(|| (String::new(), err.to_string()));
            diags.error(
                &pointers.to_source(&at),
                format!(
                    "this is not a valid {} document here: {message}",
                    version.label()
                ),
                "fix the value at this place so that it follows the specification",
            );
            return fail(diags);
        }
    };
    // The tree is not needed any more: free it before the next phase allocates.
    drop(value);
    Ok(Loaded {
        document,
        diagnostics: diags,
        version,
        overlays: applied,
        text,
        document_index,
        pointers,
    })
}

impl SpecVersion {
    pub fn label(self) -> &'static str {
        match self {
            SpecVersion::Swagger2 => "Swagger 2.0",
            SpecVersion::OpenApi30 => "OpenAPI 3.0",
            SpecVersion::OpenApi31 => "OpenAPI 3.1",
        }
    }
}

fn detect_version(value: &Value, diags: &mut Diagnostics) -> Option<SpecVersion> {
    let Some(root) = value.as_object() else {
        diags.error(
            "",
            "the document is not a mapping",
            "a spec starts with `openapi: 3.x.y` or `swagger: \"2.0\"`",
        );
        return None;
    };
    let mut declared = |key: &str| match root.get(key) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => {
            diags.warn(
                &pointer::push("", key),
                format!("the version {n} is written as a number; read as the string \"{n}\""),
                format!("quote it: {key}: \"{n}\""),
            );
            Some(n.to_string())
        }
        _ => None,
    };
    if let Some(v) = declared("swagger") {
        if v == "2.0" || v == "2" {
            return Some(SpecVersion::Swagger2);
        }
        diags.error(
            "/swagger",
            format!("unsupported Swagger version \"{v}\""),
            "only Swagger 2.0 and OpenAPI 3.0/3.1 are read",
        );
        return None;
    }
    if let Some(v) = declared("openapi") {
        if v == "3" || v == "3.0" || v.starts_with("3.0.") {
            return Some(SpecVersion::OpenApi30);
        }
        if v == "3.1" || v.starts_with("3.1.") {
            return Some(SpecVersion::OpenApi31);
        }
        diags.error(
            "/openapi",
            format!("unsupported OpenAPI version \"{v}\""),
            "only Swagger 2.0 and OpenAPI 3.0/3.1 are read",
        );
        return None;
    }
    diags.error(
        "",
        "neither `openapi` nor `swagger` is declared at the top of the document",
        "add `openapi: 3.0.3` (or `swagger: \"2.0\"`) at the top level",
    );
    None
}

/// Maps pointers into a converted document back to the file the user wrote. Entries map a
/// pointer prefix; the longest mapped prefix wins and the rest is kept.
#[derive(Debug, Default)]
pub struct PointerMap {
    prefixes: BTreeMap<String, String>,
}

impl PointerMap {
    pub fn insert(&mut self, converted: String, source: String) {
        self.prefixes.insert(converted, source);
    }

    pub fn to_source(&self, converted: &str) -> String {
        if self.prefixes.is_empty() {
            return converted.to_owned();
        }
        let mut prefix = converted;
        loop {
            if let Some(source) = self.prefixes.get(prefix) {
                return format!("{source}{}", &converted[prefix.len()..]);
            }
            match prefix.rfind('/') {
                Some(i) => prefix = &prefix[..i],
                None => return converted.to_owned(),
            }
        }
    }
}

#[cfg(test)]
mod tests;

//! Phase one: read a spec file and bring it into the `openapiv3` model.
//!
//! Text is parsed into a JSON value (YAML through `serde_yaml`), Swagger 2.0 is converted and
//! OpenAPI 3.1 lifted at that level, then the result is read into `openapiv3::OpenAPI`. Every
//! problem is reported with a JSON pointer into the file as the user wrote it; lines are looked
//! up only when there is something to report.

mod bundle;
mod facts;
mod lenient;
mod locate;
mod narrow;
mod oas31;
pub mod overlay;
pub(crate) mod raw;
mod repair;
mod roles;
mod salvage;
mod sources;
mod swagger2;
mod yaml;

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use crate::diag::{Diagnostic, Diagnostics};
use crate::pointer;

pub use facts::{Facts, Tuple};
pub use sources::Disk;
use sources::{SourceFile, Sources};

/// A spec to read: the entry file's text, its name in messages, and, when it was read from a
/// file, where that file is (so that references to files beside it can be followed).
#[derive(Clone, Debug)]
pub struct Input<'t> {
    pub text: &'t str,
    pub file: &'t str,
    pub disk: Option<Disk>,
}

/// A spec read into the `openapiv3` model, with what is needed to point back into its text.
#[derive(Debug)]
pub struct Loaded<'t> {
    pub document: openapiv3::OpenAPI,
    /// What the 3.0 model cannot hold, by pointer into the document.
    pub facts: Facts,
    /// Problems found while loading, placed in the files that hold them.
    pub diagnostics: Vec<Diagnostic>,
    /// Which spec version the file declared.
    pub version: SpecVersion,
    /// What the overlays changed, and their warnings (located in the overlay files).
    pub overlays: overlay::Applied,
    /// How many operations the spec's `paths` declare, however they are written.
    pub declared_operations: usize,
    sources: Sources<'t>,
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
    /// loader's own into final diagnostics: files, pointers into them, and lines.
    pub fn resolve(&self, later: Diagnostics) -> Vec<Diagnostic> {
        let mut all = self.diagnostics.clone();
        all.extend(later.items.into_iter().map(|mut d| {
            finish(&mut d, &self.pointers, &self.sources);
            d
        }));
        // A place read for several operations (a path item's parameter, a shared fragment)
        // is reported once.
        let mut seen = std::collections::HashSet::new();
        all.retain(|d| seen.insert((d.file.clone(), d.pointer.clone(), d.message.clone())));
        self.sources.locate(&mut all);
        all.extend(self.overlays.warnings.iter().cloned());
        all
    }
}

/// A diagnostic about the converted document: its place in the combined document (the spec's
/// own layout), the overlay that would fill its gap there, then the file and pointer it is in.
fn finish(d: &mut Diagnostic, converted: &PointerMap, sources: &Sources<'_>) {
    d.pointer = converted.to_source(&d.pointer);
    suggest_overlay(d, sources.entry_name());
    sources.place(d);
}

/// Adds to a gap's help the overlay action that would fill it, so that the spec can stay as
/// its vendor published it. Overlays apply to the entry file with its references followed, so
/// the target is a place in that combined document.
fn suggest_overlay(d: &mut Diagnostic, entry: &str) {
    let Some(fix) = &d.fix else {
        return;
    };
    let target = overlay::jsonpath_of(fix.target.as_deref().unwrap_or(&d.pointer));
    let target = target.replace('\\', "\\\\").replace('"', "\\\"");
    let file = match entry.rsplit_once('.') {
        Some((stem, _)) => format!("{stem}.overlay.yaml"),
        None => format!("{entry}.overlay.yaml"),
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
    locate_some(text, document_index, diags.iter_mut().collect());
}

/// Fills in the lines of the given diagnostics that lack one, all about `text`.
fn locate_some(text: &str, document_index: usize, mut diags: Vec<&mut Diagnostic>) {
    diags.retain(|d| d.line.is_none());
    if diags.is_empty() {
        return;
    }
    let wanted: Vec<&str> = diags.iter().map(|d| d.pointer.as_str()).collect();
    let lines = locate::lines(text, document_index, &wanted);
    for d in diags {
        d.line = lines.get(d.pointer.as_str()).copied();
    }
}

/// A spec's document as the later phases start from it: the entry's, with what its
/// references into other files name brought in, and the overlays applied.
pub struct Combined<'t> {
    pub value: Value,
    sources: Sources<'t>,
    /// Problems so far, placed in their files.
    diagnostics: Vec<Diagnostic>,
    applied: overlay::Applied,
}

impl Combined<'_> {
    /// The problems so far, with their lines: what a failed read returns.
    fn fail(mut self) -> Vec<Diagnostic> {
        self.sources.locate(&mut self.diagnostics);
        self.diagnostics
    }
}

/// Reads the entry, follows its references into other files, and applies the overlays.
pub fn combine<'t>(
    input: &Input<'t>,
    overlays: &[overlay::Overlay],
) -> Result<Combined<'t>, Vec<Diagnostic>> {
    let mut diags = Diagnostics::new(input.file);
    let (mut value, document_index) = match raw::parse(input.text, &mut diags) {
        Ok(parsed) => parsed,
        Err(err) => {
            let mut all = diags.items;
            all.push(err);
            locate_all(input.text, 0, &mut all);
            return Err(all);
        }
    };
    let mut sources = Sources::new(SourceFile {
        name: input.file.to_owned(),
        text: Cow::Borrowed(input.text),
        document_index,
    });
    let layout = match value.get("swagger") {
        Some(_) => roles::Layout::Swagger2,
        None => roles::Layout::OpenApi3,
    };
    let mut diagnostics = diags.items;
    diagnostics.extend(bundle::bundle(
        &mut value,
        layout,
        input.disk.as_ref(),
        &mut sources,
    ));
    let mut combined = Combined {
        value,
        sources,
        diagnostics,
        applied: overlay::Applied::default(),
    };
    if combined
        .diagnostics
        .iter()
        .any(|d| d.severity == crate::diag::Severity::Error)
    {
        return Err(combined.fail());
    }
    for o in overlays {
        o.apply(&mut combined.value, &mut combined.applied);
    }
    Ok(combined)
}

/// Reads a spec, with `overlays` applied in order.
pub fn load<'t>(
    input: &Input<'t>,
    overlays: &[overlay::Overlay],
) -> Result<Loaded<'t>, Vec<Diagnostic>> {
    let Combined {
        value,
        sources,
        diagnostics,
        applied,
    } = combine(input, overlays)?;
    let mut done = diagnostics;
    // Problems in the combined document's own terms, moved to their files as they are found.
    let place = |items: Vec<Diagnostic>, map: &PointerMap, done: &mut Vec<Diagnostic>| {
        for mut d in items {
            finish(&mut d, map, &sources);
            done.push(d);
        }
    };
    let fail = |done: Vec<Diagnostic>| {
        let mut done = done;
        sources.locate(&mut done);
        Err(done)
    };
    let identity = PointerMap::default();
    let mut diags = Diagnostics::new(input.file);
    let version = detect_version(&value, &mut diags);
    let declared_operations = declared_operations(&value);
    let Some(version) = version else {
        place(diags.items, &identity, &mut done);
        return fail(done);
    };
    let mut facts = Facts::default();
    let (mut value, pointers) = match version {
        SpecVersion::Swagger2 => swagger2::convert(value, &mut facts, &mut diags),
        SpecVersion::OpenApi31 => (oas31::lift(value), PointerMap::default()),
        SpecVersion::OpenApi30 => (value, PointerMap::default()),
    };
    // Conversion reports in the spec's own layout.
    let converted_errors = diags.has_errors();
    place(std::mem::take(&mut diags.items), &identity, &mut done);
    if converted_errors {
        return fail(done);
    }
    // Repairs see the converted document; their places are told in the source's terms.
    let mut repairs = Diagnostics::new(input.file);
    lenient::apply(&mut value, &mut repairs);
    repair::repair(&mut value, &mut facts, &mut repairs);
    facts.webhooks = take_webhooks(&mut value, &mut repairs);
    let document = match openapiv3::OpenAPI::deserialize(&value) {
        Ok(doc) => Ok(doc),
        // The parts that cannot be read are left out (with warnings), and the rest read again.
        Err(_) if salvage::salvage(&mut value, &mut repairs) => {
            openapiv3::OpenAPI::deserialize(&value)
        }
        Err(err) => Err(err),
    };
    place(repairs.items, &pointers, &mut done);
    let document = match document {
        Ok(doc) => doc,
        Err(err) => {
            let (at, message) =
                narrow::narrow(&value).unwrap_or_else(|| (String::new(), err.to_string()));
            let mut diags = Diagnostics::new(input.file);
            diags.error(
                "invalid-structure",
                &at,
                format!(
                    "this is not a valid {} document here: {message}",
                    version.label()
                ),
                "fix the value at this place so that it follows the specification",
            );
            place(diags.items, &pointers, &mut done);
            return fail(done);
        }
    };
    // The tree is not needed any more: free it before the next phase allocates.
    drop(value);
    Ok(Loaded {
        document,
        facts,
        diagnostics: done,
        version,
        overlays: applied,
        declared_operations,
        sources,
        pointers,
    })
}

/// Takes a 3.1 document's `webhooks` out of it, each read as a path item (one given by a
/// local reference, as `#/components/pathItems/..`, read where it points). One that cannot be
/// read is left out, with a warning.
fn take_webhooks(
    document: &mut Value,
    diags: &mut Diagnostics,
) -> Vec<(String, openapiv3::PathItem)> {
    let Some(Value::Object(webhooks)) = document
        .as_object_mut()
        .and_then(|root| root.shift_remove("webhooks"))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, item) in webhooks {
        let at = pointer::from_tokens(["webhooks", name.as_str()]);
        let target = item
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(pointer::from_local_ref);
        let item = match target {
            Some(target) => document.pointer(&target).cloned().unwrap_or(Value::Null),
            None => item,
        };
        match openapiv3::PathItem::deserialize(&item) {
            Ok(item) => out.push((name, item)),
            Err(e) => diags.warn(
                "webhooks-not-generated",
                &at,
                format!("this webhook cannot be read as a path item ({e}); it is not generated"),
                "write it as a path item: a method (`post`) with its request body and responses",
            ),
        }
    }
    out
}

/// Removes the value at `at` (a pointer) from its object or list; whether it was there.
fn remove_at(document: &mut Value, at: &str) -> bool {
    let Some((parent, last)) = at.rsplit_once('/') else {
        return false;
    };
    let key = pointer::unescape(last);
    match document.pointer_mut(parent) {
        Some(Value::Object(map)) => map.shift_remove(&key).is_some(),
        Some(Value::Array(items)) => match key.parse::<usize>() {
            Ok(i) if i < items.len() => {
                items.remove(i);
                true
            }
            _ => false,
        },
        _ => false,
    }
}

/// How many operations a document's `paths` declare: each method of each path item, and one
/// for a path item that is still a reference (it may hold any number).
fn declared_operations(document: &Value) -> usize {
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return 0;
    };
    paths
        .iter()
        .filter(|(path, _)| !path.starts_with("x-"))
        .map(|(_, item)| match item {
            Value::Object(item) if item.contains_key("$ref") => 1,
            Value::Object(item) => item
                .keys()
                .filter(|k| roles::METHODS.contains(&k.as_str()))
                .count(),
            _ => 0,
        })
        .sum()
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
            "not-a-spec",
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
                "version-as-number",
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
            "unsupported-version",
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
            "unsupported-version",
            "/openapi",
            format!("unsupported OpenAPI version \"{v}\""),
            "only Swagger 2.0 and OpenAPI 3.0/3.1 are read",
        );
        return None;
    }
    diags.error(
        "not-a-spec",
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

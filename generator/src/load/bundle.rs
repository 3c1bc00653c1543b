//! Multi-file specs: references to other files are followed, and what they name is brought
//! into the one document the later phases read.
//!
//! The entry's document is walked by [roles](super::roles), so that each `$ref` is known to
//! stand for a schema, a parameter, a path item and so on. A reference into another file (or,
//! inside a fragment, into that fragment itself) is resolved relative to the file it is
//! written in, and its target is given a home where the layout keeps objects of its role:
//!
//! - schemas, parameters, responses, request bodies, headers, examples, links and security
//!   schemes become components (`definitions`, `parameters`, `responses` in Swagger 2.0), named
//!   after the target's last pointer token or, for a whole file, the file's name, and the
//!   reference is rewritten to point there. A target has one home however it is reached
//!   (`../schemas/a.yaml` and `./a.yaml` from elsewhere are the same file), so it is one type;
//!   and since the home is given before the target is read, cycles across files are plain
//!   local references afterwards. A component slot of the entry that is only a reference to a
//!   file (`Pet: {$ref: ./Pet.yaml}`) is that file's home itself.
//! - path items, callbacks and anything else are copied in place.
//!
//! Every home and copy is recorded in [`Sources`], so that a problem found later is reported
//! in the fragment that holds it. References inside extensions and data (`x-codeSamples`,
//! `example`) are text, never followed.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::roles::{Child, Layout, Role};
use super::sources::{self, Disk, SourceFile, Sources};
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::pointer;

/// How many copies may nest in one another before it is taken for a cycle.
const MAX_COPY_DEPTH: usize = 32;

/// The roles whose objects get a home of their own (where the layout has a place for them);
/// others are copied where they are referred to.
const HOMED: [Role; 8] = [
    Role::Schema,
    Role::Parameter,
    Role::Response,
    Role::RequestBody,
    Role::Header,
    Role::Example,
    Role::Link,
    Role::SecurityScheme,
];

/// A place in a file: the file's index in [`Sources::files`] and a JSON pointer.
type Target = (usize, String);

/// A fragment file, read once.
struct Fragment {
    /// Its folder, canonical: the base of the references inside it.
    dir: PathBuf,
    /// `None` if it could not be read (already reported).
    value: Option<Value>,
}

struct Bundler<'s, 't> {
    layout: Layout,
    /// The canonical root folder and entry file, when the spec was read from a file.
    root: Option<PathBuf>,
    entry: Option<PathBuf>,
    sources: &'s mut Sources<'t>,
    /// By index in `sources.files`; the entry's (index 0) is the document being walked.
    fragments: Vec<Fragment>,
    by_path: HashMap<PathBuf, usize>,
    /// Each target's home for the role it is referred to as (a file may serve as a request
    /// body and as a response), as a pointer into the combined document.
    homes: HashMap<(Role, Target), String>,
    /// Names in use in each section (by the section's pointer).
    taken: HashMap<String, HashSet<String>>,
    /// Homes made for targets, to be added once the walk is done, in the order they were made.
    added: Vec<(Vec<String>, Value)>,
    /// Targets being copied, innermost last: a cycle of copies is cut.
    copying: Vec<Target>,
    /// Percent-encoded local references already noted.
    noted: HashSet<String>,
    /// The entry's schema identifiers (`$id`, `$anchor`): a reference by one stays in the
    /// document (the repairs follow it), whatever it looks like.
    ids: HashSet<String>,
    diags: Vec<Diagnostic>,
}

/// Brings what `document`'s references into other files name into it (see the module docs).
/// `sources` holds the entry file; fragments are added to it as they are read. Problems are
/// returned located in the file they are in.
pub fn bundle(
    document: &mut Value,
    layout: Layout,
    disk: Option<&Disk>,
    sources: &mut Sources<'_>,
) -> Vec<Diagnostic> {
    // Most specs are one file whose references are plain: nothing to walk.
    if !has_references_to_follow(document) {
        return Vec::new();
    }
    let entry = disk.and_then(|d| d.entry.canonicalize().ok());
    let entry_dir = entry
        .as_ref()
        .and_then(|e| e.parent())
        .map(Path::to_path_buf);
    let root = disk.and_then(|d| d.root.canonicalize().ok());
    let mut b = Bundler {
        layout,
        root,
        entry,
        sources,
        fragments: vec![Fragment {
            dir: entry_dir.unwrap_or_default(),
            value: None,
        }],
        by_path: HashMap::new(),
        homes: HashMap::new(),
        taken: HashMap::new(),
        added: Vec::new(),
        copying: Vec::new(),
        noted: HashSet::new(),
        ids: identifiers(document),
        diags: Vec::new(),
    };
    b.survey_sections(document);
    b.walk(document, Role::Document, 0, "", "");
    for (tokens, value) in std::mem::take(&mut b.added) {
        insert(document, &tokens, value);
    }
    b.diags
}

/// Whether a document holds a reference this pass has work with: one into another file (or a
/// URL, to refuse), a percent-encoded one, or a discriminator mapping to a file. A plain scan,
/// cheaper than the walk by roles it spares single-file specs.
fn has_references_to_follow(value: &Value) -> bool {
    match value {
        Value::Object(map) => {
            let reference = map.get("$ref").and_then(Value::as_str);
            if reference.is_some_and(|r| !r.starts_with('#') || r.contains('%')) {
                return true;
            }
            let mapping = map.get("mapping").and_then(Value::as_object);
            if mapping.is_some_and(|m| {
                m.values()
                    .filter_map(Value::as_str)
                    .any(|t| is_reference_text(t) && !t.starts_with('#'))
            }) {
                return true;
            }
            map.values().any(has_references_to_follow)
        }
        Value::Array(items) => items.iter().any(has_references_to_follow),
        _ => false,
    }
}

/// The document's schema identifiers (`$id`, and `$anchor`s as `id#anchor`).
fn identifiers(document: &Value) -> HashSet<String> {
    let mut ids = Vec::new();
    super::repair::collect_ids(document, "", "", &mut ids);
    ids.into_iter().map(|(id, _)| id).collect()
}

/// Sets the value at `tokens`, making the objects on the way.
fn insert(document: &mut Value, tokens: &[String], value: Value) {
    let Some((last, parents)) = tokens.split_last() else {
        return;
    };
    let mut at = document;
    for t in parents {
        let Value::Object(map) = at else {
            return;
        };
        at = map
            .entry(t.clone())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    if let Value::Object(map) = at {
        map.insert(last.clone(), value);
    }
}

/// A `$ref` split into its file part and its fragment's pointer (decoded).
struct Reference<'r> {
    file: &'r str,
    pointer: String,
}

fn split_reference(reference: &str) -> Reference<'_> {
    let (file, fragment) = match reference.split_once('#') {
        Some((file, fragment)) => (file, fragment),
        None => (reference, ""),
    };
    Reference {
        file,
        pointer: sources::percent_decoded(fragment).into_owned(),
    }
}

/// Whether a discriminator's mapping value is a reference rather than a schema name.
fn is_reference_text(value: &str) -> bool {
    value.contains('#')
        || value.contains('/')
        || [".yaml", ".yml", ".json"]
            .iter()
            .any(|ext| value.ends_with(ext))
}

impl Bundler<'_, '_> {
    fn error(&mut self, code: &'static str, file: usize, at: &str, message: String, help: &str) {
        let name = self.file_name(file);
        self.diags
            .push(Diagnostic::error(code, &name, at, message).with_help(help));
    }

    fn file_name(&self, file: usize) -> String {
        self.sources
            .files
            .get(file)
            .map(|f| f.name.clone())
            .unwrap_or_default()
    }

    /// Reads the entry's component sections: the names they use, which new homes must not
    /// take, and the slots that are only a reference to another file, which become that file's
    /// home (so that its type keeps the slot's name).
    fn survey_sections(&mut self, document: &Value) {
        let mut slots = Vec::new();
        for role in HOMED {
            let Some(section) = self.home_section(role) else {
                continue;
            };
            let at = pointer::from_tokens(section);
            let map = document.pointer(&at).and_then(Value::as_object);
            for (name, slot) in map.into_iter().flatten() {
                let Some(reference) = slot.get("$ref").and_then(Value::as_str) else {
                    continue;
                };
                let r = split_reference(reference);
                if !r.file.is_empty() {
                    slots.push((role, reference.to_owned(), pointer::push(&at, name)));
                }
            }
            let names = map.map(|m| m.keys().cloned().collect()).unwrap_or_default();
            self.taken.insert(at, names);
        }
        for (role, reference, slot) in slots {
            // A reference that cannot be followed is reported when the walk reaches the slot.
            let r = split_reference(&reference);
            let Some(index) = self.target_file(&r, &reference, 0, &slot, false) else {
                continue;
            };
            self.homes.entry((role, (index, r.pointer))).or_insert(slot);
        }
    }

    /// Walks `value`, an object of role `role` at `at` in file `file`, which sits at
    /// `combined` in the combined document.
    fn walk(&mut self, value: &mut Value, role: Role, file: usize, at: &str, combined: &str) {
        let Value::Object(map) = value else {
            return;
        };
        if let Some(Value::String(reference)) = map.get("$ref") {
            let reference = reference.clone();
            self.reference(value, &reference, role, file, at, combined);
            return;
        }
        for (key, child) in map.iter_mut() {
            let kind = self.layout.child(role, key);
            if kind == Child::Opaque {
                continue;
            }
            let child_at = pointer::push(at, key);
            let child_combined = pointer::push(combined, key);
            match kind {
                Child::One(r) => self.walk(child, r, file, &child_at, &child_combined),
                Child::OneOrList if child.is_array() => {
                    self.walk_list(child, Role::Schema, file, &child_at, &child_combined)
                }
                Child::OneOrList => {
                    self.walk(child, Role::Schema, file, &child_at, &child_combined)
                }
                Child::List(r) => self.walk_list(child, r, file, &child_at, &child_combined),
                Child::Map(r) => {
                    // A whole map given by reference (`schemas: {$ref: schemas.yaml}`) is
                    // copied in, then read entry by entry.
                    if let Some(Value::String(reference)) = child.get("$ref") {
                        let reference = reference.clone();
                        self.copy_map(child, &reference, file, &child_at, &child_combined);
                    }
                    if let Value::Object(entries) = child {
                        for (name, item) in entries.iter_mut() {
                            let item_at = pointer::push(&child_at, name);
                            let item_combined = pointer::push(&child_combined, name);
                            self.walk(item, r, file, &item_at, &item_combined);
                        }
                    }
                }
                Child::Discriminator => {
                    self.mapping(child, file, &child_at, &child_combined);
                }
                Child::Opaque => {}
            }
        }
    }

    fn walk_list(&mut self, value: &mut Value, role: Role, file: usize, at: &str, combined: &str) {
        if let Value::Array(items) = value {
            for (i, item) in items.iter_mut().enumerate() {
                let item_at = format!("{at}/{i}");
                let item_combined = format!("{combined}/{i}");
                self.walk(item, role, file, &item_at, &item_combined);
            }
        }
    }

    /// A discriminator's mapping values that name schemas in other files are rewritten to
    /// their homes, like the `$ref`s of the variants they tag.
    fn mapping(&mut self, discriminator: &mut Value, file: usize, at: &str, combined: &str) {
        let Some(Value::Object(mapping)) = discriminator.get_mut("mapping") else {
            return;
        };
        for (tag, target) in mapping.iter_mut() {
            let Some(text) = target.as_str().filter(|t| is_reference_text(t)) else {
                continue;
            };
            let text = text.to_owned();
            let at = format!("{at}/mapping/{}", pointer::escape(tag));
            let combined = format!("{combined}/mapping/{}", pointer::escape(tag));
            if let Some(Resolved::Home(home)) =
                self.resolve(&text, Role::Schema, file, &at, &combined)
            {
                *target = Value::String(pointer::to_local_ref(&home));
            }
        }
    }

    /// A `$ref` object: rewritten to its target's home, or replaced by a copy of its target.
    fn reference(
        &mut self,
        value: &mut Value,
        reference: &str,
        role: Role,
        file: usize,
        at: &str,
        combined: &str,
    ) {
        let ref_at = pointer::push(at, "$ref");
        match self.resolve(reference, role, file, &ref_at, combined) {
            Some(Resolved::Home(home)) => {
                if let Value::Object(map) = value {
                    map.insert(
                        "$ref".to_owned(),
                        Value::String(pointer::to_local_ref(&home)),
                    );
                }
            }
            Some(Resolved::Copy(target)) => {
                self.copy(value, target, role, (file, &ref_at), combined)
            }
            None => {}
        }
    }

    /// Where a reference leads, or `None` if it stays as it is (a reference within the entry,
    /// or one that cannot be followed, reported here).
    fn resolve(
        &mut self,
        reference: &str,
        role: Role,
        file: usize,
        at: &str,
        combined: &str,
    ) -> Option<Resolved> {
        if self.is_identifier(reference) {
            return None;
        }
        let r = split_reference(reference);
        if r.file.is_empty() && file == 0 {
            self.note_encoded(reference, at);
            return None;
        }
        let target_file = self.target_file(&r, reference, file, at, true)?;
        if target_file == 0 {
            // Back into the entry: a plain local reference.
            return Some(Resolved::Home(r.pointer));
        }
        let target = (target_file, r.pointer);
        if let Some(home) = self.homes.get(&(role, target.clone())) {
            // A component slot that is the target's home is where its content goes.
            return Some(if home == combined {
                Resolved::Copy(target)
            } else {
                Resolved::Home(home.clone())
            });
        }
        let Some(section) = self.home_section(role) else {
            return Some(Resolved::Copy(target));
        };
        let content = self.content(&target, reference, file, at)?;
        let name = self.home_name(section, &target);
        let mut tokens: Vec<String> = section.iter().map(|s| (*s).to_owned()).collect();
        tokens.push(name);
        let home = pointer::from_tokens(&tokens);
        self.homes.insert((role, target.clone()), home.clone());
        self.sources
            .came_from(home.clone(), target.0, target.1.clone());
        let mut content = content;
        let (target_file, target_pointer) = target;
        self.walk(&mut content, role, target_file, &target_pointer, &home);
        self.added.push((tokens, content));
        Some(Resolved::Home(home))
    }

    /// Replaces a `$ref` object by a copy of its target (its other keys kept where the target
    /// has none), itself walked as part of the target's file. `file` and `ref_at` say where the
    /// reference is written.
    fn copy(
        &mut self,
        value: &mut Value,
        target: Target,
        role: Role,
        (file, ref_at): (usize, &str),
        combined: &str,
    ) {
        if self.copying.contains(&target) || self.copying.len() >= MAX_COPY_DEPTH {
            let name = self.file_name(file);
            let d = Diagnostic::warning(
                "self-including-copy",
                &name,
                ref_at,
                format!(
                    "this {} includes itself through references; the inner copy is left empty",
                    role.noun()
                ),
            )
            .with_help("refer to a component instead of copying the object into itself");
            self.diags.push(d);
            *value = Value::Object(Map::new());
            return;
        }
        let reference = value
            .get("$ref")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let Some(mut content) = self.content(&target, &reference, file, ref_at) else {
            return;
        };
        self.copying.push(target.clone());
        self.walk(&mut content, role, target.0, &target.1, combined);
        self.copying.pop();
        if let (Value::Object(siblings), Value::Object(copied)) = (&mut *value, &mut content) {
            for (k, v) in std::mem::take(siblings) {
                if k != "$ref" {
                    copied.entry(k).or_insert(v);
                }
            }
        }
        self.sources
            .came_from(combined.to_owned(), target.0, target.1);
        *value = content;
    }

    /// A map given by reference, replaced by a copy of the map it names.
    fn copy_map(
        &mut self,
        value: &mut Value,
        reference: &str,
        file: usize,
        at: &str,
        combined: &str,
    ) {
        let ref_at = pointer::push(at, "$ref");
        let r = split_reference(reference);
        if r.file.is_empty() && file == 0 {
            return;
        }
        let Some(target_file) = self.target_file(&r, reference, file, &ref_at, true) else {
            return;
        };
        let target = (target_file, r.pointer);
        if let Some(content) = self.content(&target, reference, file, &ref_at) {
            if content.is_object() {
                self.sources
                    .came_from(combined.to_owned(), target.0, target.1);
                *value = content;
            }
        }
    }

    /// The file a reference written in `file` at `at` names (its own file when the reference
    /// has no file part), read; `None` if it is refused or cannot be read, which is reported
    /// when `report` is set.
    fn target_file(
        &mut self,
        r: &Reference<'_>,
        reference: &str,
        file: usize,
        at: &str,
        report: bool,
    ) -> Option<usize> {
        if r.file.is_empty() {
            return Some(file);
        }
        let dir = self.fragments.get(file)?.dir.clone();
        match sources::resolve(r.file, &dir, self.root.as_deref()) {
            Ok(path) => self.open(path, file, at),
            Err(refusal) => {
                if report {
                    let (message, help) = refusal.explain(reference);
                    self.error(refusal.code(), file, at, message, help);
                }
                None
            }
        }
    }

    /// A copy of the target's value; `None` (reported at the reference) if it is not there.
    fn content(
        &mut self,
        target: &Target,
        reference: &str,
        file: usize,
        at: &str,
    ) -> Option<Value> {
        let fragment = self.fragments.get(target.0)?;
        let value = fragment.value.as_ref()?;
        match value.pointer(&target.1) {
            Some(found) => Some(found.clone()),
            None => {
                let name = self.file_name(target.0);
                self.error(
                    "unresolved-ref",
                    file,
                    at,
                    format!("the reference {reference} points to nothing in {name}"),
                    "fix the pointer after `#` (a JSON pointer into that file)",
                );
                None
            }
        }
    }

    /// Where objects of `role` get a home, if they get one rather than being copied in place.
    fn home_section(&self, role: Role) -> Option<&'static [&'static str]> {
        // The 3.0 model holds neither path items nor callbacks by reference.
        HOMED
            .contains(&role)
            .then(|| self.layout.section(role))
            .flatten()
    }

    /// A name for a target's home in `section`, unique there: the target's last pointer
    /// token, or for a whole file its name without the extension.
    fn home_name(&mut self, section: &[&str], target: &Target) -> String {
        let from_pointer = pointer::tokens(&target.1)
            .and_then(|t| t.last().cloned())
            .filter(|t| !t.is_empty());
        let base = from_pointer.unwrap_or_else(|| {
            let name = self.file_name(target.0);
            let file = name.rsplit('/').next().unwrap_or(&name);
            match file.rsplit_once('.') {
                Some((stem, _)) if !stem.is_empty() => stem.to_owned(),
                _ => file.to_owned(),
            }
        });
        let taken = self.taken.entry(pointer::from_tokens(section)).or_default();
        let mut name = base.clone();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        taken.insert(name.clone());
        name
    }

    /// Reads a fragment once; its index in the sources. `None` if it cannot be read or parsed
    /// (reported, once).
    fn open(&mut self, path: PathBuf, from: usize, at: &str) -> Option<usize> {
        if let Some(&index) = self.by_path.get(&path) {
            return self.fragments.get(index)?.value.is_some().then_some(index);
        }
        // The entry itself, reached by a path.
        if self.entry.as_deref() == Some(path.as_path()) {
            return Some(0);
        }
        let entry_dir = self.fragments.first()?.dir.clone();
        let name = sources::display_name(self.sources.entry_name(), &entry_dir, &path);
        let index = self.sources.files.len();
        self.by_path.insert(path.clone(), index);
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let (text, value, document_index) = match std::fs::read_to_string(&path) {
            Ok(text) => {
                let mut diags = Diagnostics::new(&name);
                match super::raw::parse(&text, &mut diags) {
                    Ok((value, document_index)) => {
                        self.diags.extend(diags.items);
                        (text, Some(value), document_index)
                    }
                    Err(e) => {
                        self.diags.extend(diags.items);
                        let from_name = self.file_name(from);
                        self.diags.push(e.with_help(format!(
                            "fix the syntax at this line (the file is referenced from {from_name} at {at})"
                        )));
                        (text, None, 0)
                    }
                }
            }
            Err(e) => {
                self.error(
                    "unreadable-file",
                    from,
                    at,
                    format!("cannot read {name}: {e}"),
                    "fix the path, or the file's permissions",
                );
                (String::new(), None, 0)
            }
        };
        let readable = value.is_some();
        self.sources.files.push(SourceFile {
            name,
            text: text.into(),
            document_index,
        });
        self.fragments.push(Fragment { dir, value });
        readable.then_some(index)
    }

    /// Whether a reference names a schema by its `$id` (or `$id#anchor`).
    fn is_identifier(&self, reference: &str) -> bool {
        !self.ids.is_empty()
            && (self.ids.contains(reference)
                || self.ids.contains(reference.trim_end_matches('#'))
                || reference
                    .split_once('#')
                    .is_some_and(|(id, _)| !id.is_empty() && self.ids.contains(id)))
    }

    /// A note, once per reference, that a percent-encoded local reference was decoded.
    fn note_encoded(&mut self, reference: &str, at: &str) {
        let decoded = match pointer::from_local_ref(reference) {
            Some(p) if reference.contains('%') && p != reference[1..] => p,
            _ => return,
        };
        if !self.noted.insert(reference.to_owned()) {
            return;
        }
        let name = self.file_name(0);
        self.diags.push(Diagnostic::new(
            Severity::Note,
            "percent-encoded-ref",
            &name,
            at,
            format!("the reference {reference} is percent-encoded; it names {decoded}"),
        ));
    }
}

/// Where a followed reference leads.
enum Resolved {
    /// A pointer into the combined document: the reference is rewritten to it.
    Home(String),
    /// The target, copied in place of the reference.
    Copy(Target),
}

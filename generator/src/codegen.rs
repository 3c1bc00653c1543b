//! The generator's one entry point: [`Generator`], a builder that takes specs (files, or
//! folders of them) and an output folder, and writes or checks the generated code there.
//!
//! Everything is generated in memory first ([`Generator::generate`]); only when every spec
//! succeeded is anything written, and then only files whose content changed, each atomically
//! (a temporary file renamed over the old one). Files are recognised as ours by their first
//! line, so hand-written files beside them are never touched, and a file we wrote before that
//! is no longer produced is removed.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::config::{self, Config};
use crate::diag::{Diagnostic, Severity};
use crate::emit;
use crate::steer::Steering;

/// Spec file endings that are read.
const SPEC_EXTENSIONS: &[&str] = &["yaml", "yml", "json"];

/// The names a multi-file spec's entry file may have, in the order they are looked for.
const ENTRY_STEMS: &[&str] = &["openapi", "swagger"];

/// Generates Rust from OpenAPI and Swagger documents.
///
/// ```no_run
/// use openapi_rs_generator::Generator;
///
/// // In an xtask or a build script: every spec in `specs/`, into `src/api/`.
/// let report = Generator::new()
///     .spec("specs")
///     .out_dir("src/api")
///     .write()
///     .unwrap_or_else(|failure| panic!("{failure}"));
/// print!("{report}");
/// ```
///
/// Each spec becomes a module folder (`<out>/<module>/mod.rs`, `types.rs`, `client.rs`,
/// `server.rs`), and a root file (`mod.rs`, or [`Generator::root_file`]) declares them all. The
/// generated code reaches the runtime crate, `openapi-rs-runtime`, by the path
/// [`Generator::runtime`] sets.
#[derive(Clone, Debug)]
pub struct Generator {
    inputs: Vec<Input>,
    out_dir: Option<PathBuf>,
    root_file: String,
    base: Option<PathBuf>,
    runtime: String,
    command: String,
    recursive: bool,
    steering: Steering,
    /// The manifest whose `[features]` gate the spec modules, when they are gated.
    features: Option<PathBuf>,
}

#[derive(Clone, Debug)]
enum Input {
    Path(PathBuf),
    Text { name: String, text: String },
}

impl Default for Generator {
    fn default() -> Self {
        Generator {
            inputs: Vec::new(),
            out_dir: None,
            root_file: "mod.rs".to_owned(),
            base: None,
            runtime: config::DEFAULT_RUNTIME.to_owned(),
            command: config::DEFAULT_COMMAND.to_owned(),
            recursive: false,
            steering: Steering::default(),
            features: None,
        }
    }
}

impl Generator {
    pub fn new() -> Self {
        Self::default()
    }

    /// A spec to generate: a spec file, a folder holding a multi-file spec (its entry is
    /// `openapi.yaml`, `.yml`, `.json`, or `swagger.*`), or a folder of specs (each file, and
    /// each folder holding an entry, is one). Settings and overlay files beside a spec
    /// (`<stem>.codegen.yaml`, `<stem>.overlay.yaml`) steer it.
    pub fn spec(mut self, path: impl Into<PathBuf>) -> Self {
        self.inputs.push(Input::Path(path.into()));
        self
    }

    /// A spec given as text, named `name` (its file name: the stem names the module). Its
    /// references to other files cannot be followed and are errors.
    pub fn spec_text(mut self, name: impl Into<String>, text: impl Into<String>) -> Self {
        self.inputs.push(Input::Text {
            name: name.into(),
            text: text.into(),
        });
        self
    }

    /// Looks for specs in the folders of a folder of specs as well (a corpus of them); a
    /// folder with no spec in it is then skipped rather than an error.
    pub fn recursive(mut self, recursive: bool) -> Self {
        self.recursive = recursive;
        self
    }

    /// The folder generated code is written to (created when missing). Needed by
    /// [`Generator::write`] and [`Generator::check`], not by [`Generator::generate`].
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Gates each spec module behind a Cargo feature of its name, so that a crate depending on
    /// the generated code compiles only the specs it selects. The features (one per module,
    /// and `specs` for all of them) are kept in a marked block of this manifest's `[features]`
    /// table, written and checked with the generated files; the rest of the manifest is left
    /// as it is. Add `specs` to the manifest's `default` features to keep every spec on by
    /// default.
    pub fn features(mut self, manifest: impl Into<PathBuf>) -> Self {
        self.features = Some(manifest.into());
        self
    }

    /// The name of the root file that declares the spec modules: `mod.rs` (the default) for a
    /// module folder, `lib.rs` for a crate of its own.
    pub fn root_file(mut self, name: impl Into<String>) -> Self {
        self.root_file = name.into();
        self
    }

    /// The folder paths are named relative to, in messages and in generated files' headers
    /// (the current folder by default). Keeps the output the same wherever it is run from.
    pub fn base(mut self, dir: impl Into<PathBuf>) -> Self {
        self.base = Some(dir.into());
        self
    }

    /// The Rust path generated code reaches the runtime crate by: `::openapi_rs_runtime` by
    /// default; `crate::rt` when the crate re-exports it there, say.
    pub fn runtime(mut self, path: impl Into<String>) -> Self {
        self.runtime = path.into();
        self
    }

    /// The command named in generated files' headers as the one that regenerates them
    /// (`openapi-rs generate` by default).
    pub fn command(mut self, command: impl Into<String>) -> Self {
        self.command = command.into();
        self
    }

    /// Makes any warning left after [`Generator::allow`] an error: generation fails until the
    /// spec is clean (fixed by an overlay, say) or the warning is allowed.
    pub fn deny_warnings(mut self, deny: bool) -> Self {
        self.steering.deny_warnings = deny;
        self
    }

    /// Drops the warnings with this code (see the README for the codes).
    pub fn allow(mut self, code: impl Into<String>) -> Self {
        self.steering.allow.push(code.into());
        self
    }

    /// Makes the warnings with this code errors.
    pub fn deny(mut self, code: impl Into<String>) -> Self {
        self.steering.deny.push(code.into());
        self
    }

    /// Generates everything in memory; writes nothing.
    pub fn generate(&self) -> Result<Generated, Failure> {
        let path = self.runtime.trim();
        if syn::parse_str::<syn::Path>(path).is_err() {
            return Err(Failure::Usage(format!(
                "the runtime path `{path}` is not a Rust path (write it as `::openapi_rs_runtime` or `crate::runtime`)"
            )));
        }
        self.steering.check_codes().map_err(Failure::Usage)?;
        let mut errors = Vec::new();
        let mut specs = Vec::new();
        let mut files: BTreeMap<PathBuf, String> = BTreeMap::new();
        let mut modules: BTreeMap<String, String> = BTreeMap::new();
        for spec in self.specs(&mut errors)? {
            let result = match &spec {
                Input::Path(path) => {
                    let source = self.display(path);
                    crate::generate_file(path, &source, &|config| self.complete(config))
                        .map(|output| (source, output))
                }
                Input::Text { name, text } => {
                    let module = crate::naming::module_name(Path::new(name));
                    let mut config = Config::default();
                    self.complete(&mut config);
                    let extras = crate::Extras {
                        config,
                        ..crate::Extras::default()
                    };
                    crate::generate_with(text, name, &module, &extras)
                        .map(|output| (name.clone(), output))
                }
            };
            let (source, output) = match result {
                Ok(generated) => generated,
                Err(diags) => {
                    errors.extend(diags);
                    continue;
                }
            };
            if let Some(other) = modules.insert(output.module.clone(), source.clone()) {
                errors.push(
                    Diagnostic::error(
                        "module-name-taken",
                        &source,
                        "",
                        format!("its module name `{}` is taken by {other}", output.module),
                    )
                    .with_help("rename one of the files, or set `module:` in its settings"),
                );
                continue;
            }
            let folder = self.out_path(Path::new(&output.module));
            for (name, contents) in output.files {
                files.insert(folder.join(name), contents);
            }
            specs.push(SpecReport {
                output: self.display(&folder),
                source,
                module: output.module,
                version: output.version,
                operations: output.operations,
                hooks: output.hooks,
                declared_operations: output.declared_operations,
                types: output.types,
                warnings: output.warnings,
                groups: output.groups,
            });
        }
        if !errors.is_empty() {
            errors.sort_by_key(|d| d.severity != Severity::Error);
            return Err(Failure::Spec(errors));
        }
        // A gated module compiles with its own feature, or with any of its groups'.
        let groups_of = |module: &str| {
            specs
                .iter()
                .find(|s| s.module == module)
                .map_or(&[][..], |s| s.groups.as_slice())
        };
        let listed: Vec<emit::RootModule> = modules
            .iter()
            .map(|(module, source)| emit::RootModule {
                module,
                source,
                gate: self.features.as_ref().map(|_| {
                    let groups = groups_of(module);
                    if groups.is_empty() {
                        vec![crate::manifest::feature(module).to_owned()]
                    } else {
                        groups.to_vec()
                    }
                }),
            })
            .collect();
        let sources = self.sources();
        let head = emit::Head {
            source: &sources,
            generated_by: &self.command,
            runtime: &self.runtime,
        };
        let root = emit::crate_root(head, &listed)
            .map_err(|e| Failure::Io(format!("internal error while writing the root file: {e}")))?;
        files.insert(self.out_path(Path::new(&self.root_file)), root);
        if let Some(path) = &self.features {
            let text = fs::read_to_string(path).map_err(|e| io_error(path, e))?;
            let features: Vec<crate::manifest::ModuleFeatures<'_>> = modules
                .keys()
                .map(|module| crate::manifest::ModuleFeatures {
                    feature: crate::manifest::feature(module),
                    groups: groups_of(module),
                })
                .collect();
            let updated = crate::manifest::with_features(&text, &features)
                .map_err(|e| Failure::Usage(format!("{}: {e}", self.display(path))))?;
            files.insert(path.clone(), updated);
        }
        Ok(Generated {
            specs,
            files,
            generator: self.clone(),
        })
    }

    /// Generates, then writes what changed into the output folder.
    pub fn write(&self) -> Result<Report, Failure> {
        self.generate()?.write()
    }

    /// Generates, then compares with the output folder: fails with a diff if anything would
    /// change. Writes nothing.
    pub fn check(&self) -> Result<Report, Failure> {
        self.generate()?.check()
    }

    /// The spec files this generator reads, in order (folders expanded).
    pub fn spec_files(&self) -> Result<Vec<PathBuf>, Failure> {
        let mut errors = Vec::new();
        let specs = self.specs(&mut errors)?;
        if !errors.is_empty() {
            return Err(Failure::Spec(errors));
        }
        Ok(specs
            .into_iter()
            .filter_map(|spec| match spec {
                Input::Path(path) => Some(path),
                Input::Text { .. } => None,
            })
            .collect())
    }

    /// Each spec as its overlays leave it, with what its references into other files name
    /// brought in, in its own version's layout (Swagger 2.0 stays Swagger 2.0): what the code
    /// is generated from, for tools that read specs (mock servers, fuzzers). Pairs of the spec
    /// as named in messages and its document.
    pub fn documents(&self) -> Result<Vec<(String, serde_json::Value)>, Failure> {
        let mut errors = Vec::new();
        let mut out = Vec::new();
        for spec in self.specs(&mut errors)? {
            let result = match &spec {
                Input::Path(path) => {
                    let source = self.display(path);
                    crate::overlaid_file(path, &source).map(|doc| (source, doc))
                }
                Input::Text { name, text } => {
                    crate::overlaid_text(text, name).map(|doc| (name.clone(), doc))
                }
            };
            match result {
                Ok(doc) => out.push(doc),
                Err(diags) => errors.extend(diags),
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(Failure::Spec(errors))
        }
    }

    /// The crate-wide settings every spec's own are completed with.
    fn complete(&self, config: &mut Config) {
        config.runtime = Some(self.runtime.trim().to_owned());
        config.generated_by = Some(self.command.clone());
        config.gated = self.features.is_some();
        config.steering.merge(&self.steering);
    }

    /// The specs the inputs name, folders expanded; a folder that should hold a multi-file
    /// spec but has no entry is an error.
    fn specs(&self, errors: &mut Vec<Diagnostic>) -> Result<Vec<Input>, Failure> {
        let mut out = Vec::new();
        for input in &self.inputs {
            let path = match input {
                Input::Path(path) => path,
                text @ Input::Text { .. } => {
                    out.push(text.clone());
                    continue;
                }
            };
            if !path.exists() {
                return Err(Failure::Io(format!(
                    "{}: no such file or folder",
                    path.display()
                )));
            }
            if !path.is_dir() {
                out.push(Input::Path(path.clone()));
                continue;
            }
            if let Some(entry) = entry_of(path) {
                out.push(Input::Path(entry));
                continue;
            }
            for found in find_specs(path, self.recursive).map_err(|e| io_error(path, e))? {
                match found {
                    Found::Spec(spec) => out.push(Input::Path(spec)),
                    Found::NoEntry(dir) => errors.push(
                        Diagnostic::error(
                            "no-spec-entry",
                            &self.display(&dir),
                            "",
                            "this folder holds no spec: a multi-file spec's entry is named openapi.yaml (.yml, .json) or swagger.yaml",
                        )
                        .with_help("rename the entry file, or move the folder out of the specs' folder"),
                    ),
                }
            }
        }
        Ok(out)
    }

    /// Where a file of the output goes: below the output folder, or as a relative path when
    /// there is none.
    fn out_path(&self, relative: &Path) -> PathBuf {
        match &self.out_dir {
            Some(dir) => dir.join(relative),
            None => relative.to_path_buf(),
        }
    }

    /// A path as named to the user: relative to the base folder, with `/` separators.
    fn display(&self, path: &Path) -> String {
        let base = match &self.base {
            Some(base) => base.clone(),
            None => std::env::current_dir().unwrap_or_default(),
        };
        path.strip_prefix(&base)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/")
    }

    /// The inputs as named in the root file's docs: `specs/` for a folder.
    fn sources(&self) -> String {
        let names: Vec<String> = self
            .inputs
            .iter()
            .map(|input| match input {
                Input::Path(path) if path.is_dir() => format!("{}/", self.display(path)),
                Input::Path(path) => self.display(path),
                Input::Text { name, .. } => name.clone(),
            })
            .collect();
        names.join("`, `")
    }
}

/// Everything a [`Generator`] made, in memory: the files and what each spec produced.
#[derive(Debug)]
pub struct Generated {
    pub specs: Vec<SpecReport>,
    /// Each file's path (below the output folder; relative when there is none) and contents.
    files: BTreeMap<PathBuf, String>,
    generator: Generator,
}

impl Generated {
    /// The generated files: their paths (below the output folder, or relative to it when
    /// none was set: `pets/types.rs`, `mod.rs`) and contents, in path order.
    pub fn files(&self) -> impl Iterator<Item = (&Path, &str)> {
        self.files.iter().map(|(p, c)| (p.as_path(), c.as_str()))
    }

    /// One generated file's contents, by its path as [`Generated::files`] names it.
    pub fn file(&self, path: impl AsRef<Path>) -> Option<&str> {
        self.files.get(path.as_ref()).map(String::as_str)
    }

    fn out_dir(&self) -> Result<&Path, Failure> {
        self.generator
            .out_dir
            .as_deref()
            .ok_or_else(|| Failure::Usage("no output folder: set one with `out_dir`".to_owned()))
    }

    /// Files below the output folder that we wrote before and no longer produce.
    fn stale(&self) -> Result<Vec<PathBuf>, Failure> {
        let dir = self.out_dir()?;
        let existing = generated_files(dir).map_err(|e| io_error(dir, e))?;
        Ok(existing
            .into_iter()
            .filter(|p| !self.files.contains_key(p))
            .collect())
    }

    /// Writes what changed (and removes what is no longer generated).
    pub fn write(self) -> Result<Report, Failure> {
        let stale = self.stale()?;
        let mut changed = Vec::new();
        for (path, contents) in &self.files {
            if fs::read_to_string(path).ok().as_deref() != Some(contents.as_str()) {
                write_atomically(path, contents).map_err(|e| io_error(path, e))?;
                changed.push(self.generator.display(path));
            }
        }
        for path in &stale {
            fs::remove_file(path).map_err(|e| io_error(path, e))?;
            changed.push(self.generator.display(path));
            // Drop the folder too if that emptied it.
            if let Some(dir) = path.parent() {
                let _ = fs::remove_dir(dir);
            }
        }
        Ok(self.report(changed, false))
    }

    /// Compares with the output folder; fails with a unified diff if anything would change.
    pub fn check(self) -> Result<Report, Failure> {
        let stale = self.stale()?;
        let mut diff = String::new();
        for (path, contents) in &self.files {
            let current = fs::read_to_string(path).unwrap_or_default();
            if current != *contents {
                let name = self.generator.display(path);
                let text = similar::TextDiff::from_lines(&current, contents);
                let _ = write!(
                    diff,
                    "{}",
                    text.unified_diff()
                        .header(&format!("a/{name}"), &format!("b/{name}"))
                );
            }
        }
        for path in &stale {
            let _ = writeln!(
                diff,
                "--- a/{}\n+++ /dev/null\n(no longer generated: would be removed)",
                self.generator.display(path)
            );
        }
        if diff.is_empty() {
            Ok(self.report(Vec::new(), true))
        } else {
            Err(Failure::Stale {
                diff,
                out_dir: self.generator.display(self.out_dir()?),
                command: self.generator.command.clone(),
            })
        }
    }

    fn report(self, changed: Vec<String>, checked: bool) -> Report {
        let out_dir = self
            .generator
            .out_dir
            .as_deref()
            .map(|d| self.generator.display(d))
            .unwrap_or_default();
        Report {
            specs: self.specs,
            changed,
            out_dir,
            checked,
        }
    }
}

/// What one spec produced.
#[derive(Debug)]
pub struct SpecReport {
    /// The spec, as named in messages.
    pub source: String,
    pub module: String,
    /// The module's folder, as named in messages.
    pub output: String,
    /// The spec's version as declared (`Swagger 2.0`, `OpenAPI 3.0`, `OpenAPI 3.1`).
    pub version: &'static str,
    pub operations: usize,
    /// Webhooks and callbacks generated.
    pub hooks: usize,
    /// Operations the spec declares; more than `operations` when some were left out.
    pub declared_operations: usize,
    pub types: usize,
    /// What was noticed, each with its code, file, line and pointer.
    pub warnings: Vec<Diagnostic>,
    /// The Cargo features of the module's groups, when it is split into groups.
    pub groups: Vec<String>,
}

/// What writing or checking did.
#[derive(Debug)]
pub struct Report {
    pub specs: Vec<SpecReport>,
    /// Files written or removed, as named in messages (when writing).
    pub changed: Vec<String>,
    /// The output folder, as named in messages.
    pub out_dir: String,
    /// Whether this was a check rather than a write.
    checked: bool,
}

impl std::fmt::Display for Report {
    /// The warnings, one line per spec, then what was written: what the command line and
    /// `cargo xtask codegen` print.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for spec in &self.specs {
            for w in &spec.warnings {
                writeln!(f, "{w}")?;
            }
            let operations = if spec.operations >= spec.declared_operations {
                format!("{} operations", spec.operations)
            } else {
                format!(
                    "{} of {} operations (see the warnings)",
                    spec.operations, spec.declared_operations
                )
            };
            let operations = match spec.hooks {
                0 => operations,
                1 => format!("{operations}, 1 webhook or callback"),
                hooks => format!("{operations}, {hooks} webhooks and callbacks"),
            };
            writeln!(
                f,
                "{} -> {}: {operations}, {} types, {} warnings",
                spec.source,
                spec.output,
                spec.types,
                spec.warnings.len()
            )?;
            if !spec.groups.is_empty() {
                writeln!(
                    f,
                    "  {} groups, each a Cargo feature: {}",
                    spec.groups.len(),
                    spec.groups.join(", ")
                )?;
            }
        }
        let out = &self.out_dir;
        if self.checked {
            writeln!(f, "{out}/ is up to date")
        } else if self.changed.is_empty() {
            writeln!(f, "{out}/ was already up to date")
        } else {
            for file in &self.changed {
                writeln!(f, "updated {file}")?;
            }
            Ok(())
        }
    }
}

/// Why generating, writing or checking failed.
#[derive(Debug)]
pub enum Failure {
    /// A spec could not be generated (or a denied warning was found); nothing was written.
    /// The errors come first, then the warnings.
    Spec(Vec<Diagnostic>),
    /// A check found differences.
    Stale {
        /// A unified diff from what is there to what would be written.
        diff: String,
        out_dir: String,
        /// The command that brings the folder up to date.
        command: String,
    },
    /// The builder was set up wrongly (no output folder, a runtime path that is not a path).
    Usage(String),
    Io(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Spec(diags) => {
                for d in diags {
                    writeln!(f, "{d}")?;
                }
                write!(f, "codegen failed; nothing was written")
            }
            Failure::Stale {
                diff,
                out_dir,
                command,
            } => write!(
                f,
                "{diff}\n{out_dir}/ is stale: run `{command}` and commit the result"
            ),
            Failure::Usage(message) | Failure::Io(message) => write!(f, "{message}"),
        }
    }
}

impl std::error::Error for Failure {}

fn io_error(path: &Path, e: io::Error) -> Failure {
    Failure::Io(format!("{}: {e}", path.display()))
}

/// What [`find_specs`] finds.
#[derive(Debug, PartialEq, Eq)]
enum Found {
    /// A spec's file: a single-file spec, or a multi-file spec's entry.
    Spec(PathBuf),
    /// A folder that should hold a multi-file spec but has no entry file.
    NoEntry(PathBuf),
}

/// The specs in `dir`, sorted: each spec file in it, and for each folder in it, the entry of
/// the multi-file spec the folder holds (`openapi.yaml`, `swagger.json`, ...). The other files
/// of such a folder are its fragments, never specs of their own. With `recursive`, a folder
/// without an entry is searched in turn (a corpus of folders of specs); without, it is
/// reported.
fn find_specs(dir: &Path, recursive: bool) -> io::Result<Vec<Found>> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    let mut out = Vec::new();
    for path in entries {
        if path.is_dir() {
            match entry_of(&path) {
                Some(entry) => out.push(Found::Spec(entry)),
                None if recursive => out.extend(find_specs(&path, true)?),
                None => out.push(Found::NoEntry(path)),
            }
        } else if path.is_file() && is_spec_file(&path) {
            out.push(Found::Spec(path));
        }
    }
    Ok(out)
}

/// The entry file of the multi-file spec in `dir`, if it has one.
fn entry_of(dir: &Path) -> Option<PathBuf> {
    ENTRY_STEMS.iter().find_map(|stem| {
        SPEC_EXTENSIONS
            .iter()
            .map(|ext| dir.join(format!("{stem}.{ext}")))
            .find(|p| p.is_file())
    })
}

/// Whether a file stem is one a multi-file spec's entry has (its folder then names the API).
pub(crate) fn is_entry_stem(stem: &str) -> bool {
    ENTRY_STEMS.iter().any(|s| stem.eq_ignore_ascii_case(s))
}

/// Whether a file's name says it holds a spec (not a settings or overlay file, nor an index
/// of specs).
fn is_spec_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|x| SPEC_EXTENSIONS.iter().any(|e| x == *e))
        && !crate::sidecar::is_sidecar(path)
        && path.file_name().is_none_or(|n| n != "MANIFEST.json")
}

/// Files below `dir` that start with our header.
fn generated_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") && is_generated(&path) {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Whether a file's first line is a header we write.
fn is_generated(path: &Path) -> bool {
    use std::io::BufRead;
    let Ok(file) = fs::File::open(path) else {
        return false;
    };
    let mut first = String::new();
    io::BufReader::new(file).read_line(&mut first).is_ok() && is_header(first.trim_end())
}

fn is_header(line: &str) -> bool {
    line.starts_with("// @generated by `") && line.ends_with(emit::HEADER_END)
}

fn write_atomically(path: &Path, contents: &str) -> io::Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| io::Error::other("no parent folder"))?;
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.codegen-tmp"));
    fs::write(&tmp, contents)?;
    fs::rename(&tmp, path).inspect_err(|_| {
        let _ = fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_recognised() {
        assert!(is_header(
            emit::header("specs/x.yaml", "cargo xtask codegen").trim_end()
        ));
        assert!(!is_header("// @generated by protoc"));
    }
}

//! Turns Swagger 2.0 and OpenAPI 3.x documents into Rust: types, an async `reqwest` client and an
//! `axum` server trait with its router, calling into the runtime crate `openapi-rs-runtime`.
//!
//! [`Generator`] is the whole interface: specs in, an output folder, settings; it writes or
//! checks, and reports what each spec produced and the located [`Diagnostic`]s it raised.
//!
//! Inside, the pipeline has three phases, each in its own module, each with its own
//! vocabulary: `load` reads a document and brings it into the `openapiv3` model, `lower` turns
//! that into our own typed `model`, and `emit` writes Rust from the model alone.

// Nothing a spec holds may make the generator panic: no unwrap, expect, panic or index that
// could fail on spec-derived data. Tests may.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::todo,
        clippy::unimplemented,
        clippy::unreachable,
        clippy::indexing_slicing
    )
)]
// Diagnostics are the error type throughout and travel on cold paths; boxing them would only
// make every constructor noisier.
#![allow(clippy::result_large_err)]

mod codegen;
mod config;
mod diag;
mod emit;
mod heap;
mod load;
mod lower;
mod manifest;
mod model;
mod naming;
mod pointer;
mod sidecar;
mod steer;
mod uri;

use std::path::Path;

pub use codegen::{Failure, Generated, Generator, Report, SpecReport};
pub use diag::{Diagnostic, Fix, Severity};

use config::Config;
use load::overlay::Overlay;

/// Everything generated for one spec: the Rust files of its module, relative to the module's
/// folder, and what was noticed on the way.
#[derive(Debug)]
struct Output {
    /// Rust module name of the spec (from the file stem).
    pub module: String,
    /// The spec's version as declared (`Swagger 2.0`, `OpenAPI 3.0`, `OpenAPI 3.1`).
    pub version: &'static str,
    /// `(file name, contents)` pairs, in a fixed order.
    pub files: Vec<(String, String)>,
    pub warnings: Vec<Diagnostic>,
    /// Operations generated (of the spec's `paths`).
    pub operations: usize,
    /// Webhooks and callbacks generated.
    pub hooks: usize,
    /// Operations the spec's `paths` declare (more than `operations` when some were left out,
    /// each with a warning).
    pub declared_operations: usize,
    pub types: usize,
    /// The Cargo features of its groups, when the module is split.
    pub groups: Vec<String>,
}

/// What a spec is generated with besides its own text: the overlays applied to it, in order,
/// and its settings.
#[derive(Debug, Default)]
struct Extras {
    overlays: Vec<Overlay>,
    config: Config,
}

fn read(path: &Path, display_path: &str) -> Result<String, Vec<Diagnostic>> {
    std::fs::read_to_string(path).map_err(|e| {
        vec![Diagnostic::error(
            "unreadable-file",
            display_path,
            "",
            format!("cannot read the file: {e}"),
        )]
    })
}

/// Generates the module for one spec file, with the overlay and settings files beside it
/// (see [`sidecar`]), its settings completed by `complete` (the crate-wide ones).
/// `display_path` is how the file is named in messages and in the generated files' header (a
/// path relative to the workspace, with `/` separators). References to other files inside the
/// spec's root folder (the file's folder, or `root` in its settings) are followed.
fn generate_file(
    path: &Path,
    display_path: &str,
    complete: &dyn Fn(&mut Config),
) -> Result<Output, Vec<Diagnostic>> {
    let (text, mut extras, disk) = read_spec(path, display_path)?;
    complete(&mut extras.config);
    let module = match &extras.config.module {
        Some(module) => module.clone(),
        None => naming::module_name(path),
    };
    let input = load::Input {
        text: &text,
        file: display_path,
        disk: Some(disk),
    };
    generate_input(&input, &module, &extras)
}

/// A spec file's text, the files beside it that steer it, and where its references may lead.
fn read_spec(
    path: &Path,
    display_path: &str,
) -> Result<(String, Extras, load::Disk), Vec<Diagnostic>> {
    let text = read(path, display_path)?;
    let extras = sidecar::extras(path, display_path)?;
    let disk = disk(path, &extras.config);
    Ok((text, extras, disk))
}

/// Where a spec file's references may lead: its folder, or the folder its settings name.
fn disk(path: &Path, config: &Config) -> load::Disk {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let root = match &config.root {
        Some(root) => dir.join(root),
        None => dir.to_path_buf(),
    };
    load::Disk {
        entry: path.to_path_buf(),
        root,
    }
}

/// The spec file as its overlays leave it, with what its references into other files name
/// brought in, in its own version's layout (Swagger 2.0 stays Swagger 2.0): what the generated
/// code was made from, for tools that read specs (schemathesis, mock servers).
fn overlaid_file(path: &Path, display_path: &str) -> Result<serde_json::Value, Vec<Diagnostic>> {
    let (text, extras, disk) = read_spec(path, display_path)?;
    let input = load::Input {
        text: &text,
        file: display_path,
        disk: Some(disk),
    };
    Ok(load::combine(&input, &extras.overlays)?.value)
}

/// Generates a module named `module` from the text of a spec, with no settings: what the
/// unit tests read.
#[cfg(test)]
fn generate(text: &str, display_path: &str, module: &str) -> Result<Output, Vec<Diagnostic>> {
    generate_with(text, display_path, module, &Extras::default())
}

/// [`overlaid_file`] for the text of a spec: references to other files cannot be followed.
fn overlaid_text(text: &str, display_path: &str) -> Result<serde_json::Value, Vec<Diagnostic>> {
    let input = load::Input {
        text,
        file: display_path,
        disk: None,
    };
    Ok(load::combine(&input, &[])?.value)
}

/// Generates a module named `module` from the text of a spec, its overlays and settings.
/// References to other files cannot be followed (there is no folder to read them from) and
/// are errors.
fn generate_with(
    text: &str,
    display_path: &str,
    module: &str,
    extras: &Extras,
) -> Result<Output, Vec<Diagnostic>> {
    let input = load::Input {
        text,
        file: display_path,
        disk: None,
    };
    generate_input(&input, module, extras)
}

fn generate_input(
    input: &load::Input<'_>,
    module: &str,
    extras: &Extras,
) -> Result<Output, Vec<Diagnostic>> {
    let display_path = input.file;
    let loaded = load::load(input, &extras.overlays)?;
    let mut diags = crate::diag::Diagnostics::new(display_path);
    let mut api = lower::lower(&loaded.document, &loaded.facts, &extras.config, &mut diags);
    let groups = lower::groups::split(&mut api, &extras.config, manifest::feature(module));
    let version = loaded.version;
    let declared_operations = loaded.declared_operations;
    if declared_operations > 0 && api.calls().is_empty() {
        diags.error(
            "no-operations",
            "/paths",
            format!(
                "the spec declares {declared_operations} operations, but none could be generated"
            ),
            "see the warnings for why each was left out",
        );
    }
    let touched = loaded.overlays.touched.clone();
    let mut resolved = loaded.resolve(diags);
    drop(loaded);
    heap::release_freed();
    if !extras.overlays.is_empty() {
        resolved.extend(fixed_gaps(input, &extras.config, &resolved, &touched));
    }
    let resolved = extras.config.steering.apply(resolved);

    let (errors, warnings): (Vec<_>, Vec<_>) = resolved
        .into_iter()
        .partition(|d| d.severity == Severity::Error);
    if !errors.is_empty() {
        let mut all = errors;
        all.extend(warnings);
        return Err(all);
    }
    let parts = emit::Parts {
        client: !extras.config.skip_client,
        server: !extras.config.skip_server,
    };
    let files = emit::emit(&api, parts).map_err(|message| {
        vec![Diagnostic::error(
            "internal-error",
            display_path,
            "",
            format!("internal error while emitting code: {message}"),
        )]
    })?;
    Ok(Output {
        module: module.to_owned(),
        version: version.label(),
        files,
        warnings,
        operations: api.calls().len(),
        hooks: api.hooks().len(),
        declared_operations,
        types: api.types.named_count(),
        groups,
    })
}

/// The gaps of the spec as published that its overlays filled: a note for each, naming the
/// action that changed the place (or a place around it).
fn fixed_gaps(
    input: &load::Input<'_>,
    config: &Config,
    now: &[Diagnostic],
    touched: &[load::overlay::Touch],
) -> Vec<Diagnostic> {
    let Ok(pristine) = load::load(input, &[]) else {
        return Vec::new();
    };
    let mut diags = crate::diag::Diagnostics::new(input.file);
    lower::lower(&pristine.document, &pristine.facts, config, &mut diags);
    let before = pristine.resolve(diags);
    // The action that changed the place itself, else the one that changed the nearest place
    // inside it, else the last that changed something around it.
    let fixer = |at: &str| {
        let inside = format!("{at}/");
        touched
            .iter()
            .find(|t| t.pointer == at)
            .or_else(|| {
                touched
                    .iter()
                    .filter(|t| t.pointer.starts_with(&inside))
                    .min_by_key(|t| t.pointer.matches('/').count())
            })
            .or_else(|| {
                touched
                    .iter()
                    .rev()
                    .find(|t| at.starts_with(&format!("{}/", t.pointer)))
            })
            .map_or("the overlays", |t| t.action.as_str())
    };
    before
        .into_iter()
        .filter(|d| d.fix.is_some())
        .filter(|d| {
            !now.iter()
                .any(|n| n.pointer == d.pointer && n.code == d.code)
        })
        .map(|d| {
            let by = fixer(&d.pointer);
            let mut note = Diagnostic::new(
                Severity::Note,
                "fixed-by-overlay",
                &d.file,
                &d.pointer,
                format!("fixed by {by}: {}", d.message),
            );
            note.line = d.line;
            note
        })
        .collect()
}

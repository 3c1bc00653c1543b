//! Turns Swagger 2.0 and OpenAPI 3.x documents into Rust: types, an async `reqwest` client and an
//! `axum` server trait with its router.
//!
//! The pipeline has three phases, each in its own module, each with its own vocabulary:
//! [`load`] reads a document and brings it into the `openapiv3` model, [`lower`] turns that into
//! our own typed [`model`], and [`emit`] writes Rust from the model alone. [`codegen`] drives the
//! pipeline over a folder of specs and keeps a generated crate up to date.

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

pub mod codegen;
pub mod diag;
pub mod emit;
pub mod load;
pub mod lower;
pub mod model;
pub mod naming;
pub mod pointer;

use std::path::Path;

pub use diag::{Diagnostic, Severity};

/// Everything generated for one spec: the Rust files of its module, relative to the module's
/// folder, and what was noticed on the way.
#[derive(Debug)]
pub struct Output {
    /// Rust module name of the spec (from the file stem).
    pub module: String,
    /// The spec's version as declared (`Swagger 2.0`, `OpenAPI 3.0`, `OpenAPI 3.1`).
    pub version: &'static str,
    /// `(file name, contents)` pairs, in a fixed order.
    pub files: Vec<(String, String)>,
    pub warnings: Vec<Diagnostic>,
    pub operations: usize,
    pub types: usize,
}

/// Generates the module for one spec file. `display_path` is how the file is named in messages
/// and in the generated files' header (a path relative to the workspace, with `/` separators).
pub fn generate_file(path: &Path, display_path: &str) -> Result<Output, Vec<Diagnostic>> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        vec![Diagnostic::error(
            display_path,
            "",
            format!("cannot read the file: {e}"),
        )]
    })?;
    let module = naming::module_name(path);
    generate(&text, display_path, &module)
}

/// Generates a module named `module` from the text of a spec.
pub fn generate(text: &str, display_path: &str, module: &str) -> Result<Output, Vec<Diagnostic>> {
    let loaded = load::load(text, display_path)?;
    let mut diags = crate::diag::Diagnostics::new(display_path);
    let api = lower::lower(&loaded.document, &mut diags);
    let version = loaded.version;
    let resolved = loaded.resolve(diags);
    let (errors, warnings): (Vec<_>, Vec<_>) = resolved
        .into_iter()
        .partition(|d| d.severity == Severity::Error);
    if !errors.is_empty() {
        let mut all = errors;
        all.extend(warnings);
        return Err(all);
    }
    let files = emit::emit(&api, display_path).map_err(|message| {
        vec![Diagnostic::error(
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
        operations: api.operations.len(),
        types: api.types.named_count(),
    })
}

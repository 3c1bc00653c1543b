//! What the tests read of a generator's output: one spec's module, through the public builder.

#![allow(dead_code)]

use std::path::Path;

use openapi_rs_generator::{Diagnostic, Failure, Generator};

/// One spec's module, generated in memory.
#[derive(Debug)]
pub struct Output {
    pub module: String,
    /// The module's files by name (`types.rs`), in name order.
    pub files: Vec<(String, String)>,
    pub warnings: Vec<Diagnostic>,
    pub operations: usize,
    pub declared_operations: usize,
}

impl Output {
    pub fn file(&self, name: &str) -> &str {
        &self.files.iter().find(|(n, _)| n == name).unwrap().1
    }
}

/// Generates the one spec `generator` is given; its errors, or a panic for any other failure.
pub fn run(generator: Generator) -> Result<Output, Vec<Diagnostic>> {
    let mut generated = match generator.generate() {
        Ok(generated) => generated,
        Err(Failure::Spec(diags)) => return Err(diags),
        Err(other) => panic!("{other}"),
    };
    assert_eq!(generated.specs.len(), 1);
    let spec = generated.specs.remove(0);
    let files = generated
        .files()
        .filter(|(path, _)| path.parent() == Some(Path::new(&spec.module)))
        .map(|(path, text)| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, text.to_owned())
        })
        .collect();
    Ok(Output {
        module: spec.module,
        files,
        warnings: spec.warnings,
        operations: spec.operations,
        declared_operations: spec.declared_operations,
    })
}

/// Generates a spec given as text, named `name` (its stem names the module).
pub fn generate_text(name: &str, text: &str) -> Result<Output, Vec<Diagnostic>> {
    run(Generator::new().spec_text(name, text))
}

/// Generates a spec file (with the settings and overlays beside it), named in messages
/// relative to `base`.
pub fn generate_file(path: &Path, base: &Path) -> Result<Output, Vec<Diagnostic>> {
    run(Generator::new().spec(path).base(base))
}

//! `cargo xtask codegen [--check]`: this repository's use of the generator, through the same
//! builder any other repository calls.

use std::path::Path;

use openapi_rs_generator::{Failure, Generator, Report};

/// The crates this workspace generates: `generated/` from `specs/` (a feature per spec, kept in
/// its manifest), and the generator's fixture snapshots from their own specs.
pub fn generators(root: &Path) -> Vec<Generator> {
    let crate_of = |specs: &str, out: &str| {
        Generator::new()
            .spec(root.join(specs))
            .out_dir(root.join(out))
            .root_file("lib.rs")
            .base(root)
            .command("cargo xtask codegen")
    };
    vec![
        crate_of("specs", "generated/src").features(root.join("generated/Cargo.toml")),
        crate_of("generator/fixtures/specs", "generator/fixtures/src"),
    ]
}

/// Regenerates (or checks) every generated crate. Nothing is written unless every spec of
/// every crate generates.
pub fn run(root: &Path, check: bool) -> Result<Vec<Report>, Failure> {
    let generated = generators(root)
        .iter()
        .map(Generator::generate)
        .collect::<Result<Vec<_>, _>>()?;
    generated
        .into_iter()
        .map(|g| if check { g.check() } else { g.write() })
        .collect()
}

#[cfg(test)]
mod tests {
    /// `cargo test` fails when a generated crate is stale, exactly as
    /// `cargo xtask codegen --check` does.
    #[test]
    fn generated_crates_match_their_specs() {
        if let Err(failure) = super::run(&crate::workspace_root(), true) {
            panic!("{failure}");
        }
    }
}

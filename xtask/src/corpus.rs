//! `cargo xtask corpus [--generate-only] <DIR or FILE>...`: runs the generator over specs
//! nobody here wrote.
//!
//! This is the generate-only sweep: each spec is reported as generated, rejected with a
//! located error, or panicked (caught, and a bug of ours). Compiling each result is not done
//! yet, so the command insists on `--generate-only` rather than pretending to check more.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

enum Outcome {
    Generated {
        operations: usize,
        types: usize,
        warnings: usize,
    },
    Rejected(String),
    Panicked(String),
}

pub fn run(args: &[&str]) -> ExitCode {
    let generate_only = args.contains(&"--generate-only");
    let inputs: Vec<&str> = args
        .iter()
        .copied()
        .filter(|a| !a.starts_with("--"))
        .collect();
    if inputs.is_empty() {
        eprintln!("usage: cargo xtask corpus --generate-only <DIR or FILE>...");
        return ExitCode::from(2);
    }
    if !generate_only {
        eprintln!(
            "corpus: compiling the generated code is not implemented yet; run with --generate-only"
        );
        return ExitCode::from(2);
    }
    let mut specs = Vec::new();
    for input in &inputs {
        collect(Path::new(input), &mut specs);
    }
    specs.sort();
    // Our own panics are reported in the table; keep the default hook from printing them.
    std::panic::set_hook(Box::new(|_| {}));
    let (mut passed, mut failed) = (0, 0);
    println!(
        "{:<60} {:>6} {:>6} {:>8} {:>8}  result",
        "spec", "ops", "types", "warnings", "seconds"
    );
    for spec in &specs {
        let started = Instant::now();
        let name = spec.display().to_string();
        let outcome = match catch_unwind(AssertUnwindSafe(|| generator::generate_file(spec, &name)))
        {
            Ok(Ok(out)) => Outcome::Generated {
                operations: out.operations,
                types: out.types,
                warnings: out.warnings.len(),
            },
            Ok(Err(diags)) => {
                let first = diags
                    .iter()
                    .find(|d| d.severity == generator::Severity::Error)
                    .or(diags.first());
                Outcome::Rejected(
                    first
                        .map(|d| d.to_string().lines().next().unwrap_or("").to_owned())
                        .unwrap_or_default(),
                )
            }
            Err(panic) => Outcome::Panicked(
                panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default(),
            ),
        };
        let seconds = started.elapsed().as_secs_f64();
        let short = spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match outcome {
            Outcome::Generated {
                operations,
                types,
                warnings,
            } => {
                passed += 1;
                println!(
                    "{short:<60} {operations:>6} {types:>6} {warnings:>8} {seconds:>8.2}  generated"
                );
            }
            Outcome::Rejected(first) => {
                failed += 1;
                println!(
                    "{short:<60} {:>6} {:>6} {:>8} {seconds:>8.2}  rejected: {first}",
                    "-", "-", "-"
                );
            }
            Outcome::Panicked(message) => {
                failed += 1;
                println!(
                    "{short:<60} {:>6} {:>6} {:>8} {seconds:>8.2}  PANICKED (a bug of ours): {message}",
                    "-", "-", "-"
                );
            }
        }
    }
    let _ = std::panic::take_hook();
    println!("corpus: {passed} passed, {failed} failed");
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// A spec file, but not the corpus's own index of them.
fn is_spec(path: &Path) -> bool {
    generator::codegen::is_spec_file(path) && path.file_name().is_none_or(|n| n != "MANIFEST.json")
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        if let Ok(entries) = std::fs::read_dir(path) {
            for entry in entries.flatten() {
                collect(&entry.path(), out);
            }
        }
    } else if is_spec(path) {
        out.push(path.to_path_buf());
    }
}

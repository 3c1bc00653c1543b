//! `cargo xtask <command>`: the project's tasks. A thin command line over the generator.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod adoption;
mod bench;
mod checkers;
mod codegen;
mod corpus;
mod memory;
mod roundtrips;
mod test;

const USAGE: &str = "usage: cargo xtask <command>

  codegen          regenerate generated/ from the specs in specs/
  codegen --check  write nothing; fail with a diff if generated/ is stale
  test             the whole test suite: formatting, freshness, lints, docs, tests
  bench [--runs N] [--only generation,compile,runtime,scaling]
                   measure generation, compile time and runtime against progenitor and
                   openapi-generator (installed into ~/.cache/openapi-rs-tools); writes
                   BENCHMARKS.md
  adoption         two new projects outside the workspace generate (by the command line, and
                   by the library from their own task), check, build and run a round trip
  roundtrips       specs from the corpus as published, generated with the settings in
                   xtask/roundtrips/ and called on 127.0.0.1: GitHub's and Slack's read
                   page by page, the Redocly starter's webhook sent and received
  checkers         schemathesis against the example servers, and the generated client
                   against Prism's mock (both installed into ~/.cache/openapi-rs-tools)
  corpus [--generate-only] <DIR or FILE>...
                   generate every spec found, then compile and lint each result;
                   with --generate-only, only report generated, rejected or panicked";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["codegen"] => run_codegen(false),
        ["codegen", "--check"] => run_codegen(true),
        ["test"] => test::run(&workspace_root()),
        ["adoption"] => match adoption::run(&workspace_root()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("adoption: {e}");
                ExitCode::FAILURE
            }
        },
        ["roundtrips"] => match roundtrips::run(&workspace_root()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("roundtrips: {e}");
                ExitCode::FAILURE
            }
        },
        ["corpus", rest @ ..] => corpus::run(&workspace_root(), rest),
        ["checkers"] => checkers::run(&workspace_root()),
        ["bench", rest @ ..] => bench::run(&workspace_root(), rest),
        // One measured unit of `bench`, in a process of its own; not for people.
        ["bench-one", rest @ ..] => bench::one(rest),
        // Used by `corpus` to measure the compiler's memory; not for people.
        ["measure", command @ ..] => memory::measure(command),
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// Runs a command to its end; an error names it unless it succeeded.
fn run_status(command: &mut std::process::Command, what: &str) -> Result<(), String> {
    let status = command
        .status()
        .map_err(|e| format!("cannot run {what}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})"))
    }
}

/// Runs `work` in a new scratch folder outside the workspace (`openapi-rs-<name>-<pid>` in the
/// temporary folder): removed when it succeeds, kept and named when it fails.
fn in_scratch(name: &str, work: impl FnOnce(&Path) -> Result<(), String>) -> Result<(), String> {
    let scratch = std::env::temp_dir().join(format!("openapi-rs-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let result = work(&scratch);
    if result.is_ok() {
        let _ = std::fs::remove_dir_all(&scratch);
    } else {
        eprintln!("{name}: what it made is left in {}", scratch.display());
    }
    result
}

/// Writes a file, making its folder first; an error names the file.
fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Cargo's target directory: `CARGO_TARGET_DIR`, else `target/` in the workspace.
fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

/// The workspace root: xtask lives one folder below it.
fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

fn run_codegen(check: bool) -> ExitCode {
    match codegen::run(&workspace_root(), check) {
        Ok(reports) => {
            for report in reports {
                print!("{report}");
            }
            ExitCode::SUCCESS
        }
        Err(failure) => {
            eprintln!("{failure}");
            ExitCode::FAILURE
        }
    }
}

//! `cargo xtask corpus [--generate-only] <DIR or FILE>...`: runs the generator over specs
//! nobody here wrote.
//!
//! Each spec is generated; a spec that generates is then compiled and linted in one clippy
//! run (an error fails the compile, a warning fails the lint, as `-D warnings` would), client
//! and server on, in a scratch crate under the target directory that depends on the runtime
//! crate and nothing else, as a user's crate would. Every spec reuses the dependencies' build. With `--generate-only` nothing is
//! compiled, so that thousands of specs can be swept in minutes. A generator panic is caught
//! and reported as a bug of ours.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use openapi_rs_generator::{Generator, Severity, SpecReport};

use crate::memory;

/// What the generator made of a spec.
enum Generated {
    /// What the spec produced, and its files (written only when compiled).
    Ok(SpecReport, Option<Box<openapi_rs_generator::Generated>>),
    Rejected(String),
    Panicked(String),
}

/// What a compile step made of the generated code.
enum Step {
    Passed,
    Failed(String),
    Skipped,
}

impl Step {
    fn label(&self) -> &'static str {
        match self {
            Step::Passed => "ok",
            Step::Failed(_) => "FAILED",
            Step::Skipped => "-",
        }
    }
}

pub fn run(root: &Path, args: &[&str]) -> ExitCode {
    let generate_only = args.contains(&"--generate-only");
    let inputs: Vec<&str> = args
        .iter()
        .copied()
        .filter(|a| !a.starts_with("--"))
        .collect();
    if inputs.is_empty()
        || args
            .iter()
            .any(|a| a.starts_with("--") && *a != "--generate-only")
    {
        eprintln!("usage: cargo xtask corpus [--generate-only] <DIR or FILE>...");
        return ExitCode::from(2);
    }
    let mut specs = Vec::new();
    for input in &inputs {
        match Generator::new().spec(input).recursive(true).spec_files() {
            Ok(found) => specs.extend(found),
            Err(e) => {
                eprintln!("corpus: {e}");
                return ExitCode::from(2);
            }
        }
    }
    specs.sort();
    let checker = if generate_only {
        None
    } else {
        match Checker::prepare(root) {
            Ok(c) => Some(c),
            Err(e) => {
                eprintln!("corpus: cannot prepare the scratch crate: {e}");
                return ExitCode::FAILURE;
            }
        }
    };
    // Our own panics are reported in the table; keep the default hook from printing them.
    std::panic::set_hook(Box::new(|_| {}));
    let (mut passed, mut failed) = (0, 0);
    println!(
        "{:<50} {:<11} {:>5} {:>5} {:>5} {:<9} {:>6} {:>7} {:<7} {:<7} {:>7} {:>9}  first error",
        "spec",
        "version",
        "ops",
        "types",
        "warns",
        "generate",
        "gen s",
        "gen MiB",
        "compile",
        "clippy",
        "build s",
        "build MiB"
    );
    for spec in &specs {
        memory::reset_peak();
        let started = Instant::now();
        let mut generated = generate(spec, checker.as_ref());
        let gen_seconds = started.elapsed().as_secs_f64();
        let gen_peak = memory::peak();
        let started = Instant::now();
        let (compile, clippy, build_peak) = match (&mut generated, &checker) {
            (Generated::Ok(report, files), Some(checker)) => match files.take() {
                Some(files) => checker.check(*files, &report.groups),
                None => (Step::Skipped, Step::Skipped, None),
            },
            _ => (Step::Skipped, Step::Skipped, None),
        };
        let build_seconds = match compile {
            Step::Skipped => "-".to_owned(),
            _ => format!("{:.1}", started.elapsed().as_secs_f64()),
        };
        let short: String = short_name(spec).chars().take(50).collect();
        let (version, ops, types, warns, status, mut error) = match &generated {
            Generated::Ok(out, _) if out.operations < out.declared_operations => (
                out.version,
                format!("{}/{}", out.operations, out.declared_operations),
                out.types.to_string(),
                out.warnings.len().to_string(),
                "LOST OPS",
                format!(
                    "{} of the {} operations the spec declares were left out (see the warnings)",
                    out.declared_operations - out.operations,
                    out.declared_operations
                ),
            ),
            Generated::Ok(out, _) => (
                out.version,
                out.operations.to_string(),
                out.types.to_string(),
                out.warnings.len().to_string(),
                "generated",
                String::new(),
            ),
            Generated::Rejected(e) => (
                "-",
                "-".into(),
                "-".into(),
                "-".into(),
                "rejected",
                e.clone(),
            ),
            Generated::Panicked(e) => (
                "-",
                "-".into(),
                "-".into(),
                "-".into(),
                "PANICKED",
                format!("a bug of ours: {e}"),
            ),
        };
        for step in [&compile, &clippy] {
            if let (Step::Failed(e), true) = (step, error.is_empty()) {
                error = e.clone();
            }
        }
        let ok = matches!(&generated, Generated::Ok(out, _) if out.operations >= out.declared_operations)
            && !matches!(compile, Step::Failed(_))
            && !matches!(clippy, Step::Failed(_));
        if ok {
            passed += 1;
        } else {
            failed += 1;
        }
        println!(
            "{short:<50} {version:<11} {ops:>5} {types:>5} {warns:>5} {status:<9} {gen_seconds:>6.2} {:>7} {:<7} {:<7} {build_seconds:>7} {:>9}  {error}",
            memory::mib(gen_peak),
            compile.label(),
            clippy.label(),
            memory::mib(build_peak),
        );
    }
    let _ = std::panic::take_hook();
    println!("corpus: {passed} passed, {failed} failed");
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// How a spec is named in its row: its file name, with its folder for a multi-file spec's
/// entry (`redocly-starter/openapi.yaml`).
fn short_name(spec: &Path) -> String {
    let name = |p: Option<&std::ffi::OsStr>| p.map(|n| n.to_string_lossy().into_owned());
    let file = name(spec.file_name()).unwrap_or_default();
    let stem = name(spec.file_stem())
        .unwrap_or_default()
        .to_ascii_lowercase();
    match name(spec.parent().and_then(Path::file_name)) {
        Some(folder) if stem == "openapi" || stem == "swagger" => format!("{folder}/{file}"),
        _ => file,
    }
}

/// Generates one spec in memory, into the scratch crate's sources when it is to be compiled.
fn generate(spec: &Path, checker: Option<&Checker>) -> Generated {
    let mut generator = Generator::new()
        .spec(spec)
        .root_file("lib.rs")
        .command("cargo xtask corpus");
    if let Some(checker) = checker {
        // Gated as a consumer's crate is, so that a large spec is split into groups.
        generator = generator
            .out_dir(checker.dir.join("src"))
            .features(checker.dir.join("Cargo.toml"));
    }
    match catch_unwind(AssertUnwindSafe(|| generator.generate())) {
        Ok(Ok(mut generated)) if generated.specs.len() == 1 => {
            let report = generated.specs.remove(0);
            Generated::Ok(report, Some(Box::new(generated)))
        }
        Ok(Ok(_)) => Generated::Rejected("not one spec".to_owned()),
        Ok(Err(openapi_rs_generator::Failure::Spec(diags))) => {
            let first = diags
                .iter()
                .find(|d| d.severity == Severity::Error)
                .or(diags.first());
            Generated::Rejected(
                first
                    .map(|d| d.to_string().lines().next().unwrap_or("").to_owned())
                    .unwrap_or_default(),
            )
        }
        Ok(Err(failure)) => Generated::Rejected(failure.to_string()),
        Err(panic) => Generated::Panicked(
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default(),
        ),
    }
}

/// The scratch crate each generated module is compiled in.
struct Checker {
    dir: PathBuf,
    target: PathBuf,
    cargo: String,
}

impl Checker {
    fn prepare(root: &Path) -> std::io::Result<Checker> {
        let target = crate::target_dir(root);
        let dir = target.join("xtask-corpus");
        std::fs::create_dir_all(dir.join("src"))?;
        let runtime = root.join("generator").join("runtime");
        let cargo_toml = format!(
            r#"# Written by `cargo xtask corpus`: a scratch crate for one generated module at a time.
[package]
name = "corpus-check"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
openapi-rs-runtime = {{ path = {runtime:?} }}

# The generator keeps a feature per spec module (and per group of a large one) below.
[features]
default = ["specs"]

# One compile per module: incremental state from the last spec would only cost memory.
[profile.dev]
incremental = false
debug = "line-tables-only"

[profile.dev.package."*"]
debug = false

[workspace]
"#
        );
        std::fs::write(dir.join("Cargo.toml"), cargo_toml)?;
        // The same versions as the workspace, so the dependencies' build is shared.
        std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))?;
        Ok(Checker {
            dir,
            target,
            cargo: std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()),
        })
    }

    /// Writes the module and compiles and lints it, whole and (for a module split into
    /// groups) its first and last group alone; also returns the compiler's peak memory.
    fn check(
        &self,
        generated: openapi_rs_generator::Generated,
        groups: &[String],
    ) -> (Step, Step, Option<u64>) {
        // The last spec's module goes: only ours are removed, so that folder starts empty.
        let _ = std::fs::remove_dir_all(self.dir.join("src"));
        if let Err(e) = generated.write() {
            return (
                Step::Failed(format!("cannot write the module: {e}")),
                Step::Skipped,
                None,
            );
        }
        let whole = self.clippy(None);
        if !matches!(whole, (Step::Passed, Step::Passed, _)) {
            return whole;
        }
        let mut alone: Vec<&String> = groups.iter().take(1).chain(groups.last()).collect();
        alone.dedup();
        for group in alone {
            let (compile, clippy, _) = self.clippy(Some(group));
            let named = |step: Step| match step {
                Step::Failed(e) => Step::Failed(format!("group {group} alone: {e}")),
                other => other,
            };
            if !matches!((&compile, &clippy), (Step::Passed, Step::Passed)) {
                return (named(compile), named(clippy), whole.2);
            }
        }
        whole
    }

    /// One clippy run tells both: an error means the code does not compile, a warning that it
    /// is not lint-clean (what `-D warnings` would refuse). Half the time of check + clippy.
    fn clippy(&self, group: Option<&str>) -> (Step, Step, Option<u64>) {
        let wrapper = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("xtask"));
        let mut command = Command::new(wrapper);
        command
            .arg("measure")
            .arg(&self.cargo)
            .arg("clippy")
            .arg("--manifest-path")
            .arg(self.dir.join("Cargo.toml"))
            .arg("--target-dir")
            .arg(&self.target)
            .args(["--quiet", "--message-format", "short"]);
        if let Some(group) = group {
            command.args(["--no-default-features", "--features", group]);
        }
        let output = command.output();
        let o = match output {
            Ok(o) => o,
            Err(e) => {
                return (
                    Step::Failed(format!("cannot run cargo: {e}")),
                    Step::Skipped,
                    None,
                );
            }
        };
        let (peak, stderr) = memory::split_report(&String::from_utf8_lossy(&o.stderr));
        let first = |what: &str| {
            stderr
                .lines()
                .find(|l| l.contains(what))
                .or_else(|| stderr.lines().next())
                .unwrap_or("failed without a message")
                .trim()
                .to_owned()
        };
        if !o.status.success() {
            return (Step::Failed(first("error")), Step::Skipped, peak);
        }
        if stderr.lines().any(|l| l.contains("warning:")) {
            return (Step::Passed, Step::Failed(first("warning:")), peak);
        }
        (Step::Passed, Step::Passed, peak)
    }
}

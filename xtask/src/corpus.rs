//! `cargo xtask corpus [--generate-only] <DIR or FILE>...`: runs the generator over specs
//! nobody here wrote.
//!
//! Each spec is generated; a spec that generates is then compiled and linted in one clippy
//! run (an error fails the compile, a warning fails the lint, as `-D warnings` would), client
//! and server on, in a scratch crate under the target
//! directory that depends on the workspace's `generated` crate for its `support` module. Every
//! spec reuses that crate and the dependencies' build. With `--generate-only` nothing is
//! compiled, so that thousands of specs can be swept in minutes. A generator panic is caught
//! and reported as a bug of ours.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use generator::emit::{Support, crate_root};

use crate::memory;

/// What the generator made of a spec.
enum Generated {
    Ok(generator::Output),
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
        let path = Path::new(input);
        if !path.exists() {
            eprintln!("corpus: {input} does not exist");
            return ExitCode::from(2);
        }
        collect(path, &mut specs);
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
        let name = spec.display().to_string();
        memory::reset_peak();
        let started = Instant::now();
        let generated = generate(spec, &name);
        let gen_seconds = started.elapsed().as_secs_f64();
        let gen_peak = memory::peak();
        let started = Instant::now();
        let (compile, clippy, build_peak) = match (&generated, &checker) {
            (Generated::Ok(out), Some(checker)) => checker.check(out, &name),
            _ => (Step::Skipped, Step::Skipped, None),
        };
        let build_seconds = match compile {
            Step::Skipped => "-".to_owned(),
            _ => format!("{:.1}", started.elapsed().as_secs_f64()),
        };
        let short: String = short_name(spec).chars().take(50).collect();
        let (version, ops, types, warns, status, mut error) = match &generated {
            Generated::Ok(out) if out.operations < out.declared_operations => (
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
            Generated::Ok(out) => (
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
        let ok = matches!(&generated, Generated::Ok(out) if out.operations >= out.declared_operations)
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
    let stem = name(spec.file_stem()).unwrap_or_default();
    match name(spec.parent().and_then(Path::file_name)) {
        Some(folder) if generator::codegen::is_entry_stem(&stem) => format!("{folder}/{file}"),
        _ => file,
    }
}

fn generate(spec: &Path, name: &str) -> Generated {
    match catch_unwind(AssertUnwindSafe(|| generator::generate_file(spec, name))) {
        Ok(Ok(out)) => Generated::Ok(out),
        Ok(Err(diags)) => {
            let first = diags
                .iter()
                .find(|d| d.severity == generator::Severity::Error)
                .or(diags.first());
            Generated::Rejected(
                first
                    .map(|d| d.to_string().lines().next().unwrap_or("").to_owned())
                    .unwrap_or_default(),
            )
        }
        Err(panic) => Generated::Panicked(
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default(),
        ),
    }
}

/// Dependencies of generated code, as the workspace pins them.
const DEPENDENCIES: &[&str] = &[
    "bytes",
    "http",
    "serde",
    "serde_json",
    "chrono",
    "uuid",
    "reqwest",
    "axum",
];

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
        let manifest = std::fs::read_to_string(root.join("Cargo.toml"))?;
        let deps = workspace_dependencies(&manifest, DEPENDENCIES);
        let generated = root.join("generated");
        let cargo_toml = format!(
            r#"# Written by `cargo xtask corpus`: a scratch crate for one generated module at a time.
[package]
name = "corpus-check"
version = "0.0.0"
edition = "2024"
publish = false

[features]
default = ["client", "server"]
client = []
server = []

[dependencies]
generated = {{ package = "openapi-rs-generated", path = {generated:?}, features = ["client", "server"] }}
{deps}

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

    /// Writes the module and compiles and lints it; also returns the compiler's peak memory.
    fn check(&self, out: &generator::Output, source: &str) -> (Step, Step, Option<u64>) {
        let src = self.dir.join("src");
        let _ = std::fs::remove_dir_all(&src);
        let written = (|| -> Result<(), String> {
            let module = src.join(&out.module);
            std::fs::create_dir_all(&module).map_err(|e| e.to_string())?;
            for (name, contents) in &out.files {
                std::fs::write(module.join(name), contents).map_err(|e| e.to_string())?;
            }
            let lib = crate_root(
                &[(out.module.clone(), source.to_owned())],
                Support::Reexport("generated"),
            )?;
            std::fs::write(src.join("lib.rs"), lib).map_err(|e| e.to_string())
        })();
        if let Err(e) = written {
            return (
                Step::Failed(format!("cannot write the module: {e}")),
                Step::Skipped,
                None,
            );
        }
        self.clippy()
    }

    /// One clippy run tells both: an error means the code does not compile, a warning that it
    /// is not lint-clean (what `-D warnings` would refuse). Half the time of check + clippy.
    fn clippy(&self) -> (Step, Step, Option<u64>) {
        let wrapper = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("xtask"));
        let output = Command::new(wrapper)
            .arg("measure")
            .arg(&self.cargo)
            .arg("clippy")
            .arg("--manifest-path")
            .arg(self.dir.join("Cargo.toml"))
            .arg("--target-dir")
            .arg(&self.target)
            .args(["--quiet", "--message-format", "short"])
            .output();
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

/// The lines of `[workspace.dependencies]` that declare `names`, as they are written there.
pub(crate) fn workspace_dependencies(manifest: &str, names: &[&str]) -> String {
    let mut in_section = false;
    let mut out = Vec::new();
    for line in manifest.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_section = trimmed == "[workspace.dependencies]";
            continue;
        }
        if !in_section {
            continue;
        }
        if let Some((name, _)) = trimmed.split_once('=') {
            if names.contains(&name.trim()) {
                out.push(trimmed.to_owned());
            }
        }
    }
    out.join("\n")
}

/// A spec file, but not the corpus's own index of them.
fn is_spec(path: &Path) -> bool {
    generator::codegen::is_spec_file(path) && path.file_name().is_none_or(|n| n != "MANIFEST.json")
}

/// The specs at `path`: the file itself, the entry of the multi-file spec a folder holds, or
/// the specs found in a folder of them (a multi-file spec's fragments are never specs).
fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    use generator::codegen::{Found, entry_of, find_specs};
    if !path.is_dir() {
        out.push(path.to_path_buf());
        return;
    }
    if let Some(entry) = entry_of(path) {
        out.push(entry);
        return;
    }
    for found in find_specs(path, true).unwrap_or_default() {
        if let Found::Spec(spec) = found {
            if is_spec(&spec) {
                out.push(spec);
            }
        }
    }
}

//! `cargo xtask test`: everything CI checks, in one command, on a fresh machine.
//!
//! Installs what it needs (rustup components), then runs each step in turn and stops at the
//! first that fails. Cheap steps go first so a mistake shows in seconds; the corpus, which
//! compiles some forty generated crates, goes last.

use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::Instant;

struct Step {
    name: String,
    args: Vec<String>,
    env: &'static [(&'static str, &'static str)],
}

impl Step {
    fn new(name: impl Into<String>, args: &[&str]) -> Self {
        Step {
            name: name.into(),
            args: args.iter().map(|a| (*a).to_owned()).collect(),
            env: &[],
        }
    }
}

/// Real specs nobody here wrote, beside the project: every one must generate, compile and pass
/// clippy (the slowest step, so it runs after the quick ones). The vendors' own files and a
/// multi-file layout are what users bring today.
const CORPUS: &[&str] = &[
    "../shared/corpus/dev",
    "../shared/corpus/atlassian",
    "../shared/corpus/vendors",
    "../shared/corpus/multifile/redocly-starter",
];

fn steps() -> Vec<Step> {
    let mut steps = vec![
        Step::new("formatting", &["fmt", "--all", "--", "--check"]),
        Step::new("generated/ is fresh", &["xtask", "codegen", "--check"]),
        Step::new(
            "clippy, whole workspace",
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--all-features",
                "--",
                "-D",
                "warnings",
            ],
        ),
    ];
    // A consumer may enable either side alone: each combination must build cleanly, every
    // spec's module on (`openapi-rs-generated/specs`; the fixtures are not gated).
    for (label, features) in [
        (
            "types only",
            &["--features", "openapi-rs-generated/specs"][..],
        ),
        (
            "the client only",
            &["--features", "client,openapi-rs-generated/specs"],
        ),
        (
            "the server only",
            &["--features", "server,openapi-rs-generated/specs"],
        ),
    ] {
        // The fixture snapshots cover every construct, so they are checked the same way.
        let mut args = vec![
            "clippy",
            "-p",
            "openapi-rs-generated",
            "-p",
            "openapi-rs-fixtures",
            "--lib",
            "--no-default-features",
        ];
        args.extend_from_slice(features);
        args.extend_from_slice(&["--", "-D", "warnings"]);
        steps.push(Step {
            env: &[],
            ..Step::new(format!("clippy, generated crates with {label}"), &args)
        });
    }
    // A consumer that selects one spec, or one group of a spec split into groups, compiles
    // that alone: checked by clippy, and (one spec, one group) built as a consumer's `cargo
    // build` would, code generated.
    for (what, feature, build) in [
        ("the spec", "tasks", true),
        ("the spec", "atlassian_conversation", false),
        ("the group", "tasks-stats", true),
    ] {
        let features = format!("client,server,{feature}");
        steps.push(Step::new(
            format!("clippy, the generated crate with {what} {feature} alone"),
            &[
                "clippy",
                "-p",
                "openapi-rs-generated",
                "--lib",
                "--no-default-features",
                "--features",
                &features,
                "--",
                "-D",
                "warnings",
            ],
        ));
        if build {
            steps.push(Step::new(
                format!("build, the generated crate with {what} {feature} alone"),
                &[
                    "build",
                    "-p",
                    "openapi-rs-generated",
                    "--lib",
                    "--no-default-features",
                    "--features",
                    &features,
                ],
            ));
        }
    }
    steps.push(Step {
        env: &[("RUSTDOCFLAGS", "-D warnings")],
        ..Step::new(
            "docs without warnings",
            &["doc", "--workspace", "--no-deps", "--all-features"],
        )
    });
    steps.push(Step::new(
        "tests",
        &["test", "--workspace", "--all-features"],
    ));
    steps.push(Step::new(
        "new projects outside the workspace adopt the generator and the runtime",
        &["xtask", "adoption"],
    ));
    steps.push(Step::new(
        "specs from the corpus as published: pages from GitHub and Slack, a webhook of a multi-file spec",
        &["xtask", "roundtrips"],
    ));
    // Tools written by others, installed on first use: schemathesis against the example
    // servers, the generated client against Prism's mock.
    steps.push(Step::new(
        "schemathesis and Prism check the generated server and client",
        &["xtask", "checkers"],
    ));
    let mut corpus = vec!["xtask", "corpus"];
    corpus.extend_from_slice(CORPUS);
    steps.push(Step::new(
        "the corpus generates, compiles and passes clippy",
        &corpus,
    ));
    steps
}

pub fn run(root: &Path) -> ExitCode {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    if let Err(message) = install_components(&cargo) {
        eprintln!("xtask test: {message}");
        return ExitCode::FAILURE;
    }
    let mut passed = 0;
    for step in steps() {
        println!("==> {}: cargo {}", step.name, step.args.join(" "));
        let started = Instant::now();
        let status = Command::new(&cargo)
            .args(step.args)
            .envs(step.env.iter().copied())
            .current_dir(root)
            .status();
        let seconds = started.elapsed().as_secs_f32();
        match status {
            Ok(s) if s.success() => {
                passed += 1;
                println!("==> {} passed in {seconds:.1}s", step.name);
            }
            Ok(s) => {
                eprintln!("==> {} FAILED ({s}) after {seconds:.1}s", step.name);
                println!("steps: {passed} passed, 1 failed");
                return ExitCode::FAILURE;
            }
            Err(e) => {
                eprintln!("==> {}: cannot run cargo: {e}", step.name);
                println!("steps: {passed} passed, 1 failed");
                return ExitCode::FAILURE;
            }
        }
    }
    println!("steps: {passed} passed, 0 failed");
    ExitCode::SUCCESS
}

/// clippy and rustfmt come with rustup's default profile, but not with the minimal one.
fn install_components(cargo: &str) -> Result<(), String> {
    let have = |tool: &str| {
        Command::new(cargo)
            .args([tool, "--version"])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let missing: Vec<&str> = [("clippy", "clippy"), ("fmt", "rustfmt")]
        .iter()
        .filter(|(tool, _)| !have(tool))
        .map(|(_, component)| *component)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    println!("==> installing rustup components: {}", missing.join(", "));
    let status = Command::new("rustup")
        .args(["component", "add"])
        .args(&missing)
        .status()
        .map_err(|e| format!("cannot run rustup: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("rustup component add {} failed", missing.join(" ")))
    }
}

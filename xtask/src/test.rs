//! `cargo xtask test`: everything CI checks, in one command, on a fresh machine.
//!
//! Installs what it needs (rustup components), then runs each step in turn and stops at the
//! first that fails. Cheap steps go first so a mistake shows in seconds; `cargo test` goes last
//! so that its summary closes the output.

use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::Instant;

struct Step {
    name: &'static str,
    args: &'static [&'static str],
    env: &'static [(&'static str, &'static str)],
}

const STEPS: &[Step] = &[
    Step {
        name: "formatting",
        args: &["fmt", "--all", "--", "--check"],
        env: &[],
    },
    Step {
        name: "generated/ is fresh",
        args: &["xtask", "codegen", "--check"],
        env: &[],
    },
    Step {
        name: "clippy, whole workspace",
        args: &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ],
        env: &[],
    },
    Step {
        name: "clippy, generated crate without features",
        args: &[
            "clippy",
            "-p",
            "openapi-rs-generated",
            "--lib",
            "--no-default-features",
            "--",
            "-D",
            "warnings",
        ],
        env: &[],
    },
    Step {
        name: "clippy, generated crate with the client only",
        args: &[
            "clippy",
            "-p",
            "openapi-rs-generated",
            "--lib",
            "--no-default-features",
            "--features",
            "client",
            "--",
            "-D",
            "warnings",
        ],
        env: &[],
    },
    Step {
        name: "clippy, generated crate with the server only",
        args: &[
            "clippy",
            "-p",
            "openapi-rs-generated",
            "--lib",
            "--no-default-features",
            "--features",
            "server",
            "--",
            "-D",
            "warnings",
        ],
        env: &[],
    },
    Step {
        name: "docs without warnings",
        args: &["doc", "--workspace", "--no-deps", "--all-features"],
        env: &[("RUSTDOCFLAGS", "-D warnings")],
    },
    Step {
        name: "tests",
        args: &["test", "--workspace", "--all-features"],
        env: &[],
    },
];

pub fn run(root: &Path) -> ExitCode {
    if let Err(message) = install_components() {
        eprintln!("xtask test: {message}");
        return ExitCode::FAILURE;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut passed = 0;
    for step in STEPS {
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
fn install_components() -> Result<(), String> {
    let have = |tool: &str| {
        Command::new("cargo")
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

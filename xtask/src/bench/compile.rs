//! How long the generated client takes to compile, dependencies prebuilt: ours (types and
//! client; the server behind its feature, off) against each peer's crate, on the specs the
//! coverage table picks (the largest that every peer compiles, and a mid-sized one that most
//! do). Each contender builds in a target directory of its own, without incremental state; a
//! run rewrites `src/lib.rs` and times `cargo check`, then `cargo build`.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::measure::{self, Sample};
use super::{Contender, LIMIT, Setup, command};

/// The spec measured when the coverage table did not run to pick one: one that progenitor,
/// which fails on most, generates.
pub const SPEC: &str = "../shared/corpus/dev/028_O30_groundhog-day.com.json";

/// A contender's `cargo check` and debug build, or why there are none.
pub type Times = Result<(Sample, Sample), String>;

pub struct CompileResult {
    pub spec: String,
    pub results: Vec<(Contender, Times)>,
}

pub fn run(setup: &Setup, spec: &Path) -> Result<CompileResult, String> {
    let name = spec
        .file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let base = setup.scratch.join("compile").join(&name);
    let contenders = std::iter::once(Contender::Ours).chain(Contender::PEERS);
    let mut crates: Vec<(Contender, Result<PathBuf, String>)> = Vec::new();
    for contender in contenders {
        println!("==> compile {name}: generating with {}", contender.label());
        let dir = base.join(format!("{contender:?}").to_lowercase());
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let made = match contender {
            Contender::Ours => {
                super::coverage::ours(setup, spec, &dir, "bench-client", true).map(|_| dir.clone())
            }
            _ => super::applies(contender, spec).and_then(|()| {
                let log = base.join(format!("{contender:?}-generate.log"));
                measure::run(&mut command(setup, contender, spec, &dir), &log, LIMIT)?;
                if contender == Contender::OpenApiToRust {
                    // A module and the dependencies it needs: the crate is the consumer's.
                    let deps = dir.join("src").join("generated").join("REQUIRED_DEPS.toml");
                    let deps = std::fs::read_to_string(&deps)
                        .map_err(|e| format!("no REQUIRED_DEPS.toml: {e}"))?;
                    super::coverage::new_crate(
                        &dir,
                        "bench-client",
                        "pub mod generated;\n",
                        &deps,
                    )?;
                }
                // Kept out of the workspace it was written under (`target/` is inside it).
                super::coverage::own_crate(&dir, None)?;
                Ok(dir.clone())
            }),
        };
        // Dependencies are built once, outside the timed runs.
        let warmed = made.and_then(|dir| {
            for step in ["build", "check"] {
                let log = base.join(format!("{contender:?}-warm-{step}.log"));
                measure::run(&mut cargo(setup, &dir, step), &log, LIMIT)
                    .map_err(|e| format!("cargo {step}: {e}"))?;
            }
            Ok(dir)
        });
        if let Err(e) = &warmed {
            println!("compile: {} cannot be built: {e}", contender.label());
        }
        crates.push((contender, warmed));
    }
    let mut samples: Vec<(Vec<Sample>, Vec<Sample>, Option<String>)> = crates
        .iter()
        .map(|_| (Vec::new(), Vec::new(), None))
        .collect();
    for run in 0..setup.runs {
        for ((contender, dir), (checks, builds, failure)) in crates.iter().zip(&mut samples) {
            let Ok(dir) = dir else { continue };
            if failure.is_some() {
                continue;
            }
            for (step, into) in [("check", &mut *checks), ("build", &mut *builds)] {
                if let Err(e) = touch(&dir.join("src").join("lib.rs")) {
                    *failure = Some(e);
                    break;
                }
                let log = base.join(format!("{contender:?}-{step}.log"));
                match measure::run(&mut cargo(setup, dir, step), &log, LIMIT) {
                    Ok(s) => {
                        println!(
                            "compile run {}: {} cargo {step} {:.1} s",
                            run + 1,
                            contender.label(),
                            s.wall.as_secs_f64()
                        );
                        into.push(s);
                    }
                    Err(e) => *failure = Some(format!("cargo {step}: {e}")),
                }
            }
        }
    }
    let results = crates
        .into_iter()
        .zip(samples)
        .map(|((contender, dir), (checks, builds, failure))| {
            let result = match (dir, failure) {
                (Err(e), _) | (Ok(_), Some(e)) => Err(e),
                (Ok(_), None) => match (measure::median(&checks), measure::median(&builds)) {
                    (Some(c), Some(b)) => Ok((c, b)),
                    _ => Err("no runs".to_owned()),
                },
            };
            (contender, result)
        })
        .collect();
    Ok(CompileResult {
        spec: name,
        results,
    })
}

/// `cargo <step>` of the crate in `dir`, in a target directory of its own beside it,
/// incremental compilation off.
pub(super) fn cargo(setup: &Setup, dir: &Path, step: &str) -> Command {
    let mut c = Command::new(&setup.cargo);
    c.arg(step)
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(dir.with_extension("target"))
        .env("CARGO_INCREMENTAL", "0");
    c
}

/// Marks a file changed (same content, new modification time).
pub(super) fn touch(file: &Path) -> Result<(), String> {
    let text = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
    std::fs::write(file, text).map_err(|e| format!("{}: {e}", file.display()))
}

//! What selecting specs and groups saves a consumer (issue 18's targets): `cargo check` time
//! and the compiler's peak memory of generated crates under several feature selections,
//! dependencies prebuilt, incremental compilation off. Two crates: one holding the seed and
//! GitHub's, Stripe's and Kubernetes' specs (each gated, the large ones split into groups), and
//! one holding the seed alone, the baseline a consumer of the seed compares with.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::compile::{self, touch};
use super::lines;
use super::measure::{self, Sample};
use super::{LIMIT, Setup};

/// The large specs the crate holds beside the seed.
const LARGE: &[&str] = &[
    "../shared/corpus/large/github.json",
    "../shared/corpus/large/stripe-oas3.json",
    "../shared/corpus/large/kubernetes-oas3.json",
];

/// The largest spec, in a crate of its own.
const GRAPH: &str = "../shared/corpus/large/msgraph.json";

/// Graph's checks run with their address space capped, so that a check needing more memory
/// than the machine has fails alone (rustc's address space runs about 5 GiB above its peak).
const GRAPH_CAP: u64 = 20 << 30;

fn cap_memory(command: &mut Command, bytes: u64) {
    use std::os::unix::process::CommandExt;
    let limit = libc::rlimit {
        rlim_cur: bytes,
        rlim_max: bytes,
    };
    // SAFETY: the closure runs in the child between fork and exec and only calls setrlimit,
    // which is async-signal-safe.
    unsafe {
        command.pre_exec(move || {
            if libc::setrlimit(libc::RLIMIT_AS, &limit) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
}

/// Which consumer's crate a selection is measured in.
#[derive(Clone, Copy, PartialEq)]
enum Crate {
    /// The seed alone: the baseline a consumer of the seed compares with.
    Seed,
    /// The seed, GitHub, Stripe and Kubernetes.
    Many,
    /// Microsoft Graph alone.
    Graph,
}

/// One selection: which crate, what a consumer turns on, and what it is measured for.
struct Selection {
    label: String,
    krate: Crate,
    features: String,
}

fn selections(graph_group: &str) -> Vec<Selection> {
    let fixed = [
        (
            "the seed alone, client and server, in a crate holding only the seed",
            Crate::Seed,
            "client,server,atlassian_conversation",
        ),
        (
            "the seed alone, client and server, in a crate that also holds GitHub, Stripe and Kubernetes",
            Crate::Many,
            "client,server,atlassian_conversation",
        ),
        (
            "GitHub's `repos` group, client",
            Crate::Many,
            "client,github-repos",
        ),
        (
            "GitHub's `repos` group, client and server",
            Crate::Many,
            "client,server,github-repos",
        ),
        ("GitHub whole, types only", Crate::Many, "github"),
        ("GitHub whole, client", Crate::Many, "client,github"),
        (
            "GitHub whole, client and server",
            Crate::Many,
            "client,server,github",
        ),
        (
            "Microsoft Graph whole, client and server",
            Crate::Graph,
            "client,server,msgraph",
        ),
    ];
    let mut all: Vec<Selection> = fixed
        .into_iter()
        .map(|(label, krate, features)| Selection {
            label: label.to_owned(),
            krate,
            features: features.to_owned(),
        })
        .collect();
    all.insert(
        all.len() - 1,
        Selection {
            label: format!(
                "Microsoft Graph's largest group (`{graph_group}`, the most generated lines), client and server"
            ),
            krate: Crate::Graph,
            features: format!("client,server,{graph_group}"),
        },
    );
    all
}

pub struct Row {
    pub label: String,
    pub features: String,
    /// Lines of generated code the selection compiles.
    pub lines: Result<usize, String>,
    pub result: Result<Sample, String>,
}

pub fn run(setup: &Setup) -> Result<Vec<Row>, String> {
    let base = setup.scratch.join("selection");
    let _ = std::fs::remove_dir_all(&base);
    let seed = setup.root.join("specs").join("atlassian-conversation.yaml");
    let mut many = vec![seed.clone()];
    many.extend(LARGE.iter().map(|s| setup.root.join(s)));
    let crates = [
        (
            Crate::Seed,
            make(setup, &base.join("seed"), std::slice::from_ref(&seed))?,
        ),
        (Crate::Many, make(setup, &base.join("many"), &many)?),
        (
            Crate::Graph,
            make(setup, &base.join("graph"), &[setup.root.join(GRAPH)])?,
        ),
    ];
    let crate_of = |selection: &Selection| {
        crates
            .iter()
            .find(|(krate, _)| *krate == selection.krate)
            .map(|(_, dir)| dir)
    };
    let graph = crates[2].1.to_string_lossy().into_owned();
    let group = apart(setup, &["largest-group", &graph, "msgraph"])?;
    let selections = selections(&group);
    // Dependencies are built once per crate and feature set, outside the timed runs.
    for selection in &selections {
        if let Some(dir) = crate_of(selection) {
            warm(setup, dir, &selection.features, &base.join("warm.log"))?;
        }
    }
    let mut samples: Vec<(Vec<Sample>, Option<String>)> =
        selections.iter().map(|_| (Vec::new(), None)).collect();
    for run in 0..setup.runs {
        for (selection, (into, failure)) in selections.iter().zip(&mut samples) {
            // Graph's checks take minutes each: one run of them.
            if failure.is_some() || (selection.krate == Crate::Graph && run > 0) {
                continue;
            }
            let Some(dir) = crate_of(selection) else {
                continue;
            };
            if let Err(e) = touch(&dir.join("src").join("lib.rs")) {
                *failure = Some(e);
                continue;
            }
            let log = base.join("check.log");
            // Graph's whole module may take longer than any other run.
            let limit = if selection.krate == Crate::Graph {
                LIMIT * 3
            } else {
                LIMIT
            };
            let mut command = check(setup, dir, &selection.features);
            if selection.krate == Crate::Graph {
                cap_memory(&mut command, GRAPH_CAP);
            }
            match measure::run(&mut command, &log, limit) {
                Ok(s) => {
                    println!(
                        "selection run {}: {} {:.1} s, {} MiB",
                        run + 1,
                        selection.features,
                        s.wall.as_secs_f64(),
                        s.peak >> 20
                    );
                    into.push(s);
                }
                Err(e) if selection.krate == Crate::Graph => {
                    *failure = Some(format!(
                        "{e} (its address space capped at {} GiB)",
                        GRAPH_CAP >> 30
                    ));
                }
                Err(e) => *failure = Some(e),
            }
        }
    }
    Ok(selections
        .into_iter()
        .zip(samples)
        .map(|(selection, (samples, failure))| {
            let lines = match crate_of(&selection) {
                Some(dir) => apart(
                    setup,
                    &["lines", &dir.to_string_lossy(), &selection.features],
                )
                .and_then(|n| n.parse().map_err(|e| format!("{n:?}: {e}"))),
                None => Err("no crate".to_owned()),
            };
            Row {
                label: selection.label,
                features: selection.features,
                lines,
                result: match failure {
                    Some(e) => Err(e),
                    None => measure::median(&samples).ok_or_else(|| "no runs".to_owned()),
                },
            }
        })
        .collect())
}

/// A consumer's crate of the given specs, each gated by its feature (the large ones split
/// into groups), with `client` and `server` features of its own.
fn make(setup: &Setup, dir: &Path, specs: &[PathBuf]) -> Result<PathBuf, String> {
    std::fs::create_dir_all(dir.join("specs")).map_err(|e| e.to_string())?;
    for spec in specs {
        let name = spec.file_name().ok_or("a spec without a file name")?;
        std::fs::copy(spec, dir.join("specs").join(name)).map_err(|e| e.to_string())?;
        // The seed's settings and overlay travel with it.
        let stem = spec
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        for extra in ["codegen.yaml", "overlay.yaml"] {
            let beside = spec.with_file_name(format!("{stem}.{extra}"));
            if beside.exists() {
                std::fs::copy(&beside, dir.join("specs").join(format!("{stem}.{extra}")))
                    .map_err(|e| e.to_string())?;
            }
        }
    }
    let runtime = setup.root.join("generator").join("runtime");
    let manifest = dir.join("Cargo.toml");
    std::fs::write(
        &manifest,
        format!(
            r#"[package]
name = "bench-selection"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
openapi-rs-runtime = {{ path = {runtime:?}, default-features = false }}

[features]
default = ["client", "server", "specs"]
client = ["openapi-rs-runtime/client"]
server = ["openapi-rs-runtime/server"]

[workspace]
"#
        ),
    )
    .map_err(|e| e.to_string())?;
    std::fs::copy(setup.root.join("Cargo.lock"), dir.join("Cargo.lock"))
        .map_err(|e| e.to_string())?;
    apart(setup, &["selection-crate", &dir.to_string_lossy()])?;
    Ok(dir.to_path_buf())
}

/// Runs `xtask bench-one <args>` (the release build) and gives its output.
fn apart(setup: &Setup, args: &[&str]) -> Result<String, String> {
    let out = Command::new(&setup.xtask)
        .arg("bench-one")
        .args(args)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", setup.xtask.display()))?;
    if !out.status.success() {
        return Err(format!(
            "xtask bench-one {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// `bench-one selection-crate <dir>`: the crate's code from its specs, each module gated.
pub fn generate(dir: &Path) -> Result<(), String> {
    openapi_rs_generator::Generator::new()
        .spec(dir.join("specs"))
        .out_dir(dir.join("src"))
        .root_file("lib.rs")
        .features(dir.join("Cargo.toml"))
        .command("cargo xtask bench")
        .write()
        .map(drop)
        .map_err(|e| e.to_string())
}

/// `bench-one lines <dir> <features>`: prints the lines of generated code the selection compiles.
pub fn lines(dir: &Path, features: &str) -> Result<(), String> {
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).map_err(|e| e.to_string())?;
    let on = lines::resolve(&manifest, features);
    println!("{}", lines::count(&dir.join("src"), &on)?);
    Ok(())
}

/// `bench-one largest-group <dir> <module>`: prints the module's group with the most lines.
pub fn largest_group(dir: &Path, module: &str) -> Result<(), String> {
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).map_err(|e| e.to_string())?;
    println!(
        "{}",
        lines::largest_group(&dir.join("src"), &manifest, module)?
    );
    Ok(())
}

fn check(setup: &Setup, dir: &Path, features: &str) -> Command {
    let mut c = compile::cargo(setup, dir, "check");
    c.args(["--no-default-features", "--features", features]);
    c
}

/// Builds a selection's dependencies: a check with the crate's code left out.
fn warm(setup: &Setup, dir: &Path, features: &str, log: &Path) -> Result<(), String> {
    let lib = dir.join("src").join("lib.rs");
    let real = std::fs::read(&lib).map_err(|e| e.to_string())?;
    std::fs::write(&lib, "").map_err(|e| e.to_string())?;
    let warmed = measure::run(&mut check(setup, dir, features), log, LIMIT);
    std::fs::write(&lib, real).map_err(|e| e.to_string())?;
    warmed
        .map(|_| ())
        .map_err(|e| format!("cargo check ({features}) with no code: {e}"))
}

/// GitHub's whole module, client and server, before the split: measured by this part at
/// 50deada (`--runs 1`), where the whole module is the code from before issue 18 with only
/// `cfg` attributes added. The time and peak the target halves.
const BEFORE: (f64, f64) = (52.8, 4.1);

/// The selection table, and each target met or missed.
pub fn table(rows: &[Row], md: &mut String) {
    use std::fmt::Write as _;
    let _ = writeln!(
        md,
        "## Selecting specs and groups\n\n`cargo check` of a consumer's crate under a feature selection (`--no-default-features --features ...`), dependencies prebuilt, incremental compilation off: wall time and the compiler's peak memory; Microsoft Graph's rows are from one run (each takes minutes). The lines are those of the generated code the selection compiles (what its `cfg`s leave out removed).\n"
    );
    let _ = writeln!(
        md,
        "| selection | features | generated lines compiled | check | peak |"
    );
    let _ = writeln!(md, "|---|---|---:|---:|---:|");
    for row in rows {
        let (time, peak) = match &row.result {
            Ok(s) => (
                format!("{:.1} s", s.wall.as_secs_f64()),
                format!("{} MiB", s.peak >> 20),
            ),
            Err(e) => (format!("failed: {e}"), "-".to_owned()),
        };
        let lines = match &row.lines {
            Ok(n) => thousands(*n),
            Err(e) => format!("not counted: {e}"),
        };
        let _ = writeln!(
            md,
            "| {} | `{}` | {lines} | {time} | {peak} |",
            row.label, row.features
        );
    }
    let get = |features: &str| {
        rows.iter()
            .skip(1)
            .find(|r| r.features == features)
            .and_then(|r| r.result.as_ref().ok())
    };
    let seed_alone = rows.first().and_then(|r| r.result.as_ref().ok());
    let seed_among = rows.get(1).and_then(|r| r.result.as_ref().ok());
    let repos = get("client,github-repos");
    let whole = get("client,server,github");
    let ratio = |a: &Sample, b: &Sample| {
        (
            a.wall.as_secs_f64() / b.wall.as_secs_f64().max(1e-9),
            a.peak as f64 / (b.peak as f64).max(1.0),
        )
    };
    let verdict = |ok: bool| if ok { "met" } else { "missed" };
    let _ = writeln!(md, "\n### Targets\n");
    if let (Some(among), Some(alone)) = (seed_among, seed_alone) {
        let (t, m) = ratio(among, alone);
        let _ = writeln!(
            md,
            "- The seed alone in a crate that also holds GitHub, Stripe and Kubernetes, against a crate of the seed only: {t:.2}x the time, {m:.2}x the peak (target at most 1.1x each): {}.",
            verdict(t <= 1.1 && m <= 1.1)
        );
    }
    if let (Some(repos), Some(whole)) = (repos, whole) {
        let (t, m) = ratio(repos, whole);
        let _ = writeln!(
            md,
            "- GitHub's `repos` group with the client, against the whole module with client and server: {t:.2}x the time, {m:.2}x the peak (target at most 0.2x and 0.3x): {}.",
            verdict(t <= 0.2 && m <= 0.3)
        );
    }
    if let Some(whole) = whole {
        let secs = whole.wall.as_secs_f64();
        let gib = whole.peak as f64 / f64::from(1u32 << 30);
        let (before_secs, before_gib) = BEFORE;
        let _ = writeln!(
            md,
            "- GitHub's whole module, client and server: {secs:.1} s and {gib:.1} GiB, against {before_secs:.0} s and {before_gib:.1} GiB before the split (target at most half the time and 2 GiB): {}.{}",
            verdict(secs <= before_secs / 2.0 && gib <= 2.0),
            match get("github") {
                Some(types) if secs > before_secs / 2.0 || gib > 2.0 => format!(
                    " The module's types alone (no client, no server) take {:.1} s and {:.1} GiB: what is left is code per schema type (its serde, `Clone`, `Debug` and `PartialEq`), which only fewer or smaller types would cut further, and the client and server add the rest.",
                    types.wall.as_secs_f64(),
                    types.peak as f64 / f64::from(1u32 << 30),
                ),
                _ => String::new(),
            }
        );
    }
    let graph_group = rows
        .iter()
        .find(|r| r.features.starts_with("client,server,msgraph-"))
        .and_then(|r| r.result.as_ref().ok());
    let graph_whole = get("client,server,msgraph");
    let gib = |s: &Sample| s.peak as f64 / f64::from(1u32 << 30);
    let _ = match graph_whole {
        Some(whole) => writeln!(
            md,
            "- Microsoft Graph's whole module, client and server, within 8 GiB: {:.1} GiB: {}.",
            gib(whole),
            verdict(gib(whole) <= 8.0)
        ),
        None => writeln!(
            md,
            "- Microsoft Graph's whole module, client and server, within 8 GiB: missed, it did not check within the limits (see the table)."
        ),
    };
    if let Some(group) = graph_group {
        let _ = writeln!(
            md,
            "- Microsoft Graph, any one group within 1 GiB: its largest group (the most generated lines) takes {:.2} GiB: {}.",
            gib(group),
            verdict(gib(group) <= 1.0)
        );
    }
    let _ = writeln!(md);
}

/// `1234567` as `1,234,567`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

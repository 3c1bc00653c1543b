//! The coverage table: does each tool work on the specs users bring? Every spec of the dev,
//! atlassian and vendors corpora, through every tool that reads its version: generated, and
//! the generated code checked by `cargo check` (ours also by clippy with `-D warnings`).
//!
//! A peer gets the input its documentation says it reads, as published: a peer that reads
//! OpenAPI 3 only is marked as not reading Swagger 2.0, not fed a converted file. Each
//! generated crate gets the dependencies the peer's documentation names (the crate it writes
//! itself, or the dependency list it writes beside its output), and a package name of its own,
//! so that the shared target directory never answers for one spec with another's build: a
//! spec counts as compiled only when the compiler checked its code.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use super::{Contender, LIMIT, Setup, SpecVersion, measure};

/// The corpora, by the name the table gives them.
pub const CORPORA: [(&str, &str); 3] = [
    ("dev", "../shared/corpus/dev"),
    ("atlassian", "../shared/corpus/atlassian"),
    ("vendors", "../shared/corpus/vendors"),
];

/// How long one `cargo check` may take (a peer's crate for a large spec is slow).
const CHECK_LIMIT: Duration = Duration::from_secs(900);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    Ours,
    Progenitor,
    OpenApiGenerator,
    /// Its client alone.
    OpenApiToRust,
    /// Its client and, every operation selected, its server.
    OpenApiToRustServer,
    Ploidy,
    Oas3Gen,
}

impl Tool {
    pub const ALL: [Tool; 7] = [
        Tool::Ours,
        Tool::Progenitor,
        Tool::OpenApiGenerator,
        Tool::OpenApiToRust,
        Tool::OpenApiToRustServer,
        Tool::Ploidy,
        Tool::Oas3Gen,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Tool::Ours => "openapi-rs (client and server)",
            Tool::Progenitor => "progenitor (client)",
            Tool::OpenApiGenerator => "openapi-generator `rust` (client)",
            Tool::OpenApiToRust => "openapi-to-rust (client)",
            Tool::OpenApiToRustServer => "openapi-to-rust (client and server)",
            Tool::Ploidy => "ploidy (client)",
            Tool::Oas3Gen => "oas3-gen (client)",
        }
    }

    fn key(self) -> &'static str {
        match self {
            Tool::Ours => "ours",
            Tool::Progenitor => "progenitor",
            Tool::OpenApiGenerator => "openapi-generator",
            Tool::OpenApiToRust => "openapi-to-rust",
            Tool::OpenApiToRustServer => "openapi-to-rust-server",
            Tool::Ploidy => "ploidy",
            Tool::Oas3Gen => "oas3-gen",
        }
    }

    /// The contender of the other tables it is (openapi-to-rust's two rows are one).
    fn contender(self) -> Contender {
        match self {
            Tool::Ours => Contender::Ours,
            Tool::Progenitor => Contender::Progenitor,
            Tool::OpenApiGenerator => Contender::OpenApiGenerator,
            Tool::OpenApiToRust | Tool::OpenApiToRustServer => Contender::OpenApiToRust,
            Tool::Ploidy => Contender::Ploidy,
            Tool::Oas3Gen => Contender::Oas3Gen,
        }
    }
}

/// What a tool made of a spec.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// The tool does not read this version.
    NotRead,
    /// Generation failed: the first error.
    NotGenerated(String),
    /// Generated; `cargo check` failed: the first error.
    NotCompiled(String),
    /// Generated and checked; for ours, clippy's verdict as well.
    Compiled { clippy: Option<Result<(), String>> },
}

pub struct Row {
    pub corpus: &'static str,
    pub spec: String,
    pub path: std::path::PathBuf,
    pub bytes: u64,
    /// How many operations ours generated, when it did.
    pub operations: Option<usize>,
    pub version: SpecVersion,
    pub outcomes: Vec<(Tool, Outcome)>,
}

impl Row {
    /// How many tools' code for it compiled (openapi-to-rust's server counted apart).
    pub fn compiled_by(&self) -> usize {
        self.outcomes
            .iter()
            .filter(|(_, o)| matches!(o, Outcome::Compiled { .. }))
            .count()
    }

    pub fn compiled(&self, tool: Tool) -> bool {
        self.outcomes
            .iter()
            .any(|(t, o)| *t == tool && matches!(o, Outcome::Compiled { .. }))
    }
}

/// Every spec of the corpora, or those whose file name contains one of `only`.
pub fn run(setup: &Setup, only: &[String]) -> Result<Vec<Row>, String> {
    let base = setup.scratch.join("coverage");
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base).map_err(|e| e.to_string())?;
    let mut rows = Vec::new();
    let mut number = 0;
    for (corpus, dir) in CORPORA {
        let specs = openapi_rs_generator::Generator::new()
            .spec(setup.root.join(dir))
            .recursive(true)
            .spec_files()
            .map_err(|e| e.to_string())?;
        for spec in specs {
            let shown = spec.to_string_lossy();
            if !only.is_empty() && !only.iter().any(|o| shown.contains(o.as_str())) {
                continue;
            }
            let Some(version) = super::spec_version(&spec) else {
                println!("coverage: {} declares no version; left out", spec.display());
                continue;
            };
            let name = spec
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let mut outcomes = Vec::new();
            let mut operations = None;
            for tool in Tool::ALL {
                number += 1;
                let outcome = if tool.contender().reads(version) {
                    let dir = base.join(format!("{}-{number:04}", tool.key()));
                    one(setup, tool, &spec, &dir, number, &mut operations)
                } else {
                    Outcome::NotRead
                };
                println!(
                    "coverage: {corpus}/{name}: {}: {}",
                    tool.label(),
                    short(&outcome)
                );
                outcomes.push((tool, outcome));
            }
            rows.push(Row {
                corpus,
                spec: name,
                bytes: std::fs::metadata(&spec).map(|m| m.len()).unwrap_or(0),
                path: spec,
                operations,
                version,
                outcomes,
            });
        }
    }
    Ok(rows)
}

fn short(outcome: &Outcome) -> String {
    match outcome {
        Outcome::NotRead => "does not read this version".to_owned(),
        Outcome::NotGenerated(e) => format!("not generated: {e}"),
        Outcome::NotCompiled(e) => format!("generated, does not compile: {e}"),
        Outcome::Compiled {
            clippy: Some(Err(e)),
        } => format!("compiles, clippy: {e}"),
        Outcome::Compiled { .. } => "compiles".to_owned(),
    }
}

/// One tool on one spec, in `dir`: generated, then checked.
fn one(
    setup: &Setup,
    tool: Tool,
    spec: &Path,
    dir: &Path,
    n: usize,
    operations: &mut Option<usize>,
) -> Outcome {
    if let Err(e) = std::fs::create_dir_all(dir) {
        return Outcome::NotGenerated(e.to_string());
    }
    // Each crate its own package, so that no build of another spec's answers for it.
    let package = format!("coverage-{n:04}-{}", tool.key());
    let made = match tool {
        Tool::Ours => ours(setup, spec, dir, &package, false).map(|ops| *operations = Some(ops)),
        Tool::OpenApiToRust | Tool::OpenApiToRustServer => {
            openapi_to_rust(setup, tool, spec, dir, &package)
        }
        // The others write a crate of their own, as the generation table runs them.
        Tool::Progenitor | Tool::OpenApiGenerator | Tool::Ploidy | Tool::Oas3Gen => {
            generated(&mut super::command(setup, tool.contender(), spec, dir), dir)
                .and_then(|()| own_crate(dir, Some(&package)))
        }
    };
    if let Err(e) = made {
        return Outcome::NotGenerated(e);
    }
    let outcome = match cargo(setup, dir, "check") {
        Err(e) => Outcome::NotCompiled(e),
        Ok(()) => Outcome::Compiled {
            clippy: (tool == Tool::Ours).then(|| cargo(setup, dir, "clippy")),
        },
    };
    forget(setup, dir, &package);
    outcome
}

/// Removes a checked crate's own build from the shared target directory (its dependencies
/// stay built): every spec is a package of its own, and the run's leftovers would otherwise
/// fill tens of GB.
fn forget(setup: &Setup, dir: &Path, package: &str) {
    let cleaned = in_shared_target(setup, dir, "clean")
        .args(["--quiet", "-p", package])
        .status();
    if !cleaned.is_ok_and(|s| s.success()) {
        eprintln!("coverage: could not clean {package}'s build");
    }
}

/// Runs a generator, its output kept in a log beside `dir`.
fn generated(command: &mut Command, dir: &Path) -> Result<(), String> {
    measure::run(command, &dir.with_extension("generate.log"), LIMIT).map(drop)
}

/// `cargo check` (or clippy, warnings denied) of the crate in `dir`, in the coverage's shared
/// target directory: the first error when it fails.
fn cargo(setup: &Setup, dir: &Path, step: &str) -> Result<(), String> {
    let mut command = in_shared_target(setup, dir, step);
    command
        .arg("--lib")
        // Incremental state is kept per package: for a crate checked once, only disk spent.
        .env("CARGO_INCREMENTAL", "0");
    if step == "clippy" {
        command.args(["--", "-D", "warnings"]);
    }
    let log = dir.with_extension(format!("{step}.log"));
    measure::run(&mut command, &log, CHECK_LIMIT).map(drop)
}

/// `cargo <step>` of the crate in `dir`, in the coverage's shared target directory.
fn in_shared_target(setup: &Setup, dir: &Path, step: &str) -> Command {
    let mut command = Command::new(&setup.cargo);
    command
        .arg(step)
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(setup.scratch.join("coverage-target"));
    command
}

/// A peer's crate as it wrote it: named `package` (when given), and kept out of any workspace
/// above it.
pub(super) fn own_crate(dir: &Path, package: Option<&str>) -> Result<(), String> {
    let manifest = dir.join("Cargo.toml");
    let text =
        std::fs::read_to_string(&manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    let mut out = String::with_capacity(text.len() + 16);
    let mut table = String::new();
    let mut renamed = package.is_none();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            table = trimmed.to_owned();
        }
        match package {
            Some(package) if !renamed && table == "[package]" && trimmed.starts_with("name") => {
                out.push_str(&format!("name = \"{package}\"\n"));
                renamed = true;
            }
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    if !renamed {
        return Err(format!("{} names no package", manifest.display()));
    }
    if !out.contains("\n[workspace]") {
        out.push_str("\n[workspace]\n");
    }
    std::fs::write(&manifest, out).map_err(|e| format!("{}: {e}", manifest.display()))
}

/// A new library crate whose `src/lib.rs` is `lib`, with the dependencies in `dependencies`
/// (a TOML fragment with its own `[dependencies]` table).
pub(super) fn new_crate(
    dir: &Path,
    package: &str,
    lib: &str,
    dependencies: &str,
) -> Result<(), String> {
    let manifest = format!(
        "[package]\nname = \"{package}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n{dependencies}\n\n[workspace]\n"
    );
    std::fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("src").join("lib.rs"), lib).map_err(|e| e.to_string())
}

/// Ours as a consumer's crate, the runtime by path and nothing else: with client and server,
/// or (`client_only`) the client alone. How many operations it generated. Written by a child
/// process (`bench-one crate`), so that this one stays small: the kernel counts a measured
/// child's peak memory from the size of the process that started it.
pub(super) fn ours(
    setup: &Setup,
    spec: &Path,
    dir: &Path,
    package: &str,
    client_only: bool,
) -> Result<usize, String> {
    let log = dir.with_extension("generate.log");
    measure::run(
        Command::new(&setup.xtask)
            .args(["bench-one", "crate"])
            .arg(spec)
            .arg(dir)
            .arg(package)
            .arg(if client_only { "client" } else { "all" }),
        &log,
        LIMIT,
    )?;
    let said = std::fs::read_to_string(&log).map_err(|e| format!("{}: {e}", log.display()))?;
    said.lines()
        .find_map(|l| l.strip_prefix("operations: ")?.trim().parse().ok())
        .ok_or_else(|| format!("{} does not say how many operations", log.display()))
}

/// `bench-one crate`: writes ours as [`ours`] says, and prints `operations: N`.
pub fn write_ours(spec: &Path, dir: &Path, package: &str, client_only: bool) -> Result<(), String> {
    let report = openapi_rs_generator::Generator::new()
        .spec(spec)
        .out_dir(dir.join("src"))
        .root_file("lib.rs")
        .command("cargo xtask bench")
        .write()
        .map_err(|e| e.to_string())?;
    let operations: usize = report.specs.iter().map(|s| s.operations).sum();
    let root = crate::workspace_root();
    let runtime = root.join("generator").join("runtime");
    let features = if client_only {
        ", default-features = false, features = [\"client\"]"
    } else {
        ""
    };
    let manifest = format!(
        "[package]\nname = \"{package}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\nopenapi-rs-runtime = {{ path = {runtime:?}{features} }}\n\n[workspace]\n"
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).map_err(|e| e.to_string())?;
    println!("operations: {operations}");
    Ok(())
}

/// openapi-to-rust writes a module and the dependencies it needs (`REQUIRED_DEPS.toml`);
/// its output needs edition 2024. Its server is opt-in per operation: for the server row,
/// every operation is selected.
fn openapi_to_rust(
    setup: &Setup,
    tool: Tool,
    spec: &Path,
    dir: &Path,
    package: &str,
) -> Result<(), String> {
    let out = dir.join("src").join("generated");
    if tool == Tool::OpenApiToRust {
        generated(
            Command::new(&setup.openapi_to_rust)
                .arg("generate")
                .arg(spec)
                .arg("--output-dir")
                .arg(&out)
                .args(["--module-name", "api"]),
            dir,
        )?;
    } else {
        let config = dir.join("openapi-to-rust.toml");
        generated(
            Command::new(&setup.openapi_to_rust)
                .arg("init")
                .arg(spec)
                .arg("--config")
                .arg(&config)
                .arg("--output-dir")
                .arg(&out)
                .args(["--module-name", "api", "--force"]),
            dir,
        )?;
        let listed = Command::new(&setup.openapi_to_rust)
            .args(["server", "list", "--json", "--spec"])
            .arg(spec)
            .output()
            .map_err(|e| format!("cannot list its operations: {e}"))?;
        let operations: serde_json::Value =
            serde_json::from_slice(&listed.stdout).map_err(|e| {
                let said = String::from_utf8_lossy(&listed.stderr);
                match said.lines().find(|l| !l.trim().is_empty()) {
                    Some(line) => format!("listing its operations: {}", line.trim()),
                    None => format!("its operation list does not read: {e}"),
                }
            })?;
        let selectors = selectors(&operations);
        if selectors.is_empty() {
            return Err("it lists no operation to serve".to_owned());
        }
        // Its own command writes the `[server]` table with one operation; the list is then
        // made whole (one command per operation would read the spec as many times).
        generated(
            Command::new(&setup.openapi_to_rust)
                .args(["server", "add"])
                .arg(&selectors[0])
                .arg("--config")
                .arg(&config),
            dir,
        )?;
        let text = std::fs::read_to_string(&config).map_err(|e| e.to_string())?;
        let quoted: Vec<String> = selectors.iter().map(|s| format!("{s:?}")).collect();
        let whole = format!("operations = [{}]", quoted.join(", "));
        let text: Vec<String> = text
            .lines()
            .map(|l| {
                if l.trim_start().starts_with("operations = [") {
                    whole.clone()
                } else {
                    l.to_owned()
                }
            })
            .collect();
        std::fs::write(&config, text.join("\n") + "\n").map_err(|e| e.to_string())?;
        generated(
            Command::new(&setup.openapi_to_rust)
                .args(["generate", "--config"])
                .arg(&config),
            dir,
        )?;
    }
    let dependencies = std::fs::read_to_string(out.join("REQUIRED_DEPS.toml"))
        .map_err(|e| format!("no REQUIRED_DEPS.toml: {e}"))?;
    new_crate(dir, package, "pub mod generated;\n", &dependencies)
}

/// Each operation's selector, from `server list --json`: its operationId, else `METHOD /path`.
fn selectors(listed: &serde_json::Value) -> Vec<String> {
    let items = listed
        .as_array()
        .or_else(|| listed.get("operations").and_then(|o| o.as_array()));
    items
        .into_iter()
        .flatten()
        .filter_map(|op| {
            let id = op
                .get("operation_id")
                .or_else(|| op.get("operationId"))
                .and_then(|v| v.as_str());
            match id {
                Some(id) => Some(id.to_owned()),
                None => {
                    let method = op.get("method")?.as_str()?;
                    let path = op.get("path")?.as_str()?;
                    Some(format!("{} {path}", method.to_ascii_uppercase()))
                }
            }
        })
        .collect()
}

/// The coverage section of `BENCHMARKS.md`: per corpus, each tool's specs compiled (and
/// generated) by version; the target; then each failure's first error.
pub fn table(rows: &[Row], md: &mut String) {
    use std::fmt::Write as _;
    let _ = writeln!(
        md,
        "## Coverage\n\nEvery spec of the dev, atlassian and vendors corpora, as published, through each tool that reads its version. A cell is the specs whose generated code `cargo check` passed, of those the tool reads (generated, in brackets, when more were). Ours is run with client and server, and also by clippy with `-D warnings`. Each peer's crate has the dependencies its documentation names, and a package of its own, so every count is of code the compiler checked.\n"
    );
    let mut met = true;
    let mut reasons = Vec::new();
    for (corpus, _) in CORPORA {
        let here: Vec<&Row> = rows.iter().filter(|r| r.corpus == corpus).collect();
        if here.is_empty() {
            continue;
        }
        let _ = write!(md, "### {corpus}\n\n| tool |");
        for version in SpecVersion::ALL {
            let n = here.iter().filter(|r| r.version == version).count();
            let _ = write!(md, " {} ({n}) |", version.label());
        }
        let _ = writeln!(md, " all ({}) |", here.len());
        let _ = writeln!(md, "|---|---:|---:|---:|---:|");
        let mut best_peer = (0, "");
        let mut ours = (0, 0);
        for tool in Tool::ALL {
            let _ = write!(md, "| {} |", tool.label());
            let mut total = (0, 0, 0);
            for version in SpecVersion::ALL {
                let cells: Vec<&Outcome> = here
                    .iter()
                    .filter(|r| r.version == version)
                    .filter_map(|r| r.outcomes.iter().find(|(t, _)| *t == tool).map(|(_, o)| o))
                    .collect();
                let counts = count(&cells);
                total = (total.0 + counts.0, total.1 + counts.1, total.2 + counts.2);
                let shown = if cells.is_empty() {
                    "-".to_owned()
                } else if !tool.contender().reads(version) {
                    "does not read".to_owned()
                } else {
                    cell(counts)
                };
                let _ = write!(md, " {shown} |");
            }
            let _ = writeln!(md, " {} |", cell(total));
            match tool {
                Tool::Ours => {
                    let clean = here
                        .iter()
                        .filter(|r| {
                            r.outcomes.iter().any(|(t, o)| {
                                *t == Tool::Ours
                                    && matches!(
                                        o,
                                        Outcome::Compiled {
                                            clippy: Some(Ok(()))
                                        }
                                    )
                            })
                        })
                        .count();
                    ours = (total.0, clean);
                }
                _ if total.0 > best_peer.0 => best_peer = (total.0, tool.label()),
                _ => {}
            }
        }
        let _ = writeln!(md);
        if ours.1 < here.len() {
            met = false;
            reasons.push(format!(
                "{corpus}: {} of our {} specs pass clippy",
                ours.1,
                here.len()
            ));
        }
        if ours.0 <= best_peer.0 && best_peer.0 > 0 {
            met = false;
            reasons.push(format!(
                "{corpus}: {} compiles {} specs, as many as ours or more ({})",
                best_peer.1, best_peer.0, ours.0
            ));
        }
    }
    let _ = writeln!(
        md,
        "Target, ahead of every peer on each corpus (specs compiled), every spec of ours passing: **{}**{}\n",
        if met { "met" } else { "missed" },
        if reasons.is_empty() {
            String::new()
        } else {
            format!(" ({})", reasons.join("; "))
        }
    );
    let _ = writeln!(
        md,
        "<details><summary>Each failure's first error</summary>\n"
    );
    for row in rows {
        for (tool, outcome) in &row.outcomes {
            let why = match outcome {
                Outcome::NotGenerated(e) => format!("not generated: {e}"),
                Outcome::NotCompiled(e) => format!("does not compile: {e}"),
                Outcome::Compiled {
                    clippy: Some(Err(e)),
                } => format!("clippy: {e}"),
                _ => continue,
            };
            let why = why.replace('|', "\\|").replace('`', "'");
            let _ = writeln!(
                md,
                "- {} / {} / {}: {why}",
                row.corpus,
                row.spec,
                tool.label()
            );
        }
    }
    let _ = writeln!(md, "\n</details>\n");
}

/// (compiled, generated, read) among `cells`.
fn count(cells: &[&Outcome]) -> (usize, usize, usize) {
    let mut counts = (0, 0, 0);
    for outcome in cells {
        match outcome {
            Outcome::NotRead => continue,
            Outcome::NotGenerated(_) => {}
            Outcome::NotCompiled(_) => counts.1 += 1,
            Outcome::Compiled { .. } => {
                counts.0 += 1;
                counts.1 += 1;
            }
        }
        counts.2 += 1;
    }
    counts
}

fn cell((compiled, generated, read): (usize, usize, usize)) -> String {
    if read == 0 {
        return "does not read".to_owned();
    }
    if generated > compiled {
        format!("{compiled} of {read} ({generated})")
    } else {
        format!("{compiled} of {read}")
    }
}

/// The specs the compile-time table measures: the largest spec whose code every tool
/// compiled (or, when none is, the most tools), and the smallest of at least
/// [`MID_OPERATIONS`] operations that most compiled; each with ours among them.
pub fn compile_specs(rows: &[Row]) -> Vec<std::path::PathBuf> {
    let ours: Vec<&Row> = rows.iter().filter(|r| r.compiled(Tool::Ours)).collect();
    // Of the specs compiled by the most tools, the one `size` ranks highest.
    let pick = |candidates: &[&Row], size: fn(&Row) -> i64| -> Option<std::path::PathBuf> {
        let most = candidates.iter().map(|r| r.compiled_by()).max()?;
        candidates
            .iter()
            .filter(|r| r.compiled_by() == most)
            .max_by_key(|r| size(r))
            .map(|r| r.path.clone())
    };
    let mut specs: Vec<std::path::PathBuf> = pick(&ours, |r| r.bytes as i64).into_iter().collect();
    // The mid-sized one: the fewest operations at or above the bar, so that the generated
    // code, not the fixed costs, decides, and no peer's crate takes minutes to check.
    let mid: Vec<&Row> = ours
        .iter()
        .copied()
        .filter(|r| r.operations.is_some_and(|n| n >= MID_OPERATIONS))
        .filter(|r| !specs.contains(&r.path))
        .collect();
    specs.extend(pick(&mid, |r| -(r.operations.unwrap_or(0) as i64)));
    specs
}

/// The fewest operations a mid-sized spec of the compile part has.
const MID_OPERATIONS: usize = 100;

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, bytes: u64, operations: usize, compiled_by: &[Tool]) -> Row {
        let outcomes = [Tool::Ours, Tool::OpenApiGenerator, Tool::Ploidy]
            .into_iter()
            .map(|tool| {
                let outcome = if compiled_by.contains(&tool) {
                    Outcome::Compiled { clippy: None }
                } else {
                    Outcome::NotCompiled("error".to_owned())
                };
                (tool, outcome)
            })
            .collect();
        Row {
            corpus: "dev",
            spec: name.to_owned(),
            path: name.into(),
            bytes,
            operations: Some(operations),
            version: SpecVersion::OpenApi30,
            outcomes,
        }
    }

    #[test]
    fn compile_specs_are_the_largest_and_the_smallest_past_the_bar_that_most_compile() {
        let all = [Tool::Ours, Tool::OpenApiGenerator, Tool::Ploidy];
        let rows = [
            row("small", 1_000, 10, &all),
            row("large-by-few", 9_000_000, 1_000, &[Tool::Ours]),
            row("large", 5_000_000, 900, &all),
            row("mid", 300_000, 140, &all),
            row("upper-mid", 2_000_000, 500, &all),
            row("mid-by-few", 200_000, 110, &[Tool::Ours, Tool::Ploidy]),
            row("under-the-bar", 100_000, 99, &all),
        ];
        let picked = compile_specs(&rows);
        let picked: Vec<&str> = picked.iter().filter_map(|p| p.to_str()).collect();
        assert_eq!(picked, ["large", "mid"]);
    }
}

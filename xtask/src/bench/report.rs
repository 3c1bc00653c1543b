//! `BENCHMARKS.md`: the tables of one run, the machine it ran on, each target met or missed
//! by how much, and how to reproduce.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use super::compile::CompileResult;
use super::measure::Sample;
use super::{Contender, Setup, SpecResult, peers};

pub struct Report {
    runs: usize,
    machine: String,
    pub generation: Vec<SpecResult>,
    pub scaling: Vec<(usize, u64, Sample)>,
    pub compile: Vec<CompileResult>,
    pub runtime: Vec<(String, f64, f64)>,
    pub selection: Vec<super::selection::Row>,
    pub coverage: Vec<super::coverage::Row>,
}

impl Report {
    pub fn new(setup: &Setup) -> Self {
        Report {
            runs: setup.runs,
            machine: machine(&setup.cargo),
            generation: Vec::new(),
            scaling: Vec::new(),
            compile: Vec::new(),
            runtime: Vec::new(),
            selection: Vec::new(),
            coverage: Vec::new(),
        }
    }

    /// The report; `analysis` is the hand-kept reading of the tables (`analysis.md`), read as
    /// the run ends so that it can be brought up to date while a long run goes on.
    pub fn markdown(&self, analysis: &str) -> String {
        let mut md = String::new();
        let _ = writeln!(
            md,
            "# Benchmarks\n\nWritten by `cargo xtask bench` (the median of {} runs of each figure, contenders interleaved run by run). Do not edit: run it again.\n",
            self.runs
        );
        let _ = writeln!(md, "## Machine\n\n{}\n", self.machine);
        let _ = writeln!(
            md,
            "Peers: progenitor {} (`cargo-progenitor` from crates.io), openapi-generator {} (`openapi-generator-cli` from PyPI, the `rust` generator, `--skip-validate-spec`), openapi-to-rust {}, ploidy {} and oas3-gen {} (from crates.io), all installed by the command into `~/.cache/openapi-rs-tools`. The floor is the bare `serde_json` / `serde_yaml` parse of the file into a `serde_json::Value`, in a process of its own like every contender.\n",
            peers::PROGENITOR,
            peers::OPENAPI_GENERATOR,
            peers::OPENAPI_TO_RUST,
            peers::PLOIDY,
            peers::OAS3_GEN
        );
        if !self.coverage.is_empty() {
            super::coverage::table(&self.coverage, &mut md);
        }
        if !self.generation.is_empty() {
            self.generation_tables(&mut md);
        }
        if !self.scaling.is_empty() {
            self.scaling_table(&mut md);
        }
        for compile in &self.compile {
            compile_table(compile, &mut md);
        }
        if !self.runtime.is_empty() {
            self.runtime_table(&mut md);
        }
        if !self.selection.is_empty() {
            super::selection::table(&self.selection, &mut md);
        }
        md.push_str(analysis);
        md.push('\n');
        let _ = writeln!(
            md,
            "## Reproduce\n\n```sh\ncargo xtask bench                      # everything, 5 runs (--runs 2: about an hour and a half on 2 cores)\ncargo xtask bench --runs 1 --only generation,scaling --specs atlassian,stripe   # a quick look\ncargo xtask bench --runs 1 --only selection   # what selecting specs and groups saves a consumer\ncargo xtask bench --runs 1 --only coverage --specs petstore   # the coverage table, on some specs\n```\n\n`cargo xtask bench --analysis` puts the current `xtask/src/bench/analysis.md` in place of this file's reading of the tables, and measures nothing. Every run writes its tables so far to `target/bench/BENCHMARKS.partial.md` after each part; only a run of every part and every spec replaces this file. Each generation run is a process of its own, so that its peak resident memory (from `wait4`, descendants included: openapi-generator's JVM counts) is its own; the kernel counts a child's peak from the size of the process that started it, which the bench keeps to a few MiB (it never loads a spec itself), so small figures carry that much. A run over 600 s is killed. Compile times use a target directory per contender, dependencies built first, incremental compilation off. Runtime figures come from `generated/examples/bench_runtime.rs` on loopback, load generator in the same process, 16 concurrent callers, 3 s per scenario and run."
        );
        md
    }

    fn generation_tables(&self, md: &mut String) {
        let _ = writeln!(
            md,
            "## Generation\n\nWall time (peak memory) per spec; a peer's ratio is its time over ours.\n"
        );
        let mut head =
            String::from("| spec | size | parse only (floor) | openapi-rs | ours / floor |");
        let mut rule = String::from("|---|---:|---:|---:|---:|");
        for peer in Contender::PEERS {
            let _ = write!(head, " {} | / ours |", peer.label());
            rule.push_str("---:|---:|");
        }
        let _ = writeln!(md, "{head} our peak / size |\n{rule}---:|");
        for s in &self.generation {
            let get = |c: Contender| s.results.iter().find(|(x, _)| *x == c).map(|(_, r)| r);
            let cell = |c: Contender| match get(c) {
                Some(Ok(sample)) => format!(
                    "{:.2} s ({} MiB)",
                    sample.wall.as_secs_f64(),
                    sample.peak >> 20
                ),
                Some(Err(why)) => format!("failed: {}", short(why)),
                None => "-".to_owned(),
            };
            let ours = get(Contender::Ours).and_then(|r| r.as_ref().ok());
            let ratio =
                |c: Contender, inverse: bool| match (get(c).and_then(|r| r.as_ref().ok()), ours) {
                    (Some(other), Some(ours)) => {
                        let (a, b) = (other.wall.as_secs_f64(), ours.wall.as_secs_f64());
                        if inverse {
                            format!("{:.1}×", b / a)
                        } else {
                            format!("{:.1}×", a / b)
                        }
                    }
                    _ => "-".to_owned(),
                };
            let memory = ours
                .filter(|_| s.bytes >= 1_000_000)
                .map(|o| format!("{:.1}×", o.peak as f64 / s.bytes as f64))
                .unwrap_or_else(|| "-".to_owned());
            let mut row = format!(
                "| {} | {:.1} MB | {} | {} | {} |",
                s.spec.rsplit('/').next().unwrap_or(&s.spec),
                s.bytes as f64 / 1e6,
                cell(Contender::Floor),
                cell(Contender::Ours),
                ratio(Contender::Floor, true),
            );
            for peer in Contender::PEERS {
                let _ = write!(row, " {} | {} |", cell(peer), ratio(peer, false));
            }
            let _ = writeln!(md, "{row} {memory} |");
        }
        let _ = writeln!(md);
        self.generation_targets(md);
    }

    fn generation_targets(&self, md: &mut String) {
        let _ = writeln!(md, "### Targets\n");
        let find = |name: &str| self.generation.iter().find(|s| s.spec.ends_with(name));
        let sample = |s: &SpecResult, c: Contender| {
            s.results
                .iter()
                .find(|(x, _)| *x == c)
                .and_then(|(_, r)| r.as_ref().ok().copied())
        };
        if let Some(github) = find("github.json") {
            if let (Some(ours), Some(floor)) = (
                sample(github, Contender::Ours),
                sample(github, Contender::Floor),
            ) {
                let ratio = ours.wall.as_secs_f64() / floor.wall.as_secs_f64();
                let _ = writeln!(
                    md,
                    "- GitHub's spec within 10× of its bare JSON parse: {ratio:.1}× — {}",
                    verdict(ratio <= 10.0, &format!("misses by {:.1}×", ratio / 10.0))
                );
            }
        }
        let mut worst_progenitor: Option<(f64, &str)> = None;
        let mut worst_oag: Option<(f64, &str)> = None;
        let mut worst_memory: Option<(f64, &str)> = None;
        for s in &self.generation {
            let Some(ours) = sample(s, Contender::Ours) else {
                continue;
            };
            let name = s.spec.rsplit('/').next().unwrap_or(&s.spec);
            let speedup = |c| {
                sample(s, c).map(|other: Sample| other.wall.as_secs_f64() / ours.wall.as_secs_f64())
            };
            if let Some(x) = speedup(Contender::Progenitor) {
                if worst_progenitor.is_none_or(|(w, _)| x < w) {
                    worst_progenitor = Some((x, name));
                }
            }
            if let Some(x) = speedup(Contender::OpenApiGenerator) {
                if worst_oag.is_none_or(|(w, _)| x < w) {
                    worst_oag = Some((x, name));
                }
            }
            // A process's baseline (a few MiB) dwarfs a spec of some KB: the ratio is read on
            // specs of a megabyte or more.
            let memory = ours.peak as f64 / s.bytes as f64;
            if s.bytes >= 1_000_000 && worst_memory.is_none_or(|(w, _)| memory > w) {
                worst_memory = Some((memory, name));
            }
        }
        match worst_progenitor {
            Some((x, name)) => {
                let _ = writeln!(
                    md,
                    "- At least 5× faster than progenitor wherever it succeeds: at worst {x:.1}× ({name}) — {}",
                    verdict(x >= 5.0, &format!("misses by {:.1}×", 5.0 / x))
                );
            }
            None => {
                let _ = writeln!(
                    md,
                    "- At least 5× faster than progenitor wherever it succeeds: progenitor succeeded on none of these specs."
                );
            }
        }
        if let Some((x, name)) = worst_oag {
            let _ = writeln!(
                md,
                "- At least 20× faster than openapi-generator: at worst {x:.1}× ({name}) — {}",
                verdict(x >= 20.0, &format!("misses by {:.1}×", 20.0 / x))
            );
        }
        self.peers_target(md);
        if let Some((x, name)) = worst_memory {
            let _ = writeln!(
                md,
                "- Peak memory at most 20× the spec's size (specs of 1 MB or more): at worst {x:.1}× ({name}) — {}",
                verdict(x <= 20.0, &format!("misses by {:.1}×", x / 20.0))
            );
        }
        let _ = writeln!(md);
    }

    /// On each large spec (a megabyte or more), at least twice as fast as the fastest peer
    /// that generates it, and no more memory than the peer that uses least.
    fn peers_target(&self, md: &mut String) {
        let mut worst_speed: Option<(f64, &str, &str)> = None;
        let mut worst_memory: Option<(f64, &str, &str)> = None;
        for s in self.generation.iter().filter(|s| s.bytes >= 1_000_000) {
            let ok = |c: Contender| {
                s.results
                    .iter()
                    .find(|(x, _)| *x == c)
                    .and_then(|(_, r)| r.as_ref().ok().copied())
            };
            let Some(ours) = ok(Contender::Ours) else {
                continue;
            };
            let name = s.spec.rsplit('/').next().unwrap_or(&s.spec);
            let peers: Vec<(Contender, Sample)> = Contender::PEERS
                .iter()
                .filter_map(|c| ok(*c).map(|sample| (*c, sample)))
                .collect();
            if let Some((fastest, sample)) = peers.iter().min_by_key(|(_, s)| s.wall) {
                let x = sample.wall.as_secs_f64() / ours.wall.as_secs_f64();
                if worst_speed.is_none_or(|(w, _, _)| x < w) {
                    worst_speed = Some((x, name, fastest.label()));
                }
            }
            if let Some((leanest, sample)) = peers.iter().min_by_key(|(_, s)| s.peak) {
                let x = ours.peak as f64 / sample.peak.max(1) as f64;
                if worst_memory.is_none_or(|(w, _, _)| x > w) {
                    worst_memory = Some((x, name, leanest.label()));
                }
            }
        }
        match worst_speed {
            Some((x, name, peer)) => {
                let _ = writeln!(
                    md,
                    "- At least 2× faster than the fastest peer on each large spec it generates: at worst {x:.1}× ({name}, against {peer}) — {}",
                    verdict(x >= 2.0, &format!("misses by {:.1}×", 2.0 / x))
                );
            }
            None => {
                let _ = writeln!(
                    md,
                    "- At least 2× faster than the fastest peer on each large spec it generates: no peer generated a large spec."
                );
            }
        }
        if let Some((x, name, peer)) = worst_memory {
            let _ = writeln!(
                md,
                "- Peak memory no higher than the leanest peer's on each large spec: at worst {x:.2}× of it ({name}, against {peer}) — {}",
                verdict(x <= 1.0, &format!("misses by {x:.2}×"))
            );
        }
    }

    fn scaling_table(&self, md: &mut String) {
        let _ = writeln!(
            md,
            "## Scaling\n\nOur generation of a synthetic spec (`xtask/src/bench/synthetic.rs`) at 1×, 2× and 4× its size. Linear growth keeps the time per operation flat.\n\n| size | operations | time | peak | time per operation |\n|---:|---:|---:|---:|---:|"
        );
        for (ops, bytes, s) in &self.scaling {
            let _ = writeln!(
                md,
                "| {:.1} MB | {ops} | {:.2} s | {} MiB | {:.0} µs |",
                *bytes as f64 / 1e6,
                s.wall.as_secs_f64(),
                s.peak >> 20,
                s.wall.as_secs_f64() * 1e6 / *ops as f64
            );
        }
        if let (Some(first), Some(last)) = (self.scaling.first(), self.scaling.last()) {
            let per = |(ops, _, s): &(usize, u64, Sample)| s.wall.as_secs_f64() / *ops as f64;
            let growth = per(last) / per(first);
            let _ = writeln!(
                md,
                "\nTime per operation at 4× over 1×: {growth:.2} — {}\n",
                verdict(growth <= 1.25, "grows faster than linearly")
            );
        }
    }

    fn runtime_table(&self, md: &mut String) {
        let _ = writeln!(
            md,
            "## Runtime\n\n`GET /tasks/{{taskId}}` of `specs/tasks.yaml` (API key checked, a stored task read and sent as JSON).\n\n| scenario | requests/s | p99 |\n|---|---:|---:|"
        );
        for (scenario, rps, p99) in &self.runtime {
            let _ = writeln!(md, "| {scenario} | {rps:.0} | {:.2} ms |", p99 / 1000.0);
        }
        let get = |name: &str| self.runtime.iter().find(|(s, _, _)| s == name).map(|r| r.1);
        let _ = writeln!(md, "\n### Targets\n");
        for (side, generated, hand) in [
            ("server", "server/generated", "server/hand-written"),
            ("client", "client/generated", "client/hand-written"),
        ] {
            if let (Some(g), Some(h)) = (get(generated), get(hand)) {
                let ratio = g / h;
                let _ = writeln!(
                    md,
                    "- Generated {side} at least 0.95× the hand-written one's requests/s: {ratio:.2}× — {}",
                    verdict(
                        ratio >= 0.95,
                        &format!("misses by {:.0}%", (0.95 - ratio) * 100.0)
                    )
                );
            }
        }
        let _ = writeln!(md);
    }
}

fn compile_table(c: &CompileResult, md: &mut String) {
    let _ = writeln!(
        md,
        "## Compiling the generated client: `{}`\n\nClient only, dependencies prebuilt.\n\n| generator | cargo check | debug build | peak memory (build) |\n|---|---:|---:|---:|",
        c.spec
    );
    for (contender, result) in &c.results {
        match result {
            Ok((check, build)) => {
                let _ = writeln!(
                    md,
                    "| {} | {:.1} s | {:.1} s | {} MiB |",
                    contender.label(),
                    check.wall.as_secs_f64(),
                    build.wall.as_secs_f64(),
                    build.peak >> 20
                );
            }
            Err(why) => {
                let _ = writeln!(md, "| {} | failed: {} | | |", contender.label(), short(why));
            }
        }
    }
    let ok = |x: Contender| {
        c.results
            .iter()
            .find(|(y, _)| *y == x)
            .and_then(|(_, r)| r.as_ref().ok())
    };
    let fastest = Contender::PEERS
        .iter()
        .filter_map(|p| ok(*p).map(|times| (*p, times)))
        .min_by_key(|(_, (check, build))| check.wall + build.wall);
    let _ = writeln!(md, "\n### Target\n");
    match (ok(Contender::Ours), fastest) {
        (Some(ours), Some((peer, theirs))) => {
            let check = ours.0.wall.as_secs_f64() / theirs.0.wall.as_secs_f64();
            let build = ours.1.wall.as_secs_f64() / theirs.1.wall.as_secs_f64();
            let _ = writeln!(
                md,
                "- At most 0.8× the fastest peer's check and build time ({}): check {check:.2}×, build {build:.2}× — {}\n",
                peer.label(),
                verdict(
                    check <= 0.8 && build <= 0.8,
                    &format!("misses by {:.2}×", check.max(build) / 0.8)
                )
            );
        }
        _ => {
            let _ = writeln!(
                md,
                "- At most 0.8× the fastest peer's time: not measured, no peer's client built (above).\n"
            );
        }
    }
}

fn verdict(met: bool, miss: &str) -> String {
    if met {
        "**met**".to_owned()
    } else {
        format!("**missed**: {miss}")
    }
}

fn short(why: &str) -> String {
    let one: String = why.chars().take(120).collect();
    one.replace('|', "/").replace('\n', " ")
}

/// The CPU, cores, memory and toolchain.
fn machine(cargo: &str) -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name").and_then(|r| r.split_once(':')))
        .map(|(_, m)| m.trim().to_owned())
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map(|kib| format!("{:.0} GiB", kib as f64 / 1048576.0))
        .unwrap_or_default();
    let rustc = Command::new(cargo)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    let java = Command::new("java")
        .arg("-version")
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .next()
                .unwrap_or("")
                .to_owned()
        })
        .unwrap_or_default();
    format!("{model}, {cores} cores, {memory} memory; {rustc}; {java}")
}

/// Where the hand-kept reading of the tables lives.
const ANALYSIS: &str = "xtask/src/bench/analysis.md";
/// The headings that bound that reading in `BENCHMARKS.md`.
pub const ANALYSIS_START: &str = "## Why the misses";
const ANALYSIS_END: &str = "## Reproduce";

pub fn analysis(root: &Path) -> Result<String, String> {
    let path = root.join(ANALYSIS);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    if !text.starts_with(ANALYSIS_START) {
        return Err(format!(
            "{}: must start with {ANALYSIS_START:?}",
            path.display()
        ));
    }
    Ok(text)
}

/// Puts the current `analysis.md` in place of the reading in `BENCHMARKS.md`, leaving the
/// measured tables as they are.
pub fn replace_analysis(root: &Path) -> Result<(), String> {
    let path = root.join("BENCHMARKS.md");
    let report = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let bounds = report
        .find(ANALYSIS_START)
        .zip(report.find(ANALYSIS_END))
        .filter(|(start, end)| start < end);
    let Some((start, end)) = bounds else {
        return Err(format!(
            "{}: no {ANALYSIS_START:?} section before {ANALYSIS_END:?}; run `cargo xtask bench`",
            path.display()
        ));
    };
    let updated = format!(
        "{}{}\n{}",
        &report[..start],
        analysis(root)?,
        &report[end..]
    );
    crate::write(&path, &updated)?;
    println!(
        "==> replaced the reading of the tables in {}",
        path.display()
    );
    Ok(())
}

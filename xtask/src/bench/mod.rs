//! `cargo xtask bench`: our generator against the peers users would otherwise pick, on this
//! machine, in one run; writes `BENCHMARKS.md`.
//!
//! 1. Coverage: every spec of the dev, atlassian and vendors corpora through every tool, and
//!    whether the generated crate passes `cargo check` (see `coverage`).
//! 2. Generation: wall time and peak memory on the large corpus specs and the seed, for ours,
//!    each peer on the spec versions it reads, and the bare `serde_json` / `serde_yaml` parse
//!    of the same file as the floor. Contenders are interleaved run by run, and each figure
//!    is the median of the runs.
//! 3. Compile time of the generated client alone (dependencies prebuilt) on the specs the
//!    coverage table picks: `cargo check` and a debug build.
//! 4. Runtime on loopback: the generated server and client against hand-written axum and
//!    reqwest code (`generated/examples/bench_runtime.rs`).
//! 5. Scaling: generation time of a synthetic spec at 1×, 2× and 4× its size.
//! 6. Selection: what compiling some specs or groups saves a consumer (see `selection`).
//!
//! Peers are installed by this command into `~/.cache/openapi-rs-tools` (see `peers`).

mod compile;
mod coverage;
mod lines;
mod measure;
mod peers;
mod report;
mod selection;
mod synthetic;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Duration;

use measure::{Outcome, Sample};

/// The large specs of the corpus, and the seed.
const SPECS: &[&str] = &[
    "../shared/corpus/large/github.json",
    "../shared/corpus/large/github.yaml",
    "../shared/corpus/large/kubernetes-oas3.json",
    "../shared/corpus/large/stripe-oas3.json",
    "../shared/corpus/large/aws-ec2.json",
    "../shared/corpus/large/msgraph.json",
    "specs/atlassian-conversation.yaml",
    // Progenitor generates none of the above; it does these two, so it is compared on them.
    "../shared/corpus/dev/028_O30_groundhog-day.com.json",
    "specs/tasks.yaml",
];

/// A run that takes longer is killed and reported as such.
const LIMIT: Duration = Duration::from_secs(600);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Contender {
    Floor,
    Ours,
    Progenitor,
    OpenApiGenerator,
    OpenApiToRust,
    Ploidy,
    Oas3Gen,
}

impl Contender {
    pub const ALL: [Contender; 7] = [
        Contender::Floor,
        Contender::Ours,
        Contender::Progenitor,
        Contender::OpenApiGenerator,
        Contender::OpenApiToRust,
        Contender::Ploidy,
        Contender::Oas3Gen,
    ];

    /// The generators we are compared with.
    pub const PEERS: [Contender; 5] = [
        Contender::Progenitor,
        Contender::OpenApiGenerator,
        Contender::OpenApiToRust,
        Contender::Ploidy,
        Contender::Oas3Gen,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Contender::Floor => "parse only (floor)",
            Contender::Ours => "openapi-rs",
            Contender::Progenitor => "progenitor",
            Contender::OpenApiGenerator => "openapi-generator",
            Contender::OpenApiToRust => "openapi-to-rust",
            Contender::Ploidy => "ploidy",
            Contender::Oas3Gen => "oas3-gen",
        }
    }

    fn key(self) -> &'static str {
        match self {
            Contender::Floor => "floor",
            Contender::Ours => "ours",
            Contender::Progenitor => "progenitor",
            Contender::OpenApiGenerator => "openapi-generator",
            Contender::OpenApiToRust => "openapi-to-rust",
            Contender::Ploidy => "ploidy",
            Contender::Oas3Gen => "oas3-gen",
        }
    }

    /// Which versions it reads, as its documentation says.
    pub fn reads(self, version: SpecVersion) -> bool {
        match self {
            Contender::Floor | Contender::Ours | Contender::OpenApiGenerator => true,
            Contender::Progenitor | Contender::OpenApiToRust | Contender::Ploidy => {
                version != SpecVersion::Swagger2
            }
            Contender::Oas3Gen => version == SpecVersion::OpenApi31,
        }
    }
}

/// A spec's version, as far as which contenders read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpecVersion {
    Swagger2,
    OpenApi30,
    OpenApi31,
}

impl SpecVersion {
    pub const ALL: [SpecVersion; 3] = [
        SpecVersion::Swagger2,
        SpecVersion::OpenApi30,
        SpecVersion::OpenApi31,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SpecVersion::Swagger2 => "Swagger 2.0",
            SpecVersion::OpenApi30 => "OpenAPI 3.0",
            SpecVersion::OpenApi31 => "OpenAPI 3.1",
        }
    }
}

/// The results of one spec: per contender, the median sample or why it has none.
pub struct SpecResult {
    pub spec: String,
    pub bytes: u64,
    pub results: Vec<(Contender, Result<Sample, String>)>,
}

/// What a run measures; `--only` picks some.
const PARTS: [&str; 6] = [
    "coverage",
    "generation",
    "compile",
    "runtime",
    "scaling",
    "selection",
];

pub struct Options {
    runs: usize,
    /// Only replace the report's reading of the tables with `analysis.md`'s.
    analysis: bool,
    parts: Vec<String>,
    /// Only the specs whose path contains one of these (all when empty).
    specs: Vec<String>,
}

fn options(args: &[&str]) -> Result<Options, String> {
    let mut runs = 5;
    let mut analysis = false;
    let mut parts: Vec<String> = PARTS.iter().map(|p| (*p).to_owned()).collect();
    let mut specs = Vec::new();
    let mut i = 0;
    while i < args.len() {
        match args[i] {
            "--specs" => {
                specs = args
                    .get(i + 1)
                    .ok_or("--specs takes parts of spec file names, comma-separated")?
                    .split(',')
                    .map(str::to_owned)
                    .collect();
                i += 1;
            }
            "--analysis" => analysis = true,
            "--runs" => {
                runs = args
                    .get(i + 1)
                    .and_then(|n| n.parse().ok())
                    .filter(|n| *n >= 1)
                    .ok_or("--runs takes a number of runs, at least 1")?;
                i += 1;
            }
            "--only" => {
                parts = args
                    .get(i + 1)
                    .ok_or(
                        "--only takes coverage, generation, compile, runtime, scaling or selection, comma-separated",
                    )?
                    .split(',')
                    .map(str::to_owned)
                    .collect();
                if let Some(unknown) = parts.iter().find(|p| !PARTS.contains(&p.as_str())) {
                    return Err(format!(
                        "--only: no part {unknown:?}; the parts are {}",
                        PARTS.join(", ")
                    ));
                }
                i += 1;
            }
            other => return Err(format!("unknown argument {other}")),
        }
        i += 1;
    }
    Ok(Options {
        runs,
        analysis,
        parts,
        specs,
    })
}

pub fn run(root: &Path, args: &[&str]) -> ExitCode {
    match bench(root, args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("bench: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Tools and places every part uses.
pub struct Setup {
    pub root: PathBuf,
    pub cargo: String,
    /// Our release xtask, which runs `bench-one`.
    pub xtask: PathBuf,
    /// The peers, installed only for the parts that compare with them.
    pub progenitor: PathBuf,
    pub openapi_generator: PathBuf,
    pub openapi_to_rust: PathBuf,
    pub ploidy: PathBuf,
    pub oas3_gen: PathBuf,
    pub scratch: PathBuf,
    pub runs: usize,
}

fn bench(root: &Path, args: &[&str]) -> Result<(), String> {
    let options = options(args)?;
    if options.analysis {
        return report::replace_analysis(root);
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let target = crate::target_dir(root);
    let tools = crate::checkers::cache_dir()?;
    println!("==> building our generator (release)");
    crate::run_status(
        Command::new(&cargo)
            .args(["build", "--release", "-p", "xtask"])
            .current_dir(root),
        "cargo build --release -p xtask",
    )?;
    let release = target.join("release").join("xtask");
    // The kernel counts a child's peak memory from the size of the process that started it:
    // the measuring process must be small, so a debug xtask (tens of MiB of mapped code)
    // hands over to the release one.
    let current = std::env::current_exe()
        .ok()
        .and_then(|p| p.canonicalize().ok());
    if current != release.canonicalize().ok() {
        use std::os::unix::process::CommandExt;
        let err = Command::new(&release).arg("bench").args(args).exec();
        return Err(format!("cannot run {}: {err}", release.display()));
    }
    let with_peers = options
        .parts
        .iter()
        .any(|p| p == "generation" || p == "compile" || p == "coverage");
    let installed = |install: fn(&Path, &str) -> Result<PathBuf, String>| {
        if with_peers {
            install(&tools, &cargo)
        } else {
            Ok(PathBuf::new())
        }
    };
    let progenitor = installed(peers::progenitor)?;
    let openapi_to_rust = installed(peers::openapi_to_rust)?;
    let ploidy = installed(peers::ploidy)?;
    let oas3_gen = installed(peers::oas3_gen)?;
    let openapi_generator = if with_peers {
        peers::openapi_generator(&tools)?
    } else {
        PathBuf::new()
    };
    let setup = Setup {
        root: root.to_path_buf(),
        xtask: release,
        progenitor,
        openapi_generator,
        openapi_to_rust,
        ploidy,
        oas3_gen,
        cargo,
        scratch: target.join("bench"),
        runs: options.runs,
    };
    std::fs::create_dir_all(&setup.scratch).map_err(|e| e.to_string())?;
    let mut report = report::Report::new(&setup);
    let wanted = |part: &str| options.parts.iter().any(|p| p == part);
    // After each part the tables so far are written beside the scratch files, so that a run
    // stopped or failed hours in keeps what it measured.
    let partial = setup.scratch.join("BENCHMARKS.partial.md");
    if wanted("coverage") {
        report.coverage = coverage::run(&setup, &options.specs)?;
        write(&report, root, &partial)?;
    }
    if wanted("generation") {
        report.generation = generation(&setup, &options.specs)?;
        write(&report, root, &partial)?;
    }
    if wanted("scaling") {
        report.scaling = scaling(&setup)?;
        write(&report, root, &partial)?;
    }
    if wanted("compile") {
        let mut specs = coverage::compile_specs(&report.coverage);
        if specs.is_empty() {
            specs.push(setup.root.join(compile::SPEC));
        }
        for spec in specs {
            report.compile.push(compile::run(&setup, &spec)?);
            write(&report, root, &partial)?;
        }
    }
    if wanted("runtime") {
        report.runtime = runtime(&setup)?;
        write(&report, root, &partial)?;
    }
    if wanted("selection") {
        report.selection = selection::run(&setup)?;
        write(&report, root, &partial)?;
    }
    // Only a whole run (every part, every spec) replaces the committed report.
    if options.specs.is_empty() && PARTS.iter().all(|p| wanted(p)) {
        write(&report, root, &root.join("BENCHMARKS.md"))?;
    }
    Ok(())
}

/// Writes `report` to `path`. A reading of the tables that cannot be read leaves a note in
/// its place rather than losing the run (`--analysis` puts it in later).
fn write(report: &report::Report, root: &Path, path: &Path) -> Result<(), String> {
    let analysis = report::analysis(root).unwrap_or_else(|e| {
        eprintln!("bench: {e}");
        format!("{}\n\nNot read: {e}\n", report::ANALYSIS_START)
    });
    crate::write(path, &report.markdown(&analysis))?;
    println!("==> wrote {}", path.display());
    Ok(())
}

/// The command that makes `contender` generate (or, for the floor, parse) `spec` into `out`.
pub fn command(setup: &Setup, contender: Contender, spec: &Path, out: &Path) -> Command {
    match contender {
        Contender::Floor => {
            let mut c = Command::new(&setup.xtask);
            c.args(["bench-one", "parse"]).arg(spec);
            c
        }
        Contender::Ours => {
            let mut c = Command::new(&setup.xtask);
            c.args(["bench-one", "generate"]).arg(spec).arg(out);
            c
        }
        Contender::Progenitor => {
            let mut c = Command::new(&setup.progenitor);
            c.args(["progenitor", "-i"])
                .arg(spec)
                .arg("-o")
                .arg(out)
                .args(["-n", "bench-client", "-v", "0.1.0"]);
            c
        }
        Contender::OpenApiGenerator => {
            let mut c = Command::new(&setup.openapi_generator);
            // Validation off: it refuses specs that the others read, such as GitHub's. The
            // crate's version set, as its documentation allows, so that a spec version that
            // is not semver (`2010-04-01`) does not stop Cargo before the code is read.
            c.args(["generate", "-g", "rust", "--skip-validate-spec", "-i"])
                .arg(spec)
                .arg("-o")
                .arg(out)
                .arg("--additional-properties=packageName=bench-client,packageVersion=0.1.0");
            c
        }
        Contender::OpenApiToRust => {
            let mut c = Command::new(&setup.openapi_to_rust);
            c.arg("generate")
                .arg(spec)
                .arg("--output-dir")
                .arg(out.join("src").join("generated"))
                .args(["--module-name", "api", "--quiet"]);
            c
        }
        Contender::Ploidy => {
            let mut c = Command::new(&setup.ploidy);
            c.args(["generate", "rust"])
                .arg(spec)
                .arg("-o")
                .arg(out)
                .args(["--name", "bench-client"]);
            c
        }
        Contender::Oas3Gen => {
            let mut c = Command::new(&setup.oas3_gen);
            c.args([
                "generate",
                "client-mod",
                "--workspace",
                "--color",
                "never",
                "-i",
            ])
            .arg(spec)
            .arg("-o")
            .arg(out);
            c
        }
    }
}

/// Whether a contender takes this spec at all, by the versions it reads; why not when not.
/// A spec that declares no version it knows is given to every contender.
fn applies(contender: Contender, spec: &Path) -> Result<(), String> {
    match spec_version(spec) {
        Some(version) if !contender.reads(version) => {
            Err(format!("does not read {}", version.label()))
        }
        _ => Ok(()),
    }
}

/// The document's version, from its `swagger` or `openapi` key (read, not guessed from its
/// text: a 3.0 spec may mention Swagger, as Kubernetes' `x-origin` does). Values are skipped,
/// not built: this process must stay small, because a child's peak memory as the kernel
/// reports it is at least the size this process had when it started the child. `None` when
/// it declares neither.
pub fn spec_version(spec: &Path) -> Option<SpecVersion> {
    #[derive(serde::Deserialize)]
    struct Top {
        swagger: Option<serde::de::IgnoredAny>,
        openapi: Option<String>,
    }
    use std::io::BufRead;
    let file = std::fs::File::open(spec).ok()?;
    let reader = std::io::BufReader::new(file);
    let (swagger, openapi) = if spec.extension().is_some_and(|e| e == "json") {
        match serde_json::from_reader::<_, Top>(reader) {
            Ok(top) => (top.swagger.is_some(), top.openapi.unwrap_or_default()),
            Err(_) => (false, String::new()),
        }
    } else {
        let mut found = (false, String::new());
        for line in reader.lines().map_while(Result::ok) {
            if line.starts_with("swagger:") {
                found.0 = true;
                break;
            }
            if let Some(v) = line.strip_prefix("openapi:") {
                found.1 = v.trim().trim_matches(['"', '\'']).to_owned();
                break;
            }
        }
        found
    };
    if swagger {
        Some(SpecVersion::Swagger2)
    } else if openapi.starts_with("3.0") {
        Some(SpecVersion::OpenApi30)
    } else if openapi.starts_with("3.1") {
        Some(SpecVersion::OpenApi31)
    } else {
        None
    }
}

fn generation(setup: &Setup, only: &[String]) -> Result<Vec<SpecResult>, String> {
    let mut all = Vec::new();
    let chosen = SPECS
        .iter()
        .filter(|s| only.is_empty() || only.iter().any(|o| s.contains(o.as_str())));
    for spec in chosen {
        let path = setup.root.join(spec);
        let bytes = std::fs::metadata(&path)
            .map_err(|e| format!("{}: {e}", path.display()))?
            .len();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut samples: Vec<(Contender, Vec<Sample>, Option<String>)> = Contender::ALL
            .iter()
            .map(|c| (*c, Vec::new(), None))
            .collect();
        for run in 0..setup.runs {
            for (contender, got, failure) in &mut samples {
                // A contender that failed once fails again: its time is not spent twice.
                if failure.is_some() {
                    continue;
                }
                if let Err(why) = applies(*contender, &path) {
                    *failure = Some(why);
                    continue;
                }
                let out = setup.scratch.join("out").join(contender.key()).join(&name);
                let _ = std::fs::remove_dir_all(&out);
                std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
                let log = setup
                    .scratch
                    .join(format!("{}-{name}.log", contender.key()));
                let outcome: Outcome =
                    measure::run(&mut command(setup, *contender, &path, &out), &log, LIMIT);
                match outcome {
                    Ok(sample) => {
                        println!(
                            "{name} run {}: {} {:.2} s, {} MiB",
                            run + 1,
                            contender.label(),
                            sample.wall.as_secs_f64(),
                            sample.peak >> 20
                        );
                        got.push(sample);
                    }
                    Err(why) => {
                        println!(
                            "{name} run {}: {} failed: {why}",
                            run + 1,
                            contender.label()
                        );
                        *failure = Some(why);
                    }
                }
            }
        }
        all.push(SpecResult {
            spec: spec.to_string(),
            bytes,
            results: samples
                .into_iter()
                .map(|(c, got, failure)| {
                    let result = match failure {
                        Some(why) => Err(why),
                        None => measure::median(&got).ok_or_else(|| "no run".to_owned()),
                    };
                    (c, result)
                })
                .collect(),
        });
    }
    Ok(all)
}

/// Our generation time and memory on the synthetic spec at 1×, 2× and 4×.
fn scaling(setup: &Setup) -> Result<Vec<(usize, u64, Sample)>, String> {
    let mut rows = Vec::new();
    for factor in [1, 2, 4] {
        let copies = 250 * factor;
        let path = setup.scratch.join(format!("synthetic-{factor}x.json"));
        let text =
            serde_json::to_string_pretty(&synthetic::spec(copies)).map_err(|e| e.to_string())?;
        std::fs::write(&path, &text).map_err(|e| e.to_string())?;
        let out = setup.scratch.join("out").join("synthetic");
        let mut got = Vec::new();
        for _ in 0..setup.runs {
            let _ = std::fs::remove_dir_all(&out);
            std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
            let log = setup.scratch.join("synthetic.log");
            let sample = measure::run(
                &mut command(setup, Contender::Ours, &path, &out),
                &log,
                LIMIT,
            )
            .map_err(|why| format!("synthetic {factor}x: {why}"))?;
            got.push(sample);
        }
        let sample = measure::median(&got).ok_or("no runs")?;
        println!(
            "synthetic {factor}x ({} operations): {:.2} s",
            copies * 5,
            sample.wall.as_secs_f64()
        );
        rows.push((copies * 5, text.len() as u64, sample));
    }
    Ok(rows)
}

/// Runtime scenarios: the median requests per second and p99 of each.
fn runtime(setup: &Setup) -> Result<Vec<(String, f64, f64)>, String> {
    println!("==> building the runtime benchmark (release)");
    crate::run_status(
        Command::new(&setup.cargo)
            .args([
                "build",
                "--release",
                "-p",
                "openapi-rs-generated",
                "--example",
                "bench_runtime",
            ])
            .current_dir(&setup.root),
        "cargo build --release --example bench_runtime",
    )?;
    let binary = setup
        .xtask
        .parent()
        .map(|d| d.join("examples").join("bench_runtime"))
        .ok_or("no target directory")?;
    println!("==> running the runtime benchmark ({} runs)", setup.runs);
    let output = Command::new(&binary)
        .args(["--runs", &setup.runs.to_string(), "--seconds", "3"])
        .output()
        .map_err(|e| format!("cannot run bench_runtime: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "bench_runtime failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let mut by_scenario: Vec<(String, Vec<f64>, Vec<f64>)> = Vec::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let scenario = v["scenario"].as_str().unwrap_or("").to_owned();
        let rps = v["requests_per_second"].as_f64().unwrap_or(0.0);
        let p99 = v["p99_micros"].as_f64().unwrap_or(0.0);
        println!("{scenario}: {rps:.0} requests/s, p99 {p99:.0} µs");
        match by_scenario.iter_mut().find(|(s, _, _)| *s == scenario) {
            Some((_, r, p)) => {
                r.push(rps);
                p.push(p99);
            }
            None => by_scenario.push((scenario, vec![rps], vec![p99])),
        }
    }
    Ok(by_scenario
        .into_iter()
        .map(|(s, mut r, mut p)| {
            r.sort_by(f64::total_cmp);
            p.sort_by(f64::total_cmp);
            (s, r[r.len() / 2], p[p.len() / 2])
        })
        .collect())
}

/// `xtask bench-one parse <spec>` and `xtask bench-one generate <spec> <out>`: one measured
/// unit of work in a process of its own, so that its peak memory is its own. The selection
/// part's `selection-crate`, `lines` and `largest-group` run apart for the opposite reason:
/// a child's peak starts from the size of the process that forked it, which must stay small.
pub fn one(args: &[&str]) -> ExitCode {
    let result = match args {
        ["parse", spec] => parse(Path::new(spec)),
        ["generate", spec, out] => generate(Path::new(spec), Path::new(out)),
        ["crate", spec, dir, package, side] => {
            coverage::write_ours(Path::new(spec), Path::new(dir), package, *side == "client")
        }
        ["selection-crate", dir] => selection::generate(Path::new(dir)),
        ["lines", dir, features] => selection::lines(Path::new(dir), features),
        ["largest-group", dir, module] => selection::largest_group(Path::new(dir), module),
        _ => Err(
            "usage: xtask bench-one parse <spec> | generate <spec> <out> | crate <spec> <dir> <package> <client|all> | selection-crate <dir> | lines <dir> <features> | largest-group <dir> <module>"
                .to_owned(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// The floor: reading the file and parsing it into a JSON value, nothing more.
fn parse(spec: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(spec).map_err(|e| e.to_string())?;
    let is_json = spec.extension().is_some_and(|e| e == "json");
    if is_json {
        let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        std::hint::black_box(&value);
    } else {
        // Every document of the stream (the seed ends with an empty one).
        for document in serde_yaml::Deserializer::from_str(&text) {
            let value = <serde_json::Value as serde::Deserialize>::deserialize(document)
                .map_err(|e| e.to_string())?;
            std::hint::black_box(&value);
        }
    }
    Ok(())
}

/// Ours: the whole of `cargo xtask codegen` for one spec, files written included.
fn generate(spec: &Path, out: &Path) -> Result<(), String> {
    openapi_rs_generator::Generator::new()
        .spec(spec)
        .out_dir(out)
        .command("cargo xtask bench")
        .write()
        .map(drop)
        .map_err(|e| e.to_string())
}

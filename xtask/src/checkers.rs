//! `cargo xtask checkers`: the generated code checked by tools written by others.
//!
//! - schemathesis (from PyPI) fuzzes the generated servers of the seed spec (with its overlay)
//!   and of `specs/tasks.yaml`, each served by its in-memory example, with every check it has.
//! - Prism (from the npm registry) mocks `specs/tasks.yaml` and refuses any request that does
//!   not fit it; the generated client calls every operation against it.
//!
//! Both are installed, at pinned versions, into a cache outside the repository
//! (`$XDG_CACHE_HOME/openapi-rs-tools`, else `~/.cache/openapi-rs-tools`), once per machine.
//! Runs are bounded and seeded, so that a failure reproduces.

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use crate::{run_status, target_dir};

const SCHEMATHESIS: &str = "schemathesis==4.32.5";
const PRISM: &str = "@stoplight/prism-cli@5.14.2";
/// Examples per operation and phase; with the seed, each run takes seconds.
const MAX_EXAMPLES: &str = "60";
const SEED: &str = "1";

pub fn run(root: &Path) -> ExitCode {
    match check(root) {
        Ok(()) => {
            println!("checkers: schemathesis and Prism passed");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("checkers: {message}");
            ExitCode::FAILURE
        }
    }
}

fn check(root: &Path) -> Result<(), String> {
    let tools = cache_dir()?;
    let schemathesis = install_schemathesis(&tools)?;
    let prism = install_prism(&tools)?;

    println!("==> building the example servers and client");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let examples = [
        "atlassian_conversation_server",
        "tasks_server",
        "tasks_client",
    ];
    let mut build = Command::new(&cargo);
    build.args(["build", "-p", "openapi-rs-generated"]);
    for e in examples {
        build.args(["--example", e]);
    }
    run_status(build.current_dir(root), "cargo build --example")?;
    let bin = target_dir(root).join("debug").join("examples");

    let scratch = target_dir(root).join("xtask-checkers");
    std::fs::create_dir_all(&scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;

    // The seed, as its overlay leaves it: the spec its server was generated from.
    let seed_spec = scratch.join("atlassian-conversation.json");
    let overlaid = openapi_rs_generator::Generator::new()
        .spec(root.join("specs/atlassian-conversation.yaml"))
        .documents()
        .map_err(|e| e.to_string())?
        .pop()
        .map(|(_, document)| document)
        .ok_or("the seed spec gave no document")?;
    let json = serde_json::to_string_pretty(&overlaid).map_err(|e| e.to_string())?;
    std::fs::write(&seed_spec, json).map_err(|e| format!("{}: {e}", seed_spec.display()))?;

    let seed = Server::start(&bin.join("atlassian_conversation_server"), "seed server")?;
    schemathesis_run(
        &schemathesis,
        &scratch,
        &seed_spec,
        seed.port,
        &[
            // Every operation needs an OAuth 2 token; the example takes any.
            "-H",
            "Authorization: Bearer checker",
            // All checks but one. The seed's paths overlap: `.../message/recent` is also a
            // `.../message/{messageId}` (a message may have the id `recent`), and the router
            // serves that URL's PUT and DELETE from the templated path, so its `Allow` lists
            // them. This check takes each URL to belong to one path item only, which the
            // seed's spec does not say.
            "--exclude-checks",
            "allow_header_conformance",
        ],
        "the seed's server (with its overlay)",
    )?;
    drop(seed);

    let tasks = Server::start(&bin.join("tasks_server"), "tasks server")?;
    schemathesis_run(
        &schemathesis,
        &scratch,
        &root.join("specs/tasks.yaml"),
        tasks.port,
        // The credentials the example accepts: an API key, and basic for `GET /stats`.
        &["-H", "X-API-Key: key-1", "--auth", "admin:secret"],
        "the tasks server",
    )?;
    println!("==> the generated tasks client against the generated tasks server");
    run_status(
        Command::new(bin.join("tasks_client")).arg(format!("http://127.0.0.1:{}", tasks.port)),
        "tasks_client against tasks_server",
    )?;
    drop(tasks);

    println!("==> the generated tasks client against Prism's mock of specs/tasks.yaml");
    let port = free_port()?;
    let mut mock = Command::new(&prism);
    mock.args(["mock", "--errors", "-h", "127.0.0.1", "-p"])
        .arg(port.to_string())
        .arg(root.join("specs/tasks.yaml"));
    let log = scratch.join("prism.log");
    let mock = Server::spawn(mock, port, "Prism", &log)?;
    let client = Command::new(bin.join("tasks_client"))
        .arg(format!("http://127.0.0.1:{}", mock.port))
        .status()
        .map_err(|e| format!("cannot run tasks_client: {e}"))?;
    drop(mock);
    let prism_log = std::fs::read_to_string(&log).unwrap_or_default();
    // The client's one deliberate violation is its call without credentials.
    let violations: Vec<&str> = prism_log
        .lines()
        .filter(|l| l.contains("Violation:"))
        .collect();
    if !client.success() || violations.len() != 1 {
        return Err(format!(
            "the tasks client against Prism: {client}; Prism's violations (one expected, for the call without credentials):\n{}\n(Prism's log: {})",
            violations.join("\n"),
            log.display()
        ));
    }
    Ok(())
}

fn schemathesis_run(
    schemathesis: &Path,
    scratch: &Path,
    spec: &Path,
    port: u16,
    auth: &[&str],
    what: &str,
) -> Result<(), String> {
    println!("==> schemathesis against {what}");
    let mut command = Command::new(schemathesis);
    command
        .arg("run")
        .arg(spec)
        .args(["--url", &format!("http://127.0.0.1:{port}")])
        .args(["--checks", "all"])
        .args(["--max-examples", MAX_EXAMPLES, "--seed", SEED])
        // One worker: Python 3.11's `ast` module is not thread-safe, and hypothesis parses
        // source on every worker thread ("AST constructor recursion depth mismatch").
        .args(["--workers", "1", "--request-timeout", "10"])
        .args(auth)
        .env("SCHEMATHESIS_TELEMETRY", "false")
        .env("NO_COLOR", "1")
        // Its cache of crashes and examples goes in the scratch folder, not the repository.
        .current_dir(scratch);
    run_status(&mut command, &format!("schemathesis against {what}"))
}

/// A server process, killed when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    /// Starts an example server on a free port, with `--port`.
    fn start(binary: &Path, what: &str) -> Result<Self, String> {
        let port = free_port()?;
        let mut command = Command::new(binary);
        command.args(["--port", &port.to_string()]);
        Self::spawn(command, port, what, Path::new("/dev/null"))
    }

    fn spawn(mut command: Command, port: u16, what: &str, log: &Path) -> Result<Self, String> {
        let out = std::fs::File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
        let err = out.try_clone().map_err(|e| e.to_string())?;
        let child = command
            .stdout(Stdio::from(out))
            .stderr(Stdio::from(err))
            .spawn()
            .map_err(|e| format!("cannot start the {what}: {e}"))?;
        let server = Server { child, port };
        let started = Instant::now();
        while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
            if started.elapsed() > Duration::from_secs(60) {
                return Err(format!(
                    "the {what} did not listen on port {port} within 60 s"
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(server)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> Result<u16, String> {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))
}

/// Where tools from outside are installed, once per machine, outside the repository.
pub fn cache_dir() -> Result<PathBuf, String> {
    let base = match std::env::var_os("XDG_CACHE_HOME") {
        Some(dir) => PathBuf::from(dir),
        None => {
            PathBuf::from(std::env::var_os("HOME").ok_or("neither XDG_CACHE_HOME nor HOME is set")?)
                .join(".cache")
        }
    };
    let dir = base.join("openapi-rs-tools");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(dir)
}

/// schemathesis in a virtual environment of its own, made with the machine's Python.
fn install_schemathesis(tools: &Path) -> Result<PathBuf, String> {
    pip_tool(tools, SCHEMATHESIS, "schemathesis", "--version")
}

/// A command-line tool from PyPI (`package` is `name==version`), in a virtual environment of
/// its own under `tools`, installed unless it already runs (`probe` is an argument it answers
/// successfully, such as `--version`).
pub fn pip_tool(tools: &Path, package: &str, binary: &str, probe: &str) -> Result<PathBuf, String> {
    let venv = tools.join(package.replace("==", "-"));
    let binary = venv.join("bin").join(binary);
    if works(&binary, probe) {
        return Ok(binary);
    }
    println!("==> installing {package} from PyPI into {}", venv.display());
    run_status(
        Command::new("python3").args(["-m", "venv"]).arg(&venv),
        "python3 -m venv",
    )?;
    run_status(
        Command::new(venv.join("bin").join("pip")).args([
            "install",
            "--quiet",
            "--disable-pip-version-check",
            package,
        ]),
        &format!("pip install {package}"),
    )?;
    if works(&binary, probe) {
        Ok(binary)
    } else {
        Err(format!(
            "{} does not run after installing",
            binary.display()
        ))
    }
}

/// Prism in a folder of its own, installed with the machine's npm.
fn install_prism(tools: &Path) -> Result<PathBuf, String> {
    let dir = tools.join(PRISM.replace(['@', '/'], "_"));
    let binary = dir.join("node_modules").join(".bin").join("prism");
    if works(&binary, "--version") {
        return Ok(binary);
    }
    println!(
        "==> installing {PRISM} from the npm registry into {}",
        dir.display()
    );
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    run_status(
        Command::new("npm")
            .args([
                "install",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                "--prefix",
            ])
            .arg(&dir)
            .arg(PRISM),
        "npm install prism",
    )?;
    if works(&binary, "--version") {
        Ok(binary)
    } else {
        Err(format!(
            "{} does not run after installing",
            binary.display()
        ))
    }
}

fn works(binary: &Path, probe: &str) -> bool {
    Command::new(binary)
        .arg(probe)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

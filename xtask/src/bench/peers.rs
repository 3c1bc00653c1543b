//! The generators users would otherwise pick, installed at pinned versions into the cache
//! outside the repository (`~/.cache/openapi-rs-tools`), once per machine:
//!
//! - progenitor's `cargo-progenitor`, from crates.io (`cargo install --locked`);
//! - openapi-generator's `openapi-generator-cli`, from PyPI (it bundles the generator's JAR
//!   and runs it on the machine's Java), in a virtual environment of its own.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub const PROGENITOR: &str = "0.15.1";
pub const OPENAPI_GENERATOR: &str = "7.26.0";

pub fn progenitor(tools: &Path, cargo: &str) -> Result<PathBuf, String> {
    let root = tools.join(format!("cargo-progenitor-{PROGENITOR}"));
    let binary = root.join("bin").join("cargo-progenitor");
    if binary.exists() {
        return Ok(binary);
    }
    println!(
        "==> installing cargo-progenitor {PROGENITOR} from crates.io into {}",
        root.display()
    );
    let status = Command::new(cargo)
        .args([
            "install",
            "--locked",
            "--quiet",
            "cargo-progenitor",
            "--version",
            PROGENITOR,
        ])
        .arg("--root")
        .arg(&root)
        // Its own target directory, so that the workspace's stays as it is.
        .env("CARGO_TARGET_DIR", tools.join("cargo-install-target"))
        .status()
        .map_err(|e| format!("cannot run cargo install: {e}"))?;
    if status.success() && binary.exists() {
        Ok(binary)
    } else {
        Err(format!(
            "cargo install cargo-progenitor {PROGENITOR} failed ({status})"
        ))
    }
}

pub fn openapi_generator(tools: &Path) -> Result<PathBuf, String> {
    let venv = tools.join(format!("openapi-generator-cli-{OPENAPI_GENERATOR}"));
    let binary = venv.join("bin").join("openapi-generator-cli");
    let works = || {
        Command::new(&binary)
            .arg("version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if works() {
        return Ok(binary);
    }
    println!(
        "==> installing openapi-generator-cli {OPENAPI_GENERATOR} from PyPI into {}",
        venv.display()
    );
    let venv_ok = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .status()
        .is_ok_and(|s| s.success());
    let pip_ok = venv_ok
        && Command::new(venv.join("bin").join("pip"))
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .arg(format!("openapi-generator-cli=={OPENAPI_GENERATOR}"))
            .status()
            .is_ok_and(|s| s.success());
    if pip_ok && works() {
        Ok(binary)
    } else {
        Err(format!(
            "installing openapi-generator-cli {OPENAPI_GENERATOR} failed (it needs python3 with venv, and java on the PATH)"
        ))
    }
}

//! The generators users would otherwise pick, installed at pinned versions into the cache
//! outside the repository (`~/.cache/openapi-rs-tools`), once per machine:
//!
//! - from crates.io (`cargo install --locked`, each into a folder of its own): progenitor's
//!   `cargo-progenitor`, `openapi-to-rust`, `ploidy` and `oas3-gen`;
//! - openapi-generator's `openapi-generator-cli`, from PyPI (it bundles the generator's JAR
//!   and runs it on the machine's Java), in a virtual environment of its own.

use std::path::{Path, PathBuf};
use std::process::Command;

pub const PROGENITOR: &str = "0.15.1";
pub const OPENAPI_GENERATOR: &str = "7.26.0";
pub const OPENAPI_TO_RUST: &str = "0.23.0";
pub const PLOIDY: &str = "0.15.0";
pub const OAS3_GEN: &str = "0.29.0";

pub fn progenitor(tools: &Path, cargo: &str) -> Result<PathBuf, String> {
    cargo_tool(
        tools,
        cargo,
        "cargo-progenitor",
        PROGENITOR,
        "cargo-progenitor",
    )
}

pub fn openapi_to_rust(tools: &Path, cargo: &str) -> Result<PathBuf, String> {
    cargo_tool(
        tools,
        cargo,
        "openapi-to-rust",
        OPENAPI_TO_RUST,
        "openapi-to-rust",
    )
}

pub fn ploidy(tools: &Path, cargo: &str) -> Result<PathBuf, String> {
    cargo_tool(tools, cargo, "ploidy", PLOIDY, "ploidy")
}

pub fn oas3_gen(tools: &Path, cargo: &str) -> Result<PathBuf, String> {
    cargo_tool(tools, cargo, "oas3-gen", OAS3_GEN, "oas3-gen")
}

/// A binary of a crates.io package at a pinned version, installed on first use.
fn cargo_tool(
    tools: &Path,
    cargo: &str,
    package: &str,
    version: &str,
    binary: &str,
) -> Result<PathBuf, String> {
    let root = tools.join(format!("{package}-{version}"));
    let path = root.join("bin").join(binary);
    if path.exists() {
        return Ok(path);
    }
    println!(
        "==> installing {package} {version} from crates.io into {}",
        root.display()
    );
    let status = Command::new(cargo)
        .args([
            "install",
            "--locked",
            "--quiet",
            package,
            "--version",
            version,
        ])
        .arg("--root")
        .arg(&root)
        // Its own target directory, so that the workspace's stays as it is.
        .env("CARGO_TARGET_DIR", tools.join("cargo-install-target"))
        .status()
        .map_err(|e| format!("cannot run cargo install: {e}"))?;
    if status.success() && path.exists() {
        Ok(path)
    } else {
        Err(format!(
            "cargo install {package} {version} failed ({status})"
        ))
    }
}

pub fn openapi_generator(tools: &Path) -> Result<PathBuf, String> {
    // It runs the JAR it bundles on the machine's `java`.
    crate::checkers::pip_tool(
        tools,
        &format!("openapi-generator-cli=={OPENAPI_GENERATOR}"),
        "openapi-generator-cli",
        "version",
    )
}

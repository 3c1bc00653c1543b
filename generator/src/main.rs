//! `openapi-rs`: the generator's command line.
//!
//! ```text
//! openapi-rs generate <SPEC or FOLDER>... --out <FOLDER> [options]
//! openapi-rs check    <SPEC or FOLDER>... --out <FOLDER> [options]
//! ```

use std::process::ExitCode;

use openapi_rs_generator::{Failure, Generator};

const USAGE: &str =
    "usage: openapi-rs <generate|check> <SPEC or FOLDER>... --out <FOLDER> [options]

  generate   write the generated code into the output folder (only files that changed)
  check      write nothing; print a diff and exit with 1 if the folder is stale

  SPEC or FOLDER   a spec file (.yaml, .yml, .json), a folder holding a multi-file spec
                   (openapi.yaml), or a folder of specs
  --out FOLDER     where the modules go, with a root file declaring them
  --root-file NAME the root file's name: mod.rs (default), or lib.rs for a crate of its own
  --runtime PATH   the Rust path of the runtime crate (default ::openapi_rs_runtime)
  --features TOML  gate each spec module behind a Cargo feature of its name, kept in this
                   manifest's [features] (with `specs` for all of them)
  --allow CODE     drop the warnings with this code (repeatable)
  --deny CODE      make the warnings with this code errors (repeatable)
  --deny-warnings  make every warning left an error";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (check, rest) = match args.split_first() {
        Some((command, rest)) if command == "generate" => (false, rest),
        Some((command, rest)) if command == "check" => (true, rest),
        Some((command, _)) if command == "--help" || command == "-h" || command == "help" => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => return usage(),
    };
    let mut generator = Generator::new();
    let mut out = false;
    let mut args = rest.iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().cloned();
        generator = match arg.as_str() {
            "--out" => match value() {
                Some(dir) => {
                    out = true;
                    generator.out_dir(dir)
                }
                None => return usage(),
            },
            "--root-file" => match value() {
                Some(name) => generator.root_file(name),
                None => return usage(),
            },
            "--runtime" => match value() {
                Some(path) => generator.runtime(path),
                None => return usage(),
            },
            "--features" => match value() {
                Some(manifest) => generator.features(manifest),
                None => return usage(),
            },
            "--allow" => match value() {
                Some(code) => generator.allow(code),
                None => return usage(),
            },
            "--deny" => match value() {
                Some(code) => generator.deny(code),
                None => return usage(),
            },
            "--deny-warnings" => generator.deny_warnings(true),
            flag if flag.starts_with("--") => return usage(),
            spec => generator.spec(spec),
        };
    }
    if !out {
        return usage();
    }
    let result = if check {
        generator.check()
    } else {
        generator.write()
    };
    match result {
        Ok(report) => {
            print!("{report}");
            ExitCode::SUCCESS
        }
        Err(failure) => {
            eprintln!("{failure}");
            match failure {
                Failure::Stale { .. } => ExitCode::from(1),
                Failure::Usage(_) => ExitCode::from(2),
                _ => ExitCode::FAILURE,
            }
        }
    }
}

fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}

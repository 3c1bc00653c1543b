//! A repository's own codegen task, written against the generator's library: `cargo run -p
//! codegen` regenerates `src/api/` from `specs/`, `cargo run -p codegen -- --check` fails when
//! it is stale.

use openapi_rs_generator::Generator;

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let generator = Generator::new()
        .spec(root.join("specs"))
        .out_dir(root.join("src/api"))
        .base(&root)
        .command("cargo run -p codegen")
        // The crate re-exports the runtime as `crate::runtime` (src/main.rs).
        .runtime("crate::runtime")
        .deny_warnings(true);
    let check = std::env::args().any(|a| a == "--check");
    let result = if check {
        generator.check()
    } else {
        generator.write()
    };
    match result {
        Ok(report) => print!("{report}"),
        Err(failure) => {
            eprintln!("{failure}");
            std::process::exit(1);
        }
    }
}

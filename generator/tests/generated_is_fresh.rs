//! `cargo test` fails when `generated/` is stale, exactly as `cargo xtask codegen --check` does.

use std::path::Path;

use generator::codegen::{self, Mode};

#[test]
fn generated_crate_matches_the_specs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the generator lives in the workspace");
    if let Err(failure) = codegen::run(root, Mode::Check) {
        panic!("{failure}\nrun `cargo xtask codegen` and commit the result");
    }
}

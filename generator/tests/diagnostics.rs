//! Diagnostics users can steer: each has a stable code, printed with it; settings and the
//! builder allow or deny codes, or deny every warning left.

use std::fs;
use std::path::PathBuf;

use openapi_rs_generator::{Failure, Generator, Severity};

mod common;

/// A response without a schema (`untyped-response`) and a parameter without a type
/// (`untyped-parameter`).
const SPEC: &str = "swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      parameters: [{in: query, name: q}]\n      responses: {'200': {description: OK}}\n";

fn codes(generator: Generator) -> Result<Vec<&'static str>, Vec<(Severity, &'static str)>> {
    match generator.generate() {
        Ok(generated) => Ok(generated.specs[0].warnings.iter().map(|d| d.code).collect()),
        Err(Failure::Spec(diags)) => Err(diags.iter().map(|d| (d.severity, d.code)).collect()),
        Err(other) => panic!("{other}"),
    }
}

/// A folder holding `t.yaml` and, when given, its settings.
fn folder(name: &str, settings: Option<&str>) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("diagnostics-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("t.yaml"), SPEC).unwrap();
    if let Some(settings) = settings {
        fs::write(dir.join("t.codegen.yaml"), settings).unwrap();
    }
    dir
}

#[test]
fn every_diagnostic_is_printed_with_its_code() {
    let out = common::generate_text("t.yaml", SPEC).unwrap();
    let shown: Vec<String> = out.warnings.iter().map(ToString::to_string).collect();
    assert!(
        shown.iter().any(|s| s
            .starts_with("warning[untyped-response]: t.yaml:7: at /paths/~1a/get/responses/200:")),
        "{shown:#?}"
    );
    assert!(
        shown
            .iter()
            .any(|s| s.starts_with("warning[untyped-parameter]: ")),
        "{shown:#?}"
    );
}

#[test]
fn the_builder_allows_and_denies_codes() {
    let text = || Generator::new().spec_text("t.yaml", SPEC);
    let all = codes(text()).unwrap();
    assert!(all.contains(&"untyped-response") && all.contains(&"untyped-parameter"));

    let allowed = codes(text().allow("untyped-response")).unwrap();
    assert!(!allowed.contains(&"untyped-response"), "{allowed:?}");
    assert!(allowed.contains(&"untyped-parameter"), "{allowed:?}");

    let denied = codes(text().deny("untyped-parameter")).unwrap_err();
    assert!(
        denied.contains(&(Severity::Error, "untyped-parameter")),
        "{denied:?}"
    );
    assert!(
        denied.contains(&(Severity::Warning, "untyped-response")),
        "{denied:?}"
    );

    // Every warning left fails; allowed ones are gone first.
    let strict = codes(text().deny_warnings(true).allow("untyped-response")).unwrap_err();
    assert!(
        strict.iter().all(|(s, _)| *s == Severity::Error),
        "{strict:?}"
    );
    assert!(
        !strict.iter().any(|(_, c)| *c == "untyped-response"),
        "{strict:?}"
    );
    let clean = codes(
        text()
            .deny_warnings(true)
            .allow("untyped-response")
            .allow("untyped-parameter"),
    )
    .unwrap();
    assert!(clean.is_empty(), "{clean:?}");

    // A code nothing raises is a mistake, not a silent no-op.
    let Err(Failure::Usage(message)) = text().allow("untyped-respnse").generate() else {
        panic!("an unknown code was accepted")
    };
    assert!(message.contains("untyped-respnse"), "{message}");
}

#[test]
fn settings_steer_their_own_spec() {
    let dir = folder(
        "settings",
        Some("allow: [untyped-response]\ndeny: [untyped-parameter]\n"),
    );
    let failed = codes(Generator::new().spec(&dir)).unwrap_err();
    assert_eq!(failed, vec![(Severity::Error, "untyped-parameter")]);

    let dir = folder("strict", Some("deny_warnings: true\n"));
    let Err(Failure::Spec(diags)) = Generator::new().spec(&dir).base(&dir).generate() else {
        panic!("warnings were not denied")
    };
    let shown = diags[0].to_string();
    assert!(shown.starts_with("error[untyped-"), "{shown}");
    assert!(shown.contains("allow `untyped-"), "{shown}");

    let dir = folder("typo", Some("allow: [no-such-code]\n"));
    let failed = codes(Generator::new().spec(&dir)).unwrap_err();
    assert_eq!(failed, vec![(Severity::Error, "invalid-settings")]);
}

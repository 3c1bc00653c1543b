//! Multi-file specs: references into other files inside the spec's root folder are followed
//! (from fragments relative to the fragment), everything else is refused before it is read,
//! and every problem is reported in the file that holds it.
//!
//! Each test copies the fixture `generator/fixtures/specs/multifile` into a scratch folder,
//! changes what it needs there, and generates from the copy.

use std::fs;
use std::path::{Path, PathBuf};

use openapi_rs_generator::{Diagnostic, Severity};

mod common;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/specs/multifile");

/// A scratch copy of the fixture, as `<tmp>/<name>/spec/`, beside an `outside/` folder.
fn copy(name: &str) -> PathBuf {
    let base = std::env::temp_dir().join(format!("multifile-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&base);
    copy_dir(Path::new(FIXTURE), &base.join("spec"));
    fs::create_dir_all(base.join("outside")).unwrap();
    fs::write(
        base.join("outside/secret.yaml"),
        "Secret: {type: string, enum: [hidden], description: SECRET-CONTENT}\n",
    )
    .unwrap();
    base
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

/// Removes a scratch copy once its test passed (a failed one stays, to look at).
fn done(base: &Path) {
    let _ = fs::remove_dir_all(base);
}

/// Generates the copy's entry, named `spec/openapi.yaml` in messages.
fn generate(base: &Path) -> Result<common::Output, Vec<Diagnostic>> {
    common::generate_file(&base.join("spec/openapi.yaml"), base)
}

/// Replaces `from` by `to` in one of the copy's files (the text must be there).
fn edit(base: &Path, file: &str, from: &str, to: &str) {
    let path = base.join("spec").join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} lacks {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn errors(base: &Path) -> Vec<Diagnostic> {
    match generate(base) {
        Ok(out) => panic!("expected errors, got warnings only: {:#?}", out.warnings),
        Err(diags) => diags
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect(),
    }
}

fn one<'a>(diags: &'a [Diagnostic], code: &str) -> &'a Diagnostic {
    let found: Vec<&Diagnostic> = diags.iter().filter(|d| d.code == code).collect();
    assert_eq!(found.len(), 1, "one diagnostic `{code}` in {diags:#?}");
    found[0]
}

fn file(name: &str) -> String {
    fs::read_to_string(Path::new(FIXTURE).join(name)).unwrap()
}

/// The 1-based line of the first line of `text` that contains `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn every_operation_and_one_type_per_target() {
    let out = common::generate_file(&Path::new(FIXTURE).join("openapi.yaml"), Path::new(FIXTURE))
        .unwrap();
    assert_eq!(out.module, "multifile");
    assert_eq!((out.operations, out.declared_operations), (5, 5));
    assert!(out.warnings.is_empty(), "{:#?}", out.warnings);
    let types = &out.files.iter().find(|(n, _)| n == "types.rs").unwrap().1;
    // `Pet.yaml` is reached from the entry, from two path files by different relative paths,
    // and from `Owner.yaml` (a cycle): one type, under the entry's slot name.
    assert_eq!(types.matches("pub struct Pet {").count(), 1, "{types}");
    assert!(!types.contains("Pet2"), "{types}");
    assert!(types.contains("pub owner: Option<Owner>"), "{types}");
    assert!(types.contains("pub pets: Option<Vec<Pet>>"), "{types}");
    // `#/Color` inside defs.yaml names defs.yaml's Color, a pattern-checked string, which
    // keeps its name.
    assert!(types.contains("pub color: Option<Color>"), "{types}");
    assert!(types.contains("pub type Color = String;"), "{types}");
}

#[test]
fn problems_are_reported_in_the_fragment_that_holds_them() {
    let base = copy("located");
    // A gap in a path file two folders down: a parameter without a type.
    edit(
        &base,
        "components/parameters/PetId.yaml",
        "schema:\n  type: string\n  minLength: 1\n",
        "schema: {}\n",
    );
    let out = generate(&base).unwrap();
    let d = one(&out.warnings, "untyped-parameter");
    assert_eq!(d.file, "spec/components/parameters/PetId.yaml");
    assert_eq!(d.pointer, "/schema");
    assert_eq!(d.line, Some(4));
    // The overlay that would fill it targets the combined document, in the entry's overlay.
    let help = d.help.as_deref().unwrap();
    assert!(help.contains("spec/openapi.overlay.yaml"), "{help}");
    assert!(
        help.contains("$.paths['/pets/{petId}'].parameters[0].schema")
            || help.contains("$.components.parameters.PetId.schema"),
        "{help}"
    );
    done(&base);
}

#[test]
fn references_that_leave_the_root_are_refused_where_they_are_written() {
    for (reference, code) in [
        (
            "../../../../outside/secret.yaml#/Secret",
            "ref-outside-root",
        ),
        ("/etc/passwd", "ref-outside-root"),
        ("file:///etc/passwd", "remote-ref"),
        ("https://example.com/pets.yaml#/Pet", "remote-ref"),
        ("//example.com/pets.yaml", "remote-ref"),
        ("missing.yaml", "unresolved-ref"),
        ("../../../common/defs.yaml#/Nothing", "unresolved-ref"),
    ] {
        let base = copy("escape");
        edit(
            &base,
            "components/schemas/pets/NewPet.yaml",
            "  name:\n    type: string\n",
            &format!("  name:\n    $ref: '{reference}'\n"),
        );
        let e = errors(&base);
        let d = one(&e, code);
        assert_eq!(d.file, "spec/components/schemas/pets/NewPet.yaml", "{d}");
        assert_eq!(d.pointer, "/properties/name/$ref", "{d}");
        assert_eq!(d.line, Some(5), "{d}");
        assert!(d.help.is_some(), "{d}");
        assert!(
            !e.iter().any(|d| d.to_string().contains("SECRET-CONTENT")),
            "nothing of the outside file shows: {e:#?}"
        );
        done(&base);
    }
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_root_is_refused() {
    let base = copy("link");
    std::os::unix::fs::symlink(
        base.join("outside/secret.yaml"),
        base.join("spec/common/secret.yaml"),
    )
    .unwrap();
    edit(
        &base,
        "components/schemas/Owner.yaml",
        "  name:\n    type: string\n",
        "  name:\n    $ref: ../../common/secret.yaml#/Secret\n",
    );
    let e = errors(&base);
    let d = one(&e, "ref-outside-root");
    assert_eq!(d.file, "spec/components/schemas/Owner.yaml");
    assert_eq!(d.pointer, "/properties/name/$ref");
    done(&base);
}

#[test]
fn the_root_can_be_widened_by_the_settings() {
    let base = copy("root");
    edit(
        &base,
        "components/schemas/Owner.yaml",
        "  name:\n    type: string\n",
        "  name:\n    $ref: ../../../outside/secret.yaml#/Secret\n",
    );
    assert!(generate(&base).is_err());
    fs::write(base.join("spec/openapi.codegen.yaml"), "root: ..\n").unwrap();
    let out = generate(&base).unwrap();
    let types = &out.files.iter().find(|(n, _)| n == "types.rs").unwrap().1;
    assert!(types.contains("pub name: Secret,"), "{types}");
    done(&base);
}

#[test]
fn a_fragment_that_is_not_valid_yaml_is_named_with_its_line() {
    let base = copy("syntax");
    fs::write(
        base.join("spec/components/parameters/Limit.yaml"),
        "name: limit\nin: query\nschema: {type: integer\n",
    )
    .unwrap();
    let e = errors(&base);
    let d = one(&e, "invalid-syntax");
    assert_eq!(d.file, "spec/components/parameters/Limit.yaml");
    assert!(d.line.is_some(), "{d}");
    let help = d.help.as_deref().unwrap();
    assert!(help.contains("spec/paths/pets.yaml"), "{help}");
    done(&base);
}

#[test]
fn references_in_extensions_are_text() {
    // The fixture's x-codeSamples name a file that does not exist; nothing reads it.
    let text = file("paths/pets.yaml");
    assert!(text.contains("$ref: ../samples/list-pets.sh"));
    assert!(!Path::new(FIXTURE).join("samples").exists());
    let base = copy("extensions");
    assert!(generate(&base).is_ok());
    done(&base);
}

#[test]
fn a_fragment_line_is_its_own() {
    let base = copy("lines");
    // A default the schema's type cannot hold, in the path file: its line in that file.
    edit(
        &base,
        "paths/pets/by-id.yaml",
        "    '204':\n      description: Deleted.\n",
        "    '204':\n      description: Deleted.\n      headers:\n        X-Count:\n          schema: {type: integer, default: many}\n",
    );
    let out = generate(&base).unwrap();
    let d = one(&out.warnings, "value-type-mismatch");
    assert_eq!(d.file, "spec/paths/pets/by-id.yaml");
    assert_eq!(
        d.pointer,
        "/delete/responses/204/headers/X-Count/schema/default"
    );
    let text = fs::read_to_string(base.join("spec/paths/pets/by-id.yaml")).unwrap();
    assert_eq!(d.line, Some(line_of(&text, "default: many")));
    done(&base);
}

#[test]
fn one_file_may_serve_as_two_kinds_of_object() {
    let base = copy("kinds");
    fs::write(
        base.join("spec/common/problem-body.yaml"),
        "description: A problem, sent or received.\ncontent:\n  application/json:\n    schema:\n      $ref: defs.yaml#/Problem\n",
    )
    .unwrap();
    // The same file as a request body and as a response: each gets a home of its kind.
    edit(
        &base,
        "paths/pets.yaml",
        "post:\n  operationId: addPet\n  requestBody:\n    required: true\n    content:\n      application/json:\n        schema:\n          $ref: ../components/schemas/pets/NewPet.yaml\n",
        "post:\n  operationId: addPet\n  requestBody:\n    $ref: ../common/problem-body.yaml\n",
    );
    edit(
        &base,
        "paths/pets.yaml",
        "/./Pet.yaml\n    default:\n      $ref: ../components/responses/Problem.yaml\n",
        "/./Pet.yaml\n    default:\n      $ref: ../common/problem-body.yaml\n",
    );
    let out = generate(&base).unwrap();
    assert!(out.warnings.is_empty(), "{:#?}", out.warnings);
    let types = &out.files.iter().find(|(n, _)| n == "types.rs").unwrap().1;
    // The request's body and the response's, one type.
    let request = types.split("pub struct AddPetRequest").nth(1).unwrap();
    assert!(request.contains("pub body: Option<Problem>,"), "{types}");
    let response = types.split("pub enum AddPetResponse").nth(1).unwrap();
    assert!(response.contains("body: Problem,"), "{types}");
    done(&base);
}

//! What `cargo xtask codegen` does to a workspace: writes only what changed, removes only files
//! it generated, and leaves everything as it was when a spec is broken.

use std::fs;
use std::path::{Path, PathBuf};

use openapi_rs_generator::{Failure, Generator, Report};

mod common;

const SPEC: &str = "swagger: '2.0'\ninfo: {title: Pets, version: '1'}\npaths:\n  /pets/{id}:\n    get:\n      operationId: getPet\n      parameters: [{in: path, name: id, type: string, required: true}]\n      responses: {'204': {description: none}}\n";

/// A scratch workspace with `specs/` and `generated/src/`.
fn workspace(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("codegen-test-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(root.join("specs")).unwrap();
    fs::create_dir_all(root.join("generated/src/support")).unwrap();
    fs::write(
        root.join("generated/src/support/mod.rs"),
        "// hand-written\n",
    )
    .unwrap();
    root
}

/// The generator as `cargo xtask codegen` sets it up for a workspace.
fn generator(root: &Path) -> Generator {
    Generator::new()
        .spec(root.join("specs"))
        .out_dir(root.join("generated/src"))
        .root_file("lib.rs")
        .base(root)
}

fn check(root: &Path) -> Result<Report, Failure> {
    generator(root).check()
}

fn write(root: &Path) -> Result<Report, Failure> {
    generator(root).write()
}

fn snapshot(root: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut pending = vec![root.join("generated")];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                out.push((
                    path.strip_prefix(root).unwrap().display().to_string(),
                    fs::read_to_string(&path).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn writes_checks_and_cleans_up() {
    let root = workspace("cycle");
    fs::write(root.join("specs/pets.yaml"), SPEC).unwrap();

    // Stale before the first run.
    assert!(matches!(check(&root), Err(Failure::Stale { .. })));
    let report = write(&root).unwrap();
    assert_eq!(report.specs[0].operations, 1);
    assert!(
        report
            .changed
            .contains(&"generated/src/pets/client.rs".to_owned()),
        "{:?}",
        report.changed
    );
    assert!(check(&root).is_ok());

    // A second run changes nothing.
    assert!(write(&root).unwrap().changed.is_empty());

    // A hand edit is caught, with a diff naming the file.
    let client = root.join("generated/src/pets/client.rs");
    let mut text = fs::read_to_string(&client).unwrap();
    text.push_str("// edited\n");
    fs::write(&client, &text).unwrap();
    let Err(Failure::Stale { diff, .. }) = check(&root) else {
        panic!("edit not caught")
    };
    assert!(
        diff.contains("a/generated/src/pets/client.rs") && diff.contains("-// edited"),
        "{diff}"
    );
    assert_eq!(
        write(&root).unwrap().changed,
        vec!["generated/src/pets/client.rs".to_owned()]
    );

    // A removed spec's files go; hand-written files stay.
    fs::write(root.join("generated/src/pets/notes.rs"), "// mine\n").unwrap();
    fs::remove_file(root.join("specs/pets.yaml")).unwrap();
    write(&root).unwrap();
    assert!(!client.exists());
    assert!(root.join("generated/src/pets/notes.rs").exists());
    assert!(root.join("generated/src/support/mod.rs").exists());
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn a_broken_spec_leaves_everything_as_it_was() {
    let root = workspace("broken");
    fs::write(root.join("specs/pets.yaml"), SPEC).unwrap();
    write(&root).unwrap();
    let before = snapshot(&root);

    // One good spec changed, one broken spec added: nothing is written.
    fs::write(
        root.join("specs/pets.yaml"),
        SPEC.replace("getPet", "fetchPet"),
    )
    .unwrap();
    fs::write(root.join("specs/zoo.yaml"), "openapi: 3.0.0\ninfo: {title: Z, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: x\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Missing'}\n").unwrap();
    let Err(Failure::Spec(errors)) = write(&root) else {
        panic!("broken spec accepted")
    };
    let shown = errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        shown.contains(
            "specs/zoo.yaml:11: at /paths/~1a/get/responses/200/content/application~1json/schema"
        ),
        "{shown}"
    );
    assert_eq!(snapshot(&root), before);
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn output_is_byte_identical_across_runs() {
    let a = common::generate_text("pets.yaml", SPEC).unwrap();
    let b = common::generate_text("pets.yaml", SPEC).unwrap();
    assert_eq!(a.files, b.files);
}

#[test]
fn a_multi_file_spec_is_one_module_and_its_fragments_are_watched() {
    let root = workspace("multi");
    let spec = root.join("specs/petshop");
    fs::create_dir_all(spec.join("paths")).unwrap();
    fs::create_dir_all(spec.join("schemas")).unwrap();
    fs::write(
        spec.join("openapi.yaml"),
        "openapi: 3.0.3\ninfo: {title: Shop, version: '1'}\npaths:\n  /pets/{id}:\n    $ref: paths/pet.yaml\n",
    )
    .unwrap();
    fs::write(
        spec.join("paths/pet.yaml"),
        "get:\n  operationId: getPet\n  parameters: [{in: path, name: id, required: true, schema: {type: string}}]\n  responses:\n    '200':\n      description: The pet.\n      content:\n        application/json:\n          schema: {$ref: ../schemas/Pet.yaml}\n",
    )
    .unwrap();
    let pet = spec.join("schemas/Pet.yaml");
    fs::write(&pet, "type: object\nproperties:\n  name: {type: string}\n").unwrap();

    let report = write(&root).unwrap();
    // One module, named after the folder; the fragments are not specs of their own.
    assert_eq!(report.specs.len(), 1, "{:?}", report.specs);
    assert_eq!(report.specs[0].module, "petshop");
    assert_eq!(report.specs[0].source, "specs/petshop/openapi.yaml");
    assert_eq!(
        (
            report.specs[0].operations,
            report.specs[0].declared_operations
        ),
        (1, 1)
    );
    let types = fs::read_to_string(root.join("generated/src/petshop/types.rs")).unwrap();
    assert!(types.contains("pub name: Option<String>"), "{types}");
    assert!(check(&root).is_ok());

    // An edit to a fragment two references deep makes the crate stale.
    fs::write(
        &pet,
        "type: object\nproperties:\n  name: {type: string}\n  age: {type: integer}\n",
    )
    .unwrap();
    let Err(Failure::Stale { diff, .. }) = check(&root) else {
        panic!("fragment edit not caught")
    };
    assert!(diff.contains("+    pub age: Option<i64>"), "{diff}");

    // A folder without an entry file is reported, not skipped.
    fs::create_dir_all(root.join("specs/loose")).unwrap();
    fs::write(root.join("specs/loose/api.yaml"), SPEC).unwrap();
    let Err(Failure::Spec(errors)) = check(&root) else {
        panic!("a folder without an entry was accepted")
    };
    assert!(errors[0].to_string().contains("specs/loose"), "{errors:?}");
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn spec_features_are_kept_in_the_manifest_and_checked_with_the_code() {
    let root = workspace("features");
    fs::write(root.join("specs/pets.yaml"), SPEC).unwrap();
    fs::write(root.join("specs/shop.yaml"), SPEC.replace("Pets", "Shop")).unwrap();
    let manifest = root.join("generated/Cargo.toml");
    let own = "[package]\nname = \"api\"\n\n[features]\ndefault = [\"specs\"]\n\n[dependencies]\n";
    fs::write(&manifest, own).unwrap();
    let gated = || generator(&root).features(&manifest);
    assert!(gated().check().is_err(), "the manifest lacks the features");
    gated().write().unwrap();
    let lib = fs::read_to_string(root.join("generated/src/lib.rs")).unwrap();
    assert!(
        lib.contains("#[cfg(feature = \"pets\")]\n#[rustfmt::skip]\npub mod pets;"),
        "{lib}"
    );
    let written = fs::read_to_string(&manifest).unwrap();
    assert!(
        written.starts_with(
            "[package]\nname = \"api\"\n\n[features]\ndefault = [\"specs\"]\n# openapi-rs:"
        ),
        "{written}"
    );
    assert!(
        written.contains("\nspecs = [\"pets\", \"shop\"]\npets = []\nshop = []\n"),
        "{written}"
    );
    assert!(written.ends_with("\n\n[dependencies]\n"), "{written}");
    gated().check().unwrap();

    // A spec removed is a feature removed; the crate's own lines stay.
    fs::remove_file(root.join("specs/shop.yaml")).unwrap();
    gated().write().unwrap();
    let written = fs::read_to_string(&manifest).unwrap();
    assert!(
        written.contains("\nspecs = [\"pets\"]\npets = []\n# openapi-rs:"),
        "{written}"
    );
    assert!(!written.contains("shop"), "{written}");
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn a_spec_split_into_groups_gates_each_type_by_the_groups_that_use_it() {
    let root = workspace("groups");
    let spec = r#"openapi: 3.0.3
info: {title: Shop, version: '1'}
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/PetPage'}}}}
  /orders:
    get:
      operationId: listOrders
      tags: [Store Orders]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Order'}}}}
components:
  schemas:
    PetPage: {type: object, properties: {pets: {type: array, items: {$ref: '#/components/schemas/Pet'}}, page: {$ref: '#/components/schemas/Page'}}}
    Pet: {type: object, properties: {name: {type: string}}}
    Order: {type: object, properties: {page: {$ref: '#/components/schemas/Page'}}}
    Page: {type: object, properties: {next: {type: string}}}
    Unused: {type: object, properties: {x: {type: string}}}
"#;
    fs::write(root.join("specs/shop.yaml"), spec).unwrap();
    fs::write(root.join("specs/shop.codegen.yaml"), "groups: tag\n").unwrap();
    let manifest = root.join("generated/Cargo.toml");
    fs::write(&manifest, "[package]\nname = \"api\"\n").unwrap();
    let report = generator(&root).features(&manifest).write().unwrap();
    assert_eq!(report.specs[0].groups, ["shop-pets", "shop-store-orders"]);
    assert!(
        report
            .to_string()
            .contains("2 groups, each a Cargo feature: shop-pets, shop-store-orders")
    );
    let types = fs::read_to_string(root.join("generated/src/shop/types.rs")).unwrap();
    let gate_of = |name: &str| {
        let at = types.find(&format!("pub struct {name} ")).unwrap();
        let before = &types[..at];
        let cfg = before.rfind("#[cfg(").unwrap();
        before[cfg..].lines().next().unwrap().to_owned()
    };
    assert_eq!(gate_of("Pet"), "#[cfg(feature = \"shop-pets\")]");
    assert_eq!(gate_of("Order"), "#[cfg(feature = \"shop-store-orders\")]");
    assert_eq!(
        gate_of("Page"),
        "#[cfg(any(feature = \"shop-pets\", feature = \"shop-store-orders\"))]"
    );
    // What no operation uses compiles with the whole spec only.
    assert_eq!(gate_of("Unused"), "#[cfg(feature = \"shop\")]");
    let lib = fs::read_to_string(root.join("generated/src/lib.rs")).unwrap();
    assert!(
        lib.contains("#[cfg(any(feature = \"shop-pets\", feature = \"shop-store-orders\"))]"),
        "{lib}"
    );
    let written = fs::read_to_string(&manifest).unwrap();
    assert!(
        written.contains("\nshop = [\"shop-pets\", \"shop-store-orders\"]\nshop-pets = []\nshop-store-orders = []\n"),
        "{written}"
    );
    // Without the features, nothing is split, and the setting says it is not used.
    let plain = generator(&root).generate().unwrap();
    assert!(plain.specs[0].groups.is_empty());
    assert!(
        plain.specs[0]
            .warnings
            .iter()
            .any(|w| w.code == "unused-setting" && w.to_string().contains("not split into groups")),
        "{:#?}",
        plain.specs[0].warnings
    );

    // Named lists take their operations; the others keep their tags.
    fs::write(
        root.join("specs/shop.codegen.yaml"),
        "groups: {Checkout: [listOrders, placeOrder]}\n",
    )
    .unwrap();
    let listed = generator(&root).features(&manifest).generate().unwrap();
    assert_eq!(listed.specs[0].groups, ["shop-checkout", "shop-pets"]);
    let warnings: Vec<String> = listed.specs[0]
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("unused-setting") && w.contains("placeOrder")),
        "{warnings:#?}"
    );
    let _ = fs::remove_dir_all(&root);
}

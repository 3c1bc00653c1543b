//! Each setting, read and applied, and the located errors for bad ones.

use super::Config;
use crate::diag::{Diagnostic, Severity};
use crate::{Extras, generate_with};

const SPEC: &str = r#"openapi: 3.0.3
info: {title: T, version: '1'}
servers:
- url: https://api.example.com/v1/
paths:
  /messages:
    post:
      operationId: sendMessage
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Message'}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Money'}
components:
  schemas:
    Message:
      type: object
      properties:
        text: {type: string}
        sent: {type: string, format: date-time}
    Money: {type: string}
"#;

fn config(text: &str) -> Config {
    match Config::parse(text, "specs/t.codegen.yaml") {
        Ok(c) => c,
        Err(e) => panic!("rejected: {e:#?}"),
    }
}

fn errors(text: &str) -> Vec<Diagnostic> {
    match Config::parse(text, "specs/t.codegen.yaml") {
        Ok(c) => panic!("accepted: {c:#?}"),
        Err(e) => e,
    }
}

/// The generated files by name, and the warnings.
fn generate(settings: &str) -> (Vec<(String, String)>, Vec<Diagnostic>) {
    let extras = Extras {
        overlays: Vec::new(),
        config: config(settings),
    };
    match generate_with(SPEC, "specs/t.yaml", "t", &extras) {
        Ok(out) => (out.files, out.warnings),
        Err(e) => panic!("generation failed: {e:#?}"),
    }
}

fn file<'a>(files: &'a [(String, String)], name: &str) -> &'a str {
    files
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, c)| c.as_str())
        .unwrap_or_else(|| panic!("no {name}"))
}

#[test]
fn no_settings_changes_nothing() {
    let (plain, _) = generate("{}");
    let out = crate::generate(SPEC, "specs/t.yaml", "t").map(|o| o.files);
    assert_eq!(Some(plain), out.ok());
}

#[test]
fn renames_replacements_derives_and_base_url_are_applied() {
    let (files, warnings) = generate(
        "types:\n  Message: {rename: ChatMessage, derives: [Eq, Clone, Hash, serde::Serialize]}\n  Money: {replace: 'my_money::Money'}\nformats:\n  date-time: time::OffsetDateTime\noperations:\n  sendMessage: {rename: post_message}\nderives: [Hash]\nbase_url: https://eu.example.com\n",
    );
    assert!(warnings.is_empty(), "{warnings:#?}");
    let types = file(&files, "types.rs");
    assert!(types.contains("pub struct ChatMessage {"), "{types}");
    assert!(!types.contains("pub struct Message "));
    assert!(types.contains("#[derive(Hash, Eq)]"), "{types}");
    assert!(
        types.contains("pub sent: Option<time::OffsetDateTime>"),
        "{types}"
    );
    assert!(types.contains("Ok(my_money::Money)"), "{types}");
    assert!(!types.contains("pub type Money"));
    let client = file(&files, "client.rs");
    assert!(client.contains("pub fn post_message("), "{client}");
    assert!(client.contains("\"https://eu.example.com\""), "{client}");
    // The syntax tree still parses.
    for (name, contents) in &files {
        if let Err(e) = syn::parse_file(contents) {
            panic!("{name} does not parse: {e}");
        }
    }
}

#[test]
fn the_spec_servers_give_the_default_base_url() {
    let (files, _) = generate("{}");
    let client = file(&files, "client.rs");
    assert!(
        client
            .contains("pub const DEFAULT_BASE_URL: &'static str = \"https://api.example.com/v1\";"),
        "{client}"
    );
}

#[test]
fn parts_can_be_left_out() {
    let (files, _) = generate("emit: [types, client]\n");
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["mod.rs", "types.rs", "client.rs"]);
    assert!(!file(&files, "mod.rs").contains("server"));
    let (files, _) = generate("emit: [types]\n");
    assert_eq!(files.len(), 2);
}

#[test]
fn settings_for_names_the_spec_lacks_are_located_warnings() {
    let (_, warnings) =
        generate("types:\n  Mesage: {rename: X}\noperations:\n  send: {rename: y}\n");
    let located: Vec<(Option<usize>, &str)> = warnings
        .iter()
        .filter(|w| w.file == "specs/t.codegen.yaml")
        .map(|w| (w.line, w.pointer.as_str()))
        .collect();
    assert_eq!(
        located,
        [(Some(2), "/types/Mesage"), (Some(4), "/operations/send")]
    );
}

#[test]
fn bad_settings_are_located_errors() {
    let e = errors("module: conversation\nemitt: [types]\n");
    assert_eq!((e[0].line, e[0].pointer.as_str()), (Some(2), "/emitt"));
    assert_eq!(e[0].code, "invalid-settings", "{}", e[0]);
    let e = errors("types:\n  Message:\n    rename: chat message\n");
    assert_eq!(
        (e[0].line, e[0].pointer.as_str()),
        (Some(3), "/types/Message/rename")
    );
    assert_eq!(e[0].help.as_deref(), Some("write it as `ChatMessage`"));
    let e = errors(
        "formats:\n  date-time: 'not a type!'\nemit: [client]\nbase_url: ftp://x\nderives: ['#[x]']\n",
    );
    let pointers: Vec<&str> = e.iter().map(|d| d.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        ["/formats/date-time", "/emit", "/base_url", "/derives/0"]
    );
    assert!(e.iter().all(|d| d.severity == Severity::Error));
    assert!(!errors("module: [x]\n").is_empty());
}

/// A list with a cursor, a page number that is text, and two lists in its body.
const PAGED: &str = r#"openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - {name: cursor, in: query, schema: {type: string}}
        - {name: page, in: query, schema: {type: string}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  a: {type: array, items: {type: string}}
                  b: {type: array, items: {type: string}}
                  next: {type: string}
  /numbers:
    get:
      operationId: listNumbers
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {type: array, items: {type: integer}}
"#;

fn paged(settings: &str) -> (String, Vec<Diagnostic>) {
    let extras = Extras {
        overlays: Vec::new(),
        config: config(settings),
    };
    match generate_with(PAGED, "specs/t.yaml", "t", &extras) {
        Ok(out) => (file(&out.files, "client.rs").to_owned(), out.warnings),
        Err(e) => panic!("generation failed: {e:#?}"),
    }
}

#[test]
fn bad_pagination_rules_are_located_errors() {
    let pointers =
        |text: &str| -> Vec<String> { errors(text).into_iter().map(|d| d.pointer).collect() };
    assert_eq!(pointers("pagination: {link: next}\n"), ["/pagination"]);
    assert_eq!(
        pointers("pagination:\n- cursor: c\n- {link: next, page: p}\n- {offset: o, colour: x}\n"),
        ["/pagination/0", "/pagination/1", "/pagination/2/colour"]
    );
    assert_eq!(
        pointers("pagination:\n- {cursor: c, next: meta/next}\n- {page: p, first: one}\n"),
        ["/pagination/0/next", "/pagination/1/first"]
    );
}

#[test]
fn pagination_rules_apply_where_they_fit_and_say_why_not_elsewhere() {
    // The cursor parameter is there, but which list holds the items is not clear.
    let (client, warnings) = paged("pagination:\n- {cursor: cursor, next: /next}\n");
    assert!(!client.contains("_pages("), "{client}");
    let [w] = warnings.as_slice() else {
        panic!("{warnings:#?}")
    };
    assert_eq!(
        (w.code, w.pointer.as_str()),
        ("pagination-mismatch", "/pagination/0")
    );
    assert!(
        w.message.contains("`listThings`") && w.message.contains("2 lists"),
        "{w}"
    );

    let (client, warnings) = paged(
        "pagination:\n- {cursor: cursor, next: /next, items: /b}\n- {page: page, operations: [listThings]}\n- {link: next, operations: [listNumbers, listNone]}\n",
    );
    assert!(client.contains("pub fn list_things_pages("), "{client}");
    assert!(
        client.contains("Ok(body.b.unwrap_or_default())"),
        "{client}"
    );
    assert!(client.contains("pub fn list_numbers_pages("), "{client}");
    assert!(
        client.contains("rt::client::Next::Link(\"next\")"),
        "{client}"
    );
    // listThings took the first rule that fits it, so the page rule is never tried and fits
    // nothing; the link rule names an operation the spec lacks.
    let found: Vec<(&str, &str)> = warnings
        .iter()
        .map(|w| (w.code, w.pointer.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("unused-setting", "/pagination/1"),
            ("unused-setting", "/pagination/2/operations"),
        ]
    );

    // A rule that misfits is not reported as such when a later one fits: it is only unused.
    let (client, warnings) = paged(
        "pagination:\n- {cursor: cursor, next: /next}\n- {cursor: cursor, next: /next, items: /a}\n",
    );
    assert!(
        client.contains("Ok(body.a.unwrap_or_default())"),
        "{client}"
    );
    let found: Vec<(&str, &str)> = warnings
        .iter()
        .map(|w| (w.code, w.pointer.as_str()))
        .collect();
    assert_eq!(found, [("unused-setting", "/pagination/0")]);

    // Named for an operation it cannot fit: the page number is text.
    let (_, warnings) = paged("pagination:\n- {page: page, items: /a, operations: [listThings]}\n");
    assert!(
        warnings
            .iter()
            .any(|w| w.code == "pagination-mismatch" && w.message.contains("not an integer")),
        "{warnings:#?}"
    );
}

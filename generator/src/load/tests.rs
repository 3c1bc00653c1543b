//! Loader and conversion tests on small specs written here: each gap rule with its warning,
//! each error with its location.

use crate::diag::{Diagnostic, Severity};

/// Generates from `text`; returns the warnings, or the errors.
fn run(text: &str) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    crate::generate(text, "t.yaml", "t").map(|out| out.warnings)
}

fn warnings(text: &str) -> Vec<Diagnostic> {
    match run(text) {
        Ok(w) => w,
        Err(errors) => panic!("unexpected errors: {errors:#?}"),
    }
}

fn errors(text: &str) -> Vec<Diagnostic> {
    match run(text) {
        Ok(w) => panic!("expected errors, got warnings only: {w:#?}"),
        Err(errors) => errors
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect(),
    }
}

/// The one diagnostic with `code`.
fn find<'a>(diags: &'a [Diagnostic], code: &str) -> &'a Diagnostic {
    let found: Vec<&Diagnostic> = diags.iter().filter(|d| d.code == code).collect();
    assert_eq!(found.len(), 1, "want one diagnostic `{code}` in {diags:#?}");
    found[0]
}

fn at(d: &Diagnostic, pointer: &str, line: usize) {
    assert_eq!(d.pointer, pointer, "{d}");
    assert_eq!(d.line, Some(line), "{d}");
    assert!(
        d.help.is_some() || d.severity == Severity::Warning,
        "errors say what to do: {d}"
    );
}

/// A spec given as text, named `t.yaml`.
fn input(text: &str) -> super::Input<'_> {
    super::Input {
        text,
        file: "t.yaml",
        disk: None,
    }
}

const SWAGGER_HEAD: &str = "swagger: '2.0'\ninfo:\n  title: T\n  version: '1'\n";

#[test]
fn trailing_empty_document_is_ignored() {
    let text = format!("---\n{SWAGGER_HEAD}paths: {{}}\n---\n");
    let w = warnings(&text);
    let d = find(&w, "trailing-document");
    assert_eq!(d.line, Some(7));
}

#[test]
fn two_documents_are_an_error() {
    let text = format!("{SWAGGER_HEAD}paths: {{}}\n---\nfoo: 1\n");
    let e = errors(&text);
    let d = find(&e, "several-documents");
    assert_eq!(d.line, Some(6));
}

#[test]
fn integer_keys_become_strings() {
    let text = format!(
        "{SWAGGER_HEAD}paths:\n  /a:\n    get:\n      responses:\n        200:\n          description: OK\n"
    );
    let w = warnings(&text);
    at(
        find(&w, "non-string-key"),
        "/paths/~1a/get/responses/200",
        9,
    );
}

#[test]
fn untyped_and_optional_path_parameters() {
    let text = format!(
        "{SWAGGER_HEAD}paths:\n  /a/{{id}}:\n    get:\n      parameters:\n      - in: path\n        name: id\n      responses:\n        '204':\n          description: none\n"
    );
    let w = warnings(&text);
    at(
        find(&w, "untyped-parameter"),
        "/paths/~1a~1{id}/get/parameters/0",
        9,
    );
    at(
        find(&w, "optional-path-parameter"),
        "/paths/~1a~1{id}/get/parameters/0",
        9,
    );
}

#[test]
fn undeclared_path_parameter_is_added() {
    let text = format!(
        "{SWAGGER_HEAD}paths:\n  /a/{{id}}:\n    get:\n      responses:\n        '204':\n          description: none\n"
    );
    let w = warnings(&text);
    at(
        find(&w, "undeclared-path-parameter"),
        "/paths/~1a~1{id}/get",
        7,
    );
}

#[test]
fn post_without_body_gets_an_untyped_one() {
    let text = format!(
        "{SWAGGER_HEAD}consumes: [application/json]\npaths:\n  /a:\n    post:\n      responses:\n        '204':\n          description: none\n"
    );
    let w = warnings(&text);
    at(find(&w, "missing-request-body"), "/paths/~1a/post", 8);
    let out = crate::generate(&text, "t.yaml", "t").unwrap();
    let types = &out.files.iter().find(|(n, _)| n == "types.rs").unwrap().1;
    assert!(
        types.contains("pub body: Option<rt::serde_json::Value>"),
        "{types}"
    );
}

#[test]
fn response_without_schema_is_kept_untyped() {
    let text = format!(
        "{SWAGGER_HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: OK\n"
    );
    let w = warnings(&text);
    at(
        find(&w, "untyped-response"),
        "/paths/~1a/get/responses/200",
        9,
    );
    let out = crate::generate(&text, "t.yaml", "t").unwrap();
    let types = &out.files.iter().find(|(n, _)| n == "types.rs").unwrap().1;
    assert!(types.contains("Ok(rt::UntypedBody)"), "{types}");
}

#[test]
fn overlapping_paths_are_reported_once() {
    let text = format!(
        "{SWAGGER_HEAD}paths:\n  /m/{{id}}:\n    get:\n      parameters: [{{in: path, name: id, type: string, required: true}}]\n      responses: {{'204': {{description: x}}}}\n    put:\n      parameters: [{{in: path, name: id, type: string, required: true}}]\n      responses: {{'204': {{description: x}}}}\n  /m/recent:\n    get:\n      responses: {{'204': {{description: x}}}}\n"
    );
    let w = warnings(&text);
    at(find(&w, "overlapping-paths"), "/paths/~1m~1recent", 13);
}

#[test]
fn invalid_yaml_names_the_line() {
    let e = errors("openapi: 3.0.0\ninfo: [unclosed\n");
    let d = find(&e, "invalid-syntax");
    assert!(d.line.is_some_and(|l| l >= 2), "{d}");
    assert!(d.help.is_some());
}

#[test]
fn invalid_json_names_the_line() {
    let e = errors("{\n  \"openapi\": \"3.0.0\",\n  \"info\": }\n");
    assert_eq!(find(&e, "invalid-syntax").line, Some(3));
}

#[test]
fn missing_and_unknown_versions() {
    let e = errors("info: {title: t, version: '1'}\npaths: {}\n");
    at(find(&e, "not-a-spec"), "", 1);
    let e = errors("openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n");
    at(find(&e, "unsupported-version"), "/openapi", 1);
    let e = errors("swagger: '1.2'\n");
    at(find(&e, "unsupported-version"), "/swagger", 1);
}

#[test]
fn structural_error_has_pointer_and_line() {
    let e = errors(
        "openapi: 3.0.0\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a:\n    get:\n      responses: 12\n",
    );
    at(find(&e, "invalid-structure"), "/paths/~1a/get/responses", 8);
    // A part inside the frame that cannot be read is left out instead, where it is.
    let w = warnings(
        "openapi: 3.0.0\ninfo:\n  title: t\n  version: '1'\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b:\n          type: array\n          items: 7\n",
    );
    at(
        find(&w, "unreadable-part"),
        "/components/schemas/A/properties/b/items",
        13,
    );
}

#[test]
fn dangling_ref_in_swagger_body_points_into_the_source() {
    let text = format!(
        "{SWAGGER_HEAD}paths:\n  /a:\n    post:\n      parameters:\n      - in: query\n        name: q\n        type: string\n      - in: body\n        name: b\n        schema:\n          $ref: '#/definitions/Nope'\n      responses:\n        '204':\n          description: none\n"
    );
    let e = errors(&text);
    at(
        find(&e, "unresolved-ref"),
        "/paths/~1a/post/parameters/1/schema",
        14,
    );
}

#[test]
fn refs_to_files_outside_the_spec_are_refused() {
    // A file beside the spec, one outside its folder, and a file URL: none is ever read.
    for (reference, code) in [
        ("pets.yaml#/Pet", "ref-outside-root"),
        ("../../../etc/passwd", "ref-outside-root"),
        ("file:///etc/passwd#/Pet", "remote-ref"),
    ] {
        let text = format!(
            "openapi: 3.0.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: x\n          content:\n            application/json:\n              schema:\n                $ref: '{reference}'\n"
        );
        let e = errors(&text);
        let d = find(&e, code);
        at(
            d,
            "/paths/~1a/get/responses/200/content/application~1json/schema/$ref",
            12,
        );
    }
}

#[test]
fn remote_refs_are_refused_not_fetched() {
    let text = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: x\n          content:\n            application/json:\n              schema:\n                $ref: 'https://example.com/schemas.yaml#/Pet'\n";
    let e = errors(text);
    at(
        find(&e, "remote-ref"),
        "/paths/~1a/get/responses/200/content/application~1json/schema/$ref",
        12,
    );
}

#[test]
fn swagger_definitions_and_bodies_are_converted() {
    let text = format!(
        "{SWAGGER_HEAD}host: api.example.com\nbasePath: /v1\nschemes: [https]\npaths:\n  /pets:\n    post:\n      operationId: addPet\n      parameters:\n      - in: body\n        name: pet\n        required: true\n        schema:\n          $ref: '#/definitions/Pet'\n      responses:\n        '200':\n          description: the pet\n          schema:\n            $ref: '#/definitions/Pet'\ndefinitions:\n  Pet:\n    type: object\n    required: [name]\n    properties:\n      name:\n        type: string\n      tag:\n        type: string\n        x-nullable: true\n"
    );
    let loaded = super::load(&input(&text), &[]).unwrap();
    let op = loaded.document.paths.paths["/pets"]
        .as_item()
        .unwrap()
        .post
        .as_ref()
        .unwrap();
    let body = op.request_body.as_ref().unwrap().as_item().unwrap();
    assert!(body.required);
    assert!(body.content.contains_key("application/json"));
    assert_eq!(loaded.document.servers[0].url, "https://api.example.com/v1");
    let out = crate::generate(&text, "t.yaml", "t").unwrap();
    let types = &out.files.iter().find(|(n, _)| n == "types.rs").unwrap().1;
    assert!(types.contains("pub struct Pet {"), "{types}");
    assert!(types.contains("pub name: String,"), "{types}");
    // Optional and nullable: absent is `None`, null is `Some(None)`.
    assert!(
        types.contains("pub tag: Option<Option<String>>,"),
        "{types}"
    );
    assert!(types.contains("pub body: Pet,"), "{types}");
    assert!(types.contains("Ok(Pet)"), "{types}");
}

#[test]
fn swagger_query_arrays_get_styles() {
    let text = format!(
        "{SWAGGER_HEAD}paths:\n  /a:\n    get:\n      parameters:\n      - {{in: query, name: ids, type: array, items: {{type: string}}, collectionFormat: pipes}}\n      - {{in: query, name: tags, type: array, items: {{type: string}}, collectionFormat: multi}}\n      responses: {{'204': {{description: x}}}}\n"
    );
    let loaded = super::load(&input(&text), &[]).unwrap();
    let op = loaded.document.paths.paths["/a"]
        .as_item()
        .unwrap()
        .get
        .as_ref()
        .unwrap();
    let styles: Vec<String> = op
        .parameters
        .iter()
        .map(|p| match p.as_item().unwrap() {
            openapiv3::Parameter::Query {
                style,
                parameter_data,
                ..
            } => format!("{style:?}/{:?}", parameter_data.explode),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(styles, vec!["PipeDelimited/Some(false)", "Form/Some(true)"]);
}

#[test]
fn openapi_31_types_are_lifted() {
    let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        n:\n          type: [string, 'null']\n        k:\n          const: fixed\n";
    let loaded = super::load(&input(text), &[]).unwrap();
    let schema = loaded.document.components.unwrap().schemas["A"]
        .as_item()
        .unwrap()
        .clone();
    let openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) = schema.schema_kind else {
        panic!()
    };
    let n = object.properties["n"].as_item().unwrap();
    assert!(n.schema_data.nullable);
}

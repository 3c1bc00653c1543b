//! The leniency rules for what vendors publish (README, "Rules for incomplete specs"): each on
//! a small spec written here, asserting the warning, its place (pointer and line), and what
//! the generated code makes of it.

mod common;

use common::Output;
use openapi_rs_generator::{Diagnostic, Severity};

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n";

fn generate(text: &str) -> Output {
    match common::generate_text("t.yaml", text) {
        Ok(out) => out,
        Err(diags) => panic!("unexpected errors: {diags:#?}"),
    }
}

/// The one warning (or note) with `code` at `pointer`, checked to be on the line of `text`
/// that holds `written`.
fn warned<'a>(
    out: &'a Output,
    code: &str,
    pointer: &str,
    (text, written): (&str, &str),
) -> &'a Diagnostic {
    let found: Vec<&Diagnostic> = out
        .warnings
        .iter()
        .filter(|d| d.code == code && d.pointer == pointer)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one `{code}` at {pointer} in {:#?}",
        out.warnings
    );
    let d = found[0];
    let line = text.lines().position(|l| l.contains(written)).unwrap() + 1;
    assert_eq!(d.line, Some(line), "{d} (want the line of {written:?})");
    assert_ne!(d.severity, Severity::Error);
    d
}

fn file<'a>(out: &'a Output, name: &str) -> &'a str {
    &out.files.iter().find(|(n, _)| n == name).unwrap().1
}

#[test]
fn integers_beyond_64_bits_are_read_as_numbers() {
    let text = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Amount:\n      type: object\n      properties:\n        cents:\n          type: integer\n          format: int64\n          minimum: -9223372036854776000\n          maximum: 99999999999999999999\n          example: 123456789012345678901234\n        ratio:\n          type: number\n          maximum: 18446744073709551616\n"
    );
    let out = generate(&text);
    let at = "/components/schemas/Amount/properties/cents";
    warned(
        &out,
        "big-integer",
        &format!("{at}/minimum"),
        (&text, "minimum: -9223372036854776000"),
    );
    warned(
        &out,
        "big-integer",
        &format!("{at}/maximum"),
        (&text, "maximum: 99999999999999999999"),
    );
    // A bound no i64 can reach says nothing: dropped; -2^63 is i64::MIN, kept.
    warned(
        &out,
        "bound-out-of-range",
        &format!("{at}/maximum"),
        (&text, "maximum: 99999999999999999999"),
    );
    warned(
        &out,
        "value-type-mismatch",
        &format!("{at}/example"),
        (&text, "example: 123456789012345678901234"),
    );
    // A number may be that large.
    warned(
        &out,
        "big-integer",
        "/components/schemas/Amount/properties/ratio/maximum",
        (&text, "maximum: 18446744073709551616"),
    );
    assert!(
        !out.warnings.iter().any(|d| d.code == "bound-out-of-range"
            && (d.pointer.ends_with("/minimum") || d.pointer.ends_with("ratio/maximum"))),
        "{:#?}",
        out.warnings
    );
}

#[test]
fn percent_encoded_references_are_decoded() {
    let text = format!(
        "{HEAD}paths:\n  /t:\n    get:\n      responses:\n        '200':\n          description: x\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Transaction%20Id'\ncomponents:\n  schemas:\n    Transaction Id:\n      type: object\n      properties:\n        bundle: {{$ref: '#/components/schemas/Ref%20(of%20Bundle)'}}\n    Ref (of Bundle):\n      type: object\n      properties:\n        id: {{type: string}}\n"
    );
    let out = generate(&text);
    warned(
        &out,
        "percent-encoded-ref",
        "/paths/~1t/get/responses/200/content/application~1json/schema/$ref",
        (&text, "$ref: '#/components/schemas/Transaction%20Id'"),
    );
    warned(
        &out,
        "percent-encoded-ref",
        "/components/schemas/Transaction Id/properties/bundle/$ref",
        (&text, "bundle: {$ref"),
    );
    let types = file(&out, "types.rs");
    assert!(types.contains("pub bundle: Option<RefOfBundle>"), "{types}");
    assert!(types.contains("Ok(TransactionId)"), "{types}");
}

#[test]
fn boolean_schemas_are_read_where_a_schema_may_stand() {
    // `true` and `false` in a 3.0 document too; a property whose schema is `false` is never
    // sent, and no longer required.
    let text = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Thing:\n      type: object\n      required: [id, legacy]\n      properties:\n        id: {{type: string}}\n        legacy: false\n        anything: true\n        choice:\n          oneOf:\n            - {{type: string}}\n            - false\n    Open: true\n"
    );
    let out = generate(&text);
    let at = "/components/schemas/Thing/properties";
    warned(
        &out,
        "false-schema",
        &format!("{at}/legacy"),
        (&text, "legacy: false"),
    );
    warned(
        &out,
        "boolean-schema",
        &format!("{at}/anything"),
        (&text, "anything: true"),
    );
    warned(
        &out,
        "false-schema",
        &format!("{at}/choice/oneOf/1"),
        (&text, "- false"),
    );
    warned(
        &out,
        "boolean-schema",
        "/components/schemas/Open",
        (&text, "Open: true"),
    );
    let types = file(&out, "types.rs");
    assert!(!types.contains("legacy"), "{types}");
    assert!(types.contains("pub id: String,"), "{types}");
    assert!(
        types.contains("pub anything: Option<rt::serde_json::Value>"),
        "{types}"
    );
}

#[test]
fn references_of_the_wrong_kind_are_read_as_their_target_or_left_out() {
    let text = format!(
        "{HEAD}paths:\n  /t:\n    post:\n      parameters:\n        - $ref: '#/components/schemas/Id'\n      requestBody:\n        $ref: '#/components/responses/Created'\n      responses:\n        '201':\n          $ref: '#/components/requestBodies/NewThing'\n      callbacks:\n        done:\n          $ref: '#/components/callbacks/Done'\ncomponents:\n  schemas:\n    Id: {{type: string}}\n  responses:\n    Created:\n      description: A thing.\n      content:\n        application/json:\n          schema: {{type: object, properties: {{a: {{type: string}}}}}}\n  requestBodies:\n    NewThing:\n      content:\n        application/json:\n          schema: {{type: object, properties: {{b: {{type: string}}}}}}\n  callbacks:\n    Done:\n      '{{$request.body#/url}}':\n        post:\n          responses:\n            '200': {{description: ok}}\n"
    );
    let out = generate(&text);
    let op = "/paths/~1t/post";
    // A schema cannot be read as a parameter: that piece is left out.
    warned(
        &out,
        "ref-wrong-kind",
        &format!("{op}/parameters/0"),
        (&text, "- $ref: '#/components/schemas/Id'"),
    );
    warned(
        &out,
        "ref-wrong-kind",
        &format!("{op}/requestBody"),
        (&text, "requestBody:"),
    );
    warned(
        &out,
        "ref-wrong-kind",
        &format!("{op}/responses/201"),
        (&text, "'201':"),
    );
    warned(
        &out,
        "ref-wrong-kind",
        &format!("{op}/callbacks/done"),
        (&text, "done:"),
    );
    let types = file(&out, "types.rs");
    assert!(types.contains("pub a: Option<String>"), "{types}");
    assert!(types.contains("pub b: Option<String>"), "{types}");
    assert_eq!(out.operations, 1);
}

#[test]
fn examples_and_defaults_of_the_wrong_type_are_left_out() {
    let text = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Page:\n      type: object\n      properties:\n        cursor:\n          type: string\n          example: 0\n        size:\n          type: integer\n          format: int32\n          default: 3000000000\n        sorted:\n          type: boolean\n          default: 'true'\n        tags:\n          type: array\n          items: {{type: string}}\n          example: a,b\n        limit:\n          type: integer\n          default: 20\n"
    );
    let out = generate(&text);
    let at = "/components/schemas/Page/properties";
    warned(
        &out,
        "value-type-mismatch",
        &format!("{at}/cursor/example"),
        (&text, "example: 0"),
    );
    warned(
        &out,
        "value-type-mismatch",
        &format!("{at}/size/default"),
        (&text, "default: 3000000000"),
    );
    warned(
        &out,
        "value-type-mismatch",
        &format!("{at}/sorted/default"),
        (&text, "default: 'true'"),
    );
    warned(
        &out,
        "value-type-mismatch",
        &format!("{at}/tags/example"),
        (&text, "example: a,b"),
    );
    let types = file(&out, "types.rs");
    assert!(!types.contains("Example: `0`"), "{types}");
    assert!(!types.contains("3000000000"), "{types}");
    // A default that fits is kept.
    assert!(types.contains("Default: `20`"), "{types}");
}

#[test]
fn keywords_of_the_wrong_json_type() {
    let text = format!(
        "{HEAD}security: null\npaths:\n  /t:\n    parameters: null\n    get:\n      parameters: null\n      tags: null\n      responses:\n        '200':\n          description: x\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  id:\n                    type: string\n                    required: true\n                  note:\n                    type: string\n                    required: false\n                  size:\n                    type: integer\n                    maxLength: -1\n"
    );
    let out = generate(&text);
    warned(&out, "null-value", "/security", (&text, "security: null"));
    warned(
        &out,
        "null-value",
        "/paths/~1t/parameters",
        (&text, "    parameters: null"),
    );
    warned(
        &out,
        "null-value",
        "/paths/~1t/get/parameters",
        (&text, "      parameters: null"),
    );
    warned(
        &out,
        "null-value",
        "/paths/~1t/get/tags",
        (&text, "tags: null"),
    );
    let schema = "/paths/~1t/get/responses/200/content/application~1json/schema";
    warned(
        &out,
        "draft3-required",
        &format!("{schema}/properties/id/required"),
        (&text, "required: true"),
    );
    warned(
        &out,
        "draft3-required",
        &format!("{schema}/properties/note/required"),
        (&text, "required: false"),
    );
    warned(
        &out,
        "invalid-size",
        &format!("{schema}/properties/size/maxLength"),
        (&text, "maxLength: -1"),
    );
    let types = file(&out, "types.rs");
    assert!(types.contains("pub id: String,"), "{types}");
    assert!(types.contains("pub note: Option<String>,"), "{types}");
}

#[test]
fn path_keys_with_a_query_string_are_split() {
    let text = format!(
        "{HEAD}paths:\n  /rest?method=flickr.photos.search:\n    get:\n      parameters:\n        - {{name: text, in: query, schema: {{type: string}}}}\n      responses:\n        '200': {{description: x}}\n  /alerts?lat={{lat}}&lon={{lon}}:\n    get: # alerts\n      parameters:\n        - {{name: lat, in: path, required: true, schema: {{type: number}}}}\n      responses:\n        '200': {{description: x}}\n"
    );
    let out = generate(&text);
    warned(
        &out,
        "query-in-path-key",
        "/paths/~1rest?method=flickr.photos.search",
        (&text, "/rest?method=flickr.photos.search:"),
    );
    warned(
        &out,
        "undeclared-path-parameter",
        "/paths/~1alerts?lat={lat}&lon={lon}/get",
        (&text, "get: # alerts"),
    );
    let client = file(&out, "client.rs");
    assert!(
        client.contains("PathPart::Literal(\"/rest\")")
            && client.contains("query.push(\"method\", \"flickr.photos.search\");"),
        "{client}"
    );
    assert!(
        client.contains("query.push(\"lat\", &request.lat);")
            && client.contains("query.push(\"lon\", &request.lon);"),
        "{client}"
    );
    assert!(!client.contains("%3F"), "{client}");
    let server = file(&out, "server.rs");
    assert!(
        server.contains(".fixed_query(&[(\"method\", Some(\"flickr.photos.search\"))])"),
        "{server}"
    );
}

#[test]
fn a_spec_that_loses_every_operation_is_an_error() {
    // Its only path item is a reference that leads nowhere.
    let text = format!("{HEAD}paths:\n  /a:\n    $ref: '#/components/pathItems/Missing'\n");
    let errors = common::generate_text("t.yaml", &text).unwrap_err();
    let d = errors
        .iter()
        .find(|d| {
            d.message
                .contains("declares 1 operations, but none could be generated")
        })
        .unwrap_or_else(|| panic!("{errors:#?}"));
    assert_eq!(
        (d.severity, d.pointer.as_str(), d.line),
        (Severity::Error, "/paths", Some(3))
    );
    assert!(
        errors
            .iter()
            .any(|d| d.pointer == "/paths/~1a" && d.severity == Severity::Warning),
        "the path item left out is a located warning: {errors:#?}"
    );
}

#[test]
fn required_fields_the_model_needs_get_neutral_values() {
    let text = "openapi: 3.0.3\ninfo:\n  title: T\n  version: 1.0\npaths:\n  /a:\n    get:\n      operationId: getA\n  /b:\n    get:\n      operationId: getB\n      responses:\n        '200':\n          content:\n            application/json:\n              schema: {type: string}\n";
    let out = generate(text);
    warned(
        &out,
        "info-not-text",
        "/info/version",
        (text, "version: 1.0"),
    );
    let d = warned(
        &out,
        "no-responses",
        "/paths/~1a/get/responses",
        (text, "    get:"),
    );
    assert!(
        d.help
            .as_deref()
            .unwrap()
            .contains("update: {'200': {description: OK}}")
    );
    warned(
        &out,
        "missing-description",
        "/paths/~1b/get/responses/200",
        (text, "'200':"),
    );
    // The operation without responses still has one to answer with: its default.
    let types = file(&out, "types.rs");
    assert!(types.contains("pub enum GetAResponse {"), "{types}");
    assert!(types.contains("body: rt::UntypedBody"), "{types}");
    let client = file(&out, "client.rs");
    assert!(
        !client.contains("match response.status().as_u16() {\n            _ =>"),
        "{client}"
    );
}

#[test]
fn parts_that_cannot_be_read_are_left_out_with_the_reason() {
    let text = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: getA\n      parameters:\n        - {{name: good, in: query, schema: {{type: string}}}}\n        - {{name: legacy, in: body, schema: {{type: string}}}}\n        - {{in: query, schema: {{type: string}}}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  m: {{type: integer, maximum: x}}\n"
    );
    let out = generate(&text);
    warned(
        &out,
        "unreadable-part",
        "/paths/~1a/get/parameters/1",
        (&text, "name: legacy"),
    );
    warned(
        &out,
        "unreadable-part",
        "/paths/~1a/get/parameters/2",
        (&text, "- {in: query"),
    );
    warned(
        &out,
        "unreadable-part",
        "/paths/~1a/get/responses/200/content/application~1json/schema/properties/m",
        (&text, "m: {type: integer"),
    );
    // A list that is not one is read as empty.
    let text = format!(
        "{HEAD}paths:\n  /b:\n    get:\n      operationId: getB\n      parameters: 5\n      responses:\n        '204': {{description: none}}\n"
    );
    let other = generate(&text);
    warned(
        &other,
        "unreadable-part",
        "/paths/~1b/get/parameters",
        (&text, "parameters: 5"),
    );
    let types = file(&out, "types.rs");
    assert!(types.contains("pub good: Option<String>"), "{types}");
    assert!(!types.contains("legacy"), "{types}");
    assert!(
        types.contains("pub m: Option<rt::serde_json::Value>"),
        "{types}"
    );
}

#[test]
fn null_alternatives_make_a_schema_nullable() {
    // JSON Schema's nullable, as 3.1 documents (and FastAPI's) write it.
    let text = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      required: [tag]\n      properties:\n        owner:\n          anyOf:\n            - $ref: '#/components/schemas/Owner'\n            - type: 'null'\n        tag:\n          oneOf: [{type: string}, {type: 'null'}]\n        nicknames:\n          type: array\n          items:\n            anyOf: [{type: string}, {const: null}]\n        either:\n          anyOf: [{type: string}, {type: integer}, {type: 'null'}]\n    Owner:\n      type: object\n      properties:\n        name: {type: string}\n";
    let out = generate(text);
    assert!(out.warnings.is_empty(), "{:#?}", out.warnings);
    let types = file(&out, "types.rs");
    assert!(
        types.contains("pub owner: Option<Option<Owner>>"),
        "{types}"
    );
    assert!(types.contains("pub tag: Option<String>"), "{types}");
    assert!(
        types.contains("pub nicknames: Option<Vec<Option<String>>>"),
        "{types}"
    );
    assert!(
        types.contains("pub either: Option<Option<PetEither>>"),
        "{types}"
    );
    assert!(!types.contains("serde_json::Value"), "{types}");
}

#[test]
fn vendor_extensions_are_never_read_as_the_generators_own() {
    // The loader keeps what the 3.0 model cannot hold beside the document, not in extension
    // keys: a vendor's keys of any name stay the vendor's.
    let text = "swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: ids, in: query, type: array, items: {type: string}, x-collection-format: tsv}\n        - {name: tabs, in: query, type: array, items: {type: string}, collectionFormat: tsv}\n      responses:\n        '200': {description: OK, schema: {$ref: '#/definitions/Point'}}\ndefinitions:\n  Point:\n    type: object\n    properties:\n      list: {type: array, items: {type: string}, x-prefix-items: [{type: integer}]}\n      pair: {type: array, items: [{type: integer}, {type: string}]}\n      plain: {type: array, items: {type: string}, x-prefix-items: [{type: number}]}\n";
    let out = generate(text);
    let types = file(&out, "types.rs");
    assert!(types.contains("pub list: Option<Vec<String>>"), "{types}");
    assert!(types.contains("pub plain: Option<Vec<String>>"), "{types}");
    assert!(types.contains("pub pair: Option<(i64, String)>"), "{types}");
    let client = file(&out, "client.rs");
    assert!(
        client.contains(r#"query.push_list("ids", value, Style::Form, false)"#),
        "{client}"
    );
    assert!(
        client.contains(r#"query.push_list("tabs", value, Style::TabDelimited, false)"#),
        "{client}"
    );
}

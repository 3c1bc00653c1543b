//! Lowering on its own: small specs written here, and the model summary each must lower to
//! (see `model/summary.rs`). Every name the output uses is decided here, so the collisions
//! are tested here too.

use crate::config::Config;
use crate::diag::Diagnostics;
use crate::load;

/// Lowers `spec` (YAML) and compares the model's summary with `expected` (leading and
/// trailing blank lines and each line's indentation common to all of them ignored).
#[track_caller]
fn check_lower(spec: &str, expected: &str) {
    let input = load::Input {
        text: spec,
        file: "t.yaml",
        disk: None,
    };
    let loaded = match load::load(&input, &[]) {
        Ok(loaded) => loaded,
        Err(errors) => panic!("the spec does not load: {errors:#?}"),
    };
    let mut diags = Diagnostics::new("t.yaml");
    let api = super::lower(
        &loaded.document,
        &loaded.facts,
        &Config::default(),
        &mut diags,
    );
    let got = api.summary();
    let want = dedent(expected);
    assert!(
        got.trim_end() == want.trim_end(),
        "lowered to:\n{got}\nwanted:\n{want}"
    );
}

fn dedent(text: &str) -> String {
    let lines: Vec<&str> = text.trim_matches('\n').lines().collect();
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| l.get(indent..).unwrap_or("").trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n";

#[test]
fn fields_are_required_optional_nullable_or_defaulted() {
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      required: [id, owner]\n      properties:\n        id: {{type: integer, format: int64}}\n        owner: {{type: string, nullable: true}}\n        tag: {{type: string}}\n        note: {{type: string, nullable: true}}\n        size: {{type: integer, format: int32, default: 3}}\n        status: {{$ref: '#/components/schemas/Status'}}\n        kind:\n          allOf: [{{$ref: '#/components/schemas/Status'}}]\n          default: sold\n    Status: {{type: string, enum: [available, sold], default: available}}\n"
    );
    check_lower(
        &spec,
        r#"
        struct Pet
          id: i64, required
          owner: String, required, nullable
          tag: String
          note: String, nullable
          size: i32, default 3 by pet_size
          status: Status
          kind: Status, default Status::Sold by pet_kind
        enum Status: Available="available" | Sold="sold" | Other(..), default Available
        "#,
    );
}

#[test]
fn default_functions_never_share_a_name() {
    // `FooBar.baz` and `Foo.bar_baz` would both be `foo_bar_baz`.
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    FooBar: {{type: object, properties: {{baz: {{type: boolean, default: true}}}}}}\n    Foo: {{type: object, properties: {{bar_baz: {{type: boolean, default: false}}}}}}\n"
    );
    check_lower(
        &spec,
        r#"
        struct FooBar
          baz: bool, default true by foo_bar_baz, read into baz_
        struct Foo
          bar_baz: bool, default false by foo_bar_baz_2
        "#,
    );
}

#[test]
fn the_extra_properties_field_and_the_readers_locals_take_free_names() {
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Bag:\n      type: object\n      properties:\n        additional_properties: {{type: string}}\n        entries: {{type: string}}\n        key: {{type: string}}\n        '1': {{type: string}}\n      additionalProperties: {{type: integer}}\n"
    );
    check_lower(
        &spec,
        r#"
        struct Bag
          additional_properties_2: String ("additional_properties")
          entries: String
          key: String
          _1: String ("1"), read into value_1
          additional_properties: Map<i64> (the rest)
          reads with entries_ and key_
        "#,
    );
}

#[test]
fn all_of_merges_and_a_discriminator_tags_a_union() {
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Named: {{type: object, required: [name], properties: {{name: {{type: string}}}}}}\n    Cat:\n      allOf:\n        - $ref: '#/components/schemas/Named'\n        - {{type: object, properties: {{lives: {{type: integer, format: int32}}}}}}\n    Dog: {{type: object, properties: {{barks: {{type: boolean}}}}}}\n    Animal:\n      oneOf: [{{$ref: '#/components/schemas/Cat'}}, {{$ref: '#/components/schemas/Dog'}}]\n      discriminator:\n        propertyName: kind\n        mapping: {{cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog'}}\n"
    );
    check_lower(
        &spec,
        r#"
        struct Named
          name: String, required
        struct Cat
          name: String, required
          lives: i32
        struct Dog
          barks: bool
        union Animal by "kind": "cat" => Cat(Cat) | "dog" => Dog(Dog)
        "#,
    );
}

#[test]
fn tuples_are_read_beside_the_document() {
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Point:\n      type: object\n      properties:\n        at: {{type: array, items: [{{type: number}}, {{type: number}}]}}\n        list: {{type: array, items: {{type: string}}, x-prefix-items: [{{type: integer}}]}}\n"
    );
    check_lower(
        &spec,
        r#"
        struct Point
          at: (f64, f64)
          list: Vec<String>
        "#,
    );
}

#[test]
fn operations_name_their_functions_and_content_types() {
    let spec = format!(
        "{HEAD}paths:\n  /files/{{id}}:\n    get:\n      operationId: getFile\n      parameters:\n        - {{name: id, in: path, required: true, schema: {{type: string}}}}\n        - {{name: tags, in: query, schema: {{type: array, items: {{type: string}}}}, style: pipeDelimited}}\n        - {{name: limit, in: query, schema: {{type: integer, format: int32, default: 10}}}}\n      responses:\n        '200':\n          description: The file.\n          content: {{application/octet-stream: {{schema: {{type: string, format: binary}}}}}}\n        '404':\n          description: JSON of any media type.\n          content: {{'*/*': {{schema: {{type: object, properties: {{code: {{type: integer}}}}}}}}}}\n    put:\n      operationId: serve_get_file\n      requestBody:\n        content:\n          image/*: {{schema: {{type: string, format: binary}}}}\n          application/json: {{schema: {{type: object, properties: {{ok: {{type: boolean}}}}}}}}\n      responses:\n        '204': {{description: Stored.}}\n"
    );
    check_lower(
        &spec,
        r#"
        struct GetFileNotFoundBody
          code: i64
        struct ServeGetFileJsonBody
          ok: bool
        op get_file: GET /files/{id} -> GetFileRequest / GetFileResponse, served by serve_get_file
          accepts application/octet-stream, application/json
          streams by get_file_stream, built by build_get_file
          Path id: String Simple, required
          Query tags: Vec<String> PipeDelimited
          Query limit: i32 Form, exploded, default 10
          200 Ok: bytes as application/octet-stream
          404 NotFound: json GetFileNotFoundBody as application/json
        op serve_get_file: PUT /files/{id} -> ServeGetFileRequest / ServeGetFileResponse, served by serve_serve_get_file
          Path id: String Simple, required
          body image/*: bytes, sent as application/octet-stream
          body application/json: json ServeGetFileJsonBody, sent as application/json
          204 NoContent: empty
        "#,
    );
}

#[test]
fn swagger_tab_separated_parameters_are_read_beside_the_document() {
    let spec = "swagger: '2.0'\ninfo: {title: T, version: '1'}\nparameters:\n  Shared: {name: shared, in: query, type: array, items: {type: string}, collectionFormat: tsv}\npaths:\n  /a:\n    parameters:\n      - {name: level, in: query, type: array, items: {type: string}, collectionFormat: tsv}\n    get:\n      operationId: list\n      parameters:\n        - $ref: '#/parameters/Shared'\n        - {name: own, in: query, type: array, items: {type: string}, collectionFormat: tsv}\n        - {name: vendor, in: query, type: array, items: {type: string}, x-collection-format: tsv}\n      responses:\n        '204': {description: none}\n";
    check_lower(
        spec,
        r#"
        op list: GET /a -> ListRequest / ListResponse, served by serve_list
          Query shared: Vec<String> TabDelimited
          Query own: Vec<String> TabDelimited
          Query vendor: Vec<String> Form
          Query level: Vec<String> TabDelimited
          204 NoContent: empty
        "#,
    );
}

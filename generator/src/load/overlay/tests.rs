//! Each kind of action, their order, and the located warnings and errors.

use serde_json::{Value, json};

use super::{Applied, Overlay, jsonpath_of};
use crate::diag::{Diagnostic, Severity};

const HEAD: &str = "overlay: 1.0.0\ninfo:\n  title: t\n  version: '1'\nactions:\n";

fn overlay(actions: &str) -> Overlay {
    match Overlay::parse(&format!("{HEAD}{actions}"), "o.yaml") {
        Ok(o) => o,
        Err(e) => panic!("overlay rejected: {e:#?}"),
    }
}

fn errors(actions: &str) -> Vec<Diagnostic> {
    match Overlay::parse(&format!("{HEAD}{actions}"), "o.yaml") {
        Ok(o) => panic!("overlay accepted: {o:#?}"),
        Err(e) => e,
    }
}

fn apply(actions: &str, mut doc: Value) -> (Value, Applied) {
    let mut applied = Applied::default();
    overlay(actions).apply(&mut doc, &mut applied);
    (doc, applied)
}

fn pets() -> Value {
    json!({
        "paths": {
            "/pets": {
                "get": {
                    "parameters": [
                        {"name": "a", "in": "query"},
                        {"name": "b", "in": "query"},
                        {"name": "c", "in": "query"}
                    ],
                    "responses": {"200": {"description": "OK"}}
                }
            }
        },
        "tags": ["x"]
    })
}

#[test]
fn update_merges_objects_deeply_and_replaces_the_rest() {
    let (doc, applied) = apply(
        "- target: $.paths['/pets'].get\n  update:\n    summary: List\n    responses:\n      '200':\n        schema: {type: array}\n      '404': {description: none}\n",
        pets(),
    );
    let get = &doc["paths"]["/pets"]["get"];
    assert_eq!(get["summary"], "List");
    assert_eq!(
        get["responses"]["200"],
        json!({"description": "OK", "schema": {"type": "array"}})
    );
    assert_eq!(get["responses"]["404"], json!({"description": "none"}));
    // Keys keep their place; new ones come last.
    let keys: Vec<&String> = get
        .as_object()
        .map(|m| m.keys().collect())
        .unwrap_or_default();
    assert_eq!(keys, ["parameters", "responses", "summary"]);
    assert_eq!(applied.touched.len(), 1);
    assert_eq!(applied.touched[0].pointer, "/paths/~1pets/get");
    assert_eq!(applied.touched[0].action, "o.yaml:6 (action 1)");
    assert!(applied.warnings.is_empty());
}

#[test]
fn update_appends_to_arrays_and_replaces_scalars() {
    let (doc, _) = apply(
        "- target: $.tags\n  update: [y, z]\n- target: $.tags\n  update: w\n- target: $.paths.*.get.parameters[?@.name == 'b'].in\n  update: header\n",
        pets(),
    );
    assert_eq!(doc["tags"], json!(["x", "y", "z", "w"]));
    assert_eq!(
        doc["paths"]["/pets"]["get"]["parameters"][1]["in"],
        "header"
    );
}

#[test]
fn remove_deletes_every_selected_node() {
    let (doc, applied) = apply(
        "- target: $.paths['/pets'].get.parameters[?@.name != 'b']\n  remove: true\n- target: $.paths['/pets'].get.responses\n  remove: true\n",
        pets(),
    );
    let get = &doc["paths"]["/pets"]["get"];
    assert_eq!(get["parameters"], json!([{"name": "b", "in": "query"}]));
    assert!(get.get("responses").is_none());
    assert_eq!(applied.touched.len(), 3);
}

#[test]
fn actions_apply_in_order() {
    // The second action sees the first one's parameter; the third removes what the second
    // changed.
    let (doc, _) = apply(
        "- target: $.paths['/pets'].get.parameters\n  update: {name: d, in: query}\n- target: $..parameters[?@.name == 'd']\n  update: {required: true}\n- target: $..parameters[?@.required == true]\n  remove: true\n",
        pets(),
    );
    assert_eq!(
        doc["paths"]["/pets"]["get"]["parameters"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );
    let (doc, _) = apply(
        "- target: $..parameters[?@.required == true]\n  remove: true\n- target: $.paths['/pets'].get.parameters\n  update: {name: d, in: query, required: true}\n",
        pets(),
    );
    assert_eq!(doc["paths"]["/pets"]["get"]["parameters"][3]["name"], "d");
}

#[test]
fn a_target_that_matches_nothing_is_a_located_warning() {
    let (doc, applied) = apply(
        "- target: $.paths['/pets'].post\n  update: {summary: x}\n- target: $.tags\n  update: y\n",
        pets(),
    );
    assert_eq!(doc["tags"], json!(["x", "y"]));
    let [w] = applied.warnings.as_slice() else {
        panic!("want one warning: {:#?}", applied.warnings)
    };
    assert_eq!(w.severity, Severity::Warning);
    assert_eq!(w.file, "o.yaml");
    assert_eq!(w.line, Some(6));
    assert_eq!(w.pointer, "/actions/0/target");
    assert_eq!(w.code, "overlay-selects-nothing", "{w}");
}

#[test]
fn an_invalid_jsonpath_is_a_located_error() {
    let e = errors("- target: $.tags\n  update: y\n- target: $.paths[?@.x ==]\n  remove: true\n");
    let [d] = e.as_slice() else {
        panic!("want one error: {e:#?}")
    };
    assert_eq!(d.severity, Severity::Error);
    assert_eq!((d.line, d.pointer.as_str()), (Some(8), "/actions/1/target"));
    assert_eq!(d.code, "invalid-overlay", "{d}");
}

#[test]
fn unknown_keys_versions_and_shapes_are_located_errors() {
    let e = errors("- target: $.tags\n  updte: y\n");
    assert_eq!(
        (e[0].line, e[0].pointer.as_str()),
        (Some(7), "/actions/0/updte")
    );
    let e = match Overlay::parse(
        "overlay: 2.0.0\ninfo: {title: t, version: '1'}\nactions:\n- target: $\n  remove: true\n",
        "o.yaml",
    ) {
        Ok(o) => panic!("accepted {o:#?}"),
        Err(e) => e,
    };
    assert_eq!(e[0].code, "invalid-overlay", "{}", e[0]);
    assert_eq!(e[0].pointer, "/overlay", "{}", e[0]);
    assert_eq!(e[0].line, Some(1));
    let e = errors("- target: tags\n  remove: yes please\n");
    assert_eq!(e.len(), 2, "{e:#?}");
    let e = match Overlay::parse("openapi: 3.0.0\n", "o.yaml") {
        Ok(o) => panic!("accepted {o:#?}"),
        Err(e) => e,
    };
    assert!(e.iter().all(|d| d.code == "invalid-overlay"), "{e:#?}");
}

#[test]
fn applying_is_deterministic() {
    let actions =
        "- target: $..parameters[*]\n  update: {schema: {type: string}, x-b: 1, x-a: 2}\n";
    let (a, _) = apply(actions, pets());
    let (b, _) = apply(actions, pets());
    assert_eq!(a.to_string(), b.to_string());
}

#[test]
fn pointers_become_jsonpaths() {
    assert_eq!(
        jsonpath_of("/paths/~1a~1{id}/post/responses/200"),
        "$.paths['/a/{id}'].post.responses['200']"
    );
    assert_eq!(
        jsonpath_of("/paths/~1a/get/parameters/0"),
        "$.paths['/a'].get.parameters[0]"
    );
    assert_eq!(jsonpath_of("/definitions/it's"), "$.definitions['it\\'s']");
    assert_eq!(jsonpath_of(""), "$");
}

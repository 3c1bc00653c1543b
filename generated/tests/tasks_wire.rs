//! How the generated structs read and write JSON: required fields, the first missing one
//! named, keys given twice, `null` where the schema does not allow it (absent for a client,
//! refused when read strictly, as the server reads), and absent optional fields left out.
#![cfg(feature = "tasks")]

use generated::tasks::types::{NewTask, Status, Task};
use openapi_rs_runtime::object::strictly;
use serde_json::json;

const ID: &str = "6f1c3a4e-2b7d-4c1e-9a5f-0d8e7b6c5a41";

#[test]
fn required_fields_are_read_and_the_first_missing_one_is_named() {
    let task: Task = serde_json::from_value(json!({
        "id": ID, "title": "x", "status": "todo", "created": "2026-12-02T10:00:00Z"
    }))
    .unwrap();
    assert_eq!(task.title, "x");
    assert_eq!(task.status, Status::Todo);
    assert_eq!(task.notes, None);

    let missing = serde_json::from_value::<Task>(json!({"title": "x", "status": "todo"}));
    assert!(
        missing
            .unwrap_err()
            .to_string()
            .contains("missing field `id`")
    );
    let missing = serde_json::from_value::<Task>(json!({"id": ID, "title": "x"}));
    assert!(
        missing
            .unwrap_err()
            .to_string()
            .contains("missing field `status`")
    );
}

#[test]
fn a_key_given_twice_is_an_error() {
    let twice = serde_json::from_str::<NewTask>(r#"{"title": "x", "title": "y"}"#);
    assert!(
        twice
            .unwrap_err()
            .to_string()
            .contains("duplicate field `title`")
    );
}

#[test]
fn null_is_absent_for_a_client_and_refused_when_read_strictly() {
    let text = r#"{"title": "x", "due": null, "notes": null}"#;
    let lenient: NewTask = serde_json::from_str(text).unwrap();
    assert_eq!(lenient.due, None);
    // `notes` is nullable and optional: null is kept apart from absent.
    assert_eq!(lenient.notes, Some(None));
    let strict = strictly(|| serde_json::from_str::<NewTask>(text));
    assert!(
        strict
            .unwrap_err()
            .to_string()
            .contains("`due` may be left out but not be null")
    );
}

#[test]
fn absent_optional_fields_are_left_out_when_written() {
    let task = NewTask {
        title: "x".to_owned(),
        notes: None,
        status: None,
        priority: Some(2),
        estimate: None,
        tags: None,
        due: None,
    };
    assert_eq!(
        serde_json::to_value(&task).unwrap(),
        json!({"title": "x", "priority": 2})
    );
}

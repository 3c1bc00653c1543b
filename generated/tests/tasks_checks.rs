//! The tasks server refuses what `specs/tasks.yaml` does not allow, before the implementation
//! runs, with one problem response naming every input at fault.
#![cfg(all(feature = "client", feature = "server", feature = "tasks"))]

#[path = "../examples/shared/tasks_memory.rs"]
mod memory;

use serde_json::{Value, json};

async fn serve() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = generated::tasks::server::router(memory::InMemory::default());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

async fn post(base: &str, key: Option<&str>, body: &str) -> (u16, Value) {
    let mut request = reqwest::Client::new()
        .post(format!("{base}/tasks"))
        .header("content-type", "application/json")
        .body(body.to_owned());
    if let Some(key) = key {
        request = request.header("x-api-key", key);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let body = response.bytes().await.unwrap();
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

fn faults(problem: &Value) -> Vec<(String, String)> {
    problem["invalid-params"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap().to_owned(),
                p["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodies_that_break_the_schema_are_refused_naming_each_fault() {
    let base = serve().await;
    let key = Some(memory::API_KEY);
    let (status, problem) = post(
        &base,
        key,
        r#"{"title": "", "status": "late", "priority": 9, "estimate": 0, "tags": ["ok", "NOT ok", "ok"]}"#,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        faults(&problem),
        [
            (
                "/title".into(),
                "must be at least 1 characters long, is 0".into()
            ),
            (
                "/status".into(),
                r#"must be one of "todo", "doing", "done""#.into()
            ),
            ("/priority".into(), "must be at most 5, is 9".into()),
            ("/estimate".into(), "must be above 0, is 0".into()),
            ("/tags".into(), "must not hold the same item twice".into()),
            (
                "/tags/1".into(),
                "must match the pattern `^[a-z0-9-]+$`".into()
            ),
        ]
    );
    // `additionalProperties: false`, and `null` where the schema does not allow it.
    let (status, problem) = post(&base, key, r#"{"title": "x", "bogus": 1}"#).await;
    assert_eq!(status, 400);
    assert!(faults(&problem)[0].1.contains("unknown property `bogus`"));
    let (status, problem) = post(&base, key, r#"{"title": "x", "due": null}"#).await;
    assert_eq!(status, 400);
    assert!(
        faults(&problem)[0]
            .1
            .contains("`due` may be left out but not be null")
    );
    // `notes` is nullable: null is fine there. Nothing refused was stored.
    let (status, task) = post(&base, key, r#"{"title": "x", "notes": null}"#).await;
    assert_eq!(status, 201, "{task}");
    let listed: Value = reqwest::Client::new()
        .get(format!("{base}/tasks"))
        .header("x-api-key", memory::API_KEY)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .map(|b| serde_json::from_slice(&b).unwrap())
        .unwrap();
    assert_eq!(listed["tasks"].as_array().unwrap().len(), 1);
    assert_eq!(listed["tasks"][0]["notes"], Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parameters_and_credentials_are_checked() {
    let base = serve().await;
    let http = reqwest::Client::new();
    // No credentials: 401 from the router, before anything else is read.
    let response = http
        .get(format!("{base}/tasks?limit=0"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    // Credentials of a kind the operation accepts, but wrong: the implementation's 401.
    let (status, _) = post(&base, Some("not-the-key"), r#"{"title": "x"}"#).await;
    assert_eq!(status, 401);
    // Each accepted scheme on its own: header, bearer, cookie, query.
    for (header, value, query) in [
        ("x-api-key", memory::API_KEY.to_owned(), ""),
        ("authorization", format!("Bearer {}", memory::TOKEN), ""),
        ("cookie", format!("session={}", memory::SESSION), ""),
        ("x-other", String::new(), "&api_key=key-1"),
    ] {
        let response = http
            .get(format!("{base}/tasks?limit=5{query}"))
            .header(header, value)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{header}");
    }
    let response = http
        .get(format!(
            "{base}/tasks?limit=0&tag=A&tag=b&tag=c&tag=d&tag=e&tag=f"
        ))
        .header("x-api-key", memory::API_KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let problem: Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
    assert_eq!(problem["invalid-params"][0]["in"], json!("query"));
    assert_eq!(
        faults(&problem),
        [
            ("tag".into(), "must have at most 5 items, has 6".into()),
            (
                "tag/0".into(),
                "must match the pattern `^[a-z0-9-]+$`".into()
            ),
            ("limit".into(), "must be at least 1, is 0".into()),
        ]
    );
    // Basic credentials for `GET /stats`.
    let stats = http
        .get(format!("{base}/stats"))
        .basic_auth(memory::ADMIN.0, Some(memory::ADMIN.1))
        .send()
        .await
        .unwrap();
    assert_eq!(stats.status(), 200);
    let refused = http.get(format!("{base}/stats")).send().await.unwrap();
    assert_eq!(refused.status(), 401);
    assert_eq!(refused.headers()["www-authenticate"], "Basic realm=\"api\"");
}

#[test]
fn enums_parse_from_text_and_keep_values_the_spec_does_not_list() {
    use generated::tasks::types::Status;
    assert_eq!("done".parse::<Status>(), Ok(Status::Done));
    assert_eq!(Status::from("doing"), Status::Doing);
    assert_eq!(
        "archived".parse::<Status>(),
        Ok(Status::Other("archived".to_owned()))
    );
    assert_eq!(Status::from("archived").to_string(), "archived");
}

#[test]
fn requests_that_need_no_input_are_default_and_body_only_ones_are_their_body() {
    use generated::tasks::types::{CreateTaskRequest, GetHealthRequest, ListTasksRequest, NewTask};
    // The spec's default `limit` is filled in; the rest is absent.
    let list = ListTasksRequest::default();
    assert_eq!((list.limit, list.status, list.tag), (20, None, None));
    assert_eq!(GetHealthRequest::default(), GetHealthRequest {});
    let new = NewTask {
        title: "Write the docs".to_owned(),
        notes: None,
        status: None,
        priority: None,
        estimate: None,
        tags: None,
        due: None,
    };
    let request = CreateTaskRequest::from(new.clone());
    assert_eq!(request.body, new);
}

/// A client checks a request before sending, as the server would: every input at fault named.
#[test]
fn a_client_checks_a_request_before_sending_it() {
    use generated::tasks::types::ListTasksRequest;
    let fine = ListTasksRequest::new()
        .with_limit(5)
        .with_tag(vec!["home".to_owned()]);
    assert_eq!(fine.check(), Ok(()));
    let tags: Vec<String> = ["UPPER", "a", "b", "c", "d", "e"].map(String::from).into();
    let wrong = ListTasksRequest::new().with_limit(500).with_tag(tags);
    let invalid = wrong.check().unwrap_err();
    let named: Vec<&str> = invalid.params().iter().map(|p| p.name.as_str()).collect();
    assert_eq!(named, ["tag", "tag/0", "limit"], "{invalid}");
    // It joins the client's error chain as a request refused before sending.
    let error = generated::tasks::client::Error::from(invalid);
    assert!(
        matches!(
            error.kind(),
            openapi_rs_runtime::client::ErrorKind::InvalidRequest(_)
        ),
        "{error}"
    );
}

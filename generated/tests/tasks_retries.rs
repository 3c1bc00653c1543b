//! The client's retries against a local server that fails a given number of times: idempotent
//! calls sent again, `Retry-After` honoured (seconds and HTTP dates), attempts and waits
//! bounded, and a `POST` sent again only with an idempotency key, the same for every attempt.
#![cfg(all(feature = "client", feature = "tasks"))]

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use generated::tasks::client::{Client, RetryPolicy};
use generated::tasks::types::{
    CreateTaskRequest, CreateTaskResponse, GetHealthRequest, GetHealthResponse, NewTask,
};

/// How the stand-in server fails: this many times, with this status and `Retry-After`.
struct Script {
    failures: usize,
    status: StatusCode,
    retry_after: Vec<String>,
}

/// What the server saw: when each request came, and its headers, in order.
type Seen = Arc<Mutex<Vec<(SystemTime, HeaderMap)>>>;

async fn serve(script: Script) -> (String, Seen) {
    let seen = Seen::default();
    let script = Arc::new(script);
    let answer = {
        let seen = Arc::clone(&seen);
        move |headers: HeaderMap, body: &'static str, ok: StatusCode| {
            let mut seen = seen.lock().unwrap();
            seen.push((SystemTime::now(), headers));
            let attempt = seen.len();
            if attempt <= script.failures {
                let mut response = (script.status, "try again later").into_response();
                if let Some(after) = script.retry_after.get(attempt - 1) {
                    response
                        .headers_mut()
                        .insert("retry-after", after.parse().unwrap());
                }
                return response;
            }
            (ok, [("content-type", "application/json")], body).into_response()
        }
    };
    let health = answer.clone();
    let app = axum::Router::new()
        .route(
            "/health",
            axum::routing::get(move |headers: HeaderMap| {
                let response = health(headers, r#"{"status": "ok"}"#, StatusCode::OK);
                async move { response }
            }),
        )
        .route(
            "/tasks",
            axum::routing::post(move |headers: HeaderMap| {
                let task = r#"{"id": "6f1c3a4e-2b7d-4c1e-9a5f-0d8e7b6c5a41", "title": "x",
                    "status": "todo", "created": "2026-12-02T10:00:00Z"}"#;
                let response = answer(headers, task, StatusCode::CREATED);
                async move { response }
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, seen)
}

/// An HTTP date `seconds` from now, as a server writes it in `Retry-After`, and the moment it
/// names (whole seconds).
fn http_date_in(seconds: u64) -> (String, SystemTime) {
    let at = SystemTime::now() + Duration::from_secs(seconds);
    let text = chrono::DateTime::<chrono::Utc>::from(at)
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string();
    let named = chrono::DateTime::parse_from_rfc2822(&text).unwrap();
    (text, named.into())
}

#[tokio::test]
async fn an_idempotent_call_is_sent_again_after_the_wait_the_server_asks_for() {
    let (date, named) = http_date_in(3);
    let (base, seen) = serve(Script {
        failures: 2,
        status: StatusCode::SERVICE_UNAVAILABLE,
        retry_after: vec!["1".to_owned(), date],
    })
    .await;
    let reply = Client::new(&base)
        .unwrap()
        .get_health(GetHealthRequest::default())
        .await
        .unwrap();
    assert!(matches!(*reply, GetHealthResponse::Ok(_)), "{reply:?}");
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 3);
    // A second after the first answer said `Retry-After: 1`, and not before the date the
    // second named.
    let waited = seen[1].0.duration_since(seen[0].0).unwrap();
    assert!(waited >= Duration::from_secs(1), "{waited:?}");
    assert!(seen[2].0 >= named, "{:?} before {named:?}", seen[2].0);
}

#[tokio::test]
async fn a_call_that_keeps_failing_ends_after_its_attempts_with_the_last_response() {
    let (base, seen) = serve(Script {
        failures: usize::MAX,
        status: StatusCode::BAD_GATEWAY,
        retry_after: Vec::new(),
    })
    .await;
    let client = Client::new(&base).unwrap();
    let error = client
        .get_health(GetHealthRequest::default())
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::BAD_GATEWAY));
    assert_eq!(seen.lock().unwrap().len(), 3);

    // Set for one call on a clone: sent once.
    let error = client
        .clone()
        .with_retry(RetryPolicy::never())
        .get_health(GetHealthRequest::default())
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::BAD_GATEWAY));
    assert_eq!(seen.lock().unwrap().len(), 4);

    let error = client
        .with_retry(RetryPolicy::default().max_attempts(5))
        .get_health(GetHealthRequest::default())
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::BAD_GATEWAY));
    assert_eq!(seen.lock().unwrap().len(), 9);
}

#[tokio::test]
async fn a_wait_past_the_time_limit_ends_the_call_at_once() {
    let (base, seen) = serve(Script {
        failures: 1,
        status: StatusCode::TOO_MANY_REQUESTS,
        retry_after: vec!["3600".to_owned()],
    })
    .await;
    let client = Client::new(&base).unwrap();
    let call = client.get_health(GetHealthRequest::default());
    // Far less than the hour asked for: the client did not wait.
    let error = tokio::time::timeout(Duration::from_secs(30), call)
        .await
        .expect("the client waited for the Retry-After")
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(seen.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn a_post_is_sent_again_only_with_an_idempotency_key() {
    let failing_once = || Script {
        failures: 1,
        status: StatusCode::SERVICE_UNAVAILABLE,
        retry_after: vec!["0".to_owned()],
    };
    let request = || {
        CreateTaskRequest::new(NewTask {
            title: "x".to_owned(),
            notes: None,
            status: None,
            priority: None,
            estimate: None,
            tags: None,
            due: None,
        })
    };

    let (base, seen) = serve(failing_once()).await;
    let error = Client::new(&base)
        .unwrap()
        .create_task(request())
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(seen.lock().unwrap().len(), 1);

    let (base, seen) = serve(failing_once()).await;
    let policy = RetryPolicy::default()
        .idempotency_key("Idempotency-Key")
        .unwrap();
    let reply = Client::new(&base)
        .unwrap()
        .with_retry(policy)
        .create_task(request())
        .await
        .unwrap();
    assert!(
        matches!(*reply, CreateTaskResponse::Created(_)),
        "{reply:?}"
    );
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 2);
    let keys: Vec<_> = seen
        .iter()
        .map(|(_, h)| h["idempotency-key"].clone())
        .collect();
    assert_eq!(keys[0], keys[1]);
    assert!(uuid::Uuid::parse_str(keys[0].to_str().unwrap()).is_ok());
    // The body is sent whole with each attempt.
    assert_eq!(seen[0].1["content-length"], seen[1].1["content-length"]);
}

//! What a generated client sends unasked: a `User-Agent` naming the crate that calls it, and
//! credentials in headers marked sensitive.
#![cfg(all(feature = "client", feature = "tasks"))]

use std::sync::{Arc, Mutex};

use axum::http::HeaderMap;
use generated::tasks::client::Client;
use generated::tasks::types::{GetHealthRequest, GetHealthResponse};

/// A stand-in server that answers `/health` and keeps the headers it was sent.
async fn serve(seen: Arc<Mutex<Option<HeaderMap>>>) -> String {
    let app = axum::Router::new().route(
        "/health",
        axum::routing::get(move |headers: HeaderMap| {
            *seen.lock().unwrap() = Some(headers);
            async {
                (
                    [("content-type", "application/json")],
                    r#"{"status": "ok"}"#,
                )
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

#[tokio::test]
async fn the_client_names_its_caller_in_user_agent() {
    let seen = Arc::new(Mutex::new(None));
    let base = serve(Arc::clone(&seen)).await;
    let client = Client::new(&base).unwrap();
    let response = client
        .get_health(GetHealthRequest::default())
        .await
        .unwrap();
    assert!(
        matches!(*response, GetHealthResponse::Ok(_)),
        "{response:?}"
    );
    let headers = seen.lock().unwrap().take().unwrap();
    // The crate the generated code is compiled in: here, the generated crate itself.
    let expected = concat!("openapi-rs-generated/", env!("CARGO_PKG_VERSION"));
    assert_eq!(headers["user-agent"], expected);
    // What the operation's responses are documented in.
    assert_eq!(headers["accept"], "application/json");

    let client = Client::new(&base)
        .unwrap()
        .with_user_agent("my-app/2.0")
        .unwrap();
    client
        .get_health(GetHealthRequest::default())
        .await
        .unwrap();
    let headers = seen.lock().unwrap().take().unwrap();
    assert_eq!(headers["user-agent"], "my-app/2.0");
    assert!(
        Client::new(&base)
            .unwrap()
            .with_user_agent("bad\nagent")
            .is_err()
    );
}

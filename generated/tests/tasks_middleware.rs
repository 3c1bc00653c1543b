//! The client sends through a `reqwest-middleware` stack when built with
//! `Transport::with_middleware` (feature `middleware`): every call passes the middleware, which
//! finds the call's operation in the request's extensions, and credentials set on the client
//! still go with it.
#![cfg(all(feature = "middleware", feature = "server", feature = "tasks"))]

#[path = "../examples/shared/tasks_memory.rs"]
mod memory;

use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;

use generated::tasks::client::Client;
use generated::tasks::types::*;
use openapi_rs_runtime::client::{Operation, Transport};

/// The operations whose requests passed, as the middleware saw them.
static SEEN: Mutex<Vec<String>> = Mutex::new(Vec::new());

type Sent<'a> =
    Pin<Box<dyn Future<Output = reqwest_middleware::Result<reqwest::Response>> + Send + 'a>>;

/// Notes each request's operation, then sends it on.
fn counting<'a>(
    request: reqwest::Request,
    extensions: &'a mut http::Extensions,
    next: reqwest_middleware::Next<'a>,
) -> Sent<'a> {
    let operation = extensions.get::<Operation>().map(ToString::to_string);
    SEEN.lock()
        .unwrap()
        .push(operation.unwrap_or_else(|| "none".to_owned()));
    Box::pin(next.run(request, extensions))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_pass_the_middleware_with_their_credentials() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = generated::tasks::server::router(memory::InMemory::default());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let stack = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(counting)
        .build();
    let client = Client::from_transport(Transport::with_middleware(&base, stack).unwrap())
        .with_api_key(memory::API_KEY);
    let created = client
        .create_task(CreateTaskRequest {
            body: NewTask {
                title: "through the middleware".into(),
                notes: None,
                status: None,
                priority: None,
                estimate: None,
                tags: None,
                due: None,
            },
        })
        .await
        .unwrap();
    let CreateTaskResponse::Created(task) = created.into_inner() else {
        panic!("not created")
    };
    let got = client
        .get_task(GetTaskRequest { task_id: task.id })
        .await
        .unwrap();
    assert_eq!(got, GetTaskResponse::Ok(task));
    assert_eq!(
        *SEEN.lock().unwrap(),
        ["createTask (POST /tasks)", "getTask (GET /tasks/{taskId})"]
    );
}

//! A reply's `into_result`: the success's value, or the operation's typed error, in one error
//! chain with the client's own errors; status, every header and the operation stay reachable
//! on both sides.
#![cfg(all(feature = "client", feature = "server", feature = "tasks"))]

#[path = "../examples/shared/tasks_memory.rs"]
mod memory;

use axum::http::HeaderValue;
use generated::tasks::client::{Client, Error, GetTaskError};
use generated::tasks::types::{CreateTaskRequest, GetTaskRequest, GetTaskResponse, NewTask, Task};

/// Serves the tasks example behind a gateway that stamps a header the spec does not declare.
async fn client() -> Client {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = generated::tasks::server::router(memory::InMemory::default()).layer(
        axum::middleware::from_fn(
            |request: axum::extract::Request, next: axum::middleware::Next| async move {
                let mut response = next.run(request).await;
                let stamp = HeaderValue::from_static("req-1");
                response.headers_mut().insert("x-request-id", stamp);
                response
            },
        ),
    );
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Client::new(&base).unwrap().with_api_key("key-1")
}

/// The documented way to fetch a task: one line, one error type.
async fn fetch(client: &Client, id: uuid::Uuid) -> Result<Task, Error> {
    let task = client
        .get_task(GetTaskRequest::new(id))
        .await?
        .into_result()?;
    Ok(task)
}

fn new_task(title: &str) -> NewTask {
    NewTask {
        title: title.to_owned(),
        notes: None,
        status: None,
        priority: None,
        estimate: None,
        tags: None,
        due: None,
    }
}

#[tokio::test]
async fn into_result_gives_the_value_or_the_operations_typed_error() {
    let client = client().await;
    let created = client
        .create_task(CreateTaskRequest::from(new_task("Write the docs")))
        .await
        .unwrap()
        .into_result()
        .unwrap();
    let task = fetch(&client, created.id).await.unwrap();
    assert_eq!(task.title, "Write the docs");

    let missing = uuid::Uuid::nil();
    let error = fetch(&client, missing).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert!(
        error
            .to_string()
            .starts_with("getTask (GET /tasks/{taskId}) answered 404"),
        "{error}"
    );
    assert_eq!(error.operation().map(|o| o.id), Some("getTask"));
    // The typed error comes back out of the chain, with the documented body and every header.
    let typed = error
        .documented::<GetTaskError>()
        .expect("the operation's error");
    assert_eq!(typed.status(), 404);
    assert_eq!(typed.headers()["x-request-id"], "req-1");
    assert_eq!(typed.operation().template, "/tasks/{taskId}");
    let GetTaskResponse::NotFound(problem) = typed.response() else {
        panic!("not the 404: {typed:?}")
    };
    assert_eq!(problem.status, 404);
}

#[tokio::test]
async fn a_reply_keeps_status_headers_and_operation() {
    let client = client().await;
    let reply = client
        .create_task(CreateTaskRequest::from(new_task("Stamped")))
        .await
        .unwrap();
    assert_eq!(reply.status(), 201);
    assert_eq!(reply.headers()["x-request-id"], "req-1");
    assert_eq!(reply.operation().id, "createTask");
    assert_eq!(reply.operation().method, "POST");
    // The reply reads as the response it holds.
    let id = match &*reply {
        generated::tasks::types::CreateTaskResponse::Created(task) => task.id,
        other => panic!("not created: {other:?}"),
    };
    let fetched = client.get_task(GetTaskRequest::new(id)).await.unwrap();
    assert!(matches!(&*fetched, GetTaskResponse::Ok(t) if t.id == id));
}

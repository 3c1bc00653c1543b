//! A response's `into_result`: the success's value, or the operation's typed error, in one
//! error chain with the client's own errors.
#![cfg(all(feature = "client", feature = "server"))]

#[path = "../examples/shared/tasks_memory.rs"]
mod memory;

use generated::tasks::client::{Client, Error};
use generated::tasks::types::{
    CreateTaskRequest, GetTaskError, GetTaskRequest, GetTaskResponse, NewTask, Task,
};

async fn client() -> Client {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = generated::tasks::server::router(memory::InMemory::default());
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

#[tokio::test]
async fn into_result_gives_the_value_or_the_operations_typed_error() {
    let client = client().await;
    let new = NewTask {
        title: "Write the docs".to_owned(),
        notes: None,
        status: None,
        priority: None,
        estimate: None,
        tags: None,
        due: None,
    };
    let created = client
        .create_task(CreateTaskRequest::from(new))
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
    // The typed error comes back out of the chain, with the documented body.
    let Error::Documented { error, .. } = error else {
        panic!("not a documented error: {error:?}")
    };
    let typed = error
        .downcast_ref::<GetTaskError>()
        .expect("the operation's error");
    assert_eq!(typed.status(), 404);
    let GetTaskResponse::NotFound(problem) = typed.response() else {
        panic!("not the 404: {typed:?}")
    };
    assert_eq!(problem.status, 404);
}

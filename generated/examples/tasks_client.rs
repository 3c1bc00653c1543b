//! Calls every operation of the tasks API with the generated client, each way of
//! authenticating included, and fails on any answer but the documented success:
//! `cargo run -p openapi-rs-generated --example tasks_client -- http://127.0.0.1:8081`.
//!
//! `cargo xtask test` runs it against Prism, a mock server written by others that serves
//! `specs/tasks.yaml` and refuses any request that does not fit it; and against the generated
//! server (`--example tasks_server`), which stores what it is sent.

use generated::tasks::client::Client;
use generated::tasks::types::*;

type Failure = Box<dyn std::error::Error>;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Failure> {
    let base_url = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "http://127.0.0.1:8081".to_owned());
    let timeout = std::time::Duration::from_secs(10);
    let anonymous = Client::new(&base_url)?.with_timeout(timeout);
    // The credentials the example server accepts (`shared/tasks_memory.rs`); Prism takes any.
    let by_key = anonymous.clone().with_api_key("key-1");
    let mut calls = 0;

    // `into_result` gives a success's value; any other answer is an error naming the call.
    anonymous
        .get_health(GetHealthRequest::new())
        .await?
        .into_result()?;
    calls += 1;

    let new_task = NewTask {
        title: "Water the plants \"now\"".to_owned(),
        notes: Some(None),
        status: Some(Status::Doing),
        priority: Some(2),
        estimate: Some(0.5),
        tags: Some(vec!["home".to_owned(), "green-1".to_owned()]),
        due: chrono::NaiveDate::from_ymd_opt(2026, 12, 24),
    };
    let task = by_key
        .create_task(CreateTaskRequest::from(new_task.clone()))
        .await?
        .into_result()?;
    calls += 1;

    // Every way `listTasks` accepts credentials, one at a time.
    let ways = [
        ("X-API-Key header", by_key.clone()),
        ("bearer token", anonymous.clone().with_bearer("token-1")),
        (
            "session cookie",
            anonymous.clone().with_session("session-1"),
        ),
        (
            "api_key query parameter",
            anonymous.clone().with_query_key("key-1"),
        ),
    ];
    for (way, client) in ways {
        let listed = ListTasksRequest::new()
            .with_status(Status::Doing)
            .with_tag(vec!["home".to_owned()])
            .with_limit(10)
            .with_x_request_id("req-1");
        client
            .list_tasks(listed)
            .await?
            .into_result()
            .map_err(|e| format!("with a {way}: {e}"))?;
        calls += 1;
    }

    by_key
        .get_task(GetTaskRequest::new(task.id))
        .await?
        .into_result()?;
    let done = NewTask {
        status: Some(Status::Done),
        ..new_task
    };
    anonymous
        .clone()
        .with_bearer("token-1")
        .replace_task(ReplaceTaskRequest::new(task.id, done))
        .await?
        .into_result()?;
    anonymous
        .clone()
        .with_basic("admin", "secret")
        .get_stats(GetStatsRequest::new())
        .await?
        .into_result()?;
    by_key
        .delete_task(DeleteTaskRequest::new(task.id))
        .await?
        .into_result()?;
    calls += 4;

    // Without credentials, an operation that needs them is refused with the documented 401.
    let refused = anonymous
        .get_task(GetTaskRequest::new(task.id))
        .await?
        .into_result();
    match refused {
        Err(error) if error.status() == 401 => {}
        other => return Err(format!("getTask without credentials: {other:?}").into()),
    }
    calls += 1;

    println!("tasks client: {calls} calls, all 7 operations, each answered as documented");
    Ok(())
}

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

    let health = anonymous.get_health(GetHealthRequest {}).await?;
    expect(
        matches!(*health, GetHealthResponse::Ok(_)),
        "getHealth",
        &health,
    )?;
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
    let created = by_key
        .create_task(CreateTaskRequest {
            body: new_task.clone(),
        })
        .await?;
    let CreateTaskResponse::Created(task) = &*created else {
        return fail("createTask", &created);
    };
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
        let listed = client
            .list_tasks(ListTasksRequest {
                status: Some(Status::Doing),
                tag: Some(vec!["home".to_owned()]),
                limit: 10,
                x_request_id: Some("req-1".to_owned()),
            })
            .await?;
        expect(
            matches!(*listed, ListTasksResponse::Ok(_)),
            &format!("listTasks with a {way}"),
            &listed,
        )?;
        calls += 1;
    }

    let got = by_key.get_task(GetTaskRequest { task_id: task.id }).await?;
    expect(matches!(*got, GetTaskResponse::Ok(_)), "getTask", &got)?;
    let replaced = anonymous
        .clone()
        .with_bearer("token-1")
        .replace_task(ReplaceTaskRequest {
            task_id: task.id,
            body: NewTask {
                status: Some(Status::Done),
                ..new_task
            },
        })
        .await?;
    expect(
        matches!(*replaced, ReplaceTaskResponse::Ok(_)),
        "replaceTask",
        &replaced,
    )?;
    let stats = anonymous
        .clone()
        .with_basic("admin", "secret")
        .get_stats(GetStatsRequest {})
        .await?;
    expect(
        matches!(*stats, GetStatsResponse::Ok(_)),
        "getStats",
        &stats,
    )?;
    let deleted = by_key
        .delete_task(DeleteTaskRequest { task_id: task.id })
        .await?;
    expect(
        matches!(*deleted, DeleteTaskResponse::NoContent),
        "deleteTask",
        &deleted,
    )?;
    calls += 4;

    // Without credentials, an operation that needs them is refused with the documented 401.
    let refused = anonymous
        .get_task(GetTaskRequest { task_id: task.id })
        .await?;
    expect(
        matches!(*refused, GetTaskResponse::Unauthorized(_)),
        "getTask without credentials",
        &refused,
    )?;
    calls += 1;

    println!("tasks client: {calls} calls, all 7 operations, each answered as documented");
    Ok(())
}

fn expect(ok: bool, call: &str, got: &dyn std::fmt::Debug) -> Result<(), Failure> {
    if ok { Ok(()) } else { fail(call, got) }
}

fn fail<T>(call: &str, got: &dyn std::fmt::Debug) -> Result<T, Failure> {
    Err(format!("{call}: unexpected answer {got:?}").into())
}

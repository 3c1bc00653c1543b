//! A service built the way axum services are: a partial implementation of the tasks API (one
//! operation; the trait's defaults answer 501 for the rest), merged with the seed API's router
//! and a hand-written route into one `axum::Router`, with a `route_layer` that reads
//! `MatchedPath`, served on 127.0.0.1 and called through the generated clients.
#![cfg(all(
    feature = "client",
    feature = "server",
    feature = "tasks",
    feature = "atlassian_conversation"
))]

#[path = "../examples/shared/atlassian_conversation_memory.rs"]
mod memory;

use std::sync::{Arc, Mutex};

use axum::extract::{MatchedPath, Request};
use axum::middleware::{self, Next};
use generated::atlassian_conversation as seed;
use generated::tasks;
use openapi_rs_runtime::server::{self, RequestContext};
use tasks::types::{GetTaskRequest, GetTaskResponse, Problem, Status, Task};

const KNOWN: uuid::Uuid = uuid::Uuid::from_u128(7);

/// The one task there is; reading it can fail (a parse, standing in for a database).
fn load(id: uuid::Uuid) -> Result<Option<Task>, chrono::ParseError> {
    if id != KNOWN {
        return Ok(None);
    }
    Ok(Some(Task {
        title: "Merge the routers".to_owned(),
        notes: None,
        status: Status::Doing,
        priority: None,
        estimate: None,
        tags: None,
        due: None,
        id,
        created: "2026-12-02T10:00:00Z".parse()?,
    }))
}

fn missing(id: uuid::Uuid) -> Problem {
    Problem {
        type_: "about:blank".to_owned(),
        title: "Not Found".to_owned(),
        status: 404,
        detail: format!("no task {id}"),
        invalid_params: None,
    }
}

/// Notes the `MatchedPath` of every routed request.
#[derive(Clone, Default)]
struct Matched(Arc<Mutex<Vec<String>>>);

impl Matched {
    fn take(&self) -> Vec<String> {
        std::mem::take(&mut self.0.lock().unwrap())
    }
}

// README-BEGIN: the README's server example is the text from here to README-END.
struct OneTask;

impl tasks::server::Api for OneTask {
    type Error = server::Error;

    async fn get_task(
        self: Arc<Self>,
        _: RequestContext,
        request: GetTaskRequest,
    ) -> Result<GetTaskResponse, server::Error> {
        // Any error converts by `?`: answered 500, its text logged and kept from the caller.
        let task = load(request.task_id)?;
        Ok(match task {
            Some(task) => GetTaskResponse::Ok(task),
            None => GetTaskResponse::NotFound(missing(request.task_id)),
        })
    }
    // Every other operation answers 501 Not Implemented until it is written.
}

fn app(matched: Matched) -> axum::Router {
    axum::Router::new()
        .route("/version", axum::routing::get(|| async { "1.0" }))
        .merge(tasks::server::router(OneTask))
        .merge(seed::server::router(memory::InMemory::default()))
        .route_layer(middleware::from_fn(
            move |path: MatchedPath, request: Request, next: Next| {
                // The template (`/tasks/{taskId}`), for metrics and traces.
                matched.0.lock().unwrap().push(path.as_str().to_owned());
                next.run(request)
            },
        ))
        .fallback(server::not_found)
}
// README-END

async fn serve(matched: Matched) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app(matched)).await.unwrap() });
    base
}

#[tokio::test]
async fn one_router_serves_a_partial_api_the_seed_and_a_hand_written_route() {
    let matched = Matched::default();
    let base = serve(matched.clone()).await;

    // The operation implemented, through the generated client.
    let tasks = tasks::client::Client::new(&base)
        .unwrap()
        .with_api_key("any");
    let task = tasks
        .get_task(GetTaskRequest::new(KNOWN))
        .await
        .unwrap()
        .into_result()
        .unwrap();
    assert_eq!(task.title, "Merge the routers");
    assert_eq!(matched.take(), ["/tasks/{taskId}"]);

    // The others answer 501, which the spec does not document: the client keeps it whole.
    let error = tasks
        .list_tasks(tasks::types::ListTasksRequest::new())
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(501));
    assert!(error.to_string().contains("listTasks"), "{error}");
    assert_eq!(matched.take(), ["/tasks"]);

    // The seed's operations, from its own implementation.
    let seed = seed::client::Client::new(&base)
        .unwrap()
        .with_oauth2("tester");
    let recent = seed
        .recent_messages(seed::types::RecentMessagesRequest::new("site-1", "c1"))
        .await
        .unwrap()
        .into_result()
        .unwrap();
    assert!(recent.messages.is_empty());
    assert_eq!(
        matched.take(),
        ["/site/{cloudId}/conversation/{conversationId}/message/recent"]
    );

    // The hand-written route, beside them.
    let version = reqwest::get(format!("{base}/version")).await.unwrap();
    assert_eq!(version.text().await.unwrap(), "1.0");
    assert_eq!(matched.take(), ["/version"]);

    // What no route serves reaches the fallback, which no route layer sees.
    let nowhere = reqwest::get(format!("{base}/nowhere")).await.unwrap();
    assert_eq!(nowhere.status(), 404);
    assert!(matched.take().is_empty());
}

#[test]
fn the_readme_shows_this_server() {
    let source = include_str!("composition.rs");
    let begin = source.find("// README-BEGIN").expect("the marker");
    let start = begin + source[begin..].find('\n').expect("a line") + 1;
    let end = source.find("// README-END").expect("the marker");
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
        .expect("the README");
    let shown = &source[start..end];
    assert!(
        readme.contains(shown),
        "README.md should show the server this test serves:\n{shown}"
    );
}

//! A service built the way axum services are: a partial implementation of the tasks API (one
//! operation; the trait's defaults answer 501 for the rest), merged with the seed API's router
//! and a hand-written route into one `axum::Router`, with a `route_layer` that reads
//! `MatchedPath`, served on 127.0.0.1 and called through the generated clients.
#![cfg(all(feature = "client", feature = "server"))]

#[path = "../examples/shared/atlassian_conversation_memory.rs"]
mod memory;

use std::sync::{Arc, Mutex};

use axum::extract::{MatchedPath, Request};
use axum::middleware::{self, Next};
use generated::atlassian_conversation as seed;
use generated::tasks;
use openapi_rs_runtime::server::{self, RequestContext};

/// Serves `getTask` only, and knows one task.
struct OneTask;

const KNOWN: uuid::Uuid = uuid::Uuid::from_u128(7);

impl tasks::server::Api for OneTask {
    type Error = server::Error;

    async fn get_task(
        &self,
        _: &RequestContext,
        request: tasks::types::GetTaskRequest,
    ) -> Result<tasks::types::GetTaskResponse, server::Error> {
        use tasks::types::{GetTaskResponse, Problem, Status, Task};
        if request.task_id != KNOWN {
            return Ok(GetTaskResponse::NotFound(Problem {
                type_: "about:blank".to_owned(),
                title: "Not Found".to_owned(),
                status: 404,
                detail: format!("no task {}", request.task_id),
                invalid_params: None,
            }));
        }
        Ok(GetTaskResponse::Ok(Task {
            title: "Merge the routers".to_owned(),
            notes: None,
            status: Status::Doing,
            priority: None,
            estimate: None,
            tags: None,
            due: None,
            id: KNOWN,
            created: "2026-12-02T10:00:00Z".parse()?,
        }))
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

async fn serve(matched: Matched) -> String {
    let app = axum::Router::new()
        .route("/version", axum::routing::get(|| async { "1.0" }))
        .merge(tasks::server::router(OneTask))
        .merge(seed::server::router(memory::InMemory::default()))
        .route_layer(middleware::from_fn(
            move |path: MatchedPath, request: Request, next: Next| {
                matched.0.lock().unwrap().push(path.as_str().to_owned());
                async move { next.run(request).await }
            },
        ))
        .fallback(server::not_found);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
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
        .get_task(tasks::types::GetTaskRequest::new(KNOWN))
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

//! The runtime cost of the generated code, measured by `cargo xtask bench` on loopback:
//!
//! - `server/generated` vs `server/hand-written`: the generated tasks router (routing, the
//!   API key check, request validation, problem responses) against a hand-written axum router
//!   doing the same work for the same two routes, both driven by the same plain reqwest load;
//! - `client/generated` vs `client/hand-written`: the generated tasks client against
//!   hand-written reqwest calls, both against the hand-written server.
//!
//! Each scenario runs for `--seconds` with `--concurrency` callers, `--runs` times, interleaved;
//! each run prints one JSON line (`scenario`, `run`, `requests_per_second`, `p99_micros`).
//! `cargo run --release -p openapi-rs-generated --example bench_runtime -- --runs 5`

#[path = "shared/tasks_memory.rs"]
mod memory;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use generated::tasks::client::Client;
use generated::tasks::types::{GetTaskRequest, GetTaskResponse, NewTask, Status, Task};

type Store = Arc<Mutex<(BTreeMap<uuid::Uuid, Task>, u128)>>;

/// The value after `name` on the command line.
fn text_arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    let at = args.iter().position(|a| a == name)?;
    args.get(at + 1).cloned()
}

fn arg(name: &str, default: u64) -> u64 {
    text_arg(name)
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn json(status: StatusCode, value: &impl serde::Serialize) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (status, [(header::CONTENT_TYPE, "application/json")], body).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

fn authorized(headers: &HeaderMap) -> bool {
    headers
        .get("x-api-key")
        .is_some_and(|k| k == memory::API_KEY)
}

async fn get_task(
    State(store): State<Store>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if !authorized(&headers) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let Ok(id) = id.parse::<uuid::Uuid>() else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let found = store
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .0
        .get(&id)
        .cloned();
    match found {
        Some(task) => json(StatusCode::OK, &task),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn create_task(State(store): State<Store>, headers: HeaderMap, body: Bytes) -> Response {
    if !authorized(&headers) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let Ok(task) = serde_json::from_slice::<NewTask>(&body) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    // The checks the spec asks for, written out by hand.
    let title = task.title.chars().count();
    if !(1..=200).contains(&title) || task.priority.is_some_and(|p| !(1..=5).contains(&p)) {
        return StatusCode::BAD_REQUEST.into_response();
    }
    let mut guard = store.lock().unwrap_or_else(|e| e.into_inner());
    guard.1 += 1;
    let id = uuid::Uuid::from_u128(guard.1);
    let stored = Task {
        id,
        title: task.title,
        notes: task.notes,
        status: task.status.unwrap_or_default(),
        priority: task.priority,
        estimate: task.estimate,
        tags: task.tags,
        due: task.due,
        created: std::time::SystemTime::now().into(),
    };
    guard.0.insert(id, stored.clone());
    json(StatusCode::CREATED, &stored)
}

fn hand_written() -> axum::Router {
    let store: Store = Arc::default();
    axum::Router::new()
        .route("/tasks", axum::routing::post(create_task))
        .route("/tasks/{task_id}", axum::routing::get(get_task))
        .with_state(store)
}

async fn serve(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    base
}

fn new_task() -> NewTask {
    NewTask {
        title: "Benchmark".to_owned(),
        notes: None,
        status: Some(Status::Doing),
        priority: Some(2),
        estimate: Some(1.5),
        tags: Some(vec!["bench".to_owned()]),
        due: None,
    }
}

/// Creates one task through `base` and returns its id.
async fn seed(http: &reqwest::Client, base: &str) -> uuid::Uuid {
    let body = serde_json::to_vec(&new_task()).expect("encode");
    let response = http
        .post(format!("{base}/tasks"))
        .header("x-api-key", memory::API_KEY)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("create");
    let bytes = response.bytes().await.expect("read");
    serde_json::from_slice::<Task>(&bytes).expect("a task").id
}

/// Runs `call` from `concurrency` callers for `seconds`; requests per second and p99 latency.
async fn load<F, Fut>(concurrency: u64, seconds: u64, call: F) -> (f64, u128)
where
    F: Fn() -> Fut + Send + Sync + Clone + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let call = call.clone();
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < deadline {
                let t = Instant::now();
                assert!(call().await, "a benchmark call failed");
                latencies.push(t.elapsed().as_micros());
            }
            latencies
        }));
    }
    let mut all = Vec::new();
    for w in workers {
        all.extend(w.await.expect("worker"));
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort_unstable();
    let p99 = all.get(all.len() * 99 / 100).copied().unwrap_or(0);
    (all.len() as f64 / elapsed, p99)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let runs = arg("--runs", 5);
    let seconds = arg("--seconds", 3);
    let concurrency = arg("--concurrency", 16);
    let http = reqwest::Client::new();
    let generated = serve(generated::tasks::server::router(memory::InMemory::default())).await;
    let hand = serve(hand_written()).await;
    let generated_id = seed(&http, &generated).await;
    let hand_id = seed(&http, &hand).await;

    let raw_get = |base: String, id: uuid::Uuid, http: reqwest::Client| {
        move || {
            let url = format!("{base}/tasks/{id}");
            let http = http.clone();
            async move {
                match http
                    .get(url)
                    .header("x-api-key", memory::API_KEY)
                    .send()
                    .await
                {
                    Ok(r) if r.status() == 200 => r
                        .bytes()
                        .await
                        .is_ok_and(|b| serde_json::from_slice::<Task>(&b).is_ok()),
                    _ => false,
                }
            }
        }
    };
    let client = Client::new(&hand)
        .expect("client")
        .with_api_key(memory::API_KEY);
    let typed_get = move || {
        let client = client.clone();
        async move {
            let reply = client.get_task(GetTaskRequest::new(hand_id)).await;
            matches!(reply.as_deref(), Ok(GetTaskResponse::Ok(_)))
        }
    };
    // `--only server/generated` (say) runs one scenario, for a profiler.
    let only = text_arg("--only");
    const SCENARIOS: [&str; 4] = [
        "server/generated",
        "server/hand-written",
        "client/generated",
        "client/hand-written",
    ];
    for run in 0..runs {
        for scenario in SCENARIOS {
            if only.as_deref().is_some_and(|o| o != scenario) {
                continue;
            }
            let (rps, p99) = match scenario {
                "server/generated" => {
                    let call = raw_get(generated.clone(), generated_id, http.clone());
                    load(concurrency, seconds, call).await
                }
                "client/generated" => load(concurrency, seconds, typed_get.clone()).await,
                // Both hand-written scenarios are plain reqwest against the hand-written server.
                _ => {
                    load(
                        concurrency,
                        seconds,
                        raw_get(hand.clone(), hand_id, http.clone()),
                    )
                    .await
                }
            };
            println!(
                "{}",
                serde_json::json!({
                    "scenario": scenario,
                    "run": run,
                    "requests_per_second": rps,
                    "p99_micros": p99,
                })
            );
        }
    }
}

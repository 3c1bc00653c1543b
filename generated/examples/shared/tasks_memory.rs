//! An in-memory implementation of the tasks API's server trait, served by the
//! `tasks_server` example (which schemathesis checks).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use generated::tasks::security;
use generated::tasks::server::Api;
use generated::tasks::types::*;
use openapi_rs_runtime::auth::Credential;
use openapi_rs_runtime::http::StatusCode;
use openapi_rs_runtime::server::{self, Principal, RequestContext};

/// The administrator's credentials for `GET /stats` (HTTP basic).
pub const ADMIN: (&str, &str) = ("admin", "secret");
/// The one API key (in the `X-API-Key` header or the `api_key` query parameter), bearer token
/// and session cookie this example accepts; anything else is answered 401.
pub const API_KEY: &str = "key-1";
pub const TOKEN: &str = "token-1";
pub const SESSION: &str = "session-1";

/// Who sent a request, as `authenticate` decided from its credentials.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Caller {
    /// Came with the API key, the bearer token or the session cookie.
    Member,
    /// Came with the administrator's user name and password.
    Admin,
}

/// The caller the request's credentials name, if they are right. The router has already
/// refused requests that carry none; checking their values is the implementation's job.
fn caller(context: &RequestContext) -> Option<Caller> {
    let credentials = context.credentials();
    let is = |scheme: &str, expected: &str| match credentials.get(scheme) {
        Some(Credential::ApiKey(value) | Credential::Bearer(value)) => value == expected,
        _ => false,
    };
    let admin = matches!(
        credentials.get(security::BASIC.name),
        Some(Credential::Basic { username, password })
            if (username.as_str(), password.as_str()) == ADMIN
    );
    let member = is(security::API_KEY.name, API_KEY)
        || is(security::QUERY_KEY.name, API_KEY)
        || is(security::BEARER.name, TOKEN)
        || is(security::SESSION.name, SESSION);
    if admin {
        Some(Caller::Admin)
    } else if member {
        Some(Caller::Member)
    } else {
        None
    }
}

/// Tasks by id, with a counter that makes each new id distinct.
#[derive(Default)]
pub struct InMemory {
    tasks: Mutex<(BTreeMap<uuid::Uuid, Task>, u128)>,
}

impl InMemory {
    fn lock(&self) -> std::sync::MutexGuard<'_, (BTreeMap<uuid::Uuid, Task>, u128)> {
        self.tasks.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn stored(id: uuid::Uuid, task: NewTask, created: chrono::DateTime<chrono::Utc>) -> Task {
    Task {
        title: task.title,
        notes: task.notes,
        status: task.status.unwrap_or_default(),
        priority: task.priority,
        estimate: task.estimate,
        tags: task.tags,
        due: task.due,
        id,
        created,
    }
}

fn problem(status: i32, title: &str, detail: String) -> Problem {
    Problem {
        type_: "about:blank".to_owned(),
        title: title.to_owned(),
        status,
        detail,
        invalid_params: None,
    }
}

fn not_found(id: uuid::Uuid) -> Problem {
    problem(404, "Not Found", format!("no task has the id {id}"))
}

impl Api for InMemory {
    type Error = server::Error;

    async fn authenticate(&self, context: &RequestContext) -> Result<Principal, server::Error> {
        match caller(context) {
            Some(caller) => Ok(Principal::new(caller)),
            None => {
                Err(server::Problem::new(StatusCode::UNAUTHORIZED, "unknown credentials").into())
            }
        }
    }

    async fn get_health(
        self: Arc<Self>,
        _: RequestContext,
        _: GetHealthRequest,
    ) -> Result<GetHealthResponse, server::Error> {
        Ok(GetHealthResponse::Ok(Health {
            status: HealthStatus::Ok,
        }))
    }

    async fn list_tasks(
        self: Arc<Self>,
        _: RequestContext,
        request: ListTasksRequest,
    ) -> Result<ListTasksResponse, server::Error> {
        let tags = request.tag.unwrap_or_default();
        let tasks = self
            .lock()
            .0
            .values()
            .rev()
            .filter(|t| request.status.as_ref().is_none_or(|s| *s == t.status))
            .filter(|t| {
                tags.iter()
                    .all(|tag| t.tags.as_ref().is_some_and(|ts| ts.contains(tag)))
            })
            .take(usize::try_from(request.limit)?)
            .cloned()
            .collect();
        Ok(ListTasksResponse::Ok(TaskList { tasks }))
    }

    async fn create_task(
        self: Arc<Self>,
        _: RequestContext,
        request: CreateTaskRequest,
    ) -> Result<CreateTaskResponse, server::Error> {
        let mut guard = self.lock();
        guard.1 += 1;
        let id = uuid::Uuid::from_u128(guard.1);
        let task = stored(id, request.body, std::time::SystemTime::now().into());
        guard.0.insert(id, task.clone());
        Ok(CreateTaskResponse::Created(task))
    }

    async fn get_task(
        self: Arc<Self>,
        _: RequestContext,
        request: GetTaskRequest,
    ) -> Result<GetTaskResponse, server::Error> {
        Ok(match self.lock().0.get(&request.task_id) {
            Some(task) => GetTaskResponse::Ok(task.clone()),
            None => GetTaskResponse::NotFound(not_found(request.task_id)),
        })
    }

    async fn replace_task(
        self: Arc<Self>,
        _: RequestContext,
        request: ReplaceTaskRequest,
    ) -> Result<ReplaceTaskResponse, server::Error> {
        let mut guard = self.lock();
        let Some(old) = guard.0.get(&request.task_id) else {
            return Ok(ReplaceTaskResponse::NotFound(not_found(request.task_id)));
        };
        let task = stored(request.task_id, request.body, old.created);
        guard.0.insert(request.task_id, task.clone());
        Ok(ReplaceTaskResponse::Ok(task))
    }

    async fn delete_task(
        self: Arc<Self>,
        _: RequestContext,
        request: DeleteTaskRequest,
    ) -> Result<DeleteTaskResponse, server::Error> {
        Ok(match self.lock().0.remove(&request.task_id) {
            Some(_) => DeleteTaskResponse::NoContent,
            None => DeleteTaskResponse::NotFound(not_found(request.task_id)),
        })
    }

    async fn get_stats(
        self: Arc<Self>,
        context: RequestContext,
        _: GetStatsRequest,
    ) -> Result<GetStatsResponse, server::Error> {
        if context.principal() != Some(&Caller::Admin) {
            return Ok(GetStatsResponse::Unauthorized(problem(
                401,
                "Unauthorized",
                "wrong user name or password".to_owned(),
            )));
        }
        let guard = self.lock();
        let count = |s: Status| guard.0.values().filter(|t| t.status == s).count() as i64;
        Ok(GetStatsResponse::Ok(Stats {
            todo: count(Status::Todo),
            doing: count(Status::Doing),
            done: count(Status::Done),
        }))
    }
}

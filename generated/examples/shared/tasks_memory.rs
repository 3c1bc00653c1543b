//! An in-memory implementation of the tasks API's server trait, served by the
//! `tasks_server` example (which schemathesis checks).

use std::collections::BTreeMap;
use std::sync::Mutex;

use generated::tasks::security;
use generated::tasks::server::Api;
use generated::tasks::types::*;
use openapi_rs_runtime::auth::Credential;
use openapi_rs_runtime::server::RequestContext;

/// The administrator's credentials for `GET /stats` (HTTP basic).
pub const ADMIN: (&str, &str) = ("admin", "secret");
/// The one API key (in the `X-API-Key` header or the `api_key` query parameter), bearer token
/// and session cookie this example accepts; anything else is answered 401.
pub const API_KEY: &str = "key-1";
pub const TOKEN: &str = "token-1";
pub const SESSION: &str = "session-1";

/// Whether the request carries one of the credentials above. The router has already refused
/// requests that carry none; checking their values is the implementation's job.
fn signed_in(context: &RequestContext) -> bool {
    let credentials = context.credentials();
    let is = |scheme: &str, expected: &str| match credentials.get(scheme) {
        Some(Credential::ApiKey(value) | Credential::Bearer(value)) => value == expected,
        _ => false,
    };
    is(security::API_KEY.name, API_KEY)
        || is(security::QUERY_KEY.name, API_KEY)
        || is(security::BEARER.name, TOKEN)
        || is(security::SESSION.name, SESSION)
}

fn unauthorized() -> Problem {
    problem(401, "Unauthorized", "unknown credentials".to_owned())
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
    async fn get_health(&self, _: &RequestContext, _: GetHealthRequest) -> GetHealthResponse {
        GetHealthResponse::Ok(Health {
            status: HealthStatus::Ok,
        })
    }

    async fn list_tasks(
        &self,
        context: &RequestContext,
        request: ListTasksRequest,
    ) -> ListTasksResponse {
        if !signed_in(context) {
            return ListTasksResponse::Unauthorized(unauthorized());
        }
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
            .take(usize::try_from(request.limit).unwrap_or(0))
            .cloned()
            .collect();
        ListTasksResponse::Ok(TaskList { tasks })
    }

    async fn create_task(
        &self,
        context: &RequestContext,
        request: CreateTaskRequest,
    ) -> CreateTaskResponse {
        if !signed_in(context) {
            return CreateTaskResponse::Unauthorized(unauthorized());
        }
        let mut guard = self.lock();
        guard.1 += 1;
        let id = uuid::Uuid::from_u128(guard.1);
        let task = stored(id, request.body, std::time::SystemTime::now().into());
        guard.0.insert(id, task.clone());
        CreateTaskResponse::Created(task)
    }

    async fn get_task(&self, context: &RequestContext, request: GetTaskRequest) -> GetTaskResponse {
        if !signed_in(context) {
            return GetTaskResponse::Unauthorized(unauthorized());
        }
        match self.lock().0.get(&request.task_id) {
            Some(task) => GetTaskResponse::Ok(task.clone()),
            None => GetTaskResponse::NotFound(not_found(request.task_id)),
        }
    }

    async fn replace_task(
        &self,
        context: &RequestContext,
        request: ReplaceTaskRequest,
    ) -> ReplaceTaskResponse {
        if !signed_in(context) {
            return ReplaceTaskResponse::Unauthorized(unauthorized());
        }
        let mut guard = self.lock();
        let Some(old) = guard.0.get(&request.task_id) else {
            return ReplaceTaskResponse::NotFound(not_found(request.task_id));
        };
        let task = stored(request.task_id, request.body, old.created);
        guard.0.insert(request.task_id, task.clone());
        ReplaceTaskResponse::Ok(task)
    }

    async fn delete_task(
        &self,
        context: &RequestContext,
        request: DeleteTaskRequest,
    ) -> DeleteTaskResponse {
        if !signed_in(context) {
            return DeleteTaskResponse::Unauthorized(unauthorized());
        }
        match self.lock().0.remove(&request.task_id) {
            Some(_) => DeleteTaskResponse::NoContent,
            None => DeleteTaskResponse::NotFound(not_found(request.task_id)),
        }
    }

    async fn get_stats(&self, context: &RequestContext, _: GetStatsRequest) -> GetStatsResponse {
        // The router checked that credentials came; whether they are right is ours to say.
        let admin = matches!(
            context.credentials().get(security::BASIC.name),
            Some(Credential::Basic { username, password })
                if (username.as_str(), password.as_str()) == ADMIN
        );
        if !admin {
            return GetStatsResponse::Unauthorized(problem(
                401,
                "Unauthorized",
                "wrong user name or password".to_owned(),
            ));
        }
        let guard = self.lock();
        let count = |s: Status| guard.0.values().filter(|t| t.status == s).count() as i64;
        GetStatsResponse::Ok(Stats {
            todo: count(Status::Todo),
            doing: count(Status::Doing),
            done: count(Status::Done),
        })
    }
}

//! A consumer's test drives its implementation through the generated client without a
//! socket: the client sends to the generated router in process, so the server's real checks
//! run, and the operations the test leaves out answer 501.
#![cfg(all(feature = "client", feature = "server", feature = "tasks"))]

use std::sync::Arc;

use generated::tasks::client::{Client, Transport};
use generated::tasks::server::{Api, router};
use generated::tasks::types::{
    GetHealthRequest, GetHealthResponse, Health, HealthStatus, ListTasksRequest, ListTasksResponse,
    TaskList,
};
use openapi_rs_runtime::server::{self, RequestContext};

/// Implements the two operations the test needs.
struct Stub;

impl Api for Stub {
    type Error = server::Error;

    async fn get_health(
        self: Arc<Self>,
        context: RequestContext,
        _: GetHealthRequest,
    ) -> Result<GetHealthResponse, server::Error> {
        // The call's operation travels with the request, as middleware sees it.
        let operation = context
            .extensions()
            .get::<openapi_rs_runtime::client::Operation>()
            .map(|o| o.id);
        assert_eq!(operation, Some("getHealth"));
        Ok(GetHealthResponse::Ok(Health {
            status: HealthStatus::Ok,
        }))
    }

    async fn list_tasks(
        self: Arc<Self>,
        _: RequestContext,
        _: ListTasksRequest,
    ) -> Result<ListTasksResponse, server::Error> {
        Ok(ListTasksResponse::Ok(TaskList { tasks: Vec::new() }))
    }
}

#[tokio::test]
async fn the_client_drives_a_router_in_process() {
    let client = Client::from_transport(Transport::from_service(router(Stub))).with_api_key("k");
    let health = client
        .get_health(GetHealthRequest::new())
        .await
        .unwrap()
        .into_result()
        .unwrap();
    assert_eq!(health.status, HealthStatus::Ok);
    let listed = client
        .list_tasks(ListTasksRequest::new().with_limit(5))
        .await
        .unwrap()
        .into_result()
        .unwrap();
    assert!(listed.tasks.is_empty());

    // The router's checks run: a limit the spec does not allow is refused before `Stub`.
    let refused = client
        .list_tasks(ListTasksRequest::new().with_limit(500))
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
    assert!(matches!(*refused, ListTasksResponse::BadRequest(_)));

    // What `Stub` leaves out answers 501, an undocumented status the client keeps whole.
    let error = client
        .delete_task(generated::tasks::types::DeleteTaskRequest::new(
            uuid::Uuid::nil(),
        ))
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(501));
}

/// Who `Gate` found a request came from.
#[derive(Debug, PartialEq)]
struct User(&'static str);

/// Decides who calls in its authentication hook, and answers `getTask` by name.
struct Gate;

impl Api for Gate {
    type Error = server::Error;

    async fn authenticate(
        &self,
        context: &RequestContext,
    ) -> Result<openapi_rs_runtime::server::Principal, server::Error> {
        use openapi_rs_runtime::auth::Credential;
        use openapi_rs_runtime::http::StatusCode;
        use openapi_rs_runtime::server::{Principal, Problem};
        let key = match context
            .credentials()
            .get(generated::tasks::security::API_KEY.name)
        {
            Some(Credential::ApiKey(key)) => key.as_str(),
            _ => "",
        };
        match key {
            "good" => Ok(Principal::new(User("ada"))),
            "banned" => Err(Problem::new(StatusCode::FORBIDDEN, "this key is banned").into()),
            _ => Err(Problem::new(StatusCode::UNAUTHORIZED, "unknown key").into()),
        }
    }

    async fn get_task(
        self: Arc<Self>,
        context: RequestContext,
        request: generated::tasks::types::GetTaskRequest,
    ) -> Result<generated::tasks::types::GetTaskResponse, server::Error> {
        use generated::tasks::types::{GetTaskResponse, Problem};
        let user = context.principal::<User>().map_or("nobody", |u| u.0);
        Ok(GetTaskResponse::NotFound(Problem {
            type_: "about:blank".to_owned(),
            title: "Not Found".to_owned(),
            status: 404,
            detail: format!("{user} has no task {}", request.task_id),
            invalid_params: None,
        }))
    }
}

#[tokio::test]
async fn the_authentication_hook_decides_who_calls_before_the_method_runs() {
    use generated::tasks::types::{GetTaskRequest, GetTaskResponse};
    let client =
        |key: &str| Client::from_transport(Transport::from_service(router(Gate))).with_api_key(key);
    let id = uuid::Uuid::nil();
    let found = client("good")
        .get_task(GetTaskRequest::new(id))
        .await
        .unwrap();
    let GetTaskResponse::NotFound(problem) = &*found else {
        panic!("{found:?}")
    };
    assert!(problem.detail.starts_with("ada has no task"), "{problem:?}");

    // A rejection answers instead of the method: 401 with the operation's challenge, or 403.
    let unknown = client("nope")
        .get_task(GetTaskRequest::new(id))
        .await
        .unwrap();
    assert_eq!(unknown.status(), 401);
    assert_eq!(unknown.headers()["www-authenticate"], "Bearer");
    let banned = client("banned")
        .get_task(GetTaskRequest::new(id))
        .await
        .unwrap_err();
    assert_eq!(banned.status().map(|s| s.as_u16()), Some(403));

    // An operation without security never reaches the hook.
    let health = client("nope").get_health(GetHealthRequest::new()).await;
    assert_eq!(health.unwrap_err().status().map(|s| s.as_u16()), Some(501));
}

//! A consumer's test drives its implementation through the generated client without a
//! socket: the client sends to the generated router in process, so the server's real checks
//! run, and the operations the test leaves out answer 501.
#![cfg(all(feature = "client", feature = "server"))]

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
        &self,
        context: &RequestContext,
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
        &self,
        _: &RequestContext,
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
